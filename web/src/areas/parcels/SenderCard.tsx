import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Skeleton,
  Typography,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CardHeading } from './CardHeading';
import { ApiError, fieldErrors } from '../../api/problem';
import { useSession } from '../../session/session';
import {
  fetchSender,
  UNMASK_REASON_CODES,
  unmaskSender,
  type UnmaskedSender,
  type UnmaskPurpose,
} from './parcelsApi';

/**
 * The parcel's sender, masked. A role allowed to unmask (identity:unmask) may see the plaintext after stating
 * why; the plaintext lives in this component's state only (never in the URL, storage or the query cache).
 */
export function SenderCard({ senderId }: { senderId: string }) {
  const { t } = useTranslation('parcels');
  const session = useSession();
  const mayRead = session.can('identity:read');
  const sender = useQuery({
    queryKey: ['parcels', 'sender', senderId],
    queryFn: () => fetchSender(senderId),
    enabled: mayRead,
  });
  const [asking, setAsking] = useState(false);
  const [unmasked, setUnmasked] = useState<UnmaskedSender | null>(null);
  const mayUnmask = session.can('identity:unmask');

  return (
    <Card title={<CardHeading>{t('sender.title')}</CardHeading>} style={{ marginBottom: 16 }}>
      {!mayRead ? (
        <Typography.Paragraph>{t('sender.masked')}</Typography.Paragraph>
      ) : sender.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : sender.isError ? (
        <Alert type="info" showIcon title={t('sender.notVisible')} />
      ) : (
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('sender.name')}>{sender.data.nameMasked}</Descriptions.Item>
          <Descriptions.Item label={t('sender.document')}>
            {t(`documentTypes.${sender.data.documentType}`, { defaultValue: sender.data.documentType })}{' '}
            {sender.data.documentNumberMasked}
          </Descriptions.Item>
          <Descriptions.Item label={t('sender.phones')}>
            {sender.data.phonesMasked.join(', ') || '—'}
          </Descriptions.Item>
        </Descriptions>
      )}
      {mayUnmask && unmasked === null ? (
        <Button onClick={() => setAsking(true)}>{t('unmask.button')}</Button>
      ) : null}
      {unmasked === null ? null : (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={t('unmask.shownTitle')}
          description={
            <>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('sender.name')}>{unmasked.name}</Descriptions.Item>
                <Descriptions.Item label={t('sender.document')}>
                  {t(`documentTypes.${unmasked.documentType}`, { defaultValue: unmasked.documentType })}{' '}
                  {unmasked.documentNumber}
                </Descriptions.Item>
                <Descriptions.Item label={t('sender.phones')}>
                  {unmasked.phones.join(', ') || '—'}
                </Descriptions.Item>
              </Descriptions>
              <Typography.Paragraph style={{ marginBottom: 8 }}>{t('unmask.audited')}</Typography.Paragraph>
              <Button onClick={() => setUnmasked(null)}>{t('unmask.hide')}</Button>
            </>
          }
        />
      )}
      {asking ? (
        <UnmaskDialog
          senderId={senderId}
          onClose={(result) => {
            setAsking(false);
            if (result !== null) setUnmasked(result);
          }}
        />
      ) : null}
    </Card>
  );
}

interface PurposeValues {
  kind: UnmaskPurpose['kind'];
  reference?: string;
  note?: string;
  code?: (typeof UNMASK_REASON_CODES)[number];
  text?: string;
}

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/:-]{2,63}$/;

function UnmaskDialog({
  senderId,
  onClose,
}: {
  senderId: string;
  onClose: (result: UnmaskedSender | null) => void;
}) {
  const { t } = useTranslation('parcels');
  const [form] = Form.useForm<PurposeValues>();
  const kind = Form.useWatch('kind', form) ?? 'case';
  const [busy, setBusy] = useState(false);
  const [unplaced, setUnplaced] = useState<string[]>([]);

  async function submit(values: PurposeValues) {
    setUnplaced([]);
    const note = values.note?.trim();
    const purpose: UnmaskPurpose =
      values.kind === 'reason'
        ? { kind: 'reason', code: values.code!, text: values.text!.trim() }
        : {
            kind: values.kind,
            reference: values.reference!.trim(),
            ...(note === undefined || note === '' ? {} : { note }),
          };
    setBusy(true);
    try {
      onClose(await unmaskSender(senderId, purpose));
    } catch (caught) {
      if (!(caught instanceof ApiError)) {
        setUnplaced([t('common:errors.network')]);
        return;
      }
      const { fields, unplaced: rest } = fieldErrors(caught.problem, ['purpose']);
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      if (fields.length === 0 || rest.length > 0)
        setUnplaced([t(`problems.${caught.code}`, { defaultValue: caught.message }), ...rest]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('unmask.title')}
      okText={t('unmask.submit')}
      cancelText={t('unmask.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(null)}
      mask={{ closable: false }}
    >
      <Typography.Paragraph>{t('unmask.intro')}</Typography.Paragraph>
      <Form<PurposeValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: 'case' }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item label={t('unmask.kind')} name="kind">
          <Radio.Group
            options={(['case', 'lawful-request', 'reason'] as const).map((value) => ({
              value,
              label: t(`unmask.kinds.${value}`),
            }))}
          />
        </Form.Item>
        {kind === 'reason' ? (
          <>
            <Form.Item
              label={t('unmask.code')}
              name="code"
              rules={[{ required: true, message: t('unmask.codeRequired') }]}
            >
              <Select
                aria-label={t('unmask.code')}
                options={UNMASK_REASON_CODES.map((code) => ({
                  value: code,
                  label: t(`unmask.codes.${code}`),
                }))}
              />
            </Form.Item>
            <Form.Item
              label={t('unmask.text')}
              name="text"
              extra={t('unmask.textHelp')}
              rules={[
                { required: true, whitespace: true, message: t('unmask.textRequired') },
                { min: 10, message: t('unmask.textRequired') },
              ]}
            >
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item
              label={t('unmask.reference')}
              name="reference"
              extra={t('unmask.referenceHelp')}
              rules={[
                { required: true, message: t('unmask.referenceRequired') },
                { pattern: REFERENCE, message: t('unmask.referenceInvalid') },
              ]}
            >
              <Input autoComplete="off" maxLength={64} />
            </Form.Item>
            <Form.Item label={t('unmask.note')} name="note">
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
        {unplaced.length === 0 ? null : (
          <Alert
            role="alert"
            type="error"
            showIcon
            title={unplaced[0]}
            description={unplaced.length > 1 ? unplaced.slice(1).join('; ') : undefined}
          />
        )}
      </Form>
    </Modal>
  );
}
