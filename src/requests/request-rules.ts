// What makes a lawful request answerable, with no I/O: the scope's limits, the officers and organ level the law
// asks for, the checklist, and which step is still missing before anything may be disclosed.
import {
  CHECK_ITEMS,
  type AgencyKind,
  type CheckItem,
  type DataCategory,
  type OrganLevel,
  type RequestStatus,
} from './requests.tables.js';

/** What a request asks for, as stored: senders and recipients only as blind indexes. */
export interface RequestScope {
  waybills: string[];
  /** Blind indexes of the senders' identity documents and phones. */
  senderDocumentIndexes: string[];
  senderPhoneIndexes: string[];
  recipientPhoneIndexes: string[];
  siteIds: string[];
  /** China calendar dates, inclusive. */
  from: string | null;
  to: string | null;
  categories: DataCategory[];
}

export interface ScopeProblem {
  field: string;
  message: string;
}

/** The longest date range a request may cover in one go. */
export const MAX_SCOPE_DAYS = 366;

/**
 * Why a scope cannot be answered: it names no subject (waybill, sender, recipient, site) and no dates, no data
 * category, or a date range backwards or longer than a year. A scope with no limits is refused outright.
 */
export function scopeProblems(scope: RequestScope): ScopeProblem[] {
  const problems: ScopeProblem[] = [];
  const subjects =
    scope.waybills.length +
    scope.senderDocumentIndexes.length +
    scope.senderPhoneIndexes.length +
    scope.recipientPhoneIndexes.length +
    scope.siteIds.length;
  if (subjects === 0)
    problems.push({
      field: 'scope',
      message:
        'must name at least one waybill, sender, recipient or site: a request without limits is refused',
    });
  if (scope.from === null || scope.to === null)
    problems.push({
      field: 'scope/from',
      message: 'must give the date range (from and to) the request covers',
    });
  else if (scope.from > scope.to) problems.push({ field: 'scope/to', message: 'must not be before from' });
  else if (daysBetween(scope.from, scope.to) > MAX_SCOPE_DAYS)
    problems.push({ field: 'scope/to', message: `must be within ${MAX_SCOPE_DAYS} days of from` });
  if (scope.categories.length === 0)
    problems.push({ field: 'scope/categories', message: 'must name at least one data category' });
  return problems;
}

/** State security needs two or more officers (evidence gathering) and an organ of a districted city or above. */
export function requesterProblems(input: {
  agencyKind: AgencyKind;
  organLevel: OrganLevel;
  officerCount: number;
}): ScopeProblem[] {
  const problems: ScopeProblem[] = [];
  if (input.officerCount < 1) problems.push({ field: 'officers', message: 'must name the officers present' });
  if (input.agencyKind === 'state-security' && input.officerCount < 2)
    problems.push({
      field: 'officers',
      message: 'a state-security request needs two or more officers with their work IDs',
    });
  return problems;
}

/** Whether the organ's level is enough to approve access (state security: a districted city's organ or above). */
export function organLevelAdequate(agencyKind: AgencyKind, level: OrganLevel): boolean {
  if (agencyKind !== 'state-security') return level !== 'other';
  return level === 'national' || level === 'provincial' || level === 'districted-city';
}

/** The latest answer per checklist item. */
export function latestChecks(
  checks: readonly { item: CheckItem; passed: boolean; recordedAt: number }[],
): Map<CheckItem, boolean> {
  const latest = new Map<CheckItem, { passed: boolean; at: number }>();
  for (const check of checks) {
    const seen = latest.get(check.item);
    if (seen === undefined || check.recordedAt >= seen.at)
      latest.set(check.item, { passed: check.passed, at: check.recordedAt });
  }
  return new Map([...latest].map(([item, { passed }]) => [item, passed]));
}

/** The checklist items not (yet) answered yes. */
export function openCheckItems(latest: ReadonlyMap<CheckItem, boolean>): CheckItem[] {
  return CHECK_ITEMS.filter((item) => latest.get(item) !== true);
}

/**
 * The first step missing before a disclosure (null: none). A foreign agency is a hard stop whatever else holds.
 */
export function missingStepForDisclosure(request: {
  status: RequestStatus;
  foreignAgency: boolean;
}): string | null {
  if (request.foreignAgency)
    return 'a foreign authority’s request is never answered without the approval of the PRC competent authority';
  if (request.status === 'registered' || request.status === 'returned')
    return 'the request has not been verified: every checklist item must be answered yes';
  if (request.status === 'verified') return 'the request has not been approved by a designated approver';
  if (request.status === 'refused') return 'the request was refused';
  if (request.status === 'fulfilled' || request.status === 'closed')
    return `the request is ${request.status}`;
  return null;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
