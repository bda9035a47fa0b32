// Test helpers for the event path: a stream layout of the test's own (unique names, so parallel runs and other
// people's streams on the shared server are never touched), and its removal.
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { describe, inject } from 'vitest';
import { deleteEventStreams } from '../events/event-stream.js';
import type { EventsConfig } from '../platform/config.js';
import { randomToken } from '../platform/ids.js';

/** `describe` when the NATS tier runs, `describe.skip` otherwise (global setup said why). */
export function describeWithNats(name: string, suite: (natsUrl: () => string) => void): void {
  const url = inject('natsUrl');
  (url === null ? describe.skip : describe)(`${name} [nats]`, () => suite(() => url!));
}

/** Events configuration with stream, subjects and consumer names of this test alone. */
export function testEventsConfig(natsUrl: string, overrides: Partial<EventsConfig> = {}): EventsConfig {
  const suffix = `${process.pid}_${randomToken(6).replace(/[^A-Za-z0-9]/g, 'x')}`;
  return {
    natsUrl,
    stream: `PGTEST_${suffix}`,
    subjectPrefix: `pgtest_${suffix}`,
    consumer: 'store',
    batch: 200,
    ackWaitSeconds: 5,
    consumeInServe: false,
    ...overrides,
  };
}

/** The same variables as environment, for CLI children. */
export function eventsEnv(config: EventsConfig): Record<string, string> {
  return {
    NATS_URL: config.natsUrl,
    PARCELGUARD_EVENTS_STREAM: config.stream,
    PARCELGUARD_EVENTS_SUBJECT_PREFIX: config.subjectPrefix,
    PARCELGUARD_EVENTS_CONSUMER: config.consumer,
    PARCELGUARD_EVENTS_BATCH: String(config.batch),
    PARCELGUARD_EVENTS_ACK_WAIT_SECONDS: String(config.ackWaitSeconds),
  };
}

export async function removeTestStreams(config: EventsConfig): Promise<void> {
  const connection = await connect({ servers: config.natsUrl });
  try {
    await deleteEventStreams(await jetstreamManager(connection), config);
  } finally {
    await connection.close();
  }
}
