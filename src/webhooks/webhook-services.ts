// Builds the webhooks capability for the composition root (src/app.ts) and makes the cases capability queue
// deliveries for every timeline event from then on (CasesService.useEventSink).
import type { Logger } from 'pino';
import type { AuditService } from '../audit/audit.service.js';
import type { CasesService } from '../cases/cases.service.js';
import type { Clock } from '../platform/clock.js';
import type { Vault } from '../platform/crypto/vault.js';
import type { Store } from '../platform/database/store.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { DEFAULT_WEBHOOKS_OPTIONS, WebhooksService } from './webhooks.service.js';

export interface WebhookServices {
  webhooks: WebhooksService;
  /** Sends due deliveries; the server starts its loop (`start`), tests call `deliverDue()`. */
  webhookDispatcher: WebhookDispatcher;
}

export function createWebhookServices(deps: {
  store: Store;
  vault: Vault;
  audit: AuditService;
  clock: Clock;
  logger: Logger;
  cases: CasesService;
  /** PARCELGUARD_WEBHOOK_KEEP_DELIVERED_DAYS. */
  keepDeliveredDays: number;
}): WebhookServices {
  const repository = new WebhooksRepository();
  const webhooks = new WebhooksService(deps.store, repository, deps.vault, deps.audit, deps.clock, {
    ...DEFAULT_WEBHOOKS_OPTIONS,
    keepDeliveredMs: deps.keepDeliveredDays * 86_400_000,
  });
  deps.cases.useEventSink(webhooks);
  return {
    webhooks,
    webhookDispatcher: new WebhookDispatcher(deps.store, repository, webhooks, deps.clock, deps.logger),
  };
}
