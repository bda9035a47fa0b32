import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.js';
import type { Store } from '../platform/database/store.js';
import { systemContext } from '../people/actor.js';
import { newId } from '../platform/ids.js';
import { DEFAULT_RETRY_POLICY, nextAttemptAt, type RetryPolicy } from './webhook-rules.js';
import { webhookHeaders } from './webhook-signature.js';
import type { WebhooksRepository } from './webhooks.repository.js';
import type { WebhooksService } from './webhooks.service.js';
import type { WebhookDeliveryTable } from './webhooks.tables.js';

export interface DispatcherOptions {
  /** How often the background loop looks for due deliveries. */
  everyMs: number;
  /** How often a run also removes old delivered rows (WebhooksService.pruneDelivered). */
  pruneEveryMs: number;
  /** Longest wait for a receiver's answer. */
  timeoutMs: number;
  /** Deliveries sent per run at most (the rest wait for the next run). */
  batchSize: number;
  retry: RetryPolicy;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  everyMs: 5_000,
  pruneEveryMs: 3_600_000,
  timeoutMs: 5_000,
  batchSize: 50,
  retry: DEFAULT_RETRY_POLICY,
};

/** What one run did (tests and logs read it). */
export interface DispatchSummary {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Sends what the outbox holds: each due delivery is claimed (so two nodes never send it at once), POSTed with its
 * signature headers, and marked delivered on a 2xx; otherwise retried with exponential backoff until the retry
 * policy gives up (`failed`). The server starts the loop; tests call `deliverDue()` themselves.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<DispatchSummary> | undefined;
  private stopped = false;
  private prunedAt = 0;

  constructor(
    private readonly store: Store,
    private readonly repository: WebhooksRepository,
    private readonly webhooks: WebhooksService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions = DEFAULT_DISPATCHER_OPTIONS,
  ) {}

  /** Starts the background loop (the HTTP server's process). */
  start(): void {
    if (this.timer !== undefined || this.stopped) return;
    this.timer = setInterval(() => {
      if (this.running === undefined) void this.deliverDue();
    }, this.options.everyMs);
    this.timer.unref();
  }

  /** Stops the loop and waits for a run in progress. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Sends every delivery due now (one run at a time: a second call waits for the first). */
  async deliverDue(): Promise<DispatchSummary> {
    while (this.running !== undefined) await this.running;
    const run = this.runOnce().catch((error: unknown): DispatchSummary => {
      this.logger.error({ err: error }, 'webhook dispatch failed');
      return { delivered: 0, retrying: 0, failed: 0 };
    });
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = undefined;
    }
  }

  private async runOnce(): Promise<DispatchSummary> {
    const summary: DispatchSummary = { delivered: 0, retrying: 0, failed: 0 };
    const now = this.clock.now();
    const due = await this.repository.findDue(this.store.db, now, this.options.batchSize);
    for (const row of due) {
      // Held for the attempt and a margin: a sender that dies mid-attempt leaves it due again afterwards.
      if (!(await this.repository.claim(this.store.db, row, now + this.options.timeoutMs + 60_000))) continue;
      const outcome = await this.attempt(row);
      summary[outcome] += 1;
    }
    if (now - this.prunedAt >= this.options.pruneEveryMs) {
      this.prunedAt = now;
      const removed = await this.webhooks.pruneDelivered(systemContext(newId(now), 'webhook-dispatcher'));
      if (removed > 0) this.logger.info({ removed }, 'old delivered webhooks removed from the outbox');
    }
    return summary;
  }

  private async attempt(row: WebhookDeliveryTable): Promise<keyof DispatchSummary> {
    const endpoint = await this.repository.findEndpoint(this.store.db, row.endpoint_id);
    if (endpoint === undefined) return 'failed';
    const sentAt = this.clock.now();
    const headers = webhookHeaders(
      this.webhooks.signingSecretsOf(endpoint, sentAt),
      row.id,
      Math.floor(sentAt / 1000),
      row.payload,
    );
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'user-agent': 'ParcelGuard-Webhooks/1',
        },
        body: row.payload,
        // A receiver answers where it is asked: a redirect is an answer, not a new address to send to.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      statusCode = response.status;
      // Only the status matters; the body is read (and dropped) so the connection is freed.
      await response.arrayBuffer().catch(() => undefined);
      if (statusCode < 200 || statusCode > 299) error = `the receiver answered ${statusCode}`;
    } catch (cause) {
      error = describeFailure(cause, this.options.timeoutMs);
    }
    const attempts = Number(row.attempts) + 1;
    const finishedAt = this.clock.now();
    if (error === null) {
      await this.repository.updateDelivery(this.store.db, row.id, {
        status: 'delivered',
        attempts,
        next_attempt_at: null,
        last_attempt_at: sentAt,
        last_status_code: statusCode,
        last_error: null,
        delivered_at: finishedAt,
      });
      return 'delivered';
    }
    const next = nextAttemptAt(finishedAt, attempts, this.options.retry);
    await this.repository.updateDelivery(this.store.db, row.id, {
      status: next === null ? 'failed' : 'pending',
      attempts,
      next_attempt_at: next,
      last_attempt_at: sentAt,
      last_status_code: statusCode,
      last_error: error.slice(0, 500),
    });
    this.logger.warn(
      { deliveryId: row.id, endpointId: row.endpoint_id, attempts, statusCode, error },
      next === null ? 'webhook delivery failed for good' : 'webhook delivery will be retried',
    );
    return next === null ? 'failed' : 'retrying';
  }
}

function describeFailure(cause: unknown, timeoutMs: number): string {
  if (cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const inner = cause instanceof Error && cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
  return `${cause instanceof Error ? cause.message : String(cause)}${inner}`;
}
