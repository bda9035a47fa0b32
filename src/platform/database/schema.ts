// Kysely's view of the tables. Conventions that hold on SQLite and PostgreSQL alike: times are epoch
// milliseconds (bigint), calendar dates are 'YYYY-MM-DD' text, enums and lists are text, encrypted values
// are text `<key id>:<base64url>` produced by the vault, blind indexes are hex text.

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

export interface Database {
  company: CompanyTable;
  sites: SiteTable;
  staff: StaffTable;
  certifications: CertificationTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  audit_entries: AuditEntryTable;
  audit_checkpoints: AuditCheckpointTable;
  signing_keys: SigningKeyTable;
}
