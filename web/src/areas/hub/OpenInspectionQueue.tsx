import { Alert, Button, Card, Empty, Flex, Form, Input, Modal, Radio, Table } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CardHeading } from './CardHeading';
import { ApiError, fieldErrors } from '../../api/problem';
import { chinaDateTime } from '../../app/format';
import { StatusTag } from '../../app/StatusTag';
import { fetchQueue, hubKeys, resolveOpenInspection, type OpenInspection } from './hubApi';

type Outcome = 'clear' | 'prohibited-found';
interface Values {
  outcome: Outcome;
  foundDescription?: string;
  findings?: string;
}

/**
 * Parcels a suspect scan diverted at this site, oldest first. The screener opens each one and says what was in
 * it: clear (it may leave) or prohibited contents (it is held and security officers get a clue).
 */
export function OpenInspectionQueue({ siteId }: { siteId: string }) {
  const { t } = useTranslation('hub');
  const queue = useQuery({
    queryKey: hubKeys.queue(siteId),
    queryFn: () => fetchQueue(siteId),
    refetchInterval: 30_000,
  });
  const [resolving, setResolving] = useState<{ waybillNo: string; outcome: Outcome } | null>(null);
  const [done, setDone] = useState<{ waybillNo: string; outcome: Outcome } | null>(null);
  return (
    <Card title={<CardHeading>{t('queue.title')}</CardHeading>} style={{ marginBottom: 16 }}>
      {done === null ? null : (
        <Alert
          role="status"
          showIcon
          closable={{ 'aria-label': t('close') }}
          onClose={() => setDone(null)}
          type={done.outcome === 'clear' ? 'success' : 'warning'}
          title={t(done.outcome === 'clear' ? 'queue.doneClear' : 'queue.doneProhibited', {
            waybillNo: done.waybillNo,
          })}
          style={{ marginBottom: 16 }}
        />
      )}
      {queue.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('loadFailed')}
          action={<Button onClick={() => void queue.refetch()}>{t('common:state.retry')}</Button>}
        />
      ) : (
        <Table<OpenInspection>
          size="small"
          rowKey="waybillNo"
          loading={queue.isPending}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={queue.data ?? []}
          caption={t('queue.caption', { count: queue.data?.length ?? 0 })}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('queue.empty')} />,
          }}
          columns={[
            { title: t('queue.waybillNo'), dataIndex: 'waybillNo' },
            {
              title: t('queue.since'),
              dataIndex: 'scannedAt',
              render: (at: number, row) => (
                <>
                  <div>{chinaDateTime(at)}</div>
                  <div>{row.machineCode}</div>
                </>
              ),
            },
            {
              title: t('queue.threats'),
              dataIndex: 'threats',
              render: (threats: string[]) =>
                threats.length === 0
                  ? t('queue.noThreats')
                  : threats.map((threat) => (
                      <StatusTag key={threat} tone="warn">
                        {threat}
                      </StatusTag>
                    )),
            },
            {
              title: t('queue.actions'),
              key: 'actions',
              render: (_, row) => (
                <Flex gap={8} wrap>
                  <Button
                    size="small"
                    aria-label={t('queue.clearFor', { waybillNo: row.waybillNo })}
                    onClick={() => setResolving({ waybillNo: row.waybillNo, outcome: 'clear' })}
                  >
                    {t('queue.clear')}
                  </Button>
                  <Button
                    size="small"
                    aria-label={t('queue.prohibitedFor', { waybillNo: row.waybillNo })}
                    onClick={() => setResolving({ waybillNo: row.waybillNo, outcome: 'prohibited-found' })}
                  >
                    {t('queue.prohibited')}
                  </Button>
                </Flex>
              ),
            },
          ]}
        />
      )}
      {resolving === null ? null : (
        <ResolveDialog
          key={`${resolving.waybillNo}-${resolving.outcome}`}
          siteId={siteId}
          waybillNo={resolving.waybillNo}
          outcome={resolving.outcome}
          onClose={(resolved) => {
            setResolving(null);
            if (resolved !== null) setDone({ waybillNo: resolving.waybillNo, outcome: resolved });
          }}
        />
      )}
    </Card>
  );
}

function ResolveDialog({
  siteId,
  waybillNo,
  outcome,
  onClose,
}: {
  siteId: string;
  waybillNo: string;
  outcome: Outcome;
  onClose: (resolved: Outcome | null) => void;
}) {
  const { t } = useTranslation('hub');
  const [form] = Form.useForm<Values>();
  const chosen = Form.useWatch('outcome', form) ?? outcome;
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const resolve = useMutation({
    mutationFn: (values: Values) =>
      resolveOpenInspection(waybillNo, {
        outcome: values.outcome,
        ...(values.outcome === 'prohibited-found' && values.foundDescription?.trim()
          ? { foundDescription: values.foundDescription.trim() }
          : {}),
        ...(values.findings?.trim() ? { findings: values.findings.trim() } : {}),
      }),
  });

  async function submit(values: Values) {
    setUnplaced([]);
    try {
      await resolve.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: hubKeys.queue(siteId) });
      void queryClient.invalidateQueries({ queryKey: ['parcel'] });
      onClose(values.outcome);
    } catch (caught) {
      if (!(caught instanceof ApiError)) {
        setUnplaced([t('common:errors.network')]);
        return;
      }
      const { fields, unplaced: rest } = fieldErrors(caught.problem);
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      if (fields.length === 0 || rest.length > 0)
        setUnplaced([t(`problems.${caught.code}`, { defaultValue: caught.message }), ...rest]);
    }
  }

  return (
    <Modal
      open
      title={t('resolve.title', { waybillNo })}
      okText={t('resolve.submit')}
      cancelText={t('resolve.cancel')}
      confirmLoading={resolve.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose(null)}
      mask={{ closable: false }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ outcome }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item label={t('resolve.outcome')} name="outcome">
          <Radio.Group
            options={[
              { value: 'clear', label: t('resolve.clear') },
              { value: 'prohibited-found', label: t('resolve.prohibited') },
            ]}
          />
        </Form.Item>
        {chosen === 'prohibited-found' ? (
          <Form.Item
            label={t('resolve.foundDescription')}
            name="foundDescription"
            extra={t('resolve.foundHelp')}
            rules={[{ required: true, whitespace: true, message: t('resolve.foundRequired') }]}
          >
            <Input maxLength={500} />
          </Form.Item>
        ) : null}
        <Form.Item label={t('resolve.findings')} name="findings">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {unplaced.length === 0 ? null : (
          <Alert
            role="alert"
            type="error"
            showIcon
            title={unplaced[0]}
            description={unplaced.slice(1).join('; ')}
          />
        )}
      </Form>
    </Modal>
  );
}
