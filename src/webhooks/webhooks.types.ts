import type { WebhookDeliveryStatus } from './webhooks.tables.js';
import type { WebhookEventKind } from './webhook-events.js';

/** An endpoint as the API shows it: never its secrets. */
export interface WebhookEndpoint {
  id: string;
  name: string;
  url: string;
  events: WebhookEventKind[];
  active: boolean;
  /** When the secret was last rotated (null: never). */
  secretRotatedAt: number | null;
  /** Until when the previous secret still signs beside the current one (null: no previous secret in use). */
  previousSecretValidUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

/** An endpoint with its signing secret, shown once: when created and when rotated. */
export interface WebhookEndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  kind: string;
  caseId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: number | null;
  lastAttemptAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: number | null;
  createdAt: number;
}

export interface CreateEndpointInput {
  name: string;
  url: string;
  events: readonly string[];
  active?: boolean;
}

export interface UpdateEndpointInput {
  name?: string;
  url?: string;
  events?: readonly string[];
  active?: boolean;
}
