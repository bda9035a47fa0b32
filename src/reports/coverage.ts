// The three-gate coverage report, pure: the definitions of every count, ratio and gap, China calendar days,
// folding the store's aggregates into rows and totals, CSV. No I/O: the repository aggregates in SQL with the
// same definitions (reports.repository.ts), and tests recount from raw rows to hold the two to each other.
import { NETWORK_STATES } from '../parcels/parcel-state.js';
import { dayToDate } from '../platform/clock.js';

/** The gates every parcel that enters the network must have passed (DUTIES.md, "three 100%"). */
export const GATES = ['real-name', 'inspection', 'x-ray'] as const;
export type Gate = (typeof GATES)[number];

/** Scan outcomes that reveal a gate missed before the hub, and which gates. */
export const SCAN_GAP_OUTCOMES = {
  /** The parcel reached a hub without a valid inspection mark. */
  'held-unmarked': ['inspection'],
  /** A parcel refused at the counter turned up at a hub: it never passed inspection (terminal, so not held). */
  'refused-parcel': ['inspection'],
  /** The waybill was never taken in at a counter: neither real-name collection nor inspection happened. */
  'unknown-parcel': ['real-name', 'inspection'],
} as const satisfies Record<string, readonly Gate[]>;
export type ScanGapOutcome = keyof typeof SCAN_GAP_OUTCOMES;

/** The gate facts of one parcel, as the parcels table holds them. */
export interface ParcelGateFacts {
  state: string;
  decision: string;
  gateDecision: string;
  gateReason: string | null;
  inspectionOutcome: string | null;
  screenedAt: number | null;
  dispatchedAt: number | null;
}

/** Whether the parcel entered the network (see NETWORK_STATES for held parcels). */
export function enteredNetwork(parcel: ParcelGateFacts): boolean {
  return (
    (NETWORK_STATES as readonly string[]).includes(parcel.state) ||
    parcel.inspectionOutcome === 'consistent' ||
    parcel.dispatchedAt !== null
  );
}

/** X-rayed clear no later than it was dispatched. */
export function screenedBeforeDispatch(parcel: ParcelGateFacts): boolean {
  return (
    parcel.dispatchedAt !== null && parcel.screenedAt !== null && parcel.screenedAt <= parcel.dispatchedAt
  );
}

/** The gates a parcel is missing: none for a parcel that never entered the network. */
export function parcelGaps(parcel: ParcelGateFacts): Gate[] {
  const gaps: Gate[] = [];
  const inNetwork = enteredNetwork(parcel);
  if (inNetwork && parcel.gateDecision !== 'pass') gaps.push('real-name');
  if (inNetwork && parcel.inspectionOutcome !== 'consistent') gaps.push('inspection');
  if (parcel.dispatchedAt !== null && !screenedBeforeDispatch(parcel)) gaps.push('x-ray');
  return gaps;
}

/**
 * Why a parcel was refused, or null: `identity:<gate reason>` at the identity gate, `contents` when screening
 * or risk refused it at the counter, `inspection:<outcome>` when the inspection on acceptance did not end
 * consistent (inconsistent, prohibited-found, refused-by-sender).
 */
export function refusalKey(parcel: ParcelGateFacts): string | null {
  if (parcel.gateDecision === 'refuse') return `identity:${parcel.gateReason ?? 'unknown'}`;
  if (parcel.decision === 'refuse') return 'contents';
  if (parcel.inspectionOutcome !== null && parcel.inspectionOutcome !== 'consistent') {
    return `inspection:${parcel.inspectionOutcome}`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Days are China days (platform/clock.ts).

/** The longest range one report covers: a quarter. */
export const MAX_RANGE_DAYS = 92;

// ---------------------------------------------------------------------------------------------------------
// Counts, ratios, rows.

/** Counts over the parcels taken in at a site on a day (intake day), plus that site's events of that day. */
export interface CoverageCounts {
  /** Parcels taken in at the counter (every intake decision). */
  presented: number;
  /** Parcels refused (see refusalKey), and by reason. */
  refused: number;
  refusedByReason: Record<string, number>;
  /** Passed the inspection on acceptance: inspection_outcome = 'consistent'. */
  accepted: number;
  /** Passed real-name collection: gate_decision = 'pass'; split by how. */
  realNamePassed: number;
  realNameVerifiedSender: number;
  realNameAgreement: number;
  /** Inspected on acceptance (any outcome). */
  inspected: number;
  /** Inspected with an inspection mark issued (consistent outcome: the mark is written with it). */
  inspectedWithMark: number;
  /** X-rayed clear (screened_at set). */
  xrayClear: number;
  /** Dispatched (dispatched_at set). */
  dispatched: number;
  /** Dispatched and X-rayed clear no later than dispatch. */
  xrayBeforeDispatch: number;
  /** Entered the network (see enteredNetwork). */
  enteredNetwork: number;
  /** Held at the counter by the intake decision (decision = 'hold'). */
  heldAtIntake: number;
  /** Hold events at the site that day (parcel_events kind 'hold', by event day). */
  holds: number;
  /** Clues raised at the site that day. */
  clues: number;
  /** Scans rejected at the site that day (unknown or uncertified machine, untrained operator). */
  scansRejected: number;
  /** Gaps of parcels taken in that day, by gate (each parcel once per gate). */
  realNameGaps: number;
  inspectionGaps: number;
  xrayGaps: number;
  /** Waybills scanned at the site that day without a valid inspection mark (held-unmarked, refused-parcel). */
  hubHeldUnmarked: number;
  /** Waybills scanned at the site that day that were never taken in (unknown-parcel). */
  hubUnknownParcel: number;
}

/** Ratios in [0, 1], or null when the denominator is 0. */
export interface CoverageRatios {
  /** (enteredNetwork − realNameGaps) / (enteredNetwork + hubUnknownParcel). */
  realName: number | null;
  /** (enteredNetwork − inspectionGaps) / (enteredNetwork + hubUnknownParcel + hubHeldUnmarked). */
  inspection: number | null;
  /** xrayBeforeDispatch / dispatched. */
  xrayBeforeDispatch: number | null;
  /** accepted / presented. */
  acceptance: number | null;
  /** refused / presented. */
  refusal: number | null;
}

export interface CoverageRow extends CoverageCounts {
  siteId: string;
  day: string;
  ratios: CoverageRatios;
}

export interface CoverageGap {
  waybillNo: string;
  /** The intake site and day (parcel gaps) or the hub's site and the scan day (scan gaps). */
  siteId: string;
  day: string;
  gates: Gate[];
  /** Where the gap was seen: the parcel's own record, or a scan at a hub. */
  source: 'parcel' | 'scan';
  /** The parcel's state (parcel gaps), or null. */
  state: string | null;
  /** The scan outcome (scan gaps), or null. */
  scanOutcome: ScanGapOutcome | null;
}

export interface CoverageReport {
  from: string;
  to: string;
  siteId: string | null;
  rows: CoverageRow[];
  totals: CoverageCounts & { ratios: CoverageRatios };
  gaps: CoverageGap[];
  /** True when there were more gaps than the list holds (the counts are always complete). */
  gapsTruncated: boolean;
}

export function emptyCounts(): CoverageCounts {
  return {
    presented: 0,
    refused: 0,
    refusedByReason: {},
    accepted: 0,
    realNamePassed: 0,
    realNameVerifiedSender: 0,
    realNameAgreement: 0,
    inspected: 0,
    inspectedWithMark: 0,
    xrayClear: 0,
    dispatched: 0,
    xrayBeforeDispatch: 0,
    enteredNetwork: 0,
    heldAtIntake: 0,
    holds: 0,
    clues: 0,
    scansRejected: 0,
    realNameGaps: 0,
    inspectionGaps: 0,
    xrayGaps: 0,
    hubHeldUnmarked: 0,
    hubUnknownParcel: 0,
  };
}

type NumericCount = Exclude<keyof CoverageCounts, 'refusedByReason'>;
export const COUNT_FIELDS = Object.keys(emptyCounts()).filter(
  (key) => key !== 'refusedByReason',
) as NumericCount[];

/** Adds `from` into `into` (both mutable). */
export function addCounts(into: CoverageCounts, from: Partial<CoverageCounts>): void {
  for (const field of COUNT_FIELDS) into[field] += from[field] ?? 0;
  for (const [reason, count] of Object.entries(from.refusedByReason ?? {})) {
    into.refusedByReason[reason] = (into.refusedByReason[reason] ?? 0) + count;
  }
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export function ratiosOf(counts: CoverageCounts): CoverageRatios {
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

/** One (site, day) contribution from any source; days are CST day numbers. */
export interface SiteDayCounts {
  siteId: string;
  day: number;
  counts: Partial<CoverageCounts>;
}

/**
 * Folds contributions into one row per site and day, sorted by day then site. Every site that has anything
 * in the range (and every site in `alwaysSites`) gets a row for every day, zeros included: a day with no row
 * would read as "not reported" rather than "nothing happened".
 */
export function foldRows(
  fromDay: number,
  toDay: number,
  contributions: readonly SiteDayCounts[],
  alwaysSites: readonly string[],
): CoverageRow[] {
  const sites = new Set(alwaysSites);
  const byKey = new Map<string, CoverageCounts>();
  for (const { siteId, day, counts } of contributions) {
    if (day < fromDay || day > toDay) continue;
    sites.add(siteId);
    const key = `${day}|${siteId}`;
    let into = byKey.get(key);
    if (into === undefined) byKey.set(key, (into = emptyCounts()));
    addCounts(into, counts);
  }
  const rows: CoverageRow[] = [];
  const siteList = [...sites].sort();
  for (let day = fromDay; day <= toDay; day += 1) {
    for (const siteId of siteList) {
      const counts = byKey.get(`${day}|${siteId}`) ?? emptyCounts();
      rows.push({ siteId, day: dayToDate(day), ...counts, ratios: ratiosOf(counts) });
    }
  }
  return rows;
}

export function totalsOf(rows: readonly CoverageCounts[]): CoverageCounts & { ratios: CoverageRatios } {
  const totals = emptyCounts();
  for (const row of rows) addCounts(totals, row);
  return { ...totals, ratios: ratiosOf(totals) };
}

/** Gaps in a stable order: day, site, waybill, parcel before scan. */
export function sortGaps(gaps: CoverageGap[]): CoverageGap[] {
  return gaps.sort(
    (a, b) =>
      compare(a.day, b.day) ||
      compare(a.siteId, b.siteId) ||
      compare(a.waybillNo, b.waybillNo) ||
      compare(a.source, b.source),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------
// CSV: one line per site and day; refusal reasons become `refused:<reason>` columns (those present).

export function coverageCsv(report: CoverageReport): string {
  const reasons = [...new Set(report.rows.flatMap((row) => Object.keys(row.refusedByReason)))].sort();
  const ratioFields = Object.keys(ratiosOf(emptyCounts())) as (keyof CoverageRatios)[];
  const header = [
    'site_id',
    'day',
    ...COUNT_FIELDS,
    ...reasons.map((reason) => `refused:${reason}`),
    ...ratioFields.map((field) => `ratio_${field}`),
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const row of report.rows) {
    lines.push(
      [
        row.siteId,
        row.day,
        ...COUNT_FIELDS.map((field) => String(row[field])),
        ...reasons.map((reason) => String(row.refusedByReason[reason] ?? 0)),
        ...ratioFields.map((field) => (row.ratios[field] === null ? '' : row.ratios[field].toFixed(6))),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

// The gaps as CSV: one line per parcel (or scan) that missed a gate; gates joined by ';'.
export function coverageGapsCsv(gaps: readonly CoverageGap[]): string {
  const header = ['day', 'site_id', 'waybill_no', 'source', 'missing_gates', 'state', 'scan_outcome'];
  const lines = [header.join(',')];
  for (const gap of gaps) {
    lines.push(
      [
        gap.day,
        gap.siteId,
        gap.waybillNo,
        gap.source,
        gap.gates.join(';'),
        gap.state ?? '',
        gap.scanOutcome ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
