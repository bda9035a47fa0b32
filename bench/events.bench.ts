// The hub's two ways in for X-ray scans, side by side on one store (SQLite, synchronous=full) in the same run:
//   http_scans_per_s          a station's batches of 500 POSTed to /api/v1/scans with its API key (a real server
//                             on 127.0.0.1), one after another
//   jetstream_publish_per_s   the same station publishing signed scan events to JetStream (each stored by the
//                             server before it counts)
//   jetstream_scans_per_s     the durable consumer storing them: fetch 500, verify each signature, one transaction
//                             through ScansService with the receipts, acknowledge
//   jetstream_to_http_ratio   jetstream_scans_per_s / http_scans_per_s
// Needs NATS with JetStream at NATS_URL (default nats://127.0.0.1:4222); the bench's streams are removed after.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { buildServer } from '../src/http/server.js';
import { StationPublisher } from '../src/events/event-publisher.js';
import { runEventConsumer } from '../src/events/event-runner.js';
import { eventSigningKeyOf } from '../src/events/event-signature.js';
import { DEFAULT_LIMITS, deleteEventStreams, setupEventStreams } from '../src/events/event-stream.js';
import { createInspectionMark } from '../src/parcels/inspection-mark.js';
import { cliContext } from '../src/people/actor.js';
import { isoDate } from '../src/platform/clock.js';
import type { EventsConfig } from '../src/platform/config.js';
import { newId } from '../src/platform/ids.js';
import { intakeFixture } from './fixtures.js';
import type { Report } from './run.js';

/** Scans per path; EVENTS_BENCH_SCANS=… for a quicker or longer run. */
const SCANS = Number(process.env.EVENTS_BENCH_SCANS ?? 20_000);
const BATCH = 500;

export default async function eventsBench(report: Report): Promise<void> {
  const fixture = await intakeFixture('events');
  const { app } = fixture;
  const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const events: EventsConfig = {
    natsUrl,
    stream: `PGBENCH_${process.pid}`,
    subjectPrefix: `pgbench_${process.pid}`,
    consumer: 'store',
    batch: BATCH,
    ackWaitSeconds: 60,
    consumeInServe: false,
  };
  const connection = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(connection);
  try {
    const context = cliContext(newId(), 'bench');
    const today = isoDate(Date.now());
    const nextYear = `${Number(today.slice(0, 4)) + 1}-12-31`;
    for (const kind of ['prohibited-items-identification', 'xray-operation'] as const) {
      await app.staff.grantCertification(context, fixture.courierId, {
        reason: 'benchmark staff, certified for the run',
        kind,
        issuedOn: today,
        expiresOn: nextYear,
      });
    }
    const template = fixture.nextParcel();
    await app.parcels.intake(context, template);
    await app.parcels.inspect(context, template.waybillNo, {
      outcome: 'consistent',
      inspectorId: fixture.courierId,
    });
    const machine = await app.machines.register(context, {
      machineCode: 'BENCH-XR-EV',
      siteId: template.siteId,
      maker: 'Nuctech',
      model: 'CX6040BI',
      standard: 'GB 15208.1-2018',
      certificateNo: 'BENCH',
      certifiedUntil: nextYear,
      lastCalibratedOn: today,
    });
    const { secret } = await app.auth.createApiKey(context, {
      name: 'bench station',
      siteId: template.siteId,
      role: 'xray-station',
    });

    // Accepted parcels with real marks, cloned from the one taken in: one set per path.
    const sqlite = app.store.sqlite!;
    const row = sqlite
      .prepare('select * from parcels where waybill_no = ?')
      .get(template.waybillNo) as Record<string, unknown>;
    const columns = Object.keys(row);
    const insert = sqlite.prepare(
      `insert into parcels (${columns.join(',')}) values (${columns.map((c) => `@${c}`).join(',')})`,
    );
    const key = app.keyring.activeSigningKey;
    const clone = (prefix: string): string[] => {
      const waybills: string[] = [];
      sqlite.transaction(() => {
        for (let i = 0; i < SCANS; i += 1) {
          const waybillNo = `${prefix}${String(i).padStart(9, '0')}`;
          const mark = createInspectionMark(
            {
              waybillNo,
              siteCode: 'EVENTS-1',
              inspectorId: fixture.courierId,
              inspectedAt: Math.floor(Date.now() / 1000),
              catalogueVersion: String(row.catalogue_version),
            },
            { keyId: key.id, privateKey: key.privateKey },
          );
          insert.run({ ...row, waybill_no: waybillNo, inspection_mark: mark });
          waybills.push(waybillNo);
        }
      })();
      return waybills;
    };
    const scan = (waybillNo: string) => ({
      eventId: `ev-${waybillNo}`,
      waybillNo,
      machineCode: machine.machineCode,
      operatorId: fixture.courierId,
      scannedAt: new Date().toISOString(),
      result: 'clear',
      imageRef: `hub/${waybillNo}.png`,
      imageSha256: 'a'.repeat(64),
    });

    // HTTP: the station's batches, one request at a time.
    const httpWaybills = clone('HTTPB');
    let httpRate = 0;
    const server = await buildServer(app);
    const address = await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const post = async (waybills: string[]) => {
        const response = await fetch(`${address}/api/v1/scans`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
          body: JSON.stringify(waybills.map(scan)),
        });
        const body = (await response.json()) as { recorded: number };
        if (response.status !== 200 || body.recorded !== waybills.length)
          throw new Error(`a bench scan batch was not recorded: ${JSON.stringify(body).slice(0, 300)}`);
      };
      await post(httpWaybills.slice(0, BATCH)); // warm-up
      const start = performance.now();
      for (let i = BATCH; i < httpWaybills.length; i += BATCH) await post(httpWaybills.slice(i, i + BATCH));
      httpRate = (SCANS - BATCH) / ((performance.now() - start) / 1000);
      report('http_scans_per_s', httpRate, 'scans/s');
    } finally {
      await server.close();
    }

    // JetStream: publish everything, then let the consumer drain the stream.
    const natsWaybills = clone('NATSB');
    await setupEventStreams(jsm, events, DEFAULT_LIMITS, events.ackWaitSeconds);
    const publisher = new StationPublisher(
      jetstream(connection),
      events,
      eventSigningKeyOf(secret),
      template.siteId,
    );
    const publishStart = performance.now();
    const sent = await publisher.publishLines(
      'scan',
      natsWaybills.map((waybill) => JSON.stringify(scan(waybill))),
    );
    report(
      'jetstream_publish_per_s',
      sent.published / ((performance.now() - publishStart) / 1000),
      'events/s',
    );
    const consumeStart = performance.now();
    const totals = await runEventConsumer(app, { config: events, untilIdle: true });
    const seconds = (performance.now() - consumeStart) / 1000;
    if (totals.stored !== SCANS) throw new Error(`the consumer stored ${totals.stored} of ${SCANS}`);
    const jetstreamRate = totals.stored / seconds;
    report('jetstream_scans_per_s', jetstreamRate, 'scans/s');
    report('jetstream_to_http_ratio', jetstreamRate / httpRate, 'x');
  } finally {
    await deleteEventStreams(jsm, events);
    await connection.close();
    await fixture.dispose();
  }
}
