// Sites: list, register (code, name, kind, region code), change (name, region code), close and reopen.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Form, Input, Modal, Radio, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { StatusTag } from '../../app/StatusTag';
import { CardTitle, ProblemAlert, showProblem, SITE_KINDS, useSites, type Site } from './shared';

interface SiteValues {
  code: string;
  name: string;
  kind: (typeof SITE_KINDS)[number];
  regionCode: string;
}

const REGION_CODE = /^\d{6}$/;

export default function SitesTab() {
  const { t } = useTranslation(['admin', 'common']);
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const sites = useSites();
  const [editing, setEditing] = useState<Site | 'new' | null>(null);

  const setStatus = useMutation({
    mutationFn: (input: { site: Site; status: 'active' | 'closed' }) =>
      unwrap(
        api.PATCH('/api/v1/sites/{id}', {
          params: { path: { id: input.site.id } },
          body: { status: input.status },
        }),
      ),
    onSuccess: (site) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'sites'] });
      void message.success(
        t(site.status === 'closed' ? 'sites.closedDone' : 'sites.reopenedDone', { code: site.code }),
      );
    },
    onError: (error) => void message.error(error.message),
  });

  const confirmStatus = (site: Site) => {
    const closing = site.status === 'active';
    modal.confirm({
      title: t(closing ? 'sites.closeConfirm' : 'sites.reopenConfirm', { code: site.code, name: site.name }),
      content: closing ? t('sites.closeExplain') : undefined,
      okText: t(closing ? 'sites.close' : 'sites.reopen'),
      cancelText: t('actions.cancel'),
      onOk: () => setStatus.mutateAsync({ site, status: closing ? 'closed' : 'active' }),
    });
  };

  return (
    <Card
      title={<CardTitle>{t('sites.title')}</CardTitle>}
      extra={
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('sites.create')}
        </Button>
      }
    >
      <Table<Site>
        rowKey="id"
        loading={sites.isPending}
        dataSource={sites.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('common:state.empty')} /> }}
        columns={[
          { title: t('sites.code'), dataIndex: 'code' },
          { title: t('sites.name'), dataIndex: 'name' },
          { title: t('sites.kind'), dataIndex: 'kind', render: (kind: string) => t(`sites.kinds.${kind}`) },
          { title: t('sites.regionCode'), dataIndex: 'regionCode' },
          {
            title: t('sites.status'),
            dataIndex: 'status',
            render: (status: string) => (
              <StatusTag tone={status === 'active' ? 'ok' : 'neutral'}>
                {t(`sites.statuses.${status}`)}
              </StatusTag>
            ),
          },
          {
            title: t('actions.title'),
            key: 'actions',
            render: (_, site) => (
              <Flex gap={8} wrap>
                <Button
                  size="small"
                  aria-label={t('sites.editOne', { code: site.code })}
                  onClick={() => setEditing(site)}
                >
                  {t('actions.edit')}
                </Button>
                <Button
                  size="small"
                  danger={site.status === 'active'}
                  aria-label={t(site.status === 'active' ? 'sites.closeOne' : 'sites.reopenOne', {
                    code: site.code,
                  })}
                  onClick={() => confirmStatus(site)}
                >
                  {t(site.status === 'active' ? 'sites.close' : 'sites.reopen')}
                </Button>
              </Flex>
            ),
          },
        ]}
      />
      {editing !== null && (
        <SiteDialog site={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Card>
  );
}

function SiteDialog({ site, onClose }: { site: Site | null; onClose: () => void }) {
  const { t } = useTranslation(['admin', 'common']);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SiteValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: (values: SiteValues) =>
      site === null
        ? unwrap(api.POST('/api/v1/sites', { body: values }))
        : unwrap(
            api.PATCH('/api/v1/sites/{id}', {
              params: { path: { id: site.id } },
              body: { name: values.name, regionCode: values.regionCode },
            }),
          ),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'sites'] });
      void message.success(t(site === null ? 'sites.created' : 'sites.saved', { code: saved.code }));
      onClose();
    },
    onError: (error) => setProblems(showProblem(form, error, ['code', 'name', 'kind', 'regionCode'])),
  });
  return (
    <Modal
      open
      title={site === null ? t('sites.create') : t('sites.editOne', { code: site.code })}
      okText={t('actions.save')}
      cancelText={t('actions.cancel')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <ProblemAlert messages={problems} />
      <Form<SiteValues>
        name="site"
        form={form}
        layout="vertical"
        initialValues={site ?? { kind: 'outlet' }}
        onFinish={(values) => {
          setProblems([]);
          save.mutate(values);
        }}
      >
        <Form.Item
          name="code"
          label={t('sites.code')}
          extra={t('sites.codeHelp')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input disabled={site !== null} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('sites.name')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('sites.kind')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Radio.Group
            aria-label={t('sites.kind')}
            disabled={site !== null}
            options={SITE_KINDS.map((kind) => ({ value: kind, label: t(`sites.kinds.${kind}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('sites.regionCode')}
          extra={t('sites.regionCodeHelp')}
          rules={[
            { required: true, message: t('validation.required') },
            { pattern: REGION_CODE, message: t('sites.regionCodeInvalid') },
          ]}
        >
          <Input inputMode="numeric" autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
