// Kysely's view of the tables. Conventions that hold on SQLite and PostgreSQL alike: times are epoch
// milliseconds (bigint), calendar dates are 'YYYY-MM-DD' text, enums and lists are text, encrypted values
// are text `<key id>:<base64url>` produced by the vault, blind indexes are hex text.

import type { ColumnType } from 'kysely';
import type { CaseTables } from '../../cases/cases.tables.js';
import type { CaseReportTables } from '../../cases/reports/case-reports.tables.js';
import type { EventTables } from '../../events/events.tables.js';
import type { RequestTables } from '../../requests/requests.tables.js';
import type { HubTables } from '../../hubs/hubs.tables.js';
import type { ParcelTables } from '../../parcels/parcels.tables.js';
import type { ReportTables } from '../../reports/reports.tables.js';
import type { TrainingTables } from '../../training/training.tables.js';
import type { WebhookTables } from '../../webhooks/webhooks.tables.js';
export interface CompanyTable {
  id: string;
  name: string;
  uscc: string | null;
  licence_no: string | null;
  created_at: number;
  updated_at: number;
}

export interface SiteTable {
  id: string;
  code: string;
  name: string;
  kind: 'outlet' | 'hub';
  region_code: string;
  status: 'active' | 'closed';
  created_at: number;
  updated_at: number;
}

export interface StaffTable {
  id: string;
  username: string;
  name: string;
  site_id: string;
  /** Comma-separated roles from the closed list. */
  roles: string;
  status: 'active' | 'suspended';
  password_hash: string | null;
  /** Encrypted phone number (vault). */
  phone_enc: string | null;
  created_at: number;
  updated_at: number;
}

export interface CertificationTable {
  id: string;
  staff_id: string;
  kind: string;
  certificate_no: string | null;
  issued_on: string;
  expires_on: string;
  revoked_at: number | null;
  created_at: number;
  /** 'training' (a passed assessment, or training's manual entry) or 'manual' (typed in here); null before 014. */
  source: string | null;
  /** Why an admin typed it in by hand; null otherwise. */
  reason: string | null;
}

export interface SessionTable {
  /** SHA-256 (hex) of the opaque token; the token itself is never stored. */
  token_hash: string;
  staff_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface ApiKeyTable {
  id: string;
  name: string;
  site_id: string;
  role: string;
  secret_hash: string;
  created_by: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
  /** Ed25519 public key (raw, base64url) the station signs its events with; null for keys issued before. */
  signing_public_key: string | null;
}

export interface AuditEntryTable {
  seq: number;
  at: number;
  actor_type: string;
  actor_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  request_id: string;
  data_digest: string;
  prev_hash: string;
  hash: string;
  /** HMAC-SHA256 (hex) of `hash` under the audit MAC key; null on entries from before entry MACs existed. */
  mac: string | null;
}

/**
 * One record of a batch entry (an `audit.batch` entry's data digest is the RFC 6962 root over these records'
 * `hash`, in `position` order). `hash` is SHA-256 over the record's canonical JSON; `mac` an HMAC over its batch,
 * position and hash under the audit MAC key, so verification names the record changed, not only its batch.
 */
export interface AuditLeafTable {
  seq: number;
  position: number;
  at: number;
  actor_type: string;
  actor_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  request_id: string;
  data_digest: string;
  hash: string;
  mac: string;
}

export interface AuditCheckpointTable {
  to_seq: number;
  from_seq: number;
  merkle_root: string;
  head_hash: string;
  signed_at: number;
  key_id: string;
  signature: string;
}

export interface SigningKeyTable {
  key_id: string;
  /** Ed25519 public key, SPKI PEM. */
  public_key: string;
  created_at: number;
  revoked_at: number | null;
}

export interface CatalogueVersionTable {
  version: string;
  /** The catalogue document (JSON). */
  content: string;
  /** SHA-256 (hex) of the canonical JSON of the document. */
  content_hash: string;
  notes: string | null;
  published_by: string;
  published_at: number;
}

/** A verified person (real-name register). Personal fields are vault-encrypted; `document_index` finds them. */
export interface SenderTable {
  id: string;
  document_type: string;
  /** Blind index of document type + nationality (passports) + normalised number; unique. */
  document_index: string;
  nationality: string | null;
  number_enc: string;
  name_enc: string;
  /**
   * Blind index of the normalised name (subject-index.ts nameIndex): a returning sender's name is compared by it.
   * Null for senders registered before it existed (their name is decrypted and compared) or whose name
   * normalises to nothing.
   */
  name_index: string | null;
  /** The latest verification: card-reader | visual | face-match, with the face-match device's score. */
  verification_method: string;
  verification_score: number | null;
  verified_by_type: string;
  verified_by: string;
  verified_site_id: string;
  verified_at: number;
  first_seen_at: number;
  last_seen_at: number;
  last_seen_site_id: string;
}

export interface SenderPhoneTable {
  id: string;
  sender_id: string;
  phone_index: string;
  phone_enc: string;
  first_seen_at: number;
  last_seen_at: number;
}

/** A parcel refused at the identity gate: reasons and blind indexes, never plaintext. */
export interface RefusalTable {
  id: string;
  reason: string;
  document_reason: string | null;
  gate_kind: string;
  document_type: string | null;
  document_index: string | null;
  phone_index: string | null;
  agreement_id: string | null;
  site_id: string;
  actor_type: string;
  actor_id: string;
  request_id: string;
  created_at: number;
  /** JSON: what the refusal was measured against (a failed face match's score and minimum); else null. */
  details: string | null;
}

/** Something a security officer should look at. `details` and `refs` are JSON without personal data. */
export interface ClueTable {
  id: string;
  /** The capability that raised it (identity, screening, risk, …). */
  source: string;
  kind: string;
  severity: string;
  subject_type: string;
  subject_index: string | null;
  site_id: string | null;
  details: string;
  refs: string;
  /** open (untriaged), attached (to `case_id`), dismissed (with `triage_note`). */
  status: string;
  created_at: number;
  /** The case it was attached to (cases capability); the triage columns may be left out on insert. */
  case_id: ColumnType<string | null, string | null | undefined, string | null>;
  triaged_by: ColumnType<string | null, string | null | undefined, string | null>;
  triaged_at: ColumnType<number | null, number | null | undefined, number | null>;
  triage_note: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface WatchlistEntryTable {
  id: string;
  kind: 'document' | 'phone';
  document_type: string | null;
  nationality: string | null;
  subject_index: string;
  /** The document number or phone, encrypted, for masked display. */
  value_enc: string;
  reason: string;
  expires_on: string | null;
  created_by_type: string;
  created_by: string;
  created_at: number;
  removed_at: number | null;
  removed_by: string | null;
}

export interface OrganisationTable {
  id: string;
  name: string;
  uscc: string;
  created_at: number;
  updated_at: number;
}

export interface AgreementTable {
  id: string;
  number: string;
  organisation_id: string;
  signed_on: string;
  valid_until: string;
  /** active | suspended | terminated; `expired` is derived on read from valid_until. */
  status: 'active' | 'suspended' | 'terminated';
  status_reason: string | null;
  responsible_sender_id: string | null;
  /** JSON array of text. */
  permitted_goods: string;
  /** JSON array of site ids; empty = every site. */
  permitted_site_ids: string;
  signed_site_id: string;
  created_at: number;
  updated_at: number;
}

export interface AgreementAccountTable {
  id: string;
  agreement_id: string;
  code: string;
  name: string;
  created_at: number;
}

export interface Database
  extends
    ParcelTables,
    HubTables,
    ReportTables,
    CaseTables,
    CaseReportTables,
    TrainingTables,
    WebhookTables,
    RequestTables,
    EventTables {
  company: CompanyTable;
  sites: SiteTable;
  staff: StaffTable;
  certifications: CertificationTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  audit_entries: AuditEntryTable;
  audit_leaves: AuditLeafTable;
  audit_checkpoints: AuditCheckpointTable;
  signing_keys: SigningKeyTable;
  senders: SenderTable;
  sender_phones: SenderPhoneTable;
  refusals: RefusalTable;
  clues: ClueTable;
  watchlist_entries: WatchlistEntryTable;
  organisations: OrganisationTable;
  agreements: AgreementTable;
  agreement_accounts: AgreementAccountTable;
  catalogue_versions: CatalogueVersionTable;
}
