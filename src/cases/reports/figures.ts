// Figures for managers and the regulator, folded from plain rows: the clue → case → report funnel per site and
// month (China calendar), time from clue to hold and to report, outcomes by category, reports per authority, and
// recognition counts per site and person. Pure: the service reads the rows, this counts them.
import { chinaMonth } from '../../platform/clock.js';

export interface ClueFact {
  siteId: string | null;
  createdAt: number;
}

export interface CaseFact {
  id: string;
  siteId: string | null;
  openedAt: number;
  category: string | null;
  /** null while no outcome is decided. */
  outcome: string | null;
  /** The first clue of the case and when the parcel was first held (null: not held). */
  firstClueAt: number | null;
  heldAt: number | null;
}

export interface ReportFact {
  caseId: string;
  siteId: string | null;
  authority: string;
  status: string;
  submittedAt: number | null;
  /** Who is credited for the report (the finder where the case knows one, else the drafting officer). */
  creditedTo: string | null;
}

export interface FunnelRow {
  siteId: string | null;
  /** China calendar month, YYYY-MM. */
  month: string;
  clues: number;
  cases: number;
  /** Reports submitted to an authority that month (each counted in the month of its submission). */
  reports: number;
}

export interface DurationStats {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  maxMinutes: number | null;
}

export interface CaseFigures {
  funnel: FunnelRow[];
  clueToHold: DurationStats;
  clueToReport: DurationStats;
  outcomesByCategory: { category: string | null; outcome: string; count: number }[];
  reportsByAuthority: { authority: string; status: string; count: number }[];
  recognition: {
    sites: { siteId: string | null; reports: number }[];
    people: { staffId: string; reports: number }[];
  };
}

/** Submitted means handed to the authority: submitted or, later, acknowledged. */
export function isSubmitted(report: Pick<ReportFact, 'status' | 'submittedAt'>): boolean {
  return report.submittedAt !== null && (report.status === 'submitted' || report.status === 'acknowledged');
}

export function caseFigures(clues: ClueFact[], cases: CaseFact[], reports: ReportFact[]): CaseFigures {
  const funnel = new Map<string, FunnelRow>();
  const row = (siteId: string | null, at: number): FunnelRow => {
    const month = chinaMonth(at);
    const key = `${siteId ?? ''}|${month}`;
    let found = funnel.get(key);
    if (found === undefined) {
      found = { siteId, month, clues: 0, cases: 0, reports: 0 };
      funnel.set(key, found);
    }
    return found;
  };
  for (const clue of clues) row(clue.siteId, clue.createdAt).clues += 1;
  for (const item of cases) row(item.siteId, item.openedAt).cases += 1;
  const submitted = reports.filter(isSubmitted);
  for (const report of submitted) row(report.siteId, report.submittedAt!).reports += 1;

  const toHold: number[] = [];
  for (const item of cases) {
    if (item.firstClueAt !== null && item.heldAt !== null) toHold.push(item.heldAt - item.firstClueAt);
  }
  // A case's first submitted report counts once, however many authorities it went to.
  const firstReport = new Map<string, number>();
  for (const report of submitted) {
    const earlier = firstReport.get(report.caseId);
    if (earlier === undefined || report.submittedAt! < earlier)
      firstReport.set(report.caseId, report.submittedAt!);
  }
  const toReport: number[] = [];
  for (const item of cases) {
    const at = firstReport.get(item.id);
    if (item.firstClueAt !== null && at !== undefined) toReport.push(at - item.firstClueAt);
  }

  return {
    funnel: [...funnel.values()].sort(
      (a, b) => compare(a.month, b.month) || compare(a.siteId ?? '', b.siteId ?? ''),
    ),
    clueToHold: durationStats(toHold),
    clueToReport: durationStats(toReport),
    outcomesByCategory: counted(
      cases.map((item) => ({ category: item.category, outcome: item.outcome ?? 'undecided' })),
      (item) => [item.category ?? '', item.outcome],
    ),
    reportsByAuthority: counted(
      reports.map((report) => ({ authority: report.authority, status: report.status })),
      (item) => [item.authority, item.status],
    ),
    recognition: {
      sites: counted(
        submitted.map((report) => ({ siteId: report.siteId })),
        (item) => [item.siteId ?? ''],
      ).map(({ count, siteId }) => ({ siteId, reports: count })),
      people: counted(
        submitted.flatMap((report) => (report.creditedTo === null ? [] : [{ staffId: report.creditedTo }])),
        (item) => [item.staffId],
      ).map(({ count, staffId }) => ({ staffId, reports: count })),
    },
  };
}

/** Nearest-rank percentiles, in whole minutes rounded down (a report "within 5 minutes" means under 6). */
export function durationStats(durationsMs: number[]): DurationStats {
  if (durationsMs.length === 0) return { count: 0, medianMinutes: null, p90Minutes: null, maxMinutes: null };
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
  const minutes = (ms: number) => Math.floor(Math.max(0, ms) / 60_000);
  return {
    count: sorted.length,
    medianMinutes: minutes(rank(0.5)),
    p90Minutes: minutes(rank(0.9)),
    maxMinutes: minutes(sorted[sorted.length - 1]!),
  };
}

function counted<T extends object>(items: T[], key: (item: T) => string[]): (T & { count: number })[] {
  const groups = new Map<string, T & { count: number }>();
  for (const item of items) {
    const id = JSON.stringify(key(item));
    const group = groups.get(id);
    if (group === undefined) groups.set(id, { ...item, count: 1 });
    else group.count += 1;
  }
  return [...groups.entries()].sort(([a], [b]) => compare(a, b)).map(([, group]) => group);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
