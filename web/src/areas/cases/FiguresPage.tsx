// Case figures (cases:figures) over a range of China days: the clue → case → report funnel per site and month
// (a chart with a spoken summary, and the table), the time from clue to hold and to report, outcomes by category,
// reports per authority and status, and recognition (submitted reports per site and per person).
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, DatePicker, Empty, Form, Row, Spin, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { chinaToday } from '../../app/format';
import { PageHeader } from '../../app/PageHeader';
import { ALL_SITES, SiteSelect, useSites, visuallyHidden } from '../audit/shared';
import { problemText } from './download';
import { FunnelChart, type FunnelMonth } from './FiguresChart';
import type { paths } from '../../api/schema';

type Figures = paths['/api/v1/case-figures']['get']['responses'][200]['content']['application/json'];
type Duration = Figures['clueToHold'];

/** The first day of the China month a year before today: a year of months by default. */
function yearAgo(today: string): string {
  return `${Number(today.slice(0, 4)) - 1}${today.slice(4, 8)}01`;
}

export default function FiguresPage() {
  const { t } = useTranslation('cases');
  const sites = useSites();
  const today = chinaToday();
  const [siteId, setSiteId] = useState<string>(sites.initial);
  const [range, setRange] = useState<[string, string]>([yearAgo(today), today]);

  const figures = useQuery({
    queryKey: ['case-figures', siteId, range],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/case-figures', {
          params: {
            query: { from: range[0], to: range[1], ...(siteId === ALL_SITES ? {} : { siteId }) },
          },
        }),
      ),
  });

  const siteName = (id: string | null) => (id === null ? t('figures.noSite') : (sites.codeOf(id) ?? id));
  const stageNames = useMemo(
    () => ({ clues: t('figures.clues'), cases: t('figures.cases'), reports: t('figures.reports') }),
    [t],
  );
  const months = useMemo<FunnelMonth[]>(() => {
    const byMonth = new Map<string, FunnelMonth>();
    for (const row of figures.data?.funnel ?? []) {
      const line = byMonth.get(row.month) ?? { month: row.month, clues: 0, cases: 0, reports: 0 };
      line.clues += row.clues;
      line.cases += row.cases;
      line.reports += row.reports;
      byMonth.set(row.month, line);
    }
    return [...byMonth.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
  }, [figures.data]);
  const totals = months.reduce(
    (sum, line) => ({
      clues: sum.clues + line.clues,
      cases: sum.cases + line.cases,
      reports: sum.reports + line.reports,
    }),
    { clues: 0, cases: 0, reports: 0 },
  );
  const summary = [
    t('figures.summary', { from: range[0], to: range[1], ...totals }),
    ...months.map((line) => t('figures.summaryMonth', { ...line })),
  ].join(' ');

  const minutes = (value: number | null) => (value === null ? '—' : t('figures.minutes', { count: value }));
  const durationRows = figures.data
    ? [
        { key: 'hold', label: t('figures.clueToHold'), ...figures.data.clueToHold },
        { key: 'report', label: t('figures.clueToReport'), ...figures.data.clueToReport },
      ]
    : [];

  return (
    <>
      <PageHeader title={t('figures.title')} />
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('figures.site')} htmlFor="figures-site">
            <SiteSelect id="figures-site" sites={sites} value={siteId} onChange={setSiteId} />
          </Form.Item>
          <Form.Item label={t('figures.period')} htmlFor="figures-from">
            <DatePicker.RangePicker
              id={{ start: 'figures-from', end: 'figures-to' }}
              allowClear={false}
              value={[dayjs(range[0]), dayjs(range[1])]}
              disabledDate={(date) => date.format('YYYY-MM-DD') > today}
              placeholder={[t('figures.from'), t('figures.to')]}
              onChange={(values) => {
                const [from, to] = values ?? [];
                if (from && to) setRange([from.format('YYYY-MM-DD'), to.format('YYYY-MM-DD')]);
              }}
            />
          </Form.Item>
          <label htmlFor="figures-to" style={visuallyHidden}>
            {t('figures.to')}
          </label>
        </Form>
      </Card>
      {figures.isError && <Alert type="error" showIcon title={problemText(figures.error)} />}
      {figures.isPending && <Spin aria-label={t('figures.loading')} />}
      {figures.data !== undefined && (
        <Row gutter={[16, 16]}>
          <Col span={24}>
            <Card title={<CardHeading>{t('figures.funnelTitle')}</CardHeading>}>
              {months.length === 0 ? (
                <Empty description={t('figures.none')} />
              ) : (
                <FunnelChart months={months} names={stageNames} summary={summary} />
              )}
              <Typography.Paragraph style={{ marginTop: 8 }}>{summary}</Typography.Paragraph>
              <Table
                rowKey={(row) => `${row.siteId ?? '-'}:${row.month}`}
                size="small"
                pagination={false}
                dataSource={figures.data.funnel}
                locale={{ emptyText: <Empty description={t('figures.none')} /> }}
                columns={[
                  { title: t('figures.site'), dataIndex: 'siteId', render: siteName },
                  { title: t('figures.month'), dataIndex: 'month' },
                  { title: t('figures.clues'), dataIndex: 'clues', align: 'right' },
                  { title: t('figures.cases'), dataIndex: 'cases', align: 'right' },
                  { title: t('figures.reports'), dataIndex: 'reports', align: 'right' },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={<CardHeading>{t('figures.timesTitle')}</CardHeading>}>
              <Table<Duration & { key: string; label: string }>
                rowKey="key"
                size="small"
                pagination={false}
                dataSource={durationRows}
                columns={[
                  { title: t('figures.measure'), dataIndex: 'label' },
                  { title: t('figures.count'), dataIndex: 'count', align: 'right' },
                  { title: t('figures.median'), dataIndex: 'medianMinutes', render: minutes },
                  { title: t('figures.p90'), dataIndex: 'p90Minutes', render: minutes },
                  { title: t('figures.max'), dataIndex: 'maxMinutes', render: minutes },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={<CardHeading>{t('figures.outcomesTitle')}</CardHeading>}>
              <Table
                rowKey={(row) => `${row.category ?? '-'}:${row.outcome}`}
                size="small"
                pagination={false}
                dataSource={figures.data.outcomesByCategory}
                locale={{ emptyText: <Empty description={t('figures.none')} /> }}
                columns={[
                  {
                    title: t('figures.category'),
                    dataIndex: 'category',
                    render: (value: string | null) => value ?? t('figures.noCategory'),
                  },
                  {
                    title: t('outcome'),
                    dataIndex: 'outcome',
                    render: (value: string) => t(`outcomes.${value}`, { defaultValue: value }),
                  },
                  { title: t('figures.count'), dataIndex: 'count', align: 'right' },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={<CardHeading>{t('figures.authoritiesTitle')}</CardHeading>}>
              <Table
                rowKey={(row) => `${row.authority}:${row.status}`}
                size="small"
                pagination={false}
                dataSource={figures.data.reportsByAuthority}
                locale={{ emptyText: <Empty description={t('figures.none')} /> }}
                columns={[
                  {
                    title: t('figures.authority'),
                    dataIndex: 'authority',
                    render: (value: string) => t(`authorities.${value}`, { defaultValue: value }),
                  },
                  {
                    title: t('status'),
                    dataIndex: 'status',
                    render: (value: string) => t(`reportStatuses.${value}`, { defaultValue: value }),
                  },
                  { title: t('figures.count'), dataIndex: 'count', align: 'right' },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={<CardHeading>{t('figures.recognitionTitle')}</CardHeading>}>
              <Table
                rowKey={(row) => row.siteId ?? '-'}
                size="small"
                pagination={false}
                dataSource={figures.data.recognition.sites}
                locale={{ emptyText: <Empty description={t('figures.none')} /> }}
                columns={[
                  { title: t('figures.site'), dataIndex: 'siteId', render: siteName },
                  { title: t('figures.submitted'), dataIndex: 'reports', align: 'right' },
                ]}
              />
              <Table
                style={{ marginTop: 16 }}
                rowKey="staffId"
                size="small"
                pagination={false}
                dataSource={figures.data.recognition.people}
                locale={{ emptyText: <Empty description={t('figures.none')} /> }}
                columns={[
                  {
                    title: t('figures.person'),
                    dataIndex: 'staffId',
                    render: (id: string, person) => person.name ?? id,
                  },
                  { title: t('figures.submitted'), dataIndex: 'reports', align: 'right' },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}

function CardHeading({ children }: { children: string }) {
  return (
    <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
      {children}
    </Typography.Title>
  );
}
