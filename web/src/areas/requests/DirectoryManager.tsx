// The agency directory: the numbers kept independently of any request, which the call-back must use (never a
// number printed on the request itself). A small list and an "add a number" dialog.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, Modal, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ProblemAlert, showProblem } from '../admin/shared';
import { AGENCY_KINDS, type AgencyKind, type DirectoryEntry } from './types';

export function useDirectory() {
  return useQuery({
    queryKey: ['agency-directory'],
    queryFn: () => unwrap(api.GET('/api/v1/agency-directory')),
  });
}

export function DirectoryCard() {
  const { t } = useTranslation('requests');
  const directory = useDirectory();
  const [adding, setAdding] = useState(false);
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 16 }}>
          {t('directory.title')}
        </Typography.Title>
      }
      extra={<Button onClick={() => setAdding(true)}>{t('directory.add')}</Button>}
    >
      <Typography.Paragraph type="secondary">{t('directory.explain')}</Typography.Paragraph>
      <Table<DirectoryEntry>
        rowKey="id"
        size="small"
        pagination={false}
        loading={directory.isPending}
        dataSource={directory.data ?? []}
        locale={{ emptyText: <Empty description={t('directory.none')} /> }}
        columns={[
          {
            title: t('agency'),
            dataIndex: 'agencyKind',
            render: (kind: AgencyKind) => t(`agencyKinds.${kind}`),
          },
          { title: t('directory.organ'), dataIndex: 'organ' },
          { title: t('directory.phone'), dataIndex: 'phone' },
        ]}
      />
      <AddDirectoryEntryDialog open={adding} onClose={() => setAdding(false)} />
    </Card>
  );
}

interface EntryValues {
  agencyKind: AgencyKind;
  organ: string;
  phone: string;
}

/** Adds a number to the directory; `onAdded` gets the new entry (the checklist picks it straight away). */
export function AddDirectoryEntryDialog({
  open,
  onClose,
  onAdded,
  agencyKind,
}: {
  open: boolean;
  onClose: () => void;
  onAdded?: (entry: DirectoryEntry) => void;
  agencyKind?: AgencyKind;
}) {
  const { t } = useTranslation('requests');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EntryValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const add = useMutation({
    mutationFn: (values: EntryValues) => unwrap(api.POST('/api/v1/agency-directory', { body: values })),
    onSuccess: (entry) => {
      void queryClient.invalidateQueries({ queryKey: ['agency-directory'] });
      void message.success(t('directory.added', { organ: entry.organ }));
      onAdded?.(entry);
      onClose();
    },
    onError: (error) => setProblems(showProblem(form, error, ['agencyKind', 'organ', 'phone'])),
  });
  return (
    <Modal
      open={open}
      title={t('directory.add')}
      okText={t('save')}
      cancelText={t('cancel')}
      onOk={() => form.submit()}
      confirmLoading={add.isPending}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <ProblemAlert messages={problems} />
      <Form<EntryValues>
        name="directory-entry"
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ agencyKind: agencyKind ?? 'state-security' }}
        onFinish={(values) => {
          setProblems([]);
          add.mutate(values);
        }}
      >
        <Form.Item
          name="agencyKind"
          label={t('directory.agencyKind')}
          rules={[{ required: true, message: t('required') }]}
        >
          <Select options={AGENCY_KINDS.map((kind) => ({ value: kind, label: t(`agencyKinds.${kind}`) }))} />
        </Form.Item>
        <Form.Item
          name="organ"
          label={t('directory.organ')}
          rules={[{ required: true, min: 2, message: t('directory.organRequired') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('directory.phone')}
          rules={[
            { required: true, message: t('required') },
            { pattern: /^\+?[0-9\s\-().]{6,24}$/, message: t('directory.phoneInvalid') },
          ]}
        >
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
