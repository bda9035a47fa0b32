// Runs the event consumer: connects to NATS (reconnecting for ever), fetches batches from the durable consumer
// and settles them until stopped, or, for batch jobs and tests, until nothing is left to deliver.
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Registry } from 'prom-client';
import type { App } from '../app.js';
import type { EventsConfig } from '../platform/config.js';
import { EventConsumer, type BatchSummary } from './event-consumer.js';
import { createEventMetrics, type EventMetrics } from './event-metrics.js';

export interface RunEventConsumerOptions {
  config: EventsConfig;
  /** Where the metrics go (the HTTP server's registry under `serve`); a private one otherwise. */
  metrics?: EventMetrics;
  /** Stop once the consumer has nothing pending or unacknowledged (batch jobs, tests). */
  untilIdle?: boolean;
  signal?: AbortSignal;
  onBatch?: (summary: BatchSummary) => void;
  /** Called with the connection once open (tests force reconnects through it). */
  onConnected?: (connection: NatsConnection) => void;
}

export type ConsumerTotals = BatchSummary & { batches: number };

/** Connects to the configured NATS server as the consumer's own client, reconnecting for ever. */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url.split(',').map((server) => server.trim()),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
}

export async function runEventConsumer(app: App, options: RunEventConsumerOptions): Promise<ConsumerTotals> {
  const { config } = options;
  const connection = await connectNats(config.natsUrl, 'parcelguard-consumer');
  options.onConnected?.(connection);
  const totals: ConsumerTotals = { batches: 0, messages: 0, stored: 0, duplicates: 0, deadLettered: 0 };
  try {
    const js: JetStreamClient = jetstream(connection);
    const jsm = await jetstreamManager(connection);
    const consumer = await js.consumers.get(config.stream, config.consumer).catch((error: unknown) => {
      throw new Error(
        `no consumer ${config.consumer} on stream ${config.stream} (run \`parcelguard events setup\` first): ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    });
    const settler = new EventConsumer(app, js, {
      layout: config,
      metrics: options.metrics ?? createEventMetrics(new Registry()),
      logger: app.logger,
    });
    while (options.signal?.aborted !== true) {
      const messages = [];
      try {
        const batch = await consumer.fetch({ max_messages: config.batch, expires: 2000 });
        for await (const message of batch) messages.push(message);
      } catch (error) {
        // A NATS outage or restart: the client reconnects by itself; fetch again shortly.
        app.logger.warn({ err: error }, 'fetching station events failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (messages.length === 0) {
        if (options.untilIdle === true && (await isIdle(jsm, config))) break;
        continue;
      }
      let summary;
      try {
        summary = await settler.settle(messages);
      } catch (error) {
        // Only NATS itself failing gets here (a dead letter it would not take): nothing was acknowledged, so
        // JetStream delivers the messages again after the ack wait. Keep going.
        app.logger.warn({ err: error }, 'settling station events failed; they will be delivered again');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      // The acknowledgements reach the server before the next fetch (and before a clean stop).
      await connection.flush().catch(() => undefined);
      totals.batches += 1;
      totals.messages += summary.messages;
      totals.stored += summary.stored;
      totals.duplicates += summary.duplicates;
      totals.deadLettered += summary.deadLettered;
      options.onBatch?.(summary);
    }
  } finally {
    await connection.drain().catch(() => connection.close());
  }
  return totals;
}

async function isIdle(
  jsm: Awaited<ReturnType<typeof jetstreamManager>>,
  config: EventsConfig,
): Promise<boolean> {
  try {
    const info = await jsm.consumers.info(config.stream, config.consumer);
    return info.num_pending === 0 && info.num_ack_pending === 0;
  } catch {
    return false;
  }
}

/** `serve` with PARCELGUARD_EVENTS_CONSUME: the consumer beside the HTTP server, stopped before the app closes. */
export function startEventConsumer(
  app: App,
  config: EventsConfig,
  metrics: EventMetrics,
): { stop(): Promise<void> } {
  const controller = new AbortController();
  const running = (async () => {
    while (!controller.signal.aborted) {
      try {
        await runEventConsumer(app, { config, metrics, signal: controller.signal });
      } catch (error) {
        app.logger.error({ err: error }, 'the event consumer stopped; restarting in 5 s');
        await new Promise((resolve) => setTimeout(resolve, 5000));
      }
    }
  })();
  return {
    async stop() {
      controller.abort();
      await running;
    },
  };
}
