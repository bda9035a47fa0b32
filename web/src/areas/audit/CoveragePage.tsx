// Coverage dashboard: for a site (or every site) and a range of China days, the daily ratio of each gate as a
// chart and a table, the totals, every gap, and both as CSV files.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Empty, Flex, Form, Row, Spin, Statistic, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ApiError, fieldErrors } from '../../api/problem';
import { chinaToday } from '../../app/format';
import { PageHeader } from '../../app/PageHeader';
import { StatusTag, type Tone } from '../../app/StatusTag';
import { CoverageChart } from './CoverageChart';
import {
  addDays,
  coverageCsv,
  dailyLines,
  gapsCsv,
  GATE_RATIOS,
  percent,
  type CoverageGap,
  type CoverageReport,
  type DayLine,
  type GateRatio,
} from './coverageData';
import {
  ALL_SITES,
  ErrorAlert,
  SiteSelect,
  useSites,
  CardTitle,
  TableRegion,
  visuallyHidden,
} from './shared';

const GAP_LIMIT = 2000;
/** Longer periods are read day by day in the table, not in the chart's spoken summary. */
const MAX_DAYS_IN_SUMMARY = 14;

function download(name: string, text: string) {
  // A byte-order mark so that spreadsheet programs read the UTF-8 file as UTF-8.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function toneOf(ratio: number | null): Tone {
  if (ratio === null) return 'neutral';
  if (ratio >= 1) return 'ok';
  return ratio >= 0.98 ? 'warn' : 'bad';
}

export function RatioTag({ value }: { value: number | null }) {
  const { t } = useTranslation('audit');
  const shown = percent(value);
  return <StatusTag tone={toneOf(value)}>{shown === null ? t('coverage.none') : `${shown}%`}</StatusTag>;
}

export default function CoveragePage() {
  const { t } = useTranslation('audit');
  const sites = useSites();
  const today = chinaToday();
  const [siteId, setSiteId] = useState<string>(sites.initial);
  const [range, setRange] = useState<[string, string]>([addDays(today, -6), today]);
  const [form] = Form.useForm();

  const report = useQuery({
    queryKey: ['audit', 'coverage', siteId, range],
    queryFn: async () => {
      try {
        const result = await unwrap(
          api.GET('/api/v1/reports/coverage', {
            params: {
              query: {
                from: range[0],
                to: range[1],
                gapLimit: GAP_LIMIT,
                ...(siteId === ALL_SITES ? {} : { siteId }),
              },
            },
          }),
        );
        form.setFields([
          { name: 'range', errors: [] },
          { name: 'siteId', errors: [] },
        ]);
        return result;
      } catch (error) {
        if (error instanceof ApiError) {
          const { fields } = fieldErrors(error.problem, ['query']);
          form.setFields(
            fields.map((field) => ({
              name: field.name[0] === 'siteId' ? 'siteId' : 'range',
              errors: field.errors,
            })),
          );
        }
        throw error;
      }
    },
  });

  const gateNames = useMemo<Record<GateRatio, string>>(
    () => ({
      realName: t('gate.realName'),
      inspection: t('gate.inspection'),
      xrayBeforeDispatch: t('gate.xrayBeforeDispatch'),
    }),
    [t],
  );
  const lines = useMemo(() => (report.data === undefined ? [] : dailyLines(report.data.rows)), [report.data]);
  const siteLabel = siteId === ALL_SITES ? t('site.all') : (sites.codeOf(siteId) ?? siteId);
  const fileBase = `coverage-${siteId === ALL_SITES ? 'all' : (sites.codeOf(siteId) ?? siteId)}-${range[0]}-${range[1]}`;
  const codeOf = (id: string) => sites.codeOf(id) ?? id;

  const disabledDate = (date: Dayjs) => date.format('YYYY-MM-DD') > today;

  return (
    <>
      <PageHeader
        title={t('coverage.title')}
        extra={
          <Flex gap={8} wrap>
            <Button
              disabled={report.data === undefined}
              onClick={() => report.data && download(`${fileBase}.csv`, coverageCsv(report.data, codeOf))}
            >
              {t('coverage.downloadCsv')}
            </Button>
            <Button
              disabled={report.data === undefined}
              onClick={() =>
                report.data && download(`${fileBase}-gaps.csv`, gapsCsv(report.data.gaps, codeOf))
              }
            >
              {t('coverage.downloadGapsCsv')}
            </Button>
          </Flex>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="inline"
          initialValues={{ siteId, range: [dayjs(range[0]), dayjs(range[1])] }}
          style={{ rowGap: 8 }}
        >
          <Form.Item label={t('site.label')} name="siteId">
            <SiteSelect
              sites={sites}
              onChange={(value) => {
                setSiteId(value);
              }}
            />
          </Form.Item>
          <Form.Item
            label={t('coverage.period')}
            name="range"
            htmlFor="coverage-from"
            extra={t('coverage.periodHelp')}
          >
            <DatePicker.RangePicker
              id={{ start: 'coverage-from', end: 'coverage-to' }}
              allowClear={false}
              disabledDate={disabledDate}
              placeholder={[t('coverage.from'), t('coverage.to')]}
              onChange={(values) => {
                const [from, to] = values ?? [];
                if (from && to) setRange([from.format('YYYY-MM-DD'), to.format('YYYY-MM-DD')]);
              }}
            />
          </Form.Item>
          <label htmlFor="coverage-to" style={visuallyHidden}>
            {t('coverage.to')}
          </label>
        </Form>
      </Card>
      {report.isError && !(report.error instanceof ApiError && report.error.status === 400) && (
        <ErrorAlert error={report.error} />
      )}
      {report.isPending ? (
        <Spin description={t('common:state.loading')}>
          <div style={{ minHeight: 200 }} />
        </Spin>
      ) : report.data === undefined ? null : (
        <CoverageBody
          report={report.data}
          lines={lines}
          gateNames={gateNames}
          siteLabel={siteLabel}
          codeOf={codeOf}
        />
      )}
    </>
  );
}

function CoverageBody({
  report,
  lines,
  gateNames,
  siteLabel,
  codeOf,
}: {
  report: CoverageReport;
  lines: DayLine[];
  gateNames: Record<GateRatio, string>;
  siteLabel: string;
  codeOf: (siteId: string) => string;
}) {
  const { t } = useTranslation('audit');
  const shown = (value: number | null) => {
    const p = percent(value);
    return p === null ? t('coverage.none') : `${p}%`;
  };
  const summary = t('coverage.chartSummary', {
    site: siteLabel,
    from: report.from,
    to: report.to,
    realName: shown(report.totals.ratios.realName),
    inspection: shown(report.totals.ratios.inspection),
    xray: shown(report.totals.ratios.xrayBeforeDispatch),
    gaps: report.gaps.length,
    days:
      lines.length > MAX_DAYS_IN_SUMMARY
        ? t('coverage.chartDaysInTable')
        : lines
            .map((line) =>
              t('coverage.chartDay', {
                day: line.day,
                realName: shown(line.ratios.realName),
                inspection: shown(line.ratios.inspection),
                xray: shown(line.ratios.xrayBeforeDispatch),
              }),
            )
            .join('; '),
  });
  const anything = lines.some((line) => line.presented > 0 || line.enteredNetwork > 0 || line.dispatched > 0);
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {GATE_RATIOS.map((gate) => (
          <Col key={gate} xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={gateNames[gate]}
                value={shown(report.totals.ratios[gate])}
                valueStyle={{ fontSize: 22 }}
              />
            </Card>
          </Col>
        ))}
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('coverage.presented')}
              value={report.totals.presented}
              valueStyle={{ fontSize: 22 }}
            />
          </Card>
        </Col>
      </Row>
      <Card title={<CardTitle>{t('coverage.chartTitle')}</CardTitle>} style={{ marginBottom: 16 }}>
        {anything ? (
          <CoverageChart lines={lines} names={gateNames} summary={summary} />
        ) : (
          <Empty description={t('coverage.noTraffic')} />
        )}
      </Card>
      <Card title={<CardTitle>{t('coverage.dailyTitle')}</CardTitle>} style={{ marginBottom: 16 }}>
        <TableRegion label={t('coverage.dailyTitle')}>
          <Table
            rowKey="day"
            size="small"
            pagination={false}
            dataSource={lines}
            locale={{ emptyText: <Empty description={t('common:state.empty')} /> }}
            columns={[
              { title: t('coverage.day'), dataIndex: 'day' },
              ...GATE_RATIOS.map((gate) => ({
                title: gateNames[gate],
                key: gate,
                render: (_: unknown, line: DayLine) => <RatioTag value={line.ratios[gate]} />,
              })),
              { title: t('coverage.presented'), dataIndex: 'presented' },
              { title: t('coverage.enteredNetwork'), dataIndex: 'enteredNetwork' },
              { title: t('coverage.dispatched'), dataIndex: 'dispatched' },
              ...GATE_RATIOS.map((gate) => ({
                title: t('coverage.missing', { gate: gateNames[gate] }),
                key: `missing-${gate}`,
                render: (_: unknown, line: DayLine) => line.missing[gate],
              })),
            ]}
          />
        </TableRegion>
      </Card>
      <Card title={<CardTitle>{t('coverage.gapsTitle', { count: report.gaps.length })}</CardTitle>}>
        {report.gapsTruncated && (
          <Alert
            type="warning"
            showIcon
            title={t('coverage.gapsTruncated', { count: report.gaps.length })}
            style={{ marginBottom: 12 }}
          />
        )}
        <TableRegion label={t('coverage.gapsTitle', { count: report.gaps.length })}>
          <Table<CoverageGap>
            rowKey={(gap) => `${gap.source}|${gap.siteId}|${gap.day}|${gap.waybillNo}`}
            size="small"
            dataSource={report.gaps}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={t('coverage.noGaps')} /> }}
            columns={[
              { title: t('coverage.day'), dataIndex: 'day' },
              { title: t('site.label'), dataIndex: 'siteId', render: (id: string) => codeOf(id) },
              { title: t('coverage.waybillNo'), dataIndex: 'waybillNo' },
              {
                title: t('coverage.missingGates'),
                key: 'gates',
                render: (_, gap) =>
                  gap.gates.map((gate) => (
                    <StatusTag key={gate} tone="bad">
                      {t(`gapGate.${gate}`)}
                    </StatusTag>
                  )),
              },
              {
                title: t('coverage.source'),
                key: 'source',
                render: (_, gap) =>
                  gap.source === 'scan'
                    ? t(`scanOutcome.${gap.scanOutcome ?? 'unknown-parcel'}`)
                    : t('coverage.sourceParcel', {
                        state:
                          gap.state === null
                            ? '—'
                            : t(`parcelState.${gap.state}`, { defaultValue: gap.state }),
                      }),
              },
            ]}
          />
        </TableRegion>
      </Card>
    </>
  );
}
