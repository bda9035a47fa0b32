import type { AuditService } from '../audit/audit.service.js';
import type { CaseEventSink, WrittenCaseEvent } from '../cases/case-event-sink.js';
import type { RequestContext } from '../people/actor.js';
import type { Clock } from '../platform/clock.js';
import type { Vault } from '../platform/crypto/vault.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems } from '../platform/validation.js';
import { buildPayload, isWebhookEventKind, webhookKindOf, type WebhookEventKind } from './webhook-events.js';
import { auditableUrl, endpointUrlProblem } from './webhook-rules.js';
import { newWebhookSecret } from './webhook-signature.js';
import type { WebhooksRepository } from './webhooks.repository.js';
import type { WebhookDeliveryTable, WebhookEndpointTable } from './webhooks.tables.js';
import type {
  CreateEndpointInput,
  UpdateEndpointInput,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from './webhooks.types.js';

const SECRET_CONTEXT = 'webhook.secret';
const PREVIOUS_SECRET_CONTEXT = 'webhook.previous-secret';

export interface WebhooksOptions {
  /** How long a rotated-out secret keeps signing beside the new one, unless a rotation says otherwise. */
  rotationGraceMs: number;
  /** How long a delivered webhook stays in the outbox. */
  keepDeliveredMs: number;
}

export const DEFAULT_WEBHOOKS_OPTIONS: WebhooksOptions = {
  rotationGraceMs: 24 * 3_600_000,
  keepDeliveredMs: 90 * 86_400_000,
};

/** Deliveries removed per transaction: a backlog goes over several runs, none holds the writer for long. */
const PRUNE_BATCH = 5000;

/** Longest grace period a rotation may ask for (a week): an old secret should not linger. */
export const MAX_GRACE_HOURS = 168;

/**
 * Signed webhooks for the company's own systems: endpoints (URL, event kinds, vault-encrypted secrets, rotation
 * with a grace period) and the outbox, filled in the case event's own transaction (the CaseEventSink).
 */
export class WebhooksService implements CaseEventSink {
  constructor(
    private readonly store: Store,
    private readonly repository: WebhooksRepository,
    private readonly vault: Vault,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly options: WebhooksOptions = DEFAULT_WEBHOOKS_OPTIONS,
  ) {}

  // ---- Endpoints ----------------------------------------------------------------------------------------------

  /** Registers an endpoint with a new secret (returned once, here). */
  async createEndpoint(
    context: RequestContext,
    input: CreateEndpointInput,
  ): Promise<WebhookEndpointWithSecret> {
    const name = input.name.trim();
    const url = input.url.trim();
    const problems = new FieldProblems();
    checkName(problems, name);
    checkUrl(problems, url);
    const events = checkEvents(problems, input.events);
    problems.throwIfAny();
    const now = this.clock.now();
    const secret = newWebhookSecret();
    const row: WebhookEndpointTable = {
      id: newId(now),
      name,
      url,
      events: JSON.stringify(events),
      active: input.active === false ? 0 : 1,
      secret_enc: this.vault.encrypt(secret, SECRET_CONTEXT),
      previous_secret_enc: null,
      previous_secret_expires_at: null,
      secret_rotated_at: null,
      created_by: context.actor.id,
      created_at: now,
      updated_at: now,
    };
    await this.store.transaction(async (trx) => {
      await this.repository.insertEndpoint(trx, row);
      await this.audit.append(trx, context, {
        action: 'webhook.created',
        subject: { type: 'webhook-endpoint', id: row.id },
        data: { name, url: auditableUrl(url), events, active: row.active === 1 },
      });
    });
    return { endpoint: toEndpoint(row), secret };
  }

  async findEndpoints(): Promise<WebhookEndpoint[]> {
    return (await this.repository.findEndpoints(this.store.db)).map(toEndpoint);
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint> {
    return toEndpoint(await this.getEndpointRow(this.store.db, id));
  }

  /** Changes the name, URL, event kinds or the active flag (deactivated: nothing more is queued for it). */
  async updateEndpoint(
    context: RequestContext,
    id: string,
    input: UpdateEndpointInput,
  ): Promise<WebhookEndpoint> {
    const problems = new FieldProblems();
    const changes: Partial<WebhookEndpointTable> = {};
    if (input.name !== undefined) {
      changes.name = input.name.trim();
      checkName(problems, changes.name);
    }
    if (input.url !== undefined) {
      changes.url = input.url.trim();
      checkUrl(problems, changes.url);
    }
    if (input.events !== undefined) changes.events = JSON.stringify(checkEvents(problems, input.events));
    if (input.active !== undefined) changes.active = input.active ? 1 : 0;
    problems.throwIfAny();
    return this.store.transaction(async (trx) => {
      const row = await this.getEndpointRow(trx, id);
      const now = this.clock.now();
      const updated = { ...row, ...changes, updated_at: now };
      await this.repository.updateEndpoint(trx, id, { ...changes, updated_at: now });
      await this.audit.append(trx, context, {
        action: 'webhook.updated',
        subject: { type: 'webhook-endpoint', id },
        data: {
          ...(changes.name === undefined ? {} : { name: changes.name }),
          ...(changes.url === undefined ? {} : { url: auditableUrl(changes.url) }),
          ...(changes.events === undefined ? {} : { events: JSON.parse(changes.events) as string[] }),
          ...(changes.active === undefined ? {} : { active: changes.active === 1 }),
        },
      });
      return toEndpoint(updated);
    });
  }

  /** Removes an endpoint and its deliveries (pending ones are never sent). */
  async deleteEndpoint(context: RequestContext, id: string): Promise<void> {
    await this.store.transaction(async (trx) => {
      const row = await this.getEndpointRow(trx, id);
      await this.repository.deleteEndpoint(trx, id);
      await this.audit.append(trx, context, {
        action: 'webhook.deleted',
        subject: { type: 'webhook-endpoint', id },
        data: { name: row.name, url: auditableUrl(row.url) },
      });
    });
  }

  /**
   * Makes a new secret current (returned once, here); the one it replaces keeps signing beside it for the grace
   * period, so the receiver can switch without losing a delivery. A second rotation within the grace period
   * drops the oldest secret.
   */
  async rotateSecret(
    context: RequestContext,
    id: string,
    input: { graceHours?: number } = {},
  ): Promise<WebhookEndpointWithSecret> {
    if (input.graceHours !== undefined) {
      new FieldProblems()
        .check(
          Number.isInteger(input.graceHours) && input.graceHours >= 0 && input.graceHours <= MAX_GRACE_HOURS,
          'graceHours',
          `must be a whole number of hours from 0 to ${MAX_GRACE_HOURS}`,
        )
        .throwIfAny();
    }
    const graceMs =
      input.graceHours === undefined ? this.options.rotationGraceMs : input.graceHours * 3_600_000;
    const secret = newWebhookSecret();
    return this.store.transaction(async (trx) => {
      const row = await this.getEndpointRow(trx, id);
      const now = this.clock.now();
      const current = this.vault.decrypt(row.secret_enc, SECRET_CONTEXT);
      const changes: Partial<WebhookEndpointTable> = {
        secret_enc: this.vault.encrypt(secret, SECRET_CONTEXT),
        previous_secret_enc: graceMs > 0 ? this.vault.encrypt(current, PREVIOUS_SECRET_CONTEXT) : null,
        previous_secret_expires_at: graceMs > 0 ? now + graceMs : null,
        secret_rotated_at: now,
        updated_at: now,
      };
      await this.repository.updateEndpoint(trx, id, changes);
      await this.audit.append(trx, context, {
        action: 'webhook.secret-rotated',
        subject: { type: 'webhook-endpoint', id },
        data: { previousValidUntil: changes.previous_secret_expires_at ?? null },
      });
      return { endpoint: toEndpoint({ ...row, ...changes }), secret };
    });
  }

  /**
   * The secrets a delivery sent at `now` is signed with: the current one, and the previous one while its grace
   * period lasts.
   */
  signingSecretsOf(row: WebhookEndpointTable, now: number): string[] {
    const secrets = [this.vault.decrypt(row.secret_enc, SECRET_CONTEXT)];
    if (row.previous_secret_enc !== null && (row.previous_secret_expires_at ?? 0) > now) {
      secrets.push(this.vault.decrypt(row.previous_secret_enc, PREVIOUS_SECRET_CONTEXT));
    }
    return secrets;
  }

  // ---- Deliveries ---------------------------------------------------------------------------------------------

  /** An endpoint's deliveries, newest first. */
  async findDeliveries(
    endpointId: string,
    options: { limit?: number; status?: WebhookDeliveryTable['status'] } = {},
  ): Promise<WebhookDelivery[]> {
    await this.getEndpointRow(this.store.db, endpointId);
    const rows = await this.repository.findDeliveries(this.store.db, endpointId, {
      limit: options.limit ?? 50,
      ...(options.status === undefined ? {} : { status: options.status }),
    });
    return rows.map(toDelivery);
  }

  /** Queues a delivery again (failed, delivered or pending): due now, with a fresh count of attempts. */
  /**
   * Removes deliveries delivered longer ago than `keepDeliveredMs` (PARCELGUARD_WEBHOOK_KEEP_DELIVERED_DAYS), the
   * oldest PRUNE_BATCH in one transaction with one audit entry; says how many. Pending and failed deliveries stay:
   * they are still to be sent or looked at. The dispatcher calls it hourly.
   */
  async pruneDelivered(context: RequestContext): Promise<number> {
    const before = this.clock.now() - this.options.keepDeliveredMs;
    return this.store.transaction(async (trx) => {
      const removed = await this.repository.deleteDeliveredBefore(trx, before, PRUNE_BATCH);
      if (removed > 0)
        await this.audit.append(trx, context, {
          action: 'webhook.deliveries-pruned',
          subject: { type: 'webhook-outbox', id: 'delivered' },
          data: { removed, deliveredBefore: before },
        });
      return removed;
    });
  }

  async redeliver(context: RequestContext, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
    return this.store.transaction(async (trx) => {
      const endpoint = await this.getEndpointRow(trx, endpointId);
      const row = await this.repository.findDelivery(trx, deliveryId);
      if (row === undefined || row.endpoint_id !== endpoint.id) {
        throw new AppError('not-found', 'the delivery was not found');
      }
      if (endpoint.active !== 1) {
        throw new AppError('conflict', 'the endpoint is deactivated: activate it before redelivering');
      }
      const now = this.clock.now();
      const changes: Partial<WebhookDeliveryTable> = {
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        delivered_at: null,
      };
      await this.repository.updateDelivery(trx, row.id, changes);
      await this.audit.append(trx, context, {
        action: 'webhook.redelivery-requested',
        subject: { type: 'webhook-endpoint', id: endpoint.id },
        data: { deliveryId: row.id, eventId: row.event_id, kind: row.kind, previousStatus: row.status },
      });
      return toDelivery({ ...row, ...changes });
    });
  }

  /**
   * The CaseEventSink: queues one delivery per active endpoint that wants the event's kind, in the event's own
   * transaction (nothing is sent for a change that rolls back; nothing committed is left unqueued).
   */
  async caseEventWrittenWithin(trx: Executor, event: WrittenCaseEvent): Promise<void> {
    const kind = webhookKindOf(event.kind);
    if (kind === null) return;
    const endpoints = (await this.repository.findEndpoints(trx, { activeOnly: true })).filter((endpoint) =>
      (JSON.parse(endpoint.events) as string[]).includes(kind),
    );
    if (endpoints.length === 0) return;
    const payload = JSON.stringify(buildPayload(event, kind, await event.caseFacts()));
    const now = this.clock.now();
    await this.repository.insertDeliveries(
      trx,
      endpoints.map((endpoint) => ({
        id: newId(now),
        endpoint_id: endpoint.id,
        event_id: event.id,
        kind,
        case_id: event.caseId,
        payload,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        last_attempt_at: null,
        last_status_code: null,
        last_error: null,
        delivered_at: null,
        created_at: now,
      })),
    );
  }

  private async getEndpointRow(db: Executor, id: string): Promise<WebhookEndpointTable> {
    const row = await this.repository.findEndpoint(db, id);
    if (row === undefined) throw new AppError('not-found', 'the webhook endpoint was not found');
    return row;
  }
}

function checkName(problems: FieldProblems, name: string): void {
  problems.check(name.length >= 1 && name.length <= 100, 'name', 'must be 1 to 100 characters');
}

function checkUrl(problems: FieldProblems, url: string): void {
  if (url.length > 2000) {
    problems.add('url', 'must be at most 2000 characters');
    return;
  }
  const problem = endpointUrlProblem(url);
  if (problem !== null) problems.add('url', problem);
}

function checkEvents(problems: FieldProblems, events: readonly string[]): WebhookEventKind[] {
  if (events.length === 0) problems.add('events', 'must name at least one event kind');
  const known: WebhookEventKind[] = [];
  events.forEach((kind, index) => {
    if (isWebhookEventKind(kind)) {
      if (!known.includes(kind)) known.push(kind);
    } else {
      problems.add(`events/${index}`, 'must be one of the webhook event kinds');
    }
  });
  return known;
}

export function toEndpoint(row: WebhookEndpointTable): WebhookEndpoint {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventKind[],
    active: row.active === 1,
    secretRotatedAt: row.secret_rotated_at === null ? null : Number(row.secret_rotated_at),
    previousSecretValidUntil:
      row.previous_secret_expires_at === null ? null : Number(row.previous_secret_expires_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function toDelivery(row: WebhookDeliveryTable): WebhookDelivery {
  const optional = (value: number | null) => (value === null ? null : Number(value));
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    kind: row.kind,
    caseId: row.case_id,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: optional(row.next_attempt_at),
    lastAttemptAt: optional(row.last_attempt_at),
    lastStatusCode: optional(row.last_status_code),
    lastError: row.last_error,
    deliveredAt: optional(row.delivered_at),
    createdAt: Number(row.created_at),
  };
}
