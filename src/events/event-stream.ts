// The company's JetStream layout: one stream of station events, one of dead letters, one durable pull consumer.
import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { EventsConfig } from '../platform/config.js';

export const EVENT_KINDS = ['scan', 'dispatch'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The last subject token of each kind: `<prefix>.<site id>.scans`, `<prefix>.<site id>.dispatch`. */
const SUBJECT_TOKENS: Record<EventKind, string> = { scan: 'scans', dispatch: 'dispatch' };
const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

export type EventLayout = Pick<EventsConfig, 'stream' | 'subjectPrefix' | 'consumer'>;

export function subjectFor(layout: EventLayout, siteId: string, kind: EventKind): string {
  if (!TOKEN.test(siteId)) throw new Error(`a site id must be a single subject token (got "${siteId}")`);
  return `${layout.subjectPrefix}.${siteId}.${SUBJECT_TOKENS[kind]}`;
}

/** The site and kind a station event's subject names, or null for any other subject. */
export function parseSubject(
  layout: EventLayout,
  subject: string,
): { siteId: string; kind: EventKind } | null {
  const parts = subject.split('.');
  if (parts.length !== 3 || parts[0] !== layout.subjectPrefix || !TOKEN.test(parts[1]!)) return null;
  const kind = EVENT_KINDS.find((candidate) => SUBJECT_TOKENS[candidate] === parts[2]);
  return kind === undefined ? null : { siteId: parts[1]!, kind };
}

export function deadLetterStreamOf(layout: EventLayout): string {
  return `${layout.stream}_DEAD_LETTERS`;
}

/**
 * Where a refused event goes: `<prefix>-dead-letters.<site id or "unknown">.<kind or "unknown">` (a first token of
 * its own: under `<prefix>.` it would overlap the stream's `<prefix>.*.scans`).
 */
export function deadLetterSubject(
  layout: EventLayout,
  siteId: string | null,
  kind: EventKind | null,
): string {
  const site = siteId !== null && TOKEN.test(siteId) ? siteId : 'unknown';
  return `${layout.subjectPrefix}-dead-letters.${site}.${kind ?? 'unknown'}`;
}

export interface StreamLimits {
  /** limits (kept until the age or size limit; replayable), workqueue (removed once stored), interest. */
  retention: 'limits' | 'workqueue' | 'interest';
  replicas: number;
  /** 0: no age limit. */
  maxAgeSeconds: number;
  /** -1: no size limit. */
  maxBytes: number;
  /** Window in which JetStream drops a message published again with the same id. */
  duplicateWindowSeconds: number;
  /** Dead letters are kept this long (0: until removed by hand). */
  deadLetterMaxAgeSeconds: number;
}

export const DEFAULT_LIMITS: StreamLimits = {
  retention: 'limits',
  replicas: 1,
  maxAgeSeconds: 7 * 86_400,
  maxBytes: -1,
  duplicateWindowSeconds: 600,
  deadLetterMaxAgeSeconds: 0,
};

const RETENTION: Record<StreamLimits['retention'], RetentionPolicy> = {
  limits: RetentionPolicy.Limits,
  workqueue: RetentionPolicy.Workqueue,
  interest: RetentionPolicy.Interest,
};

/**
 * Creates (or brings up to date) the stream, the dead-letter stream and the durable consumer. Safe to run
 * again: an existing stream is updated to the limits given, its messages kept.
 */
export async function setupEventStreams(
  jsm: JetStreamManager,
  layout: EventLayout,
  limits: StreamLimits,
  ackWaitSeconds: number,
): Promise<{ stream: string; deadLetters: string; consumer: string; subjects: string[] }> {
  const subjects = EVENT_KINDS.map((kind) => `${layout.subjectPrefix}.*.${SUBJECT_TOKENS[kind]}`);
  const stream: Partial<StreamConfig> & { name: string } = {
    name: layout.stream,
    subjects,
    retention: RETENTION[limits.retention],
    storage: StorageType.File,
    num_replicas: limits.replicas,
    max_age: nanos(limits.maxAgeSeconds * 1000),
    max_bytes: limits.maxBytes,
    duplicate_window: nanos(limits.duplicateWindowSeconds * 1000),
  };
  const deadLetters: Partial<StreamConfig> & { name: string } = {
    name: deadLetterStreamOf(layout),
    subjects: [`${layout.subjectPrefix}-dead-letters.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: limits.replicas,
    max_age: nanos(limits.deadLetterMaxAgeSeconds * 1000),
    duplicate_window: nanos(limits.duplicateWindowSeconds * 1000),
  };
  for (const config of [stream, deadLetters]) {
    const exists = await jsm.streams.info(config.name).then(
      () => true,
      () => false,
    );
    if (exists) await jsm.streams.update(config.name, config);
    else await jsm.streams.add(config);
  }
  const consumer = {
    durable_name: layout.consumer,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(ackWaitSeconds * 1000),
    // No subject filter: the stream holds only station events (and filter_subjects needs NATS 2.10).
    max_deliver: -1,
    max_ack_pending: 20_000,
  };
  const consumerExists = await jsm.consumers.info(layout.stream, layout.consumer).then(
    () => true,
    () => false,
  );
  if (consumerExists) await jsm.consumers.update(layout.stream, layout.consumer, consumer);
  else await jsm.consumers.add(layout.stream, consumer);
  return { stream: layout.stream, deadLetters: deadLetters.name, consumer: layout.consumer, subjects };
}

/** Removes both streams (tests, and `events teardown`); missing ones are ignored. */
export async function deleteEventStreams(jsm: JetStreamManager, layout: EventLayout): Promise<void> {
  for (const name of [layout.stream, deadLetterStreamOf(layout)]) {
    await jsm.streams.delete(name).catch(() => false);
  }
}
