// The case rules (pure): which key a clue is about, whether it opens a case by itself, the priority and deadline
// its categories give, whether the case is sealed, and the status machine. No I/O: the service reads the clue
// and the catalogue and asks here.
import type { CaseOutcome, CasePriority, CaseStatus } from './cases.tables.js';
import { CASE_PRIORITIES } from './cases.tables.js';
import { cleanWaybillNo } from '../parcels/waybill.js';

/** What the rules need to know of a catalogue category. */
export interface CategoryFacts {
  slug: string;
  crimeRelated: boolean;
  reportTo: readonly string[];
}

/** What the rules need to know of a clue. */
export interface ClueFacts {
  kind: string;
  severity: string;
  subjectType: string;
  subjectIndex: string | null;
  details: Record<string, unknown>;
  refs: readonly { type: string; id: string }[];
}

/**
 * Clue kinds that are a find of prohibited contents (on inspection at the counter, or in an open inspection at a
 * hub). A high-severity find of a crime-related category (or of no known category) opens a case by itself: the
 * parcel is held and must be reported at once. Every other clue waits for an officer's triage, unless a case on
 * its key is already open, which it then joins.
 */
export const FIND_KINDS: ReadonlySet<string> = new Set(['prohibited-found-at-hub', 'prohibited-found']);

/** The authority whose cases are sealed (national security: spy equipment, state secrets, propaganda). */
export const SEALING_AUTHORITY = 'national-security-12339';

/** Default deadlines in minutes: a crime-related find must be reported at once; anything else within a day. */
export const DEFAULT_DEADLINES = { 'crime-related': 60, default: 1440 } as const;
export const DEADLINE_KEYS = ['crime-related', 'default'] as const;

/**
 * The key a clue is about: its parcel's waybill (`waybill:<no>`), else its subject (`subject:<type>:<index>`),
 * else null (a clue about nothing in particular: triaged by hand only).
 */
export function caseKeyOf(clue: ClueFacts): { key: string; waybillNo: string | null } | null {
  const waybillNo = waybillOf(clue);
  if (waybillNo !== null) return { key: `waybill:${waybillNo}`, waybillNo };
  if (clue.subjectIndex !== null && clue.subjectIndex !== '')
    return { key: `subject:${clue.subjectType}:${clue.subjectIndex}`, waybillNo: null };
  return null;
}

function waybillOf(clue: ClueFacts): string | null {
  const ref = clue.refs.find((r) => r.type === 'parcel');
  if (ref !== undefined && ref.id !== '') return cleanWaybillNo(ref.id);
  const fromDetails = clue.details.waybillNo;
  return typeof fromDetails === 'string' && fromDetails !== '' ? cleanWaybillNo(fromDetails) : null;
}

/** The catalogue category slugs a clue names (`details.category`, `details.categories`). */
export function categorySlugsOf(clue: ClueFacts): string[] {
  const slugs: string[] = [];
  const one = clue.details.category;
  if (typeof one === 'string' && one !== '') slugs.push(one);
  const many = clue.details.categories;
  if (Array.isArray(many))
    for (const slug of many) if (typeof slug === 'string' && slug !== '') slugs.push(slug);
  return [...new Set(slugs)];
}

/** Whether a clue opens a case on its own (see FIND_KINDS). */
export function opensCaseByItself(clue: ClueFacts, categories: readonly CategoryFacts[]): boolean {
  if (!FIND_KINDS.has(clue.kind) || clue.severity !== 'high') return false;
  // A find whose category is unknown is treated as crime-related: holding it costs less than missing it.
  return categories.length === 0 || categories.some((category) => category.crimeRelated);
}

const RANK: Record<CasePriority, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/**
 * The priority a clue gives: its severity, raised to `high` for a crime-related category and to `critical` for a
 * crime-related category found with high severity, or anything for national security.
 */
export function priorityOf(severity: string, categories: readonly CategoryFacts[]): CasePriority {
  let rank = severity === 'high' ? 2 : severity === 'medium' ? 1 : 0;
  if (categories.some((category) => category.crimeRelated))
    rank = Math.max(rank, severity === 'high' ? 3 : 2);
  if (categories.some((category) => category.reportTo.includes(SEALING_AUTHORITY))) rank = 3;
  return CASE_PRIORITIES[rank]!;
}

/** The higher of two priorities: a case's priority only rises. */
export function higherPriority(a: CasePriority, b: CasePriority): CasePriority {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Whether categories make a case sealed (national security). Sealing is never lifted by the rules. */
export function isSealing(categories: readonly CategoryFacts[]): boolean {
  return categories.some((category) => category.reportTo.includes(SEALING_AUTHORITY));
}

/** The most serious of the categories (sealing, then crime-related, then the first), or null. */
export function leadingCategory(categories: readonly CategoryFacts[]): string | null {
  return (
    categories.find((c) => c.reportTo.includes(SEALING_AUTHORITY))?.slug ??
    categories.find((c) => c.crimeRelated)?.slug ??
    categories[0]?.slug ??
    null
  );
}

/**
 * The deadline in minutes for a case with these categories: the shortest among each category's own setting, or
 * `crime-related` for a crime-related category without one, or `default`.
 */
export function deadlineMinutes(
  categories: readonly CategoryFacts[],
  settings: Readonly<Record<string, number>>,
): number {
  const fallback = settings.default ?? DEFAULT_DEADLINES.default;
  const crime = settings['crime-related'] ?? DEFAULT_DEADLINES['crime-related'];
  const minutes = categories.map(
    (category) => settings[category.slug] ?? (category.crimeRelated ? crime : fallback),
  );
  return minutes.length === 0 ? fallback : Math.min(...minutes);
}

/** Statuses in which a case is still being worked (and holds its key). */
export const ACTIVE_STATUSES: readonly CaseStatus[] = ['open', 'investigating', 'awaiting-approval'];

export function isActive(status: CaseStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/**
 * Status changes an officer may make by hand. `reported` is reached only by submitting a report (the reports
 * capability calls `markReportedWithin`); a finished case (`reported`, `closed`) is reopened to `investigating`.
 */
const MOVES: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['investigating', 'closed'],
  investigating: ['awaiting-approval', 'closed'],
  'awaiting-approval': ['investigating', 'closed'],
  reported: ['closed', 'investigating'],
  closed: ['investigating'],
};

export type StatusMoveProblem = { field: 'status' | 'outcome'; message: string } | null;

/** Why `from → to` is not allowed (or null): closing needs an outcome, reopening is `→ investigating`. */
export function statusMoveProblem(
  from: CaseStatus,
  to: CaseStatus,
  outcome: CaseOutcome | null | undefined,
): StatusMoveProblem {
  if (to === 'reported') {
    return { field: 'status', message: 'a case is reported by submitting its report, not set by hand' };
  }
  if (!MOVES[from].includes(to)) {
    return {
      field: 'status',
      message: `the case is ${from}: it may go to ${MOVES[from].join(' or ')}`,
    };
  }
  if (to === 'closed' && (outcome === undefined || outcome === null)) {
    return {
      field: 'outcome',
      message: 'is required to close a case (confirmed, false-alarm, inconclusive)',
    };
  }
  return null;
}
