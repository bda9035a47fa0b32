// Kysely's view of the lawful-request tables (conventions as in platform/database/schema.ts). A request is sealed:
// nothing here is readable outside the requests capability, and its audit entries carry only digests.

export const AGENCY_KINDS = [
  'state-security',
  'public-security',
  'procuratorate',
  'customs',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** The level of the issuing organ; state security needs a districted city's organ or above (Counter-Espionage Law). */
export const ORGAN_LEVELS = ['national', 'provincial', 'districted-city', 'county', 'other'] as const;
export type OrganLevel = (typeof ORGAN_LEVELS)[number];

export const DOCUMENT_KINDS = [
  'inspection-notice',
  'evidence-collection-notice',
  'investigation-letter',
  'detention-decision',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const ARRIVAL_CHANNELS = ['in-person', 'letter', 'secure-electronic'] as const;
export type ArrivalChannel = (typeof ARRIVAL_CHANNELS)[number];

export const DATA_CATEGORIES = [
  'real-name-records',
  'parcel-records',
  'inspection-and-xray-records',
  'images',
  'audit-entries',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** Where a request stands; `refused` and `closed` are final. */
export const REQUEST_STATUSES = [
  'registered',
  'returned',
  'verified',
  'approved',
  'refused',
  'fulfilled',
  'closed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** The verification checklist, recorded item by item before anything is disclosed. */
export const CHECK_ITEMS = [
  'work-ids-seen',
  'document-seen',
  'approval-level-adequate',
  'scope-necessary',
  'agency-called-back',
] as const;
export type CheckItem = (typeof CHECK_ITEMS)[number];

export interface LawfulRequestTable {
  id: string;
  /** A short human reference, e.g. LR-2026-0007 (unique). */
  reference: string;
  agency_kind: AgencyKind;
  issuing_organ: string;
  organ_level: OrganLevel;
  /** 1: a foreign authority's request (a hard stop: never answered without PRC approval). */
  foreign_agency: number;
  document_kind: DocumentKind;
  document_number: string;
  document_date: string;
  /** The legal document's scan in the evidence blob store (SHA-256), or null when none was stored. */
  document_sha256: string | null;
  document_media_type: string | null;
  /** JSON `[{name, workIdNo}]`, vault-encrypted (the officers are personal data). */
  officers_enc: string;
  officer_count: number;
  arrived_via: ArrivalChannel;
  received_by: string;
  received_at: number;
  deadline_at: number;
  /** JSON RequestScope: blind indexes for senders and recipients, never their documents or phones in clear. */
  scope: string;
  /** The scope as the officers wrote it (documents, phones), vault-encrypted: shown to the sealed roles only. */
  scope_enc: string;
  status: RequestStatus;
  status_reason: string | null;
  approved_by: string | null;
  approved_at: number | null;
  /** 1: retention purges skip the senders and parcels the scope names (on from registration until lifted). */
  legal_hold: number;
  /** The signed export package (JSON), vault-encrypted: it holds the disclosed personal data. */
  package_enc: string | null;
  /** SHA-256 of the package's signed manifest (canonical JSON). */
  package_sha256: string | null;
  exported_by: string | null;
  exported_at: number | null;
  /** JSON `{receivingOfficers: [{name, workIdNo}], receivedAt, note}`, vault-encrypted. */
  receipt_enc: string | null;
  fulfilled_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A parcel detained by a request: held, and everyone but the sealed roles is told only "refer to a supervisor". */
export interface LawfulRequestDetentionTable {
  request_id: string;
  waybill_no: string;
  detained_by: string;
  detained_at: number;
}

/** One checklist answer; append-only: the latest answer per item counts. */
export interface LawfulRequestCheckTable {
  id: string;
  request_id: string;
  item: CheckItem;
  passed: number;
  note: string | null;
  /** For `agency-called-back`: the agency directory entry whose number was called (never one from the request). */
  directory_entry_id: string | null;
  recorded_by: string;
  recorded_at: number;
}

/** The agency directory the call-back uses: numbers maintained by the company, not taken from a request. */
export interface AgencyDirectoryTable {
  id: string;
  agency_kind: AgencyKind;
  organ: string;
  phone: string;
  added_by: string;
  added_at: number;
  retired_at: number | null;
}

/** Staff designated to approve lawful requests (the second pair of eyes). */
export interface RequestApproverTable {
  staff_id: string;
  designated_by: string;
  designated_at: number;
}

export interface LawfulRequestEventTable {
  id: string;
  request_id: string;
  at: number;
  kind: string;
  actor_id: string;
  /** JSON without personal data. */
  data: string;
}

export interface RequestTables {
  lawful_requests: LawfulRequestTable;
  lawful_request_checks: LawfulRequestCheckTable;
  lawful_request_events: LawfulRequestEventTable;
  lawful_request_detentions: LawfulRequestDetentionTable;
  agency_directory: AgencyDirectoryTable;
  request_approvers: RequestApproverTable;
}
