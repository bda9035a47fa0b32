import type { paths } from '../../api/schema';
import type { Tone } from '../../app/StatusTag';

export type CaseSummary =
  paths['/api/v1/cases']['get']['responses'][200]['content']['application/json'][number];
export type CaseDetail = paths['/api/v1/cases/{id}']['get']['responses'][200]['content']['application/json'];
export type CaseStatus = CaseSummary['status'];

export const CASE_STATUSES: CaseStatus[] = [
  'open',
  'investigating',
  'awaiting-approval',
  'reported',
  'closed',
];

export const STATUS_TONE: Record<CaseStatus, Tone> = {
  open: 'warn',
  investigating: 'info',
  'awaiting-approval': 'info',
  reported: 'ok',
  closed: 'neutral',
};

export const PRIORITY_TONE: Record<CaseSummary['priority'], Tone> = {
  low: 'neutral',
  medium: 'info',
  high: 'warn',
  critical: 'bad',
};

export type CaseOutcome = NonNullable<CaseSummary['outcome']>;
export const CASE_OUTCOMES: CaseOutcome[] = ['confirmed', 'false-alarm', 'inconclusive'];

/**
 * The moves an officer may make by hand (src/cases/case-rules.ts MOVES): `reported` is reached only by submitting
 * a report, and a finished case reopens to `investigating`. The server decides; this only offers the choices.
 */
export const CASE_MOVES: Record<CaseStatus, CaseStatus[]> = {
  open: ['investigating', 'closed'],
  investigating: ['awaiting-approval', 'closed'],
  'awaiting-approval': ['investigating', 'closed'],
  reported: ['closed', 'investigating'],
  closed: ['investigating'],
};

export type Evidence = CaseDetail['evidence'][number];
export type RecordKind = NonNullable<Evidence['recordKind']>;
export const RECORD_KINDS: RecordKind[] = [
  'parcel-gate-records',
  'inspection-mark',
  'scan-events',
  'real-name-snapshot',
];

/** What the server accepts as an evidence file (src/cases/evidence-files.ts), checked here before sending. */
export const EVIDENCE_MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/tiff',
  'application/pdf',
];
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export type CaseReport =
  paths['/api/v1/case-reports']['get']['responses'][200]['content']['application/json'][number];
export type RouteProposal =
  paths['/api/v1/cases/{id}/report-route']['get']['responses'][200]['content']['application/json'];
export type Authority = CaseReport['authority'];
export type ReportStatus = CaseReport['status'];
export type PersonalField = CaseReport['personalFields'][number];
export type SubmissionChannel = NonNullable<CaseReport['channel']>;

export const AUTHORITIES: Authority[] = [
  'national-security',
  'public-security',
  'customs',
  'commerce',
  'postal-administration',
];
export const SUBMISSION_CHANNELS: SubmissionChannel[] = ['hotline', 'website', 'in-person', 'letter'];

const ALL_PERSONAL: PersonalField[] = [
  'sender.name',
  'sender.documentType',
  'sender.documentNumber',
  'sender.phones',
  'origin.address',
  'recipient.name',
  'recipient.phone',
  'recipient.address',
];
const WITHOUT_PHONES = ALL_PERSONAL.filter((field) => !field.endsWith('phone') && !field.endsWith('phones'));

/**
 * The personal data each authority needs (src/cases/reports/authorities.ts AUTHORITY_PROFILES), for the wizard's
 * preview when the officer picks another authority than the routed one; the package is built by the server.
 */
export const PERSONAL_DATA_OF: Record<Authority, PersonalField[]> = {
  'national-security': ALL_PERSONAL,
  'public-security': ALL_PERSONAL,
  customs: WITHOUT_PHONES,
  commerce: WITHOUT_PHONES,
  'postal-administration': [],
};

/** The override reason's minimum length (src/cases/reports/authorities.ts chooseAuthority). */
export const MIN_OVERRIDE_REASON = 10;
/** The facts' length limits (DraftBody summary). */
export const MIN_SUMMARY = 10;
export const MAX_SUMMARY = 5000;

export const REPORT_STATUS_TONE: Record<ReportStatus, Tone> = {
  draft: 'warn',
  approved: 'info',
  submitted: 'ok',
  acknowledged: 'ok',
};
