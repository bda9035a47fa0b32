// The verification checklist: five items, each answered yes or no with a note, the latest answer counting. The
// call-back names the agency directory entry whose number was called (never a number from the request itself);
// a number not yet in the directory is added from here.
import { useMutation } from '@tanstack/react-query';
import { Button, Card, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { StatusTag } from '../../app/StatusTag';
import { ProblemAlert, showProblem } from '../admin/shared';
import { AddDirectoryEntryDialog, useDirectory } from './DirectoryManager';
import { CHECKABLE, type CheckItem, type LawfulRequest } from './types';

interface CheckValues {
  passed?: 'yes' | 'no';
  note?: string;
  directoryEntryId?: string;
}

export function Checklist({
  request,
  onChanged,
}: {
  request: LawfulRequest;
  onChanged: (request: LawfulRequest) => void;
}) {
  const open = CHECKABLE.includes(request.status) && !request.foreignAgency;
  return (
    <Flex vertical gap={8}>
      {request.checklist.map((entry) => (
        <ChecklistItem
          key={entry.item}
          request={request}
          item={entry.item}
          passed={entry.passed}
          answerable={open}
          onChanged={onChanged}
        />
      ))}
    </Flex>
  );
}

function ChecklistItem({
  request,
  item,
  passed,
  answerable,
  onChanged,
}: {
  request: LawfulRequest;
  item: CheckItem;
  passed: boolean | null;
  answerable: boolean;
  onChanged: (request: LawfulRequest) => void;
}) {
  const { t } = useTranslation('requests');
  const headingId = useId();
  const [form] = Form.useForm<CheckValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);
  const callBack = item === 'agency-called-back';
  const directory = useDirectory();
  const answer = Form.useWatch('passed', form);
  const record = useMutation({
    mutationFn: (values: CheckValues) =>
      unwrap(
        api.POST('/api/v1/lawful-requests/{id}/checks', {
          params: { path: { id: request.id } },
          body: {
            item,
            passed: values.passed === 'yes',
            ...(values.note?.trim() ? { note: values.note.trim() } : {}),
            ...(callBack && values.directoryEntryId !== undefined
              ? { directoryEntryId: values.directoryEntryId }
              : {}),
          },
        }),
      ),
    onSuccess: (changed) => {
      form.resetFields();
      onChanged(changed);
    },
    onError: (error) => setProblems(showProblem(form, error, ['passed', 'note', 'directoryEntryId'])),
  });
  const label = t(`checks.${item}`);
  const entries = (directory.data ?? []).filter((entry) => entry.agencyKind === request.agencyKind);
  return (
    <Card size="small" role="group" aria-labelledby={headingId}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text strong id={headingId}>
          {label}
        </Typography.Text>
        {passed === null ? (
          <StatusTag tone="neutral">{t('checkAnswers.none')}</StatusTag>
        ) : (
          <StatusTag tone={passed ? 'ok' : 'bad'}>
            {t(passed ? 'checkAnswers.yes' : 'checkAnswers.no')}
          </StatusTag>
        )}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: answerable ? 8 : 0 }}>
        {t(`checkHelp.${item}`)}
      </Typography.Paragraph>
      {answerable && (
        <>
          <ProblemAlert messages={problems} />
          <Form<CheckValues>
            name={`check-${item}`}
            form={form}
            layout="vertical"
            onFinish={(values) => {
              setProblems([]);
              record.mutate(values);
            }}
          >
            <Flex gap={16} wrap align="flex-start">
              <Form.Item
                name="passed"
                label={t('checkAnswer', { item: label })}
                rules={[{ required: true, message: t('checkAnswerRequired') }]}
                style={{ marginBottom: 8 }}
              >
                <Radio.Group
                  aria-label={t('checkAnswer', { item: label })}
                  options={[
                    { value: 'yes', label: t('checkAnswers.yes') },
                    { value: 'no', label: t('checkAnswers.no') },
                  ]}
                />
              </Form.Item>
              {callBack && (
                <Form.Item
                  name="directoryEntryId"
                  label={t('checkDirectoryEntry')}
                  style={{ marginBottom: 8, minWidth: 280 }}
                  rules={[
                    {
                      required: answer === 'yes',
                      message: t('checkDirectoryEntryRequired'),
                    },
                  ]}
                >
                  <Select
                    allowClear
                    placeholder={t('checkDirectoryEntryPlaceholder')}
                    loading={directory.isPending}
                    options={entries.map((entry) => ({
                      value: entry.id,
                      label: `${entry.organ} · ${entry.phone}`,
                    }))}
                  />
                </Form.Item>
              )}
              <Form.Item
                name="note"
                label={t('checkNote', { item: label })}
                style={{ marginBottom: 8, flex: 1, minWidth: 220 }}
              >
                <Input autoComplete="off" maxLength={500} />
              </Form.Item>
            </Flex>
            <Flex gap={8}>
              <Button
                htmlType="submit"
                loading={record.isPending}
                aria-label={t('checkRecord', { item: label })}
              >
                {t('record')}
              </Button>
              {callBack && <Button onClick={() => setAdding(true)}>{t('directory.add')}</Button>}
            </Flex>
          </Form>
          {callBack && (
            <AddDirectoryEntryDialog
              open={adding}
              agencyKind={request.agencyKind}
              onClose={() => setAdding(false)}
              onAdded={(entry) => form.setFieldValue('directoryEntryId', entry.id)}
            />
          )}
        </>
      )}
    </Card>
  );
}
