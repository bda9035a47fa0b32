// Kysely's view of the hub tables (conventions as in platform/database/schema.ts).

/** What a screening machine is: X-ray (GB 15208.1) by default; the method codes of DUTIES.md otherwise. */
export const MACHINE_KINDS = ['xray', 'etd', 'other'] as const;
export type MachineKind = (typeof MACHINE_KINDS)[number];

export interface ScreeningMachineTable {
  id: string;
  /** The code printed on the machine and sent by its station software with every scan. Unique. */
  machine_code: string;
  site_id: string;
  kind: MachineKind;
  maker: string;
  model: string;
  /** The standard it is certified against, e.g. GB 15208.1-2018. */
  standard: string;
  certificate_no: string;
  /** Last day (YYYY-MM-DD, China calendar) the certificate covers. */
  certified_until: string;
  last_calibrated_on: string;
  status: 'active' | 'retired';
  created_at: number;
  updated_at: number;
}

export interface ScanTable {
  /** The station's own id for the scan event: a re-sent event is answered, not counted twice. */
  event_id: string;
  request_hash: string;
  waybill_no: string;
  machine_id: string;
  operator_id: string;
  site_id: string;
  scanned_at: number;
  result: 'clear' | 'suspect';
  method: string;
  image_ref: string | null;
  image_sha256: string | null;
  /** JSON array of threat categories the machine reported. */
  threats: string;
  /** What the scan did: screened, open-inspection, held-unmarked, unknown-parcel, rescan, held-suspect. */
  outcome: string;
  state_after: string | null;
  received_at: number;
}

export interface ScanRejectionTable {
  id: string;
  event_id: string;
  machine_code: string;
  site_id: string | null;
  waybill_no: string;
  /** unknown-machine, machine-not-certified, machine-retired, operator-not-certified */
  reason: string;
  at: number;
}

export interface DispatchTable {
  id: string;
  site_id: string;
  /** The bag, cage or vehicle seal number; null for a single parcel. */
  container_no: string | null;
  parcel_count: number;
  dispatched_by: string;
  at: number;
}

export interface HubTables {
  screening_machines: ScreeningMachineTable;
  scans: ScanTable;
  scan_rejections: ScanRejectionTable;
  dispatches: DispatchTable;
}
