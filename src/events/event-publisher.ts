// The station side of the event path: each event signed with the station's key and published to its site's
// subject, many in flight at once, each confirmed by JetStream (stored) before it counts as sent.
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { KEY_HEADER, SIGNATURE_HEADER, signEvent, type EventSigningKey } from './event-signature.js';
import { subjectFor, type EventKind, type EventLayout } from './event-stream.js';

export interface PublishSummary {
  published: number;
  /** Dropped by JetStream as already stored (published again within the duplicate window). */
  duplicates: number;
  /** Lines not sent: not a JSON object with an eventId. */
  skipped: { line: number; reason: string }[];
}

export class StationPublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly layout: EventLayout,
    private readonly key: EventSigningKey,
    private readonly siteId: string,
  ) {}

  /**
   * Publishes one event (its exact bytes are what is signed) and resolves once JetStream has stored it. The
   * deduplication id is the event id and the start of its signature: a station sending the same event again is
   * dropped within the duplicate window, while a forged message reusing the id cannot shadow the genuine one.
   */
  async publish(kind: EventKind, body: Uint8Array, eventId: string): Promise<{ duplicate: boolean }> {
    const subject = subjectFor(this.layout, this.siteId, kind);
    const signature = signEvent(this.key, subject, body);
    const headers = natsHeaders();
    headers.set(KEY_HEADER, this.key.keyId);
    headers.set(SIGNATURE_HEADER, signature);
    const ack = await this.js.publish(subject, body, {
      msgID: `${eventId}~${signature.slice(0, 22)}`,
      headers,
    });
    return { duplicate: ack.duplicate };
  }

  /** Publishes NDJSON lines, `window` at a time in flight; blank lines are ignored. */
  async publishLines(
    kind: EventKind,
    lines: AsyncIterable<string> | Iterable<string>,
    options: { window?: number; onProgress?: (sent: number) => void } = {},
  ): Promise<PublishSummary> {
    const window = options.window ?? 256;
    const summary: PublishSummary = { published: 0, duplicates: 0, skipped: [] };
    // A counting window: waiting on Promise.race over every pending publish would cost O(window) per event.
    let inFlight = 0;
    let failure: unknown = null;
    let wake: (() => void) | null = null;
    const settled = () => {
      inFlight -= 1;
      const resume = wake;
      wake = null;
      resume?.();
    };
    let lineNo = 0;
    for await (const line of lines) {
      lineNo += 1;
      const text = line.trim();
      if (text === '') continue;
      const eventId = eventIdOf(text);
      if (eventId === null) {
        summary.skipped.push({ line: lineNo, reason: 'not a JSON object with a string eventId' });
        continue;
      }
      inFlight += 1;
      this.publish(kind, Buffer.from(text, 'utf8'), eventId).then(
        ({ duplicate }) => {
          if (duplicate) summary.duplicates += 1;
          else summary.published += 1;
          options.onProgress?.(summary.published + summary.duplicates);
          settled();
        },
        (error: unknown) => {
          failure ??= error;
          settled();
        },
      );
      while (inFlight >= window) await new Promise<void>((resolve) => (wake = resolve));
      if (failure !== null) break;
    }
    while (inFlight > 0) await new Promise<void>((resolve) => (wake = resolve));
    // Not every event was stored by JetStream: the caller must not report the file as sent.
    if (failure !== null) throw failure instanceof Error ? failure : new Error('publishing failed');
    return summary;
  }
}

function eventIdOf(text: string): string | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const eventId = (value as { eventId?: unknown }).eventId;
    return typeof eventId === 'string' && eventId.length > 0 ? eventId : null;
  } catch {
    return null;
  }
}
