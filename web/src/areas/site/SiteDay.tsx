import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, Empty, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { chinaDateTime } from '../../app/format';
import { StatusTag, type Tone } from '../../app/StatusTag';
import { useHeldParcels, useSites, useStaff, type StaffMember } from '../security/holds/data';
import { HeldParcelsTable } from '../security/holds/HeldParcelsTable';
import { ScrollRegion } from '../security/holds/ScrollRegion';
import { calibrationDue, chinaDayBounds, currentCertifications, expiryOf } from './expiry';

type Coverage = paths['/api/v1/reports/coverage']['get']['responses'][200]['content']['application/json'];
type Gap = Coverage['gaps'][number];
type Refusal =
  paths['/api/v1/identity/refusals']['get']['responses'][200]['content']['application/json'][number];
type Certification =
  paths['/api/v1/staff/{id}/certifications']['get']['responses'][200]['content']['application/json'][number];
type Machine = paths['/api/v1/machines']['get']['responses'][200]['content']['application/json'][number];

const GAP_LIMIT = 200;

interface StaffRow {
  member: StaffMember;
  certifications: Certification[] | undefined;
  needsAction: number;
}

/** One site's day: counts on top, then a section each (coverage gaps, refusals, holds, staff, machines). */
export function SiteDay({ siteId, day }: { siteId: string; day: string }) {
  const { t } = useTranslation('site');
  const { start, end } = chinaDayBounds(day);

  const coverage = useQuery({
    queryKey: ['site-day', 'coverage', siteId, day],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/reports/coverage', {
          params: { query: { from: day, to: day, siteId, gapLimit: GAP_LIMIT } },
        }),
      ),
  });
  const refusals = useQuery({
    queryKey: ['site-day', 'refusals', siteId, day],
    queryFn: async () => {
      const rows = await unwrap(
        api.GET('/api/v1/identity/refusals', { params: { query: { siteId, before: end, limit: 1000 } } }),
      );
      return rows.filter((refusal) => refusal.createdAt >= start);
    },
  });
  const holds = useHeldParcels(siteId);
  const sites = useSites();
  const staff = useStaff(siteId);
  const certifications = useQueries({
    queries: (staff.data ?? []).map((member) => ({
      queryKey: ['staff', member.id, 'certifications'],
      queryFn: () =>
        unwrap(api.GET('/api/v1/staff/{id}/certifications', { params: { path: { id: member.id } } })),
    })),
  });
  const machines = useQuery({
    queryKey: ['site-day', 'machines', siteId],
    queryFn: () => unwrap(api.GET('/api/v1/machines', { params: { query: { siteId } } })),
  });

  const staffRows: StaffRow[] = (staff.data ?? [])
    .map((member, index) => {
      const held = certifications[index]?.data;
      const current = held === undefined ? [] : currentCertifications(held);
      return {
        member,
        certifications: held,
        needsAction: current.filter((c) => expiryOf(c.expiresOn).needsAction).length,
      };
    })
    .sort((a, b) => b.needsAction - a.needsAction || a.member.name.localeCompare(b.member.name));
  const certificationsNeedingAction = staffRows.reduce((sum, row) => sum + row.needsAction, 0);
  const activeMachines = (machines.data ?? []).filter((machine) => machine.status === 'active');
  const machinesNeedingAction = activeMachines.filter(machineNeedsAction).length;
  const totals = coverage.data?.totals;
  const gapCount =
    totals === undefined ? undefined : totals.realNameGaps + totals.inspectionGaps + totals.xrayGaps;

  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]}>
        <Stat title={t('stats.presented')} value={totals?.presented} loading={coverage.isPending} />
        <Stat title={t('stats.accepted')} value={totals?.accepted} loading={coverage.isPending} />
        <Stat title={t('stats.refused')} value={totals?.refused} loading={coverage.isPending} />
        <Stat
          title={t('stats.gaps')}
          value={gapCount}
          loading={coverage.isPending}
          tone={gapCount === undefined || gapCount === 0 ? undefined : 'bad'}
        />
        <Stat
          title={t('stats.identityRefusals')}
          value={refusals.data?.length}
          loading={refusals.isPending}
        />
        <Stat
          title={t('stats.held')}
          value={holds.data?.length}
          loading={holds.isPending}
          tone={(holds.data?.length ?? 0) > 0 ? 'warn' : undefined}
        />
        <Stat
          title={t('stats.certifications')}
          value={certificationsNeedingAction}
          loading={staff.isPending || certifications.some((query) => query.isPending)}
          tone={certificationsNeedingAction > 0 ? 'warn' : undefined}
        />
        <Stat
          title={t('stats.machines')}
          value={machinesNeedingAction}
          loading={machines.isPending}
          tone={machinesNeedingAction > 0 ? 'warn' : undefined}
        />
      </Row>

      <Section title={t('coverage.title')} error={coverage.error}>
        {coverage.data === undefined ? (
          <Table loading dataSource={[]} columns={[]} />
        ) : (
          <CoverageSection coverage={coverage.data} />
        )}
      </Section>

      <Section title={t('refusals.title')} error={refusals.error}>
        <Table<Refusal>
          rowKey="id"
          size="middle"
          loading={refusals.isPending}
          dataSource={refusals.data ?? []}
          pagination={(refusals.data?.length ?? 0) > 20 ? { pageSize: 20 } : false}
          locale={{ emptyText: <Empty description={t('refusals.empty')} /> }}
          columns={[
            {
              title: t('refusals.time'),
              dataIndex: 'createdAt',
              render: (at: number) => chinaDateTime(at),
            },
            {
              title: t('refusals.reason'),
              dataIndex: 'reason',
              render: (reason: string) => <StatusTag tone="bad">{t(`refusalReasons.${reason}`)}</StatusTag>,
            },
            {
              title: t('refusals.gate'),
              dataIndex: 'gateKind',
              render: (kind: string) => t(`gateKinds.${kind}`),
            },
            {
              title: t('refusals.by'),
              key: 'by',
              render: (_, refusal) =>
                staff.data?.find((member) => member.id === refusal.actorId)?.name ??
                t(`actorTypes.${refusal.actorType === 'staff' ? 'staff' : 'other'}`),
            },
          ]}
        />
      </Section>

      <Section title={t('holds.title')} error={holds.error}>
        <HeldParcelsTable
          parcels={holds.data}
          loading={holds.isPending}
          sites={sites.data}
          staff={staff.data}
        />
      </Section>

      <Section title={t('staff.title')} error={staff.error}>
        <Table<StaffRow>
          rowKey={(row) => row.member.id}
          size="middle"
          loading={staff.isPending}
          dataSource={staffRows}
          pagination={staffRows.length > 20 ? { pageSize: 20 } : false}
          locale={{ emptyText: <Empty description={t('staff.empty')} /> }}
          columns={[
            {
              title: t('staff.name'),
              key: 'name',
              render: (_, row) => (
                <>
                  <Typography.Text strong>{row.member.name}</Typography.Text>
                  {row.member.status === 'suspended' ? (
                    <>
                      {' '}
                      <StatusTag tone="neutral">{t('staff.suspended')}</StatusTag>
                    </>
                  ) : null}
                </>
              ),
            },
            {
              title: t('staff.roles'),
              key: 'roles',
              render: (_, row) =>
                row.member.roles.map((role) => <Tag key={role}>{t(`common:roles.${role}`)}</Tag>),
            },
            {
              title: t('staff.certifications'),
              key: 'certifications',
              render: (_, row) => <CertificationList certifications={row.certifications} />,
            },
          ]}
        />
      </Section>

      <Section title={t('machines.title')} error={machines.error}>
        <Table<Machine>
          rowKey="id"
          size="middle"
          loading={machines.isPending}
          dataSource={[...(machines.data ?? [])].sort(
            (a, b) => Number(machineNeedsAction(b)) - Number(machineNeedsAction(a)),
          )}
          pagination={false}
          locale={{ emptyText: <Empty description={t('machines.empty')} /> }}
          columns={[
            { title: t('machines.code'), dataIndex: 'machineCode' },
            {
              title: t('machines.model'),
              key: 'model',
              render: (_, machine) => `${machine.maker} ${machine.model}`,
            },
            {
              title: t('machines.status'),
              dataIndex: 'status',
              render: (status: string) => (
                <StatusTag tone={status === 'active' ? 'ok' : 'neutral'}>
                  {t(`machines.statuses.${status === 'active' ? 'active' : 'retired'}`)}
                </StatusTag>
              ),
            },
            {
              title: t('machines.certifiedUntil'),
              key: 'certifiedUntil',
              render: (_, machine) => (
                <ExpiryCell date={machine.certifiedUntil} active={machine.status === 'active'} />
              ),
            },
            {
              title: t('machines.calibrationDue'),
              key: 'calibration',
              render: (_, machine) => (
                <ExpiryCell
                  date={calibrationDue(machine.lastCalibratedOn)}
                  active={machine.status === 'active'}
                  note={t('machines.lastCalibrated', { date: machine.lastCalibratedOn })}
                />
              ),
            },
          ]}
        />
      </Section>
    </Flex>
  );
}

function machineNeedsAction(machine: Machine): boolean {
  return (
    machine.status === 'active' &&
    (expiryOf(machine.certifiedUntil).needsAction ||
      expiryOf(calibrationDue(machine.lastCalibratedOn)).needsAction)
  );
}

function Stat({
  title,
  value,
  loading,
  tone,
}: {
  title: string;
  value: number | undefined;
  loading: boolean;
  tone?: Tone;
}) {
  const colour = tone === 'bad' ? '#a8071a' : tone === 'warn' ? '#ad4e00' : undefined;
  return (
    <Col xs={12} md={8} lg={6} role="group" aria-label={title}>
      <Card size="small" style={{ height: '100%' }}>
        <Statistic
          title={title}
          value={value ?? 0}
          loading={loading}
          styles={colour === undefined ? {} : { content: { color: colour } }}
        />
      </Card>
    </Col>
  );
}

function Section({ title, error, children }: { title: string; error: Error | null; children: ReactNode }) {
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 16 }}>
          {title}
        </Typography.Title>
      }
    >
      {error === null ? null : (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error.message} />
      )}
      <ScrollRegion label={title}>{children}</ScrollRegion>
    </Card>
  );
}

function ExpiryCell({ date, active, note }: { date: string; active: boolean; note?: string }) {
  const { t } = useTranslation('site');
  const expiry = expiryOf(date);
  return (
    <Flex vertical gap={2}>
      <span>
        {date}{' '}
        {active && expiry.needsAction ? (
          <StatusTag tone={expiry.tone}>
            {expiry.days < 0
              ? t('expiry.overdue', { count: -expiry.days })
              : t('expiry.inDays', { count: expiry.days })}
          </StatusTag>
        ) : null}
      </span>
      {note === undefined ? null : <Typography.Text type="secondary">{note}</Typography.Text>}
    </Flex>
  );
}

function CertificationList({ certifications }: { certifications: Certification[] | undefined }) {
  const { t } = useTranslation('site');
  if (certifications === undefined)
    return <Typography.Text type="secondary">{t('staff.loading')}</Typography.Text>;
  const current = currentCertifications(certifications);
  if (current.length === 0) return <Typography.Text type="secondary">{t('staff.none')}</Typography.Text>;
  return (
    <Flex vertical gap={4}>
      {current.map((certification) => {
        const expiry = expiryOf(certification.expiresOn);
        return (
          <span key={certification.id}>
            {t(`common:certifications.${certification.kind}`)}{' '}
            <StatusTag tone={expiry.tone}>
              {expiry.days < 0
                ? t('expiry.expired', { date: certification.expiresOn })
                : expiry.needsAction
                  ? t('expiry.expiresSoon', { count: expiry.days, date: certification.expiresOn })
                  : t('expiry.validUntil', { date: certification.expiresOn })}
            </StatusTag>
          </span>
        );
      })}
    </Flex>
  );
}

function percent(ratio: number | null): string {
  return ratio === null ? '—' : `${Math.round(ratio * 1000) / 10}%`;
}

function CoverageSection({ coverage }: { coverage: Coverage }) {
  const { t } = useTranslation('site');
  const { totals } = coverage;
  const ratio = (value: number | null) => (
    <StatusTag tone={value === null ? 'neutral' : value >= 1 ? 'ok' : value >= 0.95 ? 'warn' : 'bad'}>
      {percent(value)}
    </StatusTag>
  );
  return (
    <Flex vertical gap={12}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
        <Descriptions.Item label={t('coverage.realName')}>{ratio(totals.ratios.realName)}</Descriptions.Item>
        <Descriptions.Item label={t('coverage.inspection')}>
          {ratio(totals.ratios.inspection)}
        </Descriptions.Item>
        <Descriptions.Item label={t('coverage.xray')}>
          {ratio(totals.ratios.xrayBeforeDispatch)}
        </Descriptions.Item>
        <Descriptions.Item label={t('coverage.enteredNetwork')}>{totals.enteredNetwork}</Descriptions.Item>
        <Descriptions.Item label={t('coverage.dispatched')}>{totals.dispatched}</Descriptions.Item>
        <Descriptions.Item label={t('coverage.holdsToday')}>{totals.holds}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={3} style={{ margin: 0, fontSize: 15 }}>
        {t('coverage.gapsTitle')}
      </Typography.Title>
      {coverage.gapsTruncated ? (
        <Alert type="warning" showIcon title={t('coverage.truncated', { count: coverage.gaps.length })} />
      ) : null}
      <Table<Gap>
        rowKey={(gap) => `${gap.source}:${gap.waybillNo}:${gap.day}`}
        size="small"
        dataSource={coverage.gaps}
        pagination={coverage.gaps.length > 20 ? { pageSize: 20 } : false}
        locale={{ emptyText: <Empty description={t('coverage.noGaps')} /> }}
        columns={[
          { title: t('coverage.waybillNo'), dataIndex: 'waybillNo' },
          {
            title: t('coverage.gatesMissed'),
            key: 'gates',
            render: (_, gap) =>
              gap.gates.map((gate) => (
                <StatusTag key={gate} tone="bad">
                  {t(`coverage.gates.${gate}`)}
                </StatusTag>
              )),
          },
          {
            title: t('coverage.source'),
            key: 'source',
            render: (_, gap) =>
              gap.source === 'scan' && gap.scanOutcome !== null
                ? t(`coverage.scanOutcomes.${gap.scanOutcome}`)
                : t('coverage.sources.parcel'),
          },
          {
            title: t('coverage.state'),
            key: 'state',
            render: (_, gap) =>
              gap.state === null ? '—' : t(`states.${gap.state}`, { defaultValue: gap.state }),
          },
        ]}
      />
    </Flex>
  );
}
