// The lawful-request console's view of the API: the types it answers with (from the generated schema) and the
// closed lists the forms offer, in the server's order.
import type { paths } from '../../api/schema';
import type { Tone } from '../../app/StatusTag';

export type RequestSummary =
  paths['/api/v1/lawful-requests']['get']['responses'][200]['content']['application/json'][number];
export type LawfulRequest =
  paths['/api/v1/lawful-requests/{id}']['get']['responses'][200]['content']['application/json'];
export type RegisterBody = NonNullable<
  paths['/api/v1/lawful-requests']['post']['requestBody']
>['content']['application/json'];
export type PackageBody = NonNullable<
  paths['/api/v1/lawful-requests/verify-package']['post']['requestBody']
>['content']['application/json'];
export type DirectoryEntry =
  paths['/api/v1/agency-directory']['get']['responses'][200]['content']['application/json'][number];

export type RequestStatus = LawfulRequest['status'];
export type AgencyKind = LawfulRequest['agencyKind'];
export type OrganLevel = LawfulRequest['organLevel'];
export type DocumentKind = LawfulRequest['document']['kind'];
export type ArrivalChannel = LawfulRequest['arrivedVia'];
export type DataCategory = LawfulRequest['scope']['categories'][number];
export type CheckItem = LawfulRequest['checklist'][number]['item'];

export const REQUEST_STATUSES: RequestStatus[] = [
  'registered',
  'returned',
  'verified',
  'approved',
  'refused',
  'fulfilled',
  'closed',
];
export const AGENCY_KINDS: AgencyKind[] = [
  'state-security',
  'public-security',
  'procuratorate',
  'customs',
  'other',
];
export const ORGAN_LEVELS: OrganLevel[] = ['national', 'provincial', 'districted-city', 'county', 'other'];
export const DOCUMENT_KINDS: DocumentKind[] = [
  'inspection-notice',
  'evidence-collection-notice',
  'investigation-letter',
  'detention-decision',
  'other',
];
export const ARRIVAL_CHANNELS: ArrivalChannel[] = ['in-person', 'letter', 'secure-electronic'];
export const DATA_CATEGORIES: DataCategory[] = [
  'real-name-records',
  'parcel-records',
  'inspection-and-xray-records',
  'images',
  'audit-entries',
];
export const CHECK_ITEMS: CheckItem[] = [
  'work-ids-seen',
  'document-seen',
  'approval-level-adequate',
  'scope-necessary',
  'agency-called-back',
];

export const STATUS_TONE: Record<RequestStatus, Tone> = {
  registered: 'warn',
  returned: 'neutral',
  verified: 'info',
  approved: 'ok',
  refused: 'bad',
  fulfilled: 'ok',
  closed: 'neutral',
};

/** The statuses in which the checklist may still be answered (the server's rule). */
export const CHECKABLE: readonly RequestStatus[] = ['registered', 'returned', 'verified'];
