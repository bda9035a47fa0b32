// The consumer side of the event path: a durable pull consumer takes station events in batches, checks each
// message (signature, key, site, role, shape), writes the batch through the hub services in one transaction with
// a receipt per event, publishes the refused ones to the dead-letter subject, and only then acknowledges.
//
// Why nothing is lost or stored twice: a message is acknowledged only after its batch committed and its dead
// letter (if any) was accepted by JetStream, so a crash anywhere before leaves it to be delivered again. A
// message delivered again finds its event's receipt (written in the batch's transaction) and is answered from it;
// the scans table's own idempotency by event id stands behind that.
import { createHash } from 'node:crypto';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { App } from '../app.js';
import type { DispatchInput } from '../hubs/dispatch.service.js';
import type { ScanInput } from '../hubs/scans.service.js';
import type { RequestContext } from '../people/actor.js';
import { hasPermission, isMachineRole } from '../people/roles.js';
import { canonicalJson } from '../platform/canonical-json.js';
import { withinSavepoint } from '../platform/database/savepoints.js';
import { AppError, type FieldError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { EventMetrics } from './event-metrics.js';
import { isEventSignatureValid, KEY_HEADER, SIGNATURE_HEADER } from './event-signature.js';
import { deadLetterSubject, parseSubject, type EventKind, type EventLayout } from './event-stream.js';
import { EventsRepository, receiptKey, type StationKey } from './events.repository.js';
import type { EventReceiptTable } from './events.tables.js';

const ID_REUSED = 'this event id was already used by another event with other contents';

const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const MAX_WAYBILLS = 5000;
/** A message whose batch keeps failing alone, the store answering, is dead-lettered after this many deliveries. */
const POISON_DELIVERIES = 5;
/** Why a message is refused as not the station's own: counted apart (parcelguard_events_forged_total). */
const FORGED_REASONS = new Set(['unsigned', 'unknown-key', 'revoked-key', 'bad-signature', 'wrong-site']);
export const DEAD_REASON_HEADER = 'Parcelguard-Dead-Reason';

/** A refused message, as published on the dead-letter subject (JSON). */
export interface DeadLetter {
  /** An error code of the hub services (machine-not-certified, validation-failed, not-screened, …) or one of the
   * event path's: bad-subject, unsigned, unknown-key, revoked-key, key-cannot-sign, bad-signature, wrong-site,
   * forbidden, bad-payload, store-failed. */
  reason: string;
  detail: string;
  errors: FieldError[];
  subject: string;
  streamSeq: number;
  keyId: string | null;
  siteId: string | null;
  kind: EventKind | null;
  eventId: string | null;
  /** The message body as sent (UTF-8; base64 in `payloadBase64` when it is not). */
  payload?: string;
  payloadBase64?: string;
  refusedAt: number;
}

export interface BatchSummary {
  messages: number;
  stored: number;
  /** Events settled before (a redelivery, or a station sending again): acknowledged, nothing written. */
  duplicates: number;
  deadLettered: number;
}

type Checked =
  | {
      ok: true;
      msg: JsMsg;
      siteId: string;
      kind: EventKind;
      key: StationKey;
      eventId: string;
      body: Record<string, unknown>;
      bodySha256: string;
    }
  | {
      ok: false;
      msg: JsMsg;
      letter: DeadLetter;
    };

export interface EventConsumerOptions {
  layout: EventLayout;
  metrics: EventMetrics;
  logger: Logger;
}

/** Settles batches of station events: see the top of this file. */
export class EventConsumer {
  private readonly repository = new EventsRepository();

  constructor(
    private readonly app: App,
    private readonly js: JetStreamClient,
    private readonly options: EventConsumerOptions,
  ) {}

  /**
   * Settles `messages` (one fetch): stored, dead-lettered, or answered as duplicates, then acknowledged. Never
   * throws for a bad message; when the store does not answer, the messages are handed back (nak) for later.
   */
  async settle(messages: readonly JsMsg[]): Promise<BatchSummary> {
    try {
      return await this.processBatch(messages);
    } catch (error) {
      this.options.logger.warn({ err: error, messages: messages.length }, 'event batch failed');
      if (!(await this.storeAnswers())) {
        for (const msg of messages) safely(() => msg.nak(5000));
        return { messages: messages.length, stored: 0, duplicates: 0, deadLettered: 0 };
      }
      if (messages.length > 1) {
        // One message may be what sinks the batch: settle them one by one so the others go through.
        const total: BatchSummary = { messages: 0, stored: 0, duplicates: 0, deadLettered: 0 };
        for (const msg of messages) addSummary(total, await this.settle([msg]));
        return total;
      }
      const msg = messages[0]!;
      if (msg.info.deliveryCount < POISON_DELIVERIES) {
        safely(() => msg.nak(2000));
        return { messages: 1, stored: 0, duplicates: 0, deadLettered: 0 };
      }
      // The store answers, yet this message fails on its own every time: it must not block the consumer.
      const letter = this.letter(msg, null, null, null, null, 'store-failed', errorMessage(error));
      await this.publishDeadLetters([letter]);
      msg.ack();
      return { messages: 1, stored: 0, duplicates: 0, deadLettered: 1 };
    }
  }

  private async processBatch(messages: readonly JsMsg[]): Promise<BatchSummary> {
    const { metrics } = this.options;
    const keyIds = [
      ...new Set(messages.map((msg) => msg.headers?.get(KEY_HEADER) ?? '').filter((id) => id !== '')),
    ];
    const keys = await this.repository.findStationKeys(this.app.store.db, keyIds);
    const checked = messages.map((msg) => this.check(msg, keys));
    const letters: DeadLetter[] = [];
    for (const item of checked) if (!item.ok) letters.push(item.letter);
    const accepted = checked.filter((item): item is Extract<Checked, { ok: true }> => item.ok);
    let stored = 0;
    let duplicates = 0;
    const storedByKind: Record<EventKind, number> = { scan: 0, dispatch: 0 };
    await this.app.store.transaction(async (trx) => {
      const receipts = await this.repository.findReceipts(trx, accepted);
      const now = this.app.clock.now();
      const fresh: typeof accepted = [];
      const seen = new Map<string, string>();
      for (const item of accepted) {
        const key = receiptKey(item.kind, item.eventId);
        const receipt = receipts.get(key);
        if (receipt !== undefined && receipt.body_sha256 !== item.bodySha256) {
          // Another event under an id already settled (another station's, or this one's reused): refused, and
          // the first one stands. No receipt: its id is taken.
          letters.push(this.letterFor(item, 'conflict', ID_REUSED));
          continue;
        }
        if (receipt !== undefined) {
          duplicates += 1;
          // The same message again (its batch committed, the process stopped before its dead letter went out):
          // send the dead letter again; JetStream drops it if the first one did get through.
          if (receipt.status === 'rejected' && receipt.stream_seq === item.msg.seq) {
            letters.push(
              this.letterFor(
                item,
                receipt.reason ?? 'rejected',
                'refused when first delivered (sent again after a restart)',
              ),
            );
          }
          continue;
        }
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          if (earlier === item.bodySha256) duplicates += 1;
          else letters.push(this.letterFor(item, 'conflict', ID_REUSED));
          continue;
        }
        seen.set(key, item.bodySha256);
        fresh.push(item);
      }
      const newReceipts: EventReceiptTable[] = [];
      const settle = (
        item: (typeof accepted)[number],
        problem: { code: string; detail: string; errors: FieldError[] } | null,
      ) => {
        newReceipts.push({
          kind: item.kind,
          event_id: item.eventId,
          key_id: item.key.id,
          site_id: item.siteId,
          body_sha256: item.bodySha256,
          stream_seq: item.msg.seq,
          status: problem === null ? 'stored' : 'rejected',
          reason: problem?.code ?? null,
          at: now,
        });
        if (problem === null) {
          stored += 1;
          storedByKind[item.kind] += 1;
        } else {
          letters.push({
            ...this.letterFor(item, problem.code, problem.detail),
            errors: problem.errors,
          });
        }
      };
      // Scans: a station's events through ScansService.submitWithin, up to its batch limit at a time.
      const scansByKey = new Map<string, typeof accepted>();
      for (const item of fresh) {
        if (item.kind !== 'scan') continue;
        const group = scansByKey.get(item.key.id) ?? [];
        group.push(item);
        scansByKey.set(item.key.id, group);
      }
      for (const group of scansByKey.values()) {
        const context = stationContext(group[0]!.key);
        for (let start = 0; start < group.length; start += 1000) {
          const chunk = group.slice(start, start + 1000);
          const answers = await this.app.scans.submitWithin(
            trx,
            context,
            chunk.map((item) => item.body as unknown as ScanInput),
          );
          answers.forEach((answer, index) => settle(chunk[index]!, answer.problem ?? null));
        }
      }
      // Dispatches: each bag in a savepoint, so one that may not leave keeps the rest of the batch.
      for (const item of fresh) {
        if (item.kind !== 'dispatch') continue;
        const input: DispatchInput = {
          siteId: item.siteId,
          waybillNos: item.body.waybillNos as string[],
          ...(typeof item.body.containerNo === 'string' ? { containerNo: item.body.containerNo } : {}),
        };
        const outcome = await withinSavepoint(this.app.store, trx, () =>
          this.app.dispatch.dispatchWithin(trx, stationContext(item.key), input),
        );
        if (outcome.ok) settle(item, null);
        else if (outcome.error instanceof AppError)
          settle(item, {
            code: outcome.error.code,
            detail: outcome.error.message,
            errors: outcome.error.errors ?? [],
          });
        else throw outcome.error;
      }
      await this.repository.insertReceipts(trx, newReceipts);
    });
    // After the commit, before the acknowledgements: a dead letter JetStream has not accepted is never acked away.
    await this.publishDeadLetters(letters);
    for (const msg of messages) {
      if (msg.info.redelivered) metrics.redeliveries.inc();
      msg.ack();
    }
    metrics.batchSize.observe(messages.length);
    metrics.lag.set(messages[messages.length - 1]!.info.pending);
    for (const kind of ['scan', 'dispatch'] as const) {
      if (storedByKind[kind] > 0) metrics.stored.inc({ kind }, storedByKind[kind]);
    }
    return { messages: messages.length, stored, duplicates, deadLettered: letters.length };
  }

  /** Everything about a message that needs no transaction: subject, signature, key, site, role, shape. */
  private check(msg: JsMsg, keys: ReadonlyMap<string, StationKey>): Checked {
    const where = parseSubject(this.options.layout, msg.subject);
    const keyId = msg.headers?.get(KEY_HEADER) ?? '';
    const signature = msg.headers?.get(SIGNATURE_HEADER) ?? '';
    const refuse = (reason: string, detail: string, errors: FieldError[] = []): Checked => ({
      ok: false,
      msg,
      letter: {
        ...this.letter(
          msg,
          keyId === '' ? null : keyId,
          where?.siteId ?? null,
          where?.kind ?? null,
          null,
          reason,
          detail,
        ),
        errors,
      },
    });
    if (where === null) return refuse('bad-subject', `${msg.subject} is not a station event subject`);
    if (keyId === '' || signature === '')
      return refuse('unsigned', `the message carries no ${KEY_HEADER} or ${SIGNATURE_HEADER} header`);
    const key = keys.get(keyId);
    if (key === undefined) return refuse('unknown-key', `no API key ${keyId}`);
    if (key.revoked_at !== null) return refuse('revoked-key', `the API key ${keyId} has been revoked`);
    if (key.signing_public_key === null) {
      return refuse(
        'key-cannot-sign',
        `the API key ${keyId} was issued before event signing: issue the station a new key`,
      );
    }
    if (!isEventSignatureValid(key.signing_public_key, keyId, msg.subject, msg.data, signature)) {
      return refuse('bad-signature', `the signature does not verify with the API key ${keyId}`);
    }
    if (key.site_id !== where.siteId) {
      return refuse('wrong-site', `the API key ${keyId} belongs to another site than ${where.siteId}`);
    }
    const permission = where.kind === 'scan' ? 'scans:submit' : 'parcels:dispatch';
    if (!isMachineRole(key.role) || !hasPermission([key.role], permission)) {
      return refuse('forbidden', `the API key's role ${key.role} lacks ${permission}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.from(msg.data).toString('utf8'));
    } catch {
      return refuse('bad-payload', 'the body is not JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return refuse('bad-payload', 'the body must be one JSON object');
    }
    const event = body as Record<string, unknown>;
    if (typeof event.eventId !== 'string' || !EVENT_ID.test(event.eventId)) {
      return refuse('bad-payload', 'eventId must be 1-100 letters, digits or . _ : -', [
        { path: '/eventId', message: 'must be 1-100 letters, digits or . _ : -' },
      ]);
    }
    if (where.kind === 'dispatch') {
      const problem = dispatchShapeProblem(event, where.siteId);
      if (problem !== null) return refuse('bad-payload', `${problem.path} ${problem.message}`, [problem]);
    }
    return {
      ok: true,
      msg,
      siteId: where.siteId,
      kind: where.kind,
      key,
      eventId: event.eventId,
      body: event,
      bodySha256: createHash('sha256').update(canonicalJson(event)).digest('hex'),
    };
  }

  /** The dead letter of an event that passed the checks (its key, site, kind and id are known). */
  private letterFor(item: Extract<Checked, { ok: true }>, reason: string, detail: string): DeadLetter {
    return this.letter(item.msg, item.key.id, item.siteId, item.kind, item.eventId, reason, detail);
  }

  private letter(
    msg: JsMsg,
    keyId: string | null,
    siteId: string | null,
    kind: EventKind | null,
    eventId: string | null,
    reason: string,
    detail: string,
  ): DeadLetter {
    const text = Buffer.from(msg.data).toString('utf8');
    const utf8 = Buffer.from(text, 'utf8').equals(Buffer.from(msg.data));
    return {
      reason,
      detail,
      errors: [],
      subject: msg.subject,
      streamSeq: msg.seq,
      keyId,
      siteId,
      kind,
      eventId,
      ...(utf8 ? { payload: text } : { payloadBase64: Buffer.from(msg.data).toString('base64') }),
      refusedAt: this.app.clock.now(),
    };
  }

  private async publishDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    const { layout, metrics } = this.options;
    await Promise.all(
      letters.map(async (letter) => {
        const headers = natsHeaders();
        headers.set(DEAD_REASON_HEADER, letter.reason);
        // One dead letter per stream message however often it is refused (redeliveries): JetStream drops repeats.
        await this.js.publish(deadLetterSubject(layout, letter.siteId, letter.kind), JSON.stringify(letter), {
          msgID: `${layout.stream}:${letter.streamSeq}`,
          headers,
        });
      }),
    );
    for (const letter of letters) {
      metrics.deadLetters.inc({ reason: letter.reason });
      if (FORGED_REASONS.has(letter.reason)) metrics.forged.inc({ reason: letter.reason });
    }
  }

  private async storeAnswers(): Promise<boolean> {
    try {
      await this.app.store.ping();
      return true;
    } catch {
      return false;
    }
  }
}

/** The station acts as its API key, as it would over HTTP: its role, its site. */
function stationContext(key: StationKey): RequestContext {
  return {
    actor: {
      type: 'api-key',
      id: key.id,
      roles: isMachineRole(key.role) ? [key.role] : [],
      siteId: key.site_id,
    },
    requestId: newId(),
  };
}

function dispatchShapeProblem(event: Record<string, unknown>, siteId: string): FieldError | null {
  const waybills = event.waybillNos;
  if (
    !Array.isArray(waybills) ||
    waybills.length === 0 ||
    waybills.length > MAX_WAYBILLS ||
    !waybills.every((waybill) => typeof waybill === 'string')
  ) {
    return { path: '/waybillNos', message: `must list 1 to ${MAX_WAYBILLS} waybill numbers` };
  }
  if (event.containerNo !== undefined && typeof event.containerNo !== 'string') {
    return { path: '/containerNo', message: 'must be a string' };
  }
  if (event.siteId !== undefined && event.siteId !== siteId) {
    return { path: '/siteId', message: "must be left out or be the subject's site" };
  }
  return null;
}

function addSummary(total: BatchSummary, part: BatchSummary): void {
  total.messages += part.messages;
  total.stored += part.stored;
  total.duplicates += part.duplicates;
  total.deadLettered += part.deadLettered;
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // The connection is gone: JetStream redelivers once the ack wait is over.
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
