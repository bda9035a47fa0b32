import { Card, Descriptions, Empty, Table, Timeline as AntTimeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CardHeading } from './CardHeading';
import { chinaDateTime } from '../../app/format';
import { StatusTag, type Tone } from '../../app/StatusTag';
import type { Site, Timeline } from './parcelsApi';
import { SenderCard } from './SenderCard';

const STATE_TONES: Record<string, Tone> = {
  'awaiting-inspection': 'info',
  accepted: 'info',
  'open-inspection': 'warn',
  screened: 'ok',
  dispatched: 'ok',
  delivered: 'ok',
  refused: 'bad',
  held: 'bad',
  seized: 'bad',
  'handed-to-authority': 'bad',
};
/** Whom a parcel was handed to is worth reading for these (a bag, a person named at a hand-over); elsewhere it is a staff id. */
const SHOWN_CUSTODIANS = new Set(['dispatch', 'custody', 'hold']);
const VERDICT_TONES: Record<string, Tone> = {
  clear: 'ok',
  watch: 'info',
  restricted: 'warn',
  prohibited: 'bad',
};

/** A parcel's timeline as the API gives it: masked, every gate, every event. */
export function TimelineView({ timeline, sites }: { timeline: Timeline; sites: Site[] }) {
  const { t } = useTranslation('parcels');
  const siteName = (id: string) => {
    const site = sites.find((candidate) => candidate.id === id);
    return site === undefined ? id : `${site.name} (${site.code})`;
  };
  const when = (at: number | null) => (at === null ? t('gates.notYet') : chinaDateTime(at));
  const state = (value: string) => t(`states.${value}`, { defaultValue: value });
  const place = (where: Timeline['origin']) =>
    [where.country, where.regionCode, where.addressMasked]
      .filter((part) => part !== null && part !== '')
      .join(' · ');
  const { gates } = timeline;
  return (
    <>
      <Card
        title={<CardHeading>{t('parcel.title', { waybillNo: timeline.waybillNo })}</CardHeading>}
        extra={<StatusTag tone={STATE_TONES[timeline.state] ?? 'neutral'}>{state(timeline.state)}</StatusTag>}
        style={{ marginBottom: 16 }}
      >
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('parcel.state')}>
            {state(timeline.state)}
            {timeline.heldFrom === null
              ? null
              : ` ${t('parcel.heldFrom', { state: state(timeline.heldFrom) })}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('parcel.decision')}>
            {t(`decisions.${timeline.decision}`, { defaultValue: timeline.decision })}
          </Descriptions.Item>
          <Descriptions.Item label={t('parcel.route')}>
            {t(`routes.${timeline.route}`, { defaultValue: timeline.route })}
          </Descriptions.Item>
          <Descriptions.Item label={t('parcel.takenIn')}>
            {`${chinaDateTime(timeline.createdAt)} · ${siteName(timeline.siteId)}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('parcel.origin')}>{place(timeline.origin)}</Descriptions.Item>
          <Descriptions.Item label={t('parcel.destination')}>{place(timeline.destination)}</Descriptions.Item>
          <Descriptions.Item label={t('parcel.recipient')}>
            {`${timeline.recipient.nameMasked} · ${timeline.recipient.phoneMasked}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('parcel.weight')}>
            {t('parcel.grams', { count: timeline.weightGrams })}
          </Descriptions.Item>
          {timeline.reasons.length === 0 ? null : (
            <Descriptions.Item label={t('parcel.reasons')} span="filled">
              {timeline.reasons.join('; ')}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <Card title={<CardHeading>{t('gates.title')}</CardHeading>} style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('gates.identity')}>
            {t(`gateKinds.${gates.identity.kind}`, { defaultValue: gates.identity.kind })} ·{' '}
            {t(`gateDecisions.${gates.identity.decision}`, { defaultValue: gates.identity.decision })}
          </Descriptions.Item>
          <Descriptions.Item label={t('gates.screening')}>
            <StatusTag tone={VERDICT_TONES[gates.screening.verdict] ?? 'neutral'}>
              {t(`verdicts.${gates.screening.verdict}`, { defaultValue: gates.screening.verdict })}
            </StatusTag>
            {t('gates.catalogue', { version: gates.screening.catalogueVersion })}
          </Descriptions.Item>
          <Descriptions.Item label={t('gates.risk')}>
            {t('gates.riskScore', { score: gates.risk.score, count: gates.risk.hits.length })}
          </Descriptions.Item>
          <Descriptions.Item label={t('gates.inspection')}>
            {when(gates.inspection.at)}
            {gates.inspection.mark === null ? null : ` · ${t('gates.marked')}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('gates.xray')}>{when(gates.xray.screenedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('gates.dispatch')}>{when(gates.dispatch.at)}</Descriptions.Item>
        </Descriptions>
      </Card>

      {gates.identity.senderId === null ? null : <SenderCard senderId={gates.identity.senderId} />}

      <Card title={<CardHeading>{t('items.title')}</CardHeading>} style={{ marginBottom: 16 }}>
        <Table
          size="small"
          rowKey="position"
          pagination={false}
          dataSource={timeline.items}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('items.empty')} />,
          }}
          columns={[
            { title: t('items.description'), dataIndex: 'description' },
            {
              title: t('items.quantity'),
              key: 'quantity',
              render: (_, item) =>
                item.quantity === null ? '—' : `${item.quantity} ${item.unit ?? ''}`.trim(),
            },
            {
              title: t('items.verdict'),
              key: 'verdict',
              render: (_, item) => (
                <StatusTag tone={VERDICT_TONES[item.verdict] ?? 'neutral'}>
                  {t(`verdicts.${item.verdict}`, { defaultValue: item.verdict })}
                </StatusTag>
              ),
            },
            {
              title: t('items.category'),
              dataIndex: 'category',
              render: (value: string | null) => value ?? '—',
            },
          ]}
        />
      </Card>

      <Card title={<CardHeading>{t('events.title')}</CardHeading>} style={{ marginBottom: 16 }}>
        {timeline.events.length === 0 ? (
          <Empty description={t('events.empty')} />
        ) : (
          <AntTimeline
            items={timeline.events.map((event, index) => ({
              key: `${event.at}-${index}`,
              content: (
                <>
                  <Typography.Text strong>
                    {t(`eventKinds.${event.kind}`, { defaultValue: event.kind })}
                  </Typography.Text>
                  <Typography.Text>{` · ${chinaDateTime(event.at)}`}</Typography.Text>
                  {event.toState === null || event.toState === event.fromState ? null : (
                    <div>{t('events.to', { state: state(event.toState) })}</div>
                  )}
                  {event.reason === null ? null : <div>{t('events.reason', { reason: event.reason })}</div>}
                  {event.location === null ? null : (
                    <div>{t('events.location', { location: event.location })}</div>
                  )}
                  {event.custodian === null || !SHOWN_CUSTODIANS.has(event.kind) ? null : (
                    <div>{t('events.custodian', { custodian: event.custodian })}</div>
                  )}
                </>
              ),
            }))}
          />
        )}
      </Card>
    </>
  );
}
