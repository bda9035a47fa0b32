// API keys for machines (an X-ray station's software, an order system), each bound to a site and a machine
// role. The secret is shown once, in a dialog, when the key is issued: only its hash is kept.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Form, Input, Modal, Radio, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { chinaDateTime } from '../../app/format';
import { StatusTag } from '../../app/StatusTag';
import {
  CardTitle,
  MACHINE_ROLES,
  OnceSecretDialog,
  ProblemAlert,
  showProblem,
  siteLabel,
  useSites,
  type ApiKey,
} from './shared';

interface KeyValues {
  name: string;
  siteId: string;
  role: (typeof MACHINE_ROLES)[number];
}

const QUERY_KEY = ['admin', 'api-keys'];

export default function ApiKeysTab() {
  const { t } = useTranslation(['admin', 'common']);
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const sites = useSites();
  const keys = useQuery({ queryKey: QUERY_KEY, queryFn: () => unwrap(api.GET('/api/v1/api-keys')) });
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<{ name: string; secret: string } | null>(null);
  const revoke = useMutation({
    mutationFn: (key: ApiKey) =>
      unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: key.id } } })),
    onSuccess: (key) => {
      void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
      void message.success(t('apiKeys.revokedDone', { name: key.name }));
    },
    onError: (error) => void message.error(error.message),
  });
  const confirmRevoke = (key: ApiKey) => {
    modal.confirm({
      title: t('apiKeys.revokeConfirm', { name: key.name }),
      content: t('apiKeys.revokeExplain'),
      okText: t('apiKeys.revoke'),
      cancelText: t('actions.cancel'),
      onOk: () => revoke.mutateAsync(key),
    });
  };

  return (
    <Card
      title={<CardTitle>{t('apiKeys.title')}</CardTitle>}
      extra={
        <Button type="primary" onClick={() => setIssuing(true)}>
          {t('apiKeys.issue')}
        </Button>
      }
    >
      <Table<ApiKey>
        rowKey="id"
        loading={keys.isPending}
        dataSource={keys.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('apiKeys.none')} /> }}
        columns={[
          { title: t('apiKeys.name'), dataIndex: 'name' },
          {
            title: t('apiKeys.site'),
            dataIndex: 'siteId',
            render: (id: string) => siteLabel(sites.data, id),
          },
          {
            title: t('apiKeys.role'),
            dataIndex: 'role',
            render: (role: string) => t(`common:roles.${role}`),
          },
          {
            title: t('apiKeys.createdAt'),
            dataIndex: 'createdAt',
            render: (at: number) => chinaDateTime(at),
          },
          {
            title: t('apiKeys.lastUsedAt'),
            dataIndex: 'lastUsedAt',
            render: (at: number | null) => (at === null ? t('apiKeys.neverUsed') : chinaDateTime(at)),
          },
          {
            title: t('apiKeys.status'),
            key: 'status',
            render: (_, key) =>
              key.revokedAt === null ? (
                <StatusTag tone="ok">{t('apiKeys.active')}</StatusTag>
              ) : (
                <StatusTag tone="neutral">
                  {t('apiKeys.revokedAt', { at: chinaDateTime(key.revokedAt) })}
                </StatusTag>
              ),
          },
          {
            title: t('actions.title'),
            key: 'actions',
            render: (_, key) =>
              key.revokedAt === null ? (
                <Button
                  size="small"
                  danger
                  aria-label={t('apiKeys.revokeOne', { name: key.name })}
                  onClick={() => confirmRevoke(key)}
                >
                  {t('apiKeys.revoke')}
                </Button>
              ) : null,
          },
        ]}
      />
      {issuing && (
        <IssueDialog
          onClose={() => setIssuing(false)}
          onIssued={(name, secret) => {
            setIssuing(false);
            setIssued({ name, secret });
          }}
        />
      )}
      <OnceSecretDialog
        open={issued !== null}
        title={t('apiKeys.issuedTitle', { name: issued?.name ?? '' })}
        label={t('apiKeys.secret')}
        secret={issued?.secret ?? null}
        onClose={() => setIssued(null)}
      />
    </Card>
  );
}

function IssueDialog({
  onClose,
  onIssued,
}: {
  onClose: () => void;
  onIssued: (name: string, secret: string) => void;
}) {
  const { t } = useTranslation(['admin', 'common']);
  const queryClient = useQueryClient();
  const sites = useSites();
  const [form] = Form.useForm<KeyValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const issue = useMutation({
    mutationFn: (values: KeyValues) => unwrap(api.POST('/api/v1/api-keys', { body: values })),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
      onIssued(result.apiKey.name, result.secret);
    },
    onError: (error) => setProblems(showProblem(form, error, ['name', 'siteId', 'role'])),
  });
  return (
    <Modal
      open
      title={t('apiKeys.issue')}
      okText={t('apiKeys.issueOk')}
      cancelText={t('actions.cancel')}
      onOk={() => form.submit()}
      confirmLoading={issue.isPending}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <ProblemAlert messages={problems} />
      <Form<KeyValues>
        name="apiKey"
        form={form}
        layout="vertical"
        initialValues={{ role: 'xray-station' }}
        onFinish={(values) => {
          setProblems([]);
          issue.mutate(values);
        }}
      >
        <Form.Item
          name="name"
          label={t('apiKeys.name')}
          extra={t('apiKeys.nameHelp')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="siteId"
          label={t('apiKeys.site')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select
            aria-label={t('apiKeys.site')}
            loading={sites.isPending}
            options={(sites.data ?? [])
              .filter((site) => site.status === 'active')
              .map((site) => ({ value: site.id, label: `${site.name} (${site.code})` }))}
          />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('apiKeys.role')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Radio.Group aria-label={t('apiKeys.role')}>
            <Flex vertical gap={4}>
              {MACHINE_ROLES.map((role) => (
                <Radio key={role} value={role}>
                  {t(`common:roles.${role}`)}
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}
