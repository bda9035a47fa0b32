// Kysely's view of the webhook tables (conventions as in platform/database/schema.ts).

/** A receiver of the company's own systems: where to POST, which event kinds, and its signing secrets. */
export interface WebhookEndpointTable {
  id: string;
  name: string;
  url: string;
  /** JSON array of webhook event kinds (webhook-events.ts). */
  events: string;
  /** 1: deliveries are queued for it; 0: deactivated (nothing queued, nothing sent). */
  active: number;
  /** The current signing secret, vault-encrypted (context `webhook.secret`). */
  secret_enc: string;
  /** The secret before the last rotation, still signing until `previous_secret_expires_at`; vault-encrypted. */
  previous_secret_enc: string | null;
  previous_secret_expires_at: number | null;
  secret_rotated_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** The outbox: one row per event per endpoint, written in the event's transaction, sent by the dispatcher. */
export interface WebhookDeliveryTable {
  id: string;
  endpoint_id: string;
  /** The case timeline event it reports. */
  event_id: string;
  kind: string;
  case_id: string;
  /** The JSON body, fixed when queued (the same bytes on every attempt). */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** When it is due (pending), or the end of a sender's claim on it; null once delivered or failed. */
  next_attempt_at: number | null;
  last_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
}
