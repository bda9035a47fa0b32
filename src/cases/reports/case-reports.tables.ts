// Kysely's view of the reports-to-authorities table (conventions as in platform/database/schema.ts).

/** A report of a case to an authority: draft → approved (four eyes) → submitted → acknowledged. */
export interface CaseReportTable {
  id: string;
  case_id: string;
  /** The case's site, copied for scoping and figures (null: a company-wide case). */
  site_id: string | null;
  /** The authority it goes to, the routed one, the routing rule, and the officer's reason when they differ. */
  authority: string;
  routed_authority: string;
  route_rule: string;
  override_reason: string | null;
  status: string;
  /** The officer's account of the facts (no personal data: the package adds what the authority needs). */
  summary: string;
  /** Where the item is kept and by whom, as the officer states it. */
  custody_note: string | null;
  /** JSON array of evidence ids included (locked from the moment a report includes them). */
  evidence_ids: string;
  drafted_by: string;
  drafted_at: number;
  updated_at: number;
  approved_by: string | null;
  approved_at: number | null;
  /** The signed package (document, PDF, manifest), vault-encrypted: it carries unmasked personal data. */
  package_enc: string | null;
  document_sha256: string | null;
  pdf_sha256: string | null;
  signature: string | null;
  key_id: string | null;
  submitted_by: string | null;
  submitted_at: number | null;
  /** hotline | website | in-person | letter */
  channel: string | null;
  /** The authority's own reference number for the report, when it gave one. */
  authority_reference: string | null;
  acknowledged_by: string | null;
  acknowledged_at: number | null;
  acknowledgement_note: string | null;
}

export interface CaseReportTables {
  case_reports: CaseReportTable;
}
