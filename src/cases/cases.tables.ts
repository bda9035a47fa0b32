// Kysely's view of the case tables (conventions as in platform/database/schema.ts). The reports capability builds
// on these: keep column names stable.

/** Where a case stands. `reported` and `closed` are finished: nothing changes until the case is reopened. */
export const CASE_STATUSES = ['open', 'investigating', 'awaiting-approval', 'reported', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** What the case turned out to be, kept apart from its status (false-alarm rates per rule, site, machine). */
export const CASE_OUTCOMES = ['confirmed', 'false-alarm', 'inconclusive'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** Priority, lowest first: it only rises as signals accumulate. */
export const CASE_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

/** Records that can be attached as evidence (a JSON snapshot stored like a file). */
export const EVIDENCE_RECORD_KINDS = [
  'parcel-gate-records',
  'inspection-mark',
  'scan-events',
  'real-name-snapshot',
] as const;
export type EvidenceRecordKind = (typeof EVIDENCE_RECORD_KINDS)[number];

/** A case: repeated signals about one key (a waybill, or a sender's subject index) gathered in one place. */
export interface CaseTable {
  id: string;
  /** `waybill:<waybill no>` or `subject:<subject type>:<subject index>`. */
  case_key: string;
  /** The key while the case is open, investigating or awaiting approval; null once finished (unique). */
  open_key: string | null;
  waybill_no: string | null;
  subject_type: string | null;
  subject_index: string | null;
  /** The site of the first clue (null: a company-wide case). */
  site_id: string | null;
  /** The most serious catalogue category seen so far (slug), or null. */
  category: string | null;
  /** JSON: every catalogue category slug seen so far. */
  categories: string;
  /** A short description without personal data. */
  title: string;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  priority: CasePriority;
  /** 1: a national-security case, visible only to holders of the sealed-case clearance. */
  sealed: number;
  assignee_id: string | null;
  /** When it must be reported (epoch ms); a crime-related find: at once (minutes, per category). */
  deadline_at: number;
  opened_at: number;
  opened_by: string;
  updated_at: number;
  reported_at: number | null;
  closed_at: number | null;
}

/** One change on a case's timeline, written in the same transaction as its audit entry. */
export interface CaseEventTable {
  id: string;
  case_id: string;
  at: number;
  /** opened, clue-attached, status-changed, assigned, priority-raised, evidence-added, evidence-locked, … */
  kind: string;
  actor_type: string;
  actor_id: string;
  /** JSON without personal data. */
  data: string;
}

/** A file or a record snapshot attached to a case; its bytes live in the blob store under `sha256`. */
export interface EvidenceTable {
  id: string;
  case_id: string;
  /** `file` (photo, X-ray image, scanned document) or `record` (a JSON snapshot of a stored record). */
  kind: 'file' | 'record';
  record_kind: EvidenceRecordKind | null;
  file_name: string;
  media_type: string;
  size_bytes: number;
  /** Hex SHA-256 of the bytes: the blob's address, also written into the audit chain. */
  sha256: string;
  description: string | null;
  added_by: string;
  added_at: number;
  /** Set when a report includes it: locked evidence is never removed or replaced. */
  locked_at: number | null;
  locked_by: string | null;
  /** Set when an officer withdrew it (kept, listed as withdrawn); never once locked. */
  withdrawn_at: number | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

/** A custody hand-over of a held parcel: seized, handed to an authority, delivered (chain of custody). */
export interface CustodyHandoverTable {
  id: string;
  waybill_no: string;
  case_id: string | null;
  /** seize | hand-to-authority | deliver */
  kind: string;
  /** Who had it before (staff id or a name), as the parcel's events say. */
  from_custodian: string | null;
  /** Receiving officer or person. */
  to_name: string;
  /** Receiving unit (authority office), or null (delivery, seizure kept in-house). */
  to_unit: string | null;
  /** The receiving officer's badge or warrant number, when given. */
  to_officer_no: string | null;
  location: string;
  /** When the hand-over happened (epoch ms), as stated. */
  handed_at: number;
  /** `signature` or `receipt`, with the file's hash in the blob store; null when none was given. */
  proof_kind: string | null;
  proof_sha256: string | null;
  proof_evidence_id: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: number;
}

/** Deadline in minutes per catalogue category (`crime-related` and `default` for the rest). */
export interface CaseDeadlineTable {
  category: string;
  minutes: number;
  updated_by: string;
  updated_at: number;
}

/** Holders of the sealed-case clearance: they, and only they, see national-security cases. */
export interface CaseClearanceTable {
  staff_id: string;
  granted_by: string;
  granted_at: number;
}

export interface CaseTables {
  cases: CaseTable;
  case_events: CaseEventTable;
  evidence: EvidenceTable;
  custody_handovers: CustodyHandoverTable;
  case_deadlines: CaseDeadlineTable;
  case_clearances: CaseClearanceTable;
}
