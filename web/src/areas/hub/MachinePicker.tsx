import { Alert, Button, Card, Descriptions, Empty, Form, Select, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CardHeading } from './CardHeading';
import { daysUntil } from '../../app/format';
import { StatusTag } from '../../app/StatusTag';
import { fetchMachines, hubKeys, type Machine } from './hubApi';

/** How long a machine's certificate still runs, as a coloured tag (a month or less: warn). */
export function CertificateTag({ until }: { until: string }) {
  const { t } = useTranslation('hub');
  const days = daysUntil(until);
  if (days < 0) return <StatusTag tone="bad">{t('machine.expired')}</StatusTag>;
  if (days <= 30) return <StatusTag tone="warn">{t('machine.expiresInDays', { count: days })}</StatusTag>;
  return <StatusTag tone="ok">{t('machine.certified')}</StatusTag>;
}

/**
 * The X-ray machine the screener works at: only the site's machines certified today (a scan from any other is
 * refused by the API), each with its certificate's expiry.
 */
export function MachinePicker({
  siteId,
  machine,
  onChange,
}: {
  siteId: string;
  machine: Machine | null;
  onChange: (machine: Machine | null) => void;
}) {
  const { t } = useTranslation('hub');
  const machines = useQuery({ queryKey: hubKeys.machines(siteId), queryFn: () => fetchMachines(siteId) });
  const certified = (machines.data ?? []).filter(
    (candidate) => candidate.siteId === siteId && candidate.status === 'active' && candidate.certifiedToday,
  );
  const uncertified = (machines.data ?? []).length - certified.length;
  return (
    <Card title={<CardHeading>{t('machine.title')}</CardHeading>} style={{ marginBottom: 16 }}>
      {machines.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : machines.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('loadFailed')}
          action={<Button onClick={() => void machines.refetch()}>{t('common:state.retry')}</Button>}
        />
      ) : certified.length === 0 ? (
        <Empty description={t('machine.none')} />
      ) : (
        <>
          <Form layout="vertical" requiredMark={false}>
            <Form.Item label={t('machine.label')} htmlFor="hub-machine" style={{ marginBottom: 12 }}>
              <Select
                id="hub-machine"
                placeholder={t('machine.placeholder')}
                value={machine?.machineCode}
                onChange={(code: string) =>
                  onChange(certified.find((candidate) => candidate.machineCode === code) ?? null)
                }
                options={certified.map((candidate) => ({
                  value: candidate.machineCode,
                  label: t('machine.option', {
                    code: candidate.machineCode,
                    maker: candidate.maker,
                    model: candidate.model,
                    until: candidate.certifiedUntil,
                  }),
                }))}
              />
            </Form.Item>
          </Form>
          {machine === null ? null : (
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t('machine.standard')}>{machine.standard}</Descriptions.Item>
              <Descriptions.Item label={t('machine.certificateNo')}>
                {machine.certificateNo}
              </Descriptions.Item>
              <Descriptions.Item label={t('machine.certifiedUntil')}>
                {machine.certifiedUntil} <CertificateTag until={machine.certifiedUntil} />
              </Descriptions.Item>
              <Descriptions.Item label={t('machine.lastCalibratedOn')}>
                {machine.lastCalibratedOn}
              </Descriptions.Item>
            </Descriptions>
          )}
          {uncertified > 0 ? (
            <Alert type="info" showIcon title={t('machine.hidden', { count: uncertified })} />
          ) : null}
        </>
      )}
    </Card>
  );
}
