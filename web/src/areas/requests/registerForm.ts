// The register form's values turned into the API's body, and the checks the server makes that the form can make
// first (the server stays the judge: its field errors land on the same fields). Pure, so it is tested alone.
import type {
  AgencyKind,
  ArrivalChannel,
  DataCategory,
  DocumentKind,
  OrganLevel,
  RegisterBody,
} from './types';

export interface RegisterValues {
  agencyKind: AgencyKind;
  issuingOrgan: string;
  organLevel: OrganLevel;
  foreignAgency?: boolean;
  documentKind: DocumentKind;
  documentNumber: string;
  /** YYYY-MM-DD. */
  documentDate: string;
  officers: { name?: string; workIdNo?: string }[];
  arrivedVia: ArrivalChannel;
  /** China local time, as a datetime-local input gives it: YYYY-MM-DDTHH:mm. */
  deadline: string;
  scope: {
    /** One per line (or separated by commas). */
    waybills?: string;
    senderDocuments?: { documentType?: string; number?: string; nationality?: string }[];
    senderPhones?: string;
    recipientPhones?: string;
    siteIds?: string[];
    from?: string;
    to?: string;
    categories?: DataCategory[];
  };
}

export interface DocumentScan {
  fileName: string;
  mediaType: string;
  contentBase64: string;
}

/** A problem the form shows on a field: the name path of the field and the key of its message (requests ns). */
export interface FormProblem {
  name: (string | number)[];
  messageKey: string;
}

export const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_SCOPE_DAYS = 366;

/** Lines (or comma-separated values) of a textarea, trimmed, blanks dropped. */
export function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\n,，;；]/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A datetime-local value read as China time (UTC+8), as epoch ms; NaN when it is not one. */
export function chinaLocalToEpoch(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return Number.NaN;
  return Date.parse(`${value}:00+08:00`);
}

/** An epoch-ms time as a datetime-local value in China time. */
export function epochToChinaLocal(epochMs: number): string {
  return new Date(epochMs + 8 * 3600_000).toISOString().slice(0, 16);
}

function filledOfficers(values: RegisterValues) {
  return (values.officers ?? []).filter(
    (officer) => (officer.name ?? '').trim() !== '' || (officer.workIdNo ?? '').trim() !== '',
  );
}

function filledDocuments(values: RegisterValues) {
  return (values.scope.senderDocuments ?? []).filter((document) => (document.number ?? '').trim() !== '');
}

/**
 * What the server would refuse, found before sending: two officers for state security, a scope that names a
 * subject, a date range (forwards, at most a year) and a category, a deadline after now.
 */
export function registerProblems(values: RegisterValues, now = Date.now()): FormProblem[] {
  const problems: FormProblem[] = [];
  const officers = filledOfficers(values);
  if (officers.length === 0) problems.push({ name: ['officers'], messageKey: 'register.problems.officers' });
  else if (values.agencyKind === 'state-security' && officers.length < 2)
    problems.push({ name: ['officers'], messageKey: 'register.problems.twoOfficers' });
  const scope = values.scope;
  const subjects =
    lines(scope.waybills).length +
    filledDocuments(values).length +
    lines(scope.senderPhones).length +
    lines(scope.recipientPhones).length +
    (scope.siteIds ?? []).length;
  if (subjects === 0) problems.push({ name: ['scope', 'waybills'], messageKey: 'register.problems.subject' });
  const from = scope.from?.trim() ?? '';
  const to = scope.to?.trim() ?? '';
  if (from === '') problems.push({ name: ['scope', 'from'], messageKey: 'register.problems.dates' });
  if (to === '') problems.push({ name: ['scope', 'to'], messageKey: 'register.problems.dates' });
  if (CALENDAR_DATE.test(from) && CALENDAR_DATE.test(to)) {
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
    if (days < 0) problems.push({ name: ['scope', 'to'], messageKey: 'register.problems.backwards' });
    else if (days > MAX_SCOPE_DAYS)
      problems.push({ name: ['scope', 'to'], messageKey: 'register.problems.tooLong' });
  }
  if ((scope.categories ?? []).length === 0)
    problems.push({ name: ['scope', 'categories'], messageKey: 'register.problems.categories' });
  const deadline = chinaLocalToEpoch(values.deadline ?? '');
  if (Number.isNaN(deadline)) problems.push({ name: ['deadline'], messageKey: 'register.problems.deadline' });
  else if (deadline <= now)
    problems.push({ name: ['deadline'], messageKey: 'register.problems.deadlinePast' });
  return problems;
}

/** The API's body for the form's values (empty lists and blank fields left out). */
export function registerBody(values: RegisterValues, scan: DocumentScan | null): RegisterBody {
  const scope = values.scope;
  const waybills = lines(scope.waybills);
  const senderDocuments = filledDocuments(values).map((document) => ({
    documentType: document.documentType ?? 'resident-id',
    number: (document.number ?? '').trim(),
    ...((document.nationality ?? '').trim() === ''
      ? {}
      : { nationality: (document.nationality ?? '').trim().toUpperCase() }),
  }));
  const senderPhones = lines(scope.senderPhones);
  const recipientPhones = lines(scope.recipientPhones);
  const siteIds = scope.siteIds ?? [];
  return {
    agencyKind: values.agencyKind,
    issuingOrgan: values.issuingOrgan.trim(),
    organLevel: values.organLevel,
    ...(values.foreignAgency === true ? { foreignAgency: true } : {}),
    documentKind: values.documentKind,
    documentNumber: values.documentNumber.trim(),
    documentDate: values.documentDate.trim(),
    ...(scan === null ? {} : { documentScan: scan }),
    officers: filledOfficers(values).map((officer) => ({
      name: (officer.name ?? '').trim(),
      workIdNo: (officer.workIdNo ?? '').trim(),
    })),
    arrivedVia: values.arrivedVia,
    deadlineAt: chinaLocalToEpoch(values.deadline),
    scope: {
      ...(waybills.length === 0 ? {} : { waybills }),
      ...(senderDocuments.length === 0 ? {} : { senderDocuments }),
      ...(senderPhones.length === 0 ? {} : { senderPhones }),
      ...(recipientPhones.length === 0 ? {} : { recipientPhones }),
      ...(siteIds.length === 0 ? {} : { siteIds }),
      ...(scope.from?.trim() ? { from: scope.from.trim() } : {}),
      ...(scope.to?.trim() ? { to: scope.to.trim() } : {}),
      categories: scope.categories ?? [],
    },
  };
}

/**
 * Where a server field error goes in the form: the body's pointer (/scope/waybills/2, /officers/0/name,
 * /deadlineAt) as the form's name path. Lists typed as text go to their textarea; `scope` alone to waybills.
 */
export function formNameFor(path: (string | number)[]): (string | number)[] {
  const [head, second] = path;
  if (head === 'deadlineAt') return ['deadline'];
  if (head === 'documentScan') return ['documentScan'];
  if (head === 'scope') {
    if (second === undefined) return ['scope', 'waybills'];
    if (second === 'waybills' || second === 'senderPhones' || second === 'recipientPhones')
      return ['scope', second];
    if (second === 'senderDocuments')
      return path.length >= 4 ? path.slice(0, 4) : ['scope', 'senderDocuments'];
    return ['scope', second];
  }
  if (head === 'officers') return path.length >= 3 ? path.slice(0, 3) : ['officers'];
  return [head ?? ''];
}
