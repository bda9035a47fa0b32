import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, ConfigProvider, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ApiError, fieldErrors } from '../../api/problem';
import { PageHeader } from '../../app/PageHeader';
import { useSession } from '../../session/session';
import { useHeldParcels, useSites, useStaff, type HeldParcel } from './holds/data';
import { HeldParcelsTable } from './holds/HeldParcelsTable';
import { ScrollRegion } from './holds/ScrollRegion';

type Dialog = { kind: 'release' | 'custody'; parcel: HeldParcel } | null;

// Ant Design's error red (#ff4d4f) is below WCAG AA contrast on white: field errors here use a darker red.
const READABLE_ERRORS = { token: { colorError: '#a8071a' } };

/** Held parcels for security officers: who holds what and why; release with a reason, record hand-overs. */
export default function HoldsPage() {
  const { t } = useTranslation('holds');
  const { me } = useSession();
  const companyWide = me?.permissions.includes('sites:all') ?? false;
  const [siteId, setSiteId] = useState<string | undefined>(undefined);
  const [dialog, setDialog] = useState<Dialog>(null);
  const held = useHeldParcels(siteId);
  const sites = useSites();
  const staff = useStaff(undefined, me?.permissions.includes('staff:read') ?? false);

  return (
    <>
      <PageHeader
        title={t('title')}
        extra={
          companyWide ? (
            <Form layout="inline">
              <Form.Item label={t('siteFilter')} htmlFor="holds-site" style={{ marginInlineEnd: 0 }}>
                <Select
                  id="holds-site"
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  style={{ minWidth: 240 }}
                  placeholder={t('allSites')}
                  value={siteId}
                  onChange={(value: string | undefined) => setSiteId(value)}
                  loading={sites.isPending}
                  options={(sites.data ?? []).map((site) => ({
                    value: site.id,
                    label: `${site.name} (${site.code})`,
                  }))}
                />
              </Form.Item>
            </Form>
          ) : null
        }
      />
      {held.isError ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('loadFailed', { detail: held.error.message })}
          action={<Button onClick={() => void held.refetch()}>{t('common:state.retry')}</Button>}
        />
      ) : null}
      <Card title={t('listTitle', { count: held.data?.length ?? 0 })}>
        <ScrollRegion label={t('listTitle', { count: held.data?.length ?? 0 })}>
          <HeldParcelsTable
            parcels={held.data}
            loading={held.isPending}
            sites={sites.data}
            staff={staff.data}
            actions={(parcel) => (
              <Space wrap>
                <Button
                  type="primary"
                  aria-label={t('releaseFor', { waybillNo: parcel.waybillNo })}
                  onClick={() => setDialog({ kind: 'release', parcel })}
                >
                  {t('release')}
                </Button>
                <Button
                  aria-label={t('custodyFor', { waybillNo: parcel.waybillNo })}
                  onClick={() => setDialog({ kind: 'custody', parcel })}
                >
                  {t('custody')}
                </Button>
              </Space>
            )}
          />
        </ScrollRegion>
      </Card>
      {dialog?.kind === 'release' ? (
        <ReleaseDialog parcel={dialog.parcel} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'custody' ? (
        <CustodyDialog parcel={dialog.parcel} onClose={() => setDialog(null)} />
      ) : null}
    </>
  );
}

/** Shows a failed request's field errors next to their fields, the rest above the form. */
function useProblemFields<T extends object>(form: ReturnType<typeof Form.useForm<T>>[0]) {
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const show = (error: unknown) => {
    if (!(error instanceof ApiError)) {
      setUnplaced([error instanceof Error ? error.message : String(error)]);
      return;
    }
    const { fields, unplaced: rest } = fieldErrors(error.problem);
    form.setFields(fields.map((field) => ({ name: field.name as never, errors: field.errors })));
    setUnplaced(fields.length === 0 && rest.length === 0 ? [error.message] : rest);
  };
  return { unplaced, show, clear: () => setUnplaced([]) };
}

function ReleaseDialog({ parcel, onClose }: { parcel: HeldParcel; onClose: () => void }) {
  const { t } = useTranslation('holds');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const problems = useProblemFields(form);
  const release = useMutation({
    mutationFn: (values: { reason: string }) =>
      unwrap(
        api.POST('/api/v1/parcels/{waybillNo}/release', {
          params: { path: { waybillNo: parcel.waybillNo } },
          body: { reason: values.reason.trim() },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['holds'] });
      void message.success(t('released', { waybillNo: parcel.waybillNo }));
      onClose();
    },
    onError: problems.show,
  });
  return (
    <Modal
      open
      title={t('releaseTitle', { waybillNo: parcel.waybillNo })}
      okText={t('releaseConfirm')}
      cancelText={t('cancel')}
      confirmLoading={release.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <ConfigProvider theme={READABLE_ERRORS}>
        {problems.unplaced.length > 0 ? (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problems.unplaced.join(' ')} />
        ) : null}
        <Form
          form={form}
          layout="vertical"
          name="release"
          onFinish={(values) => {
            problems.clear();
            release.mutate(values);
          }}
        >
          <Form.Item
            name="reason"
            label={t('releaseReason')}
            extra={t('releaseReasonHelp')}
            rules={[{ required: true, whitespace: true, message: t('releaseReasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </ConfigProvider>
    </Modal>
  );
}

function CustodyDialog({ parcel, onClose }: { parcel: HeldParcel; onClose: () => void }) {
  const { t } = useTranslation('holds');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ handedTo: string; location: string; note?: string }>();
  const problems = useProblemFields(form);
  const custody = useMutation({
    mutationFn: (values: { handedTo: string; location: string; note?: string }) =>
      unwrap(
        api.POST('/api/v1/parcels/{waybillNo}/custody', {
          params: { path: { waybillNo: parcel.waybillNo } },
          body: {
            handedTo: values.handedTo.trim(),
            location: values.location.trim(),
            ...(values.note === undefined || values.note.trim() === '' ? {} : { note: values.note.trim() }),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['holds'] });
      void message.success(t('handedOver', { waybillNo: parcel.waybillNo }));
      onClose();
    },
    onError: problems.show,
  });
  return (
    <Modal
      open
      title={t('custodyTitle', { waybillNo: parcel.waybillNo })}
      okText={t('custodyConfirm')}
      cancelText={t('cancel')}
      confirmLoading={custody.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <ConfigProvider theme={READABLE_ERRORS}>
        {problems.unplaced.length > 0 ? (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problems.unplaced.join(' ')} />
        ) : null}
        <Form
          form={form}
          layout="vertical"
          name="custody"
          onFinish={(values) => {
            problems.clear();
            custody.mutate(values);
          }}
        >
          <Form.Item
            name="handedTo"
            label={t('handedTo')}
            rules={[{ required: true, whitespace: true, message: t('handedToRequired') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="location"
            label={t('location')}
            rules={[{ required: true, whitespace: true, message: t('locationRequired') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="note" label={t('note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </ConfigProvider>
    </Modal>
  );
}
