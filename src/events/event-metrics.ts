import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Prometheus metrics of the event consumer; registered beside the HTTP ones when `serve` consumes. */
export interface EventMetrics {
  /** Messages in the stream not yet delivered to the consumer, as of the last batch. */
  lag: Gauge;
  batchSize: Histogram;
  redeliveries: Counter;
  /** Events written by the hub services, by kind (replays of an event already stored included). */
  stored: Counter<'kind'>;
  /** Messages sent to the dead-letter subject, by reason (an error code, or bad-signature, wrong-site, …). */
  deadLetters: Counter<'reason'>;
  /** Of those, messages refused as not the station's own: bad or missing signature, unknown key, another site. */
  forged: Counter<'reason'>;
}

export function createEventMetrics(registry: Registry): EventMetrics {
  const registers = [registry];
  return {
    lag: new Gauge({
      name: 'parcelguard_events_consumer_lag_messages',
      help: 'Station events in the stream not yet delivered to the consumer (as of its last batch)',
      registers,
    }),
    batchSize: new Histogram({
      name: 'parcelguard_events_batch_size',
      help: 'Messages per batch the consumer stored in one transaction',
      buckets: [1, 10, 50, 100, 250, 500, 1000],
      registers,
    }),
    redeliveries: new Counter({
      name: 'parcelguard_events_redeliveries_total',
      help: 'Messages JetStream delivered again (a consumer stopped before acknowledging them)',
      registers,
    }),
    stored: new Counter({
      name: 'parcelguard_events_stored_total',
      help: 'Station events stored through the hub services, by kind',
      labelNames: ['kind'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'parcelguard_events_dead_letters_total',
      help: 'Station events sent to the dead-letter subject, by reason',
      labelNames: ['reason'],
      registers,
    }),
    forged: new Counter({
      name: 'parcelguard_events_forged_total',
      help: 'Messages refused as not the station own (signature, key, site), by reason',
      labelNames: ['reason'],
      registers,
    }),
  };
}
