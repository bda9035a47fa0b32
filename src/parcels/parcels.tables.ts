// Kysely's view of the parcel tables (conventions as in platform/database/schema.ts).
import type { ParcelState } from './parcel-state.js';

/** The vault context of each encrypted parcel column (bound into the ciphertext as additional data). */
export const PARCEL_FIELD_CONTEXT = {
  originAddress: 'parcel.origin-address',
  destinationAddress: 'parcel.destination-address',
  recipientName: 'parcel.recipient-name',
  recipientPhone: 'parcel.recipient-phone',
  recipientAddress: 'parcel.recipient-address',
} as const;

export interface ParcelTable {
  waybill_no: string;
  site_id: string;
  route: 'domestic' | 'inbound' | 'outbound';
  state: ParcelState;
  held_from: ParcelState | null;
  decision: 'refuse' | 'inspect' | 'hold';
  /** JSON array of reason strings (no personal data). */
  decision_reasons: string;
  counter_message: string;
  /** SHA-256 of the canonical intake request: the same request again is a replay, another one a conflict. */
  request_hash: string;
  origin_country: string;
  origin_region: string | null;
  origin_address_enc: string;
  destination_country: string;
  destination_region: string | null;
  destination_address_enc: string;
  gate_kind: string;
  gate_decision: 'pass' | 'refuse' | 'hold';
  gate_reason: string | null;
  sender_id: string | null;
  agreement_id: string | null;
  recipient_name_enc: string;
  recipient_phone_enc: string;
  recipient_phone_index: string;
  recipient_address_enc: string;
  weight_grams: number;
  declared_value: number | null;
  notice_version: string;
  collected_by: string;
  catalogue_version: string;
  screening_verdict: string;
  risk_version: string;
  risk_score: number;
  /** JSON array of risk hits (rule, weight, facts; no personal data). */
  risk_hits: string;
  /** The RiskFacts evaluated at intake (JSON, no personal data), for dry runs of candidate rule sets. */
  risk_facts: string | null;
  inspected_by: string | null;
  inspected_at: number | null;
  inspection_mark: string | null;
  created_at: number;
  updated_at: number;
  // The later gates' facts (migration HubScreening), optional so intake need not name them: a new parcel has
  // none. Read by the coverage report from one covering index.
  /** How the inspection on acceptance ended (consistent, inconsistent, prohibited-found, refused-by-sender). */
  inspection_outcome?: string | null;
  /** When the parcel was first X-rayed clear (or cleared by an open inspection after a suspect scan). */
  screened_at?: number | null;
  /** The scan event (or open-inspection id) that screened it. */
  screened_by_scan?: string | null;
  dispatched_at?: number | null;
  dispatch_id?: string | null;
  // Who took the parcel in and how the sender's document was verified (migration LeanIntake): the timeline's
  // intake step, read from here instead of an event row. Null on parcels taken in before it.
  intake_actor_type?: string | null;
  intake_actor_id?: string | null;
  verification_method?: string | null;
}

export interface ParcelItemTable {
  waybill_no: string;
  position: number;
  description: string;
  quantity: number | null;
  unit: string | null;
  declared_value: number | null;
  verdict: string;
  category: string | null;
  reasons: string;
}

export interface ParcelEventTable {
  id: string;
  waybill_no: string;
  at: number;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  actor_type: string;
  actor_id: string;
  site_id: string | null;
  custodian: string | null;
  location: string | null;
  reason: string | null;
  /** JSON object (no personal data). */
  details: string;
}

export interface InspectionTable {
  id: string;
  waybill_no: string;
  inspector_id: string;
  outcome: string;
  found_description: string | null;
  found_verdict: string | null;
  found_category: string | null;
  findings: string | null;
  /** JSON array of SHA-256 hex digests of the inspection photos. */
  photo_hashes: string;
  at: number;
}

export interface RiskRuleSetTable {
  version: string;
  content: string;
  content_hash: string;
  notes: string | null;
  published_by: string;
  published_at: number;
}

export interface ParcelTables {
  risk_rule_sets: RiskRuleSetTable;
  parcels: ParcelTable;
  parcel_items: ParcelItemTable;
  parcel_events: ParcelEventTable;
  inspections: InspectionTable;
}
