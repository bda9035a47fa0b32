// Acceptance at the counter, on the embedded store (SQLite, synchronous=full: every commit durable, fsync'd).
//   inprocess_parcels_per_s   intake decisions (gate, screening, risk, audit) durably stored through
//                             ParcelsService.intakeMany, in batches of 500 parcels: one transaction per batch,
//                             staged and written a statement per table (the group path), hashing, screening and
//                             sealing on the intake worker thread
//   inprocess_writer_thread_parcels_per_s
//                             the same on another store with all of it on the writer's thread
//                             (PARCELGUARD_INTAKE_WORKER=false), and worker_vs_writer_thread_ratio
//   raw_insert_rows_per_s     the parcel + item rows intake stored, inserted again (new waybill numbers) with
//                             prepared statements, 500 parcels per transaction, no logic: this box's physical
//                             limit for the two rows of each parcel
//   inprocess_vs_raw_ratio    inprocess_parcels_per_s / (raw_insert_rows_per_s / 2), both from this run (the
//                             machine may be busy: the ratio says more than either figure alone)
//   floor_parcels_per_s       the same rows plus each parcel's audit entry (chained and hashed through
//                             AuditService), no other logic, 500 parcels per durable transaction: what intake
//                             could reach on this box if the gate, screening, risk and encryption cost nothing
//   http_single_p50_ms,       median and 99th percentile latency of single POST /api/v1/parcels requests over 50
//   http_single_p99_ms        concurrent keep-alive connections, 40 requests each (after an unmeasured warm-up
//                             round of 10 each), from a client on its own thread (http-load.worker.mjs: the
//                             client's work is not the server's latency);
//                             concurrent requests are committed together by the service's group commit
//   http_floor_p50_ms,        the same load, same client, against a bare Fastify route that answers 201 without
//   http_floor_p99_ms         doing anything: this box's limit for single requests at 50 connections, as raw
//                             inserts are for the in-process figure
//   http_batch_parcels_per_s  one NDJSON POST /api/v1/parcels/batch of 2,000 lines, end to end (lines received
//                             are taken in up to 500 per transaction, answers streamed), after an unmeasured
//                             warm-up batch of 500; http_batch_vs_inprocess_ratio against inprocess_parcels_per_s
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { buildServer } from '../src/http/server.js';
import { cliContext } from '../src/people/actor.js';
import { newId } from '../src/platform/ids.js';
import { intakeFixture } from './fixtures.js';
import type { Report } from './run.js';

const BATCH = 500;

export default async function intakeBench(report: Report): Promise<void> {
  const fixture = await intakeFixture('intake');
  const { app } = fixture;
  const parcel = () => fixture.nextParcel();
  try {
    const context = cliContext(newId(), 'bench');

    // In-process, through the services, in batches (one durable transaction per batch).
    const intakeBatch = async () => {
      const outcomes = await app.parcels.intakeMany(
        context,
        Array.from({ length: BATCH }, () => parcel()),
      );
      const failed = outcomes.find((outcome) => !outcome.ok);
      if (failed !== undefined && !failed.ok) throw failed.error;
    };
    for (let i = 0; i < 2; i += 1) await intakeBatch();
    const batches = 20;
    let start = performance.now();
    for (let i = 0; i < batches; i += 1) await intakeBatch();
    const inprocess = (batches * BATCH) / ((performance.now() - start) / 1000);
    report('inprocess_parcels_per_s', inprocess, 'parcels/s');
    const oneThread = await intakeFixture('intake1t', { intakeWorker: false });
    try {
      const batchOnOneThread = async () => {
        const outcomes = await oneThread.app.parcels.intakeMany(
          context,
          Array.from({ length: BATCH }, () => oneThread.nextParcel()),
        );
        if (outcomes.some((outcome) => !outcome.ok)) throw new Error('an intake failed');
      };
      for (let i = 0; i < 2; i += 1) await batchOnOneThread();
      start = performance.now();
      for (let i = 0; i < batches; i += 1) await batchOnOneThread();
      const writerThread = (batches * BATCH) / ((performance.now() - start) / 1000);
      report('inprocess_writer_thread_parcels_per_s', writerThread, 'parcels/s');
      report('worker_vs_writer_thread_ratio', inprocess / writerThread, 'ratio');
    } finally {
      await oneThread.dispose();
    }

    // Raw rows: the rows intake just stored (their senders, times, sizes), inserted again under new waybill
    // numbers with no logic, 500 parcels per transaction. (Copies of one row would all land on one spot of the
    // sender index; real rows land where their sender's do.)
    const sqlite = app.store.sqlite!;
    const parcels = sqlite.prepare('select * from parcels').raw().all() as unknown[][];
    const parcelColumns = sqlite
      .prepare('select * from parcels')
      .columns()
      .map((column) => column.name);
    const items = sqlite.prepare('select * from parcel_items').raw().all() as unknown[][];
    const itemColumns = sqlite
      .prepare('select * from parcel_items')
      .columns()
      .map((column) => column.name);
    // Values in column order; only the waybill number changes from copy to copy.
    const parcelWaybill = parcelColumns.indexOf('waybill_no');
    const itemWaybill = itemColumns.indexOf('waybill_no');
    const itemOf = new Map(items.map((item) => [item[itemWaybill], item]));
    const pairs = parcels.map((parcel) => ({ parcel, item: itemOf.get(parcel[parcelWaybill])! }));
    const insertParcel = sqlite.prepare(
      `insert into parcels (${parcelColumns.join(',')}) values (${parcelColumns.map(() => '?').join(',')})`,
    );
    const insertItem = sqlite.prepare(
      `insert into parcel_items (${itemColumns.join(',')}) values (${itemColumns.map(() => '?').join(',')})`,
    );
    const rawBatch = sqlite.transaction((from: number) => {
      for (let i = 0; i < 500; i += 1) {
        const { parcel, item } = pairs[(from + i) % pairs.length]!;
        const waybill = `RAW${String(from + i).padStart(10, '0')}`;
        parcel[parcelWaybill] = waybill;
        item[itemWaybill] = waybill;
        insertParcel.run(parcel);
        insertItem.run(item);
      }
    });
    let raw = 0;
    start = performance.now();
    while (performance.now() - start < 3000) {
      rawBatch(raw);
      // Durable like an intake's commit: the store fsyncs the WAL after each commit (see wal-durability.ts).
      await app.store.flush();
      raw += 500;
    }
    const rawPerSecond = (raw * 2) / ((performance.now() - start) / 1000);
    report('raw_insert_rows_per_s', rawPerSecond, 'rows/s');
    report('inprocess_vs_raw_ratio', inprocess / (rawPerSecond / 2), 'ratio');

    // The floor of an intake: its two rows and its audit entry (chained, hashed, the same record as an intake's),
    // no other logic, 500 parcels per durable transaction.
    let bare = 0;
    start = performance.now();
    while (performance.now() - start < 3000) {
      await app.store.transaction(async (trx) => {
        for (let i = 0; i < 500; i += 1) {
          const { parcel, item } = pairs[(raw + bare + i) % pairs.length]!;
          const waybill = `FLR${String(bare + i).padStart(10, '0')}`;
          parcel[parcelWaybill] = waybill;
          item[itemWaybill] = waybill;
          insertParcel.run(parcel);
          insertItem.run(item);
          await app.audit.append(trx, context, {
            action: 'parcel.taken-in',
            subject: { type: 'parcel', id: waybill },
            data: { requestHash: parcel[parcelColumns.indexOf('request_hash')], decision: 'inspect' },
          });
        }
      });
      bare += 500;
    }
    report('floor_parcels_per_s', bare / ((performance.now() - start) / 1000), 'parcels/s');

    // HTTP.
    const server = await buildServer(app);
    const address = await server.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${address}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: fixture.username, password: fixture.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    // 50 connections, 40 requests each, from a client on its own thread (see http-load.worker.mjs), after a
    // warm-up round of 10 each that is not measured (the HTTP path's code is not yet optimised by the JIT).
    const singles = await measureSingles(`${address}/api/v1/parcels`, headers, () =>
      JSON.stringify(parcel()),
    );
    if (Object.keys(singles.statuses).some((status) => status !== '201')) {
      throw new Error(
        `single intakes answered ${JSON.stringify(singles.statuses)}; the bench expects 201 only`,
      );
    }
    report('http_single_p50_ms', singles.p50, 'ms');
    report('http_single_p99_ms', singles.p99, 'ms');

    // The floor: the same requests to a route that does nothing, on the same box with the same client.
    const noop = Fastify({ logger: false });
    noop.post('/api/v1/parcels', async (_request, reply) => reply.code(201).send({ decision: 'inspect' }));
    const bareAddress = await noop.listen({ port: 0, host: '127.0.0.1' });
    const floor = await measureSingles(`${bareAddress}/api/v1/parcels`, headers, () =>
      JSON.stringify(parcel()),
    );
    await noop.close();
    report('http_floor_p50_ms', floor.p50, 'ms');
    report('http_floor_p99_ms', floor.p99, 'ms');
    report('http_single_vs_floor_p99_ratio', singles.p99 / floor.p99, 'ratio');

    const postBatch = async (count: number): Promise<number> => {
      const lines = Array.from({ length: count }, () => JSON.stringify(parcel())).join('\n');
      const batch = await fetch(`${address}/api/v1/parcels/batch`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-ndjson' },
        body: lines,
      });
      return (await batch.text()).trim().split('\n').length;
    };
    // Unmeasured, as the singles' first round: the batch route's code is not yet optimised by the JIT.
    await postBatch(500);
    start = performance.now();
    const answered = await postBatch(2000);
    const batchPerSecond = answered / ((performance.now() - start) / 1000);
    report('http_batch_parcels_per_s', batchPerSecond, 'parcels/s');
    report('http_batch_vs_inprocess_ratio', batchPerSecond / inprocess, 'ratio');
    await server.close();
  } finally {
    await fixture.dispose();
  }
}

/** 50 connections send single requests, 10 each unmeasured and then 40 each measured; latencies in ms. */
async function measureSingles(
  url: string,
  headers: Record<string, string>,
  nextBody: () => string,
): Promise<{ p50: number; p99: number; statuses: Record<string, number> }> {
  const connections = 50;
  const load = (perConnection: number) => {
    const bodies = Array.from({ length: connections * perConnection }, nextBody);
    return new Promise<{ latencies: number[]; statuses: Record<string, number> }>((resolve, reject) => {
      const worker = new Worker(new URL('./http-load.worker.mjs', import.meta.url), {
        workerData: { url, headers, bodies, connections },
      });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  };
  await load(10);
  const { latencies, statuses } = await load(40);
  latencies.sort((a, b) => a - b);
  return {
    p50: latencies[Math.floor(latencies.length * 0.5)]!,
    p99: latencies[Math.floor(latencies.length * 0.99)]!,
    statuses,
  };
}
