// The event path against the local NATS server (JetStream) on both databases: signed station events stored once
// through the hub services, every refused one on the dead-letter subject with its reason, redeliveries harmless.
import { jetstream, jetstreamManager, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EventsConfig } from '../platform/config.js';
import { hubWorld, scanEvent as scan, storedScans } from '../testing/event-factories.js';
import { testEventsConfig, removeTestStreams } from '../testing/nats.js';
import { acceptedParcel, registerMachine } from '../testing/parcel-factories.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  createSite,
  describeEachDialect,
  unique,
} from '../testing/test-app.js';
import { EventConsumer, type DeadLetter } from './event-consumer.js';
import { createEventMetrics } from './event-metrics.js';
import { StationPublisher } from './event-publisher.js';
import { runEventConsumer } from './event-runner.js';
import { eventSigningKeyOf, KEY_HEADER, SIGNATURE_HEADER, signEvent } from './event-signature.js';
import { deadLetterStreamOf, setupEventStreams, DEFAULT_LIMITS, subjectFor } from './event-stream.js';
import { EventsRepository } from './events.repository.js';

const natsUrl = inject('natsUrl');

async function deadLetters(connection: NatsConnection, config: EventsConfig): Promise<DeadLetter[]> {
  const jsm = await jetstreamManager(connection);
  const stream = deadLetterStreamOf(config);
  const { state } = await jsm.streams.info(stream);
  const letters: DeadLetter[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq += 1) {
    const message = await jsm.streams.getMessage(stream, { seq });
    if (message !== null) letters.push(message.json<DeadLetter>());
  }
  return letters;
}

/** A message whose acknowledgement is turned into a "deliver again now": a consumer stopped just after commit. */
function ackLost(msg: JsMsg): JsMsg {
  return new Proxy(msg, {
    get(target, property, receiver) {
      if (property === 'ack') return () => target.nak();
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

(natsUrl === null ? describe.skip : describe)('event path [nats]', () => {
  describeEachDialect('events', (env) => {
    let connection: NatsConnection;
    let js: JetStreamClient;
    const configs: EventsConfig[] = [];
    const freshStreams = async () => {
      const config = testEventsConfig(natsUrl!);
      configs.push(config);
      await setupEventStreams(
        await jetstreamManager(connection),
        config,
        DEFAULT_LIMITS,
        config.ackWaitSeconds,
      );
      return config;
    };

    beforeAll(async () => {
      connection = await connect({ servers: natsUrl! });
      js = jetstream(connection);
    });
    afterAll(async () => {
      for (const config of configs) await removeTestStreams(config);
      await connection?.close();
    });

    it('stores signed scans once and dead-letters forged, foreign, malformed and uncertified ones, counted', async () => {
      const { app } = env();
      const config = await freshStreams();
      const world = await hubWorld(app);
      const otherHub = await createSite(app, 'hub');
      const other = await app.auth.createApiKey(adminContext(), {
        name: 'another hub',
        siteId: otherHub.id,
        role: 'xray-station',
      });
      const retired = await registerMachine(app, world.hub.id);
      await app.machines.update(adminContext(), retired.id, { status: 'retired' });
      const waybills: string[] = [];
      for (let i = 0; i < 4; i += 1)
        waybills.push(await acceptedParcel(app, world.outlet.id, world.courier.id));
      const key = eventSigningKeyOf(world.apiKey);
      const station = new StationPublisher(js, config, key, world.hub.id);
      const good = waybills
        .slice(0, 3)
        .map((waybill) => scan(waybill, world.machine.machineCode, world.screener.id));
      const sent = await station.publishLines(
        'scan',
        good.map((event) => JSON.stringify(event)),
      );
      expect(sent).toEqual({ published: 3, duplicates: 0, skipped: [] });
      // Sent again at once: JetStream drops it (same event, same signature).
      expect(await station.publish('scan', Buffer.from(JSON.stringify(good[0])), good[0]!.eventId)).toEqual({
        duplicate: true,
      });
      const subject = subjectFor(config, world.hub.id, 'scan');
      const raw = async (body: string, sign: (bytes: Buffer) => [string, string], msgID = unique('m')) => {
        const headers = natsHeaders();
        const [keyId, signature] = sign(Buffer.from(body));
        headers.set(KEY_HEADER, keyId);
        headers.set(SIGNATURE_HEADER, signature);
        await js.publish(subject, body, { headers, msgID });
      };
      const signed = (bytes: Buffer): [string, string] => [key.keyId, signEvent(key, subject, bytes)];
      // Past the duplicate window (another message id): the consumer's receipt answers it.
      await raw(JSON.stringify(good[1]), signed);
      // The same event id with other contents: refused, the first one stands.
      await raw(JSON.stringify({ ...good[2], result: 'suspect' }), signed);
      // Forged: the body changed after signing.
      const forgedBody = JSON.stringify(scan(waybills[3]!, world.machine.machineCode, world.screener.id));
      await raw(forgedBody, () => [key.keyId, signEvent(key, subject, Buffer.from(`${forgedBody} `))]);
      // Another site's station, on this site's subject.
      const otherKey = eventSigningKeyOf(other.secret);
      await raw(forgedBody, (bytes) => [otherKey.keyId, signEvent(otherKey, subject, bytes)]);
      // Not signed at all.
      await js.publish(subject, forgedBody, { msgID: unique('m') });
      // Malformed: signed, but not JSON.
      await raw('{"eventId": "x", oops', signed);
      // Uncertified (retired) machine: a fact recorded in scan_rejections, and a dead letter.
      const uncertified = scan(waybills[3]!, retired.machineCode, world.screener.id);
      await raw(JSON.stringify(uncertified), signed);

      const before = await auditHead(app);
      const registry = new Registry();
      const metrics = createEventMetrics(registry);
      const totals = await runEventConsumer(app, { config, metrics, untilIdle: true });
      expect(totals).toMatchObject({ messages: 10, stored: 3, duplicates: 1, deadLettered: 6 });

      const stored = await app.store.db
        .selectFrom('scans')
        .select(['event_id', 'outcome'])
        .where('event_id', 'in', [...good.map((event) => event.eventId), uncertified.eventId])
        .execute();
      expect(stored.map((row) => row.outcome).sort()).toEqual(['screened', 'screened', 'screened']);
      const rejections = await app.store.db
        .selectFrom('scan_rejections')
        .select('reason')
        .where('event_id', '=', uncertified.eventId)
        .execute();
      expect(rejections).toEqual([{ reason: 'machine-retired' }]);
      const audit = await auditEntriesAfter(app, before);
      expect(audit.filter((entry) => entry.action === 'scan.recorded')).toHaveLength(3);
      expect(audit.filter((entry) => entry.action === 'scan.rejected')).toHaveLength(1);

      const letters = await deadLetters(connection, config);
      expect(letters.map((letter) => letter.reason).sort()).toEqual([
        'bad-payload',
        'bad-signature',
        'conflict',
        'machine-not-certified',
        'unsigned',
        'wrong-site',
      ]);
      expect(letters.find((letter) => letter.reason === 'bad-payload')).toMatchObject({
        payload: '{"eventId": "x", oops',
        siteId: world.hub.id,
        kind: 'scan',
      });
      expect(letters.find((letter) => letter.reason === 'machine-not-certified')).toMatchObject({
        eventId: uncertified.eventId,
        errors: [{ path: '/machineCode' }],
      });
      const text = await registry.metrics();
      expect(text).toMatch(/parcelguard_events_forged_total\{reason="bad-signature"\} 1/);
      expect(text).toMatch(/parcelguard_events_forged_total\{reason="wrong-site"\} 1/);
      expect(text).toMatch(/parcelguard_events_dead_letters_total\{reason="bad-payload"\} 1/);
      expect(text).toMatch(/parcelguard_events_stored_total\{kind="scan"\} 3/);
      expect(text).toMatch(/parcelguard_events_consumer_lag_messages 0/);

      // Nothing left: a second run finds nothing to do.
      expect(await runEventConsumer(app, { config, untilIdle: true })).toMatchObject({ messages: 0 });
      expect(await new EventsRepository().countReceipts(app.store.db, 'rejected')).toBeGreaterThanOrEqual(1);
    });

    it('answers a message delivered again after its batch committed from its receipt: nothing twice', async () => {
      const { app } = env();
      const config = await freshStreams();
      const world = await hubWorld(app);
      const retired = await registerMachine(app, world.hub.id);
      await app.machines.update(adminContext(), retired.id, { status: 'retired' });
      const waybills: string[] = [];
      for (let i = 0; i < 3; i += 1)
        waybills.push(await acceptedParcel(app, world.outlet.id, world.courier.id));
      const station = new StationPublisher(js, config, eventSigningKeyOf(world.apiKey), world.hub.id);
      const events = [
        ...waybills.map((waybill) => scan(waybill, world.machine.machineCode, world.screener.id)),
        scan(waybills[0]!, retired.machineCode, world.screener.id),
      ];
      await station.publishLines(
        'scan',
        events.map((event) => JSON.stringify(event)),
      );
      const consumer = await js.consumers.get(config.stream, config.consumer);
      const fetched: JsMsg[] = [];
      for await (const msg of await consumer.fetch({ max_messages: 10, expires: 2000 })) fetched.push(msg);
      expect(fetched).toHaveLength(4);
      const registry = new Registry();
      const settler = new EventConsumer(app, js, {
        layout: config,
        metrics: createEventMetrics(registry),
        logger: app.logger,
      });
      // Committed, dead letter sent, but the acknowledgements never reached JetStream.
      expect(await settler.settle(fetched.map(ackLost))).toMatchObject({ stored: 3, deadLettered: 1 });
      const rejectedBefore = await app.store.db
        .selectFrom('scan_rejections')
        .select('id')
        .where('event_id', '=', events[3]!.eventId)
        .execute();
      const again = await runEventConsumer(app, { config, untilIdle: true });
      expect(again).toMatchObject({ messages: 4, stored: 0, duplicates: 4 });
      const scans = await storedScans(app, events);
      expect(scans).toHaveLength(3);
      const rejectedAfter = await app.store.db
        .selectFrom('scan_rejections')
        .select('id')
        .where('event_id', '=', events[3]!.eventId)
        .execute();
      expect(rejectedAfter).toEqual(rejectedBefore);
      // The dead letter was sent again and JetStream dropped the repeat: one letter for the one message.
      expect(await deadLetters(connection, config)).toHaveLength(1);
    });

    it('keeps going through a dropped NATS connection: every event stored exactly once', async () => {
      const { app } = env();
      const config = await freshStreams();
      config.batch = 5;
      const world = await hubWorld(app);
      const waybills: string[] = [];
      for (let i = 0; i < 20; i += 1)
        waybills.push(await acceptedParcel(app, world.outlet.id, world.courier.id));
      const station = new StationPublisher(js, config, eventSigningKeyOf(world.apiKey), world.hub.id);
      const events = waybills.map((waybill) => scan(waybill, world.machine.machineCode, world.screener.id));
      await station.publishLines(
        'scan',
        events.map((event) => JSON.stringify(event)),
      );
      let consumerConnection: NatsConnection | undefined;
      let batches = 0;
      const totals = await runEventConsumer(app, {
        config,
        untilIdle: true,
        onConnected: (opened) => (consumerConnection = opened),
        onBatch: () => {
          batches += 1;
          // As if the server restarted: the client loses its connection and reconnects.
          if (batches === 1 || batches === 2) void consumerConnection!.reconnect();
        },
      });
      expect(totals.stored).toBe(20);
      const scans = await storedScans(app, events);
      expect(scans).toHaveLength(20);
    });

    it("stores a dispatch line's bag of screened parcels; refuses an unscreened bag and a key that may not dispatch", async () => {
      const { app } = env();
      const config = await freshStreams();
      const world = await hubWorld(app);
      const line = await app.auth.createApiKey(adminContext(), {
        name: 'Dispatch line',
        siteId: world.hub.id,
        role: 'dispatch-station',
      });
      const screened = await acceptedParcel(app, world.outlet.id, world.courier.id);
      const unscreened = await acceptedParcel(app, world.outlet.id, world.courier.id);
      const xray = new StationPublisher(js, config, eventSigningKeyOf(world.apiKey), world.hub.id);
      await xray.publishLines('scan', [
        JSON.stringify(scan(screened, world.machine.machineCode, world.screener.id)),
      ]);
      expect(await runEventConsumer(app, { config, untilIdle: true })).toMatchObject({ stored: 1 });

      const dispatcher = new StationPublisher(js, config, eventSigningKeyOf(line.secret), world.hub.id);
      await dispatcher.publishLines('dispatch', [
        JSON.stringify({ eventId: unique('d'), waybillNos: [screened], containerNo: 'CAGE-01' }),
        JSON.stringify({ eventId: unique('d'), waybillNos: [unscreened] }),
      ]);
      // The X-ray station's key may submit scans, not send parcels on.
      await xray.publishLines('dispatch', [JSON.stringify({ eventId: unique('d'), waybillNos: [screened] })]);
      const totals = await runEventConsumer(app, { config, untilIdle: true });
      expect(totals).toMatchObject({ stored: 1, deadLettered: 2 });
      const reasons = (await deadLetters(connection, config)).map((letter) => letter.reason).sort();
      expect(reasons).toHaveLength(2);
      expect(reasons).toContain('forbidden');
      const stateOf = async (waybillNo: string) =>
        (
          await app.store.db
            .selectFrom('parcels')
            .select('state')
            .where('waybill_no', '=', waybillNo)
            .executeTakeFirstOrThrow()
        ).state;
      expect(await stateOf(screened)).toBe('dispatched');
      expect(await stateOf(unscreened)).toBe('accepted');
    });
  });
});
