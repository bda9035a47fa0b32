import { Alert, Button, Card, Empty, Flex, Form, Input, Radio, Table, type InputRef } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CardHeading } from './CardHeading';
import { ApiError, fieldErrors } from '../../api/problem';
import { chinaDateTime } from '../../app/format';
import { StatusTag, type Tone } from '../../app/StatusTag';
import { recordScan, type Machine, type ScanAnswer } from './hubApi';

interface Values {
  waybillNo: string;
  result: 'clear' | 'suspect';
}

interface Recorded {
  key: string;
  at: number;
  waybillNo: string;
  result: 'clear' | 'suspect';
  outcome: string;
  replayed: boolean;
}

const OUTCOME_TONES: Record<string, Tone> = {
  screened: 'ok',
  'open-inspection': 'warn',
  rescan: 'neutral',
  'held-suspect': 'bad',
  'held-unmarked': 'bad',
  'unknown-parcel': 'bad',
  'refused-parcel': 'bad',
};
const ALERT_TYPES: Record<Tone, 'success' | 'warning' | 'info' | 'error'> = {
  ok: 'success',
  warn: 'warning',
  neutral: 'info',
  info: 'info',
  bad: 'error',
};

/**
 * One scan at the belt: a barcode scanner types the waybill number and Enter; the result is clear unless the
 * screener marks it suspect. The answer says what to do with the parcel; the field is ready for the next one.
 */
export function ScanEntry({ machine, onRecorded }: { machine: Machine | null; onRecorded: () => void }) {
  const { t } = useTranslation('hub');
  const [form] = Form.useForm<Values>();
  const waybillInput = useRef<InputRef>(null);
  const queryClient = useQueryClient();
  const [last, setLast] = useState<ScanAnswer | null>(null);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [recent, setRecent] = useState<Recorded[]>([]);
  const scan = useMutation({ mutationFn: recordScan });

  useEffect(() => {
    if (machine !== null) waybillInput.current?.focus();
  }, [machine]);

  async function submit(values: Values) {
    if (machine === null) return;
    setUnplaced([]);
    setLast(null);
    const waybillNo = values.waybillNo.trim().toUpperCase();
    try {
      const answer = await scan.mutateAsync({
        waybillNo,
        machineCode: machine.machineCode,
        result: values.result,
      });
      setLast(answer);
      setRecent((previous) =>
        [
          {
            key: answer.eventId,
            at: Date.now(),
            waybillNo: answer.waybillNo,
            result: values.result,
            outcome: answer.outcome ?? 'rescan',
            replayed: answer.replayed === true,
          },
          ...previous,
        ].slice(0, 10),
      );
      form.setFieldsValue({ waybillNo: '', result: 'clear' });
      onRecorded();
      void queryClient.invalidateQueries({ queryKey: ['parcel'] });
    } catch (caught) {
      if (!(caught instanceof ApiError)) {
        setUnplaced([t('common:errors.network')]);
      } else {
        const { fields, unplaced: rest } = fieldErrors(caught.problem);
        form.setFields(fields as Parameters<typeof form.setFields>[0]);
        const placed = fields.some((field) => field.name[0] === 'waybillNo' || field.name[0] === 'result');
        const message = t(`problems.${caught.code}`, { defaultValue: caught.message });
        setUnplaced(placed && rest.length === 0 ? [] : [message, ...rest]);
      }
    } finally {
      waybillInput.current?.focus();
    }
  }

  const tone = last === null ? 'neutral' : (OUTCOME_TONES[last.outcome ?? ''] ?? 'neutral');
  return (
    <Card title={<CardHeading>{t('scan.title')}</CardHeading>} style={{ marginBottom: 16 }}>
      {machine === null ? (
        <Alert type="info" showIcon title={t('scan.pickMachine')} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ waybillNo: '', result: 'clear' }}
        onFinish={(values) => void submit(values)}
        disabled={machine === null}
      >
        <Flex gap={16} wrap align="flex-start">
          <Form.Item
            label={t('scan.waybillNo')}
            name="waybillNo"
            style={{ flex: '1 1 220px', minWidth: 0 }}
            rules={[{ required: true, whitespace: true, message: t('scan.waybillRequired') }]}
          >
            <Input ref={waybillInput} autoComplete="off" spellCheck={false} />
          </Form.Item>
          <Form.Item label={t('scan.result')} name="result">
            <Radio.Group
              options={[
                { value: 'clear', label: t('scan.clear') },
                { value: 'suspect', label: t('scan.suspect') },
              ]}
            />
          </Form.Item>
        </Flex>
        <Button type="primary" htmlType="submit" loading={scan.isPending}>
          {t('scan.submit')}
        </Button>
      </Form>
      {last === null ? null : (
        <Alert
          style={{ marginTop: 16 }}
          role="status"
          showIcon
          type={ALERT_TYPES[tone]}
          title={t('scan.answer', {
            waybillNo: last.waybillNo,
            outcome: t(`outcomes.${last.outcome ?? 'rescan'}`),
          })}
          description={t(`instructions.${last.outcome ?? 'rescan'}`)}
        />
      )}
      {unplaced.length === 0 ? null : (
        <Alert
          style={{ marginTop: 16 }}
          role="alert"
          showIcon
          type="error"
          title={unplaced[0]}
          description={unplaced.length > 1 ? unplaced.slice(1).join('; ') : undefined}
        />
      )}
      <Table<Recorded>
        style={{ marginTop: 16 }}
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={recent}
        caption={t('scan.recent')}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('scan.noneYet')} /> }}
        columns={[
          { title: t('scan.at'), dataIndex: 'at', render: (at: number) => chinaDateTime(at).slice(11) },
          { title: t('scan.waybillNo'), dataIndex: 'waybillNo' },
          { title: t('scan.result'), dataIndex: 'result', render: (result: string) => t(`scan.${result}`) },
          {
            title: t('scan.outcome'),
            dataIndex: 'outcome',
            render: (outcome: string, row) => (
              <>
                <StatusTag tone={OUTCOME_TONES[outcome] ?? 'neutral'}>{t(`outcomes.${outcome}`)}</StatusTag>
                {row.replayed ? <StatusTag tone="neutral">{t('scan.replayed')}</StatusTag> : null}
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
