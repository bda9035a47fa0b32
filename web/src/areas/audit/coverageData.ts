// The coverage report as the dashboard shows it: one line per day (every site of the report summed, the
// ratios recomputed as src/reports/coverage.ts defines them) and the CSV files a regulator downloads (the same
// columns as `parcelguard report coverage --format csv` and its `--gaps-out`). Pure, no React.
import type { paths } from '../../api/schema';

export type CoverageReport =
  paths['/api/v1/reports/coverage']['get']['responses'][200]['content']['application/json'];
export type CoverageRow = CoverageReport['rows'][number];
export type CoverageGap = CoverageReport['gaps'][number];
type Counts = Omit<CoverageRow, 'siteId' | 'day' | 'ratios'>;
type NumericField = Exclude<keyof Counts, 'refusedByReason'>;

/** The count columns, in the server's order (coverage.ts emptyCounts). */
export const COUNT_FIELDS: readonly NumericField[] = [
  'presented',
  'refused',
  'accepted',
  'realNamePassed',
  'realNameVerifiedSender',
  'realNameAgreement',
  'inspected',
  'inspectedWithMark',
  'xrayClear',
  'dispatched',
  'xrayBeforeDispatch',
  'enteredNetwork',
  'heldAtIntake',
  'holds',
  'clues',
  'scansRejected',
  'realNameGaps',
  'inspectionGaps',
  'xrayGaps',
  'hubHeldUnmarked',
  'hubUnknownParcel',
];
const RATIO_FIELDS = ['realName', 'inspection', 'xrayBeforeDispatch', 'acceptance', 'refusal'] as const;
export type Ratios = CoverageRow['ratios'];

/** The gates the chart draws, each with the ratio it reads. */
export const GATE_RATIOS = ['realName', 'inspection', 'xrayBeforeDispatch'] as const;
export type GateRatio = (typeof GATE_RATIOS)[number];

const ratio = (numerator: number, denominator: number) =>
  denominator === 0 ? null : numerator / denominator;

/** The ratios of summed counts (coverage.ts ratiosOf). */
export function ratiosOf(counts: Record<NumericField, number>): Ratios {
  return {
    realName: ratio(
      counts.enteredNetwork - counts.realNameGaps,
      counts.enteredNetwork + counts.hubUnknownParcel,
    ),
    inspection: ratio(
      counts.enteredNetwork - counts.inspectionGaps,
      counts.enteredNetwork + counts.hubUnknownParcel + counts.hubHeldUnmarked,
    ),
    xrayBeforeDispatch: ratio(counts.xrayBeforeDispatch, counts.dispatched),
    acceptance: ratio(counts.accepted, counts.presented),
    refusal: ratio(counts.refused, counts.presented),
  };
}

export interface DayLine {
  day: string;
  presented: number;
  enteredNetwork: number;
  dispatched: number;
  /** What each ratio misses: parcels without the gate, plus hub scans that show a gate was missed. */
  missing: Record<GateRatio, number>;
  ratios: Ratios;
}

/** One line per day, every site of the report summed, days in order. */
export function dailyLines(rows: readonly CoverageRow[]): DayLine[] {
  const byDay = new Map<string, Record<NumericField, number>>();
  for (const row of rows) {
    let sum = byDay.get(row.day);
    if (sum === undefined) {
      sum = Object.fromEntries(COUNT_FIELDS.map((field) => [field, 0])) as Record<NumericField, number>;
      byDay.set(row.day, sum);
    }
    for (const field of COUNT_FIELDS) sum[field] += row[field];
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, counts]) => ({
      day,
      presented: counts.presented,
      enteredNetwork: counts.enteredNetwork,
      dispatched: counts.dispatched,
      missing: {
        realName: counts.realNameGaps + counts.hubUnknownParcel,
        inspection: counts.inspectionGaps + counts.hubUnknownParcel + counts.hubHeldUnmarked,
        xrayBeforeDispatch: counts.dispatched - counts.xrayBeforeDispatch,
      },
      ratios: ratiosOf(counts),
    }));
}

/** A ratio as a percentage with one decimal, or null when there was nothing to count. */
export function percent(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 10;
}

function csvCell(value: string): string {
  // A cell a spreadsheet would read as a formula is quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const line = (cells: readonly string[]) => cells.map(csvCell).join(',');

/** One line per site and day, as the CLI's `report coverage --format csv` (site codes beside the ids). */
export function coverageCsv(report: CoverageReport, siteCode: (siteId: string) => string): string {
  const reasons = [...new Set(report.rows.flatMap((row) => Object.keys(row.refusedByReason)))].sort();
  const header = [
    'site_id',
    'site_code',
    'day',
    ...COUNT_FIELDS,
    ...reasons.map((reason) => `refused:${reason}`),
    ...RATIO_FIELDS.map((field) => `ratio_${field}`),
  ];
  const lines = [line(header)];
  for (const row of report.rows) {
    lines.push(
      line([
        row.siteId,
        siteCode(row.siteId),
        row.day,
        ...COUNT_FIELDS.map((field) => String(row[field])),
        ...reasons.map((reason) => String(row.refusedByReason[reason] ?? 0)),
        ...RATIO_FIELDS.map((field) => {
          const value = row.ratios[field];
          return value === null ? '' : value.toFixed(6);
        }),
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One line per gap, as the CLI's `--gaps-out`. */
export function gapsCsv(gaps: readonly CoverageGap[], siteCode: (siteId: string) => string): string {
  const header = [
    'day',
    'site_id',
    'site_code',
    'waybill_no',
    'source',
    'missing_gates',
    'state',
    'scan_outcome',
  ];
  const lines = [line(header)];
  for (const gap of gaps) {
    lines.push(
      line([
        gap.day,
        gap.siteId,
        siteCode(gap.siteId),
        gap.waybillNo,
        gap.source,
        gap.gates.join(';'),
        gap.state ?? '',
        gap.scanOutcome ?? '',
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The China calendar day `days` after a YYYY-MM-DD date (negative: before). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
