// Kysely's view of the event path's table (conventions as in platform/database/schema.ts).

/** How the consumer settled a station event: stored (recorded or replayed by the hub service) or rejected. */
export const RECEIPT_STATUSES = ['stored', 'rejected'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

export interface EventReceiptTable {
  /** scan | dispatch */
  kind: string;
  /** The station's own id for the event. */
  event_id: string;
  key_id: string;
  site_id: string;
  /** SHA-256 (hex) of the event's canonical JSON: the same id with other contents is a conflict, not a repeat. */
  body_sha256: string;
  /** The stream sequence of the message that settled it: a redelivery of that message carries the same. */
  stream_seq: number;
  status: ReceiptStatus;
  /** The dead-letter reason (an error code) when rejected. */
  reason: string | null;
  at: number;
}

export interface EventTables {
  event_receipts: EventReceiptTable;
}
