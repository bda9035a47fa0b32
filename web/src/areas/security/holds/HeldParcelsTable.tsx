import { Empty, Flex, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { chinaDateTime } from '../../../app/format';
import { StatusTag } from '../../../app/StatusTag';
import { personName, siteLabel, type HeldParcel, type Site, type StaffMember } from './data';

const DAY = 86_400_000;

/** Held parcels (inside a headed card): waybill, why, since when and by whom (long holds flagged), where and who has it. */
export function HeldParcelsTable({
  parcels,
  loading,
  sites,
  staff,
  actions,
}: {
  parcels: HeldParcel[] | undefined;
  loading: boolean;
  sites: Site[] | undefined;
  staff: StaffMember[] | undefined;
  actions?: (parcel: HeldParcel) => ReactNode;
}) {
  const { t } = useTranslation('holds');
  return (
    <Table<HeldParcel>
      rowKey="waybillNo"
      size="middle"
      loading={loading}
      dataSource={parcels ?? []}
      pagination={(parcels?.length ?? 0) > 20 ? { pageSize: 20 } : false}
      locale={{ emptyText: <Empty description={t('empty')} /> }}
      columns={[
        {
          title: t('columns.waybillNo'),
          dataIndex: 'waybillNo',
          render: (waybillNo: string) => (
            <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
              {waybillNo}
            </Typography.Text>
          ),
        },
        {
          title: t('columns.reason'),
          key: 'reason',
          render: (_, parcel) => (
            <>
              <StatusTag tone={parcel.source === 'intake' ? 'info' : 'bad'}>
                {t(`source.${parcel.source}`)}
              </StatusTag>{' '}
              {parcel.reason ?? t('reasonWithheld')}
            </>
          ),
        },
        {
          title: t('columns.since'),
          key: 'since',
          render: (_, parcel) => {
            const days = Math.floor((Date.now() - parcel.heldAt) / DAY);
            const by =
              parcel.heldBy === null
                ? t('heldByIntake')
                : parcel.heldBy.type === 'staff'
                  ? personName(parcel.heldBy.id, staff, t('otherStaff'))
                  : t('heldBySystem');
            return (
              <Flex vertical gap={2}>
                <span>
                  {chinaDateTime(parcel.heldAt)}{' '}
                  {days >= 3 ? <StatusTag tone="warn">{t('heldDays', { count: days })}</StatusTag> : null}
                </span>
                <Typography.Text type="secondary">{t('heldByLine', { by })}</Typography.Text>
              </Flex>
            );
          },
        },
        {
          title: t('columns.where'),
          key: 'where',
          render: (_, parcel) => (
            <Flex vertical gap={2}>
              <span>{siteLabel(parcel.heldAtSiteId, sites)}</span>
              <Typography.Text type="secondary">
                {parcel.location === null
                  ? t('custodyBy', { who: personName(parcel.custodian, staff, t('otherStaff')) })
                  : t('custodyAt', {
                      who: personName(parcel.custodian, staff, t('otherStaff')),
                      where: parcel.location,
                    })}
              </Typography.Text>
            </Flex>
          ),
        },
        ...(actions === undefined
          ? []
          : [
              {
                title: t('columns.actions'),
                key: 'actions',
                render: (_: unknown, parcel: HeldParcel) => actions(parcel),
              },
            ]),
      ]}
    />
  );
}
