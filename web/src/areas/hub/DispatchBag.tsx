import { Alert, Button, Card, Empty, Flex, Form, Input, List, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CardHeading } from './CardHeading';
import { ApiError, fieldErrors } from '../../api/problem';
import { StatusTag } from '../../app/StatusTag';
import { dispatchBag, splitWaybills, type DispatchResult } from './hubApi';

interface Blocked {
  waybillNo: string;
  reason: string;
}

/** Why the API would not let a parcel leave, in the screener's language (the API's words when unknown). */
function useBlockedReason() {
  const { t } = useTranslation('hub');
  return (message: string): string => {
    if (message.includes('at this site')) return t('dispatch.reasons.notHere');
    if (message.startsWith('is held')) return t('dispatch.reasons.held');
    if (message.startsWith('was already dispatched')) return t('dispatch.reasons.dispatched');
    if (message.startsWith('is listed twice')) return t('dispatch.reasons.twice');
    const state = /\(it is ([a-z-]+)\)/.exec(message)?.[1];
    if (state !== undefined)
      return t('dispatch.reasons.notScreened', { state: t(`states.${state}`, { defaultValue: state }) });
    return message;
  };
}

/**
 * A bag or cage leaves whole or not at all: its seal number and its waybills (scanned one by one, Enter after
 * each, or pasted as a list). When any parcel may not leave, nothing is dispatched and every one is named.
 */
export function DispatchBag() {
  const { t } = useTranslation('hub');
  const [form] = Form.useForm<{ containerNo: string }>();
  const queryClient = useQueryClient();
  const reasonOf = useBlockedReason();
  const [typed, setTyped] = useState('');
  const [waybills, setWaybills] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<Blocked[]>([]);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [dispatched, setDispatched] = useState<DispatchResult | null>(null);
  const dispatch = useMutation({ mutationFn: dispatchBag });

  function add(numbers: string[]) {
    if (numbers.length === 0) return;
    setDispatched(null);
    const next = [...waybills];
    let repeated = 0;
    for (const number of numbers) {
      if (next.includes(number)) repeated += 1;
      else next.push(number);
    }
    setWaybills(next);
    setNotice(repeated > 0 ? t('dispatch.repeated', { count: repeated }) : null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add(splitWaybills(typed));
    setTyped('');
  }

  function onPaste(event: ClipboardEvent<HTMLInputElement>) {
    const numbers = splitWaybills(event.clipboardData.getData('text'));
    if (numbers.length < 2) return;
    event.preventDefault();
    add(numbers);
  }

  function remove(waybillNo: string) {
    setWaybills(waybills.filter((candidate) => candidate !== waybillNo));
    setBlocked(blocked.filter((candidate) => candidate.waybillNo !== waybillNo));
  }

  async function submit(values: { containerNo: string }) {
    setBlocked([]);
    setUnplaced([]);
    setDispatched(null);
    const pending = [...waybills, ...splitWaybills(typed).filter((number) => !waybills.includes(number))];
    if (pending.length === 0) {
      setUnplaced([t('dispatch.emptyBag')]);
      return;
    }
    setWaybills(pending);
    setTyped('');
    try {
      const result = await dispatch.mutateAsync({
        containerNo: values.containerNo.trim(),
        waybillNos: pending,
      });
      setDispatched(result);
      setWaybills([]);
      setNotice(null);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['parcel'] });
    } catch (caught) {
      if (!(caught instanceof ApiError)) {
        setUnplaced([t('common:errors.network')]);
        return;
      }
      const named: Blocked[] = [];
      for (const error of caught.problem.errors ?? []) {
        const index = /^\/body\/waybillNos\/(\d+)$/.exec(error.path)?.[1];
        const waybillNo = index === undefined ? undefined : pending[Number(index)];
        if (waybillNo !== undefined) named.push({ waybillNo, reason: reasonOf(error.message) });
      }
      const { fields, unplaced: others } = fieldErrors({
        ...caught.problem,
        errors: (caught.problem.errors ?? []).filter((error) => !error.path.startsWith('/body/waybillNos')),
      });
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      setBlocked(named);
      if (named.length === 0 && fields.length === 0)
        setUnplaced([t(`problems.${caught.code}`, { defaultValue: caught.message }), ...others]);
      else if (others.length > 0) setUnplaced(others);
    }
  }

  const blockedNumbers = new Set(blocked.map((entry) => entry.waybillNo));
  return (
    <Card title={<CardHeading>{t('dispatch.title')}</CardHeading>} style={{ marginBottom: 16 }}>
      <Form<{ containerNo: string }>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => void submit(values)}
      >
        <Flex gap={16} wrap>
          <Form.Item
            label={t('dispatch.containerNo')}
            name="containerNo"
            style={{ flex: '1 1 200px', minWidth: 0 }}
            rules={[{ required: true, whitespace: true, message: t('dispatch.containerRequired') }]}
          >
            <Input autoComplete="off" maxLength={60} />
          </Form.Item>
          <Form.Item
            label={t('dispatch.addWaybill')}
            htmlFor="dispatch-waybill"
            extra={t('dispatch.addHelp')}
            style={{ flex: '2 1 280px', minWidth: 0 }}
          >
            <Input
              id="dispatch-waybill"
              autoComplete="off"
              spellCheck={false}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              onKeyDown={onKeyDown}
              onPaste={onPaste}
            />
          </Form.Item>
        </Flex>
        {notice === null ? null : <Alert type="info" showIcon title={notice} style={{ marginBottom: 12 }} />}
        <List
          size="small"
          bordered
          header={<Typography.Text strong>{t('dispatch.inBag', { count: waybills.length })}</Typography.Text>}
          dataSource={waybills}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.empty')} />,
          }}
          style={{ marginBottom: 16, maxHeight: 320, overflow: 'auto' }}
          renderItem={(waybillNo) => (
            <List.Item
              actions={[
                <Button
                  key="remove"
                  size="small"
                  type="link"
                  aria-label={t('dispatch.removeFor', { waybillNo })}
                  onClick={() => remove(waybillNo)}
                >
                  {t('dispatch.remove')}
                </Button>,
              ]}
            >
              <Flex gap={8} align="center" wrap>
                <span>{waybillNo}</span>
                {blockedNumbers.has(waybillNo) ? (
                  <StatusTag tone="bad">{t('dispatch.blockedTag')}</StatusTag>
                ) : null}
              </Flex>
            </List.Item>
          )}
        />
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={dispatch.isPending}>
            {t('dispatch.submit', { count: waybills.length })}
          </Button>
          <Button
            onClick={() => {
              setWaybills([]);
              setBlocked([]);
              setNotice(null);
              setUnplaced([]);
            }}
            disabled={waybills.length === 0}
          >
            {t('dispatch.clearBag')}
          </Button>
        </Flex>
      </Form>
      {blocked.length === 0 ? null : (
        <Alert
          role="alert"
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          title={t('dispatch.blocked', { count: blocked.length, total: waybills.length })}
          description={
            <ul aria-label={t('dispatch.blockedList')} style={{ margin: 0, paddingInlineStart: 20 }}>
              {blocked.map((entry) => (
                <li key={entry.waybillNo}>
                  <Typography.Text strong>{entry.waybillNo}</Typography.Text>
                  {t('dispatch.reasonSeparator')}
                  {entry.reason}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {unplaced.length === 0 ? null : (
        <Alert
          role="alert"
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          title={unplaced[0]}
          description={unplaced.length > 1 ? unplaced.slice(1).join('; ') : undefined}
        />
      )}
      {dispatched === null ? null : (
        <Alert
          role="status"
          type="success"
          showIcon
          style={{ marginTop: 16 }}
          title={t('dispatch.done', {
            containerNo: dispatched.containerNo ?? '',
            count: dispatched.waybillNos.length,
          })}
        />
      )}
    </Card>
  );
}
