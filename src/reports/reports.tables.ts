// Kysely's view of the report tables (conventions as in platform/database/schema.ts).

/** A signed statement of one day's coverage (one site, or every site) and its Merkle root. */
export interface AttestationTable {
  id: string;
  /** The China calendar day attested, YYYY-MM-DD. */
  day: string;
  site_id: string | null;
  merkle_root: string;
  leaf_count: number;
  /** The statement as signed (canonical JSON). */
  statement: string;
  signature: string;
  key_id: string;
  created_by: string;
  created_at: number;
}

/** One parcel's gate record under an attestation's root (no personal data), in leaf order. */
export interface AttestationLeafTable {
  attestation_id: string;
  position: number;
  waybill_no: string;
  /** Canonical JSON of the gate record; the leaf hash is SHA-256(0x00 ‖ record). */
  record: string;
}

export interface ReportTables {
  attestations: AttestationTable;
  attestation_leaves: AttestationLeafTable;
}
