// Signed webhooks for the company's own systems: endpoints (URL, event kinds, active), the signing secret shown
// once when an endpoint is added and when its secret is rotated, and each endpoint's recent deliveries with their
// status (a failed one can be queued again). Event kinds are shown as the codes receivers match on.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Empty, Flex, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { chinaDateTime } from '../../app/format';
import { StatusTag, type Tone } from '../../app/StatusTag';
import { CardTitle, OnceSecretDialog, ProblemAlert, showProblem } from './shared';

type Endpoint = Awaited<ReturnType<typeof listEndpoints>>[number];
type Delivery = Awaited<ReturnType<typeof listDeliveries>>[number];
type EventKind = Endpoint['events'][number];

/** Every kind a receiver may ask for (the API's closed list; the compiler checks each against it). */
export const EVENT_KINDS = [
  'case.opened',
  'case.clue-attached',
  'case.status-changed',
  'case.reopened',
  'case.assigned',
  'case.evidence-added',
  'case.evidence-withdrawn',
  'case.evidence-locked',
  'case.custody-handover',
  'case-report.drafted',
  'case-report.edited',
  'case-report.approved',
  'case-report.submitted',
  'case-report.acknowledged',
] as const satisfies readonly EventKind[];

const QUERY_KEY = ['admin', 'webhooks'];
const DELIVERY_TONES: Record<Delivery['status'], Tone> = { delivered: 'ok', pending: 'warn', failed: 'bad' };

const listEndpoints = () => unwrap(api.GET('/api/v1/webhooks'));
const listDeliveries = (id: string) =>
  unwrap(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: 20 } } }));

interface EndpointValues {
  name: string;
  url: string;
  events: EventKind[];
}

export default function WebhooksTab() {
  const { t } = useTranslation(['admin', 'common']);
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const endpoints = useQuery({ queryKey: QUERY_KEY, queryFn: listEndpoints });
  const [adding, setAdding] = useState(false);
  const [shownSecret, setShownSecret] = useState<{ title: string; secret: string } | null>(null);
  const [watching, setWatching] = useState<Endpoint | null>(null);

  const setActive = useMutation({
    mutationFn: ({ endpoint, active }: { endpoint: Endpoint; active: boolean }) =>
      unwrap(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: endpoint.id } }, body: { active } })),
    onSuccess: (endpoint) => {
      void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
      void message.success(
        t(endpoint.active ? 'webhooks.activatedDone' : 'webhooks.deactivatedDone', { name: endpoint.name }),
      );
    },
    onError: (error) => void message.error(error.message),
  });
  const rotate = useMutation({
    mutationFn: (endpoint: Endpoint) =>
      unwrap(api.POST('/api/v1/webhooks/{id}/rotate', { params: { path: { id: endpoint.id } }, body: {} })),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
      setShownSecret({
        title: t('webhooks.rotatedTitle', { name: result.endpoint.name }),
        secret: result.secret,
      });
    },
    onError: (error) => void message.error(error.message),
  });
  const confirmRotate = (endpoint: Endpoint) => {
    modal.confirm({
      title: t('webhooks.rotateConfirm', { name: endpoint.name }),
      content: t('webhooks.rotateExplain'),
      okText: t('webhooks.rotate'),
      cancelText: t('actions.cancel'),
      onOk: () => rotate.mutateAsync(endpoint),
    });
  };
  const confirmDeactivate = (endpoint: Endpoint) => {
    modal.confirm({
      title: t('webhooks.deactivateConfirm', { name: endpoint.name }),
      content: t('webhooks.deactivateExplain'),
      okText: t('webhooks.deactivate'),
      cancelText: t('actions.cancel'),
      onOk: () => setActive.mutateAsync({ endpoint, active: false }),
    });
  };

  return (
    <Flex vertical gap={16}>
      <Card
        title={<CardTitle>{t('webhooks.title')}</CardTitle>}
        extra={
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('webhooks.add')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('webhooks.explain')}</Typography.Paragraph>
        <Table<Endpoint>
          rowKey="id"
          loading={endpoints.isPending}
          dataSource={endpoints.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('webhooks.none')} /> }}
          columns={[
            { title: t('webhooks.name'), dataIndex: 'name' },
            {
              title: t('webhooks.url'),
              dataIndex: 'url',
              // A long URL wraps rather than pushing the actions out of view at 1280 px.
              render: (url: string) => (
                <Typography.Text style={{ display: 'inline-block', maxWidth: 280, wordBreak: 'break-all' }}>
                  {url}
                </Typography.Text>
              ),
            },
            {
              title: t('webhooks.events'),
              dataIndex: 'events',
              render: (events: EventKind[]) =>
                events.length === EVENT_KINDS.length
                  ? t('webhooks.allEvents')
                  : t('webhooks.eventCount', { count: events.length }),
            },
            {
              title: t('webhooks.status'),
              key: 'status',
              render: (_, endpoint) =>
                endpoint.active ? (
                  <StatusTag tone="ok">{t('webhooks.active')}</StatusTag>
                ) : (
                  <StatusTag tone="neutral">{t('webhooks.inactive')}</StatusTag>
                ),
            },
            {
              title: t('webhooks.rotatedAt'),
              dataIndex: 'secretRotatedAt',
              render: (at: number | null) => (at === null ? t('webhooks.neverRotated') : chinaDateTime(at)),
            },
            {
              title: t('actions.title'),
              key: 'actions',
              // Kept in view (fixed) and wrapped onto two lines rather than scrolled out of sight.
              fixed: 'right',
              width: 220,
              render: (_, endpoint) => (
                <Space wrap>
                  <Button
                    size="small"
                    aria-label={t('webhooks.deliveriesOf', { name: endpoint.name })}
                    onClick={() => setWatching(endpoint)}
                  >
                    {t('webhooks.deliveries')}
                  </Button>
                  <Button
                    size="small"
                    aria-label={t('webhooks.rotateOne', { name: endpoint.name })}
                    onClick={() => confirmRotate(endpoint)}
                  >
                    {t('webhooks.rotate')}
                  </Button>
                  {endpoint.active ? (
                    <Button
                      size="small"
                      danger
                      aria-label={t('webhooks.deactivateOne', { name: endpoint.name })}
                      onClick={() => confirmDeactivate(endpoint)}
                    >
                      {t('webhooks.deactivate')}
                    </Button>
                  ) : (
                    <Button
                      size="small"
                      aria-label={t('webhooks.activateOne', { name: endpoint.name })}
                      onClick={() => setActive.mutate({ endpoint, active: true })}
                    >
                      {t('webhooks.activate')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {watching !== null && <DeliveriesCard endpoint={watching} />}
      {adding && (
        <AddDialog
          onClose={() => setAdding(false)}
          onAdded={(name, secret) => {
            setAdding(false);
            setShownSecret({ title: t('webhooks.addedTitle', { name }), secret });
          }}
        />
      )}
      <OnceSecretDialog
        open={shownSecret !== null}
        title={shownSecret?.title ?? ''}
        label={t('webhooks.secret')}
        secret={shownSecret?.secret ?? null}
        onClose={() => setShownSecret(null)}
      />
    </Flex>
  );
}

function DeliveriesCard({ endpoint }: { endpoint: Endpoint }) {
  const { t } = useTranslation(['admin', 'common']);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const key = [...QUERY_KEY, endpoint.id, 'deliveries'];
  const deliveries = useQuery({ queryKey: key, queryFn: () => listDeliveries(endpoint.id) });
  const redeliver = useMutation({
    mutationFn: (delivery: Delivery) =>
      unwrap(
        api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
          params: { path: { id: endpoint.id, deliveryId: delivery.id } },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: key });
      void message.success(t('webhooks.redeliveredDone'));
    },
    onError: (error) => void message.error(error.message),
  });
  return (
    <Card
      title={<CardTitle>{t('webhooks.deliveriesTitle', { name: endpoint.name })}</CardTitle>}
      extra={<Button onClick={() => void deliveries.refetch()}>{t('webhooks.refresh')}</Button>}
    >
      <Table<Delivery>
        rowKey="id"
        loading={deliveries.isPending}
        dataSource={deliveries.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('webhooks.noDeliveries')} /> }}
        columns={[
          {
            title: t('webhooks.createdAt'),
            dataIndex: 'createdAt',
            render: (at: number) => chinaDateTime(at),
          },
          {
            title: t('webhooks.kind'),
            dataIndex: 'kind',
            render: (kind: string) => <Typography.Text code>{kind}</Typography.Text>,
          },
          { title: t('webhooks.caseId'), dataIndex: 'caseId' },
          {
            title: t('webhooks.status'),
            dataIndex: 'status',
            render: (status: Delivery['status']) => (
              <StatusTag tone={DELIVERY_TONES[status]}>{t(`webhooks.deliveryStatus.${status}`)}</StatusTag>
            ),
          },
          { title: t('webhooks.attempts'), dataIndex: 'attempts' },
          {
            title: t('webhooks.lastAnswer'),
            key: 'lastAnswer',
            render: (_, delivery) =>
              delivery.lastError ?? (delivery.lastStatusCode === null ? '' : String(delivery.lastStatusCode)),
          },
          {
            title: t('actions.title'),
            key: 'actions',
            render: (_, delivery) =>
              delivery.status === 'failed' && endpoint.active ? (
                <Button
                  size="small"
                  aria-label={t('webhooks.redeliverOne', { kind: delivery.kind })}
                  onClick={() => redeliver.mutate(delivery)}
                >
                  {t('webhooks.redeliver')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

function AddDialog({
  onClose,
  onAdded,
}: {
  onClose: () => void;
  onAdded: (name: string, secret: string) => void;
}) {
  const { t } = useTranslation(['admin', 'common']);
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EndpointValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const add = useMutation({
    mutationFn: (values: EndpointValues) => unwrap(api.POST('/api/v1/webhooks', { body: values })),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
      onAdded(result.endpoint.name, result.secret);
    },
    onError: (error) => setProblems(showProblem(form, error, ['name', 'url', 'events'])),
  });
  return (
    <Modal
      open
      title={t('webhooks.add')}
      okText={t('webhooks.addOk')}
      cancelText={t('actions.cancel')}
      onOk={() => form.submit()}
      confirmLoading={add.isPending}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <ProblemAlert messages={problems} />
      <Form<EndpointValues>
        name="webhook"
        form={form}
        layout="vertical"
        initialValues={{ events: [...EVENT_KINDS] }}
        onFinish={(values) => {
          setProblems([]);
          add.mutate(values);
        }}
      >
        <Form.Item
          name="name"
          label={t('webhooks.name')}
          extra={t('webhooks.nameHelp')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('webhooks.url')}
          extra={t('webhooks.urlHelp')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input autoComplete="off" inputMode="url" />
        </Form.Item>
        <Form.Item
          name="events"
          label={t('webhooks.events')}
          rules={[{ required: true, type: 'array', min: 1, message: t('webhooks.eventsRequired') }]}
        >
          <EventKindsField label={t('webhooks.events')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The event kinds as a labelled group of checkboxes (a Form.Item control: value and onChange from the form). */
function EventKindsField({
  label,
  value,
  onChange,
  'aria-describedby': describedBy,
}: {
  label: string;
  value?: EventKind[];
  onChange?: (value: EventKind[]) => void;
  'aria-describedby'?: string;
}) {
  return (
    <div role="group" aria-label={label} aria-describedby={describedBy}>
      <Checkbox.Group<EventKind> value={value} onChange={(next) => onChange?.(next)}>
        <Flex vertical gap={4}>
          {EVENT_KINDS.map((kind) => (
            <Checkbox key={kind} value={kind}>
              <Typography.Text code>{kind}</Typography.Text>
            </Checkbox>
          ))}
        </Flex>
      </Checkbox.Group>
    </div>
  );
}
