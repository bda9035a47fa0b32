// Acceptance at the counter, on the embedded store (SQLite, synchronous=full: every intake durable).
//   inprocess_parcels_per_s   intake decisions stored through ParcelsService (gate, screening, risk, audit),
//                             one durable transaction per parcel
//   raw_insert_rows_per_s     the same parcel + item rows inserted with prepared statements, 500 per
//                             transaction, no logic: this box's physical limit
//   inprocess_vs_raw_ratio    the two, side by side in this run
//   http_single_p99_ms        single POST /api/v1/parcels requests from 50 concurrent connections
//   http_batch_parcels_per_s  one NDJSON POST /api/v1/parcels/batch
import { buildServer } from '../src/http/server.js';
import { cliContext } from '../src/people/actor.js';
import { newId } from '../src/platform/ids.js';
import { intakeFixture } from './fixtures.js';
import type { Report } from './run.js';

export default async function intakeBench(report: Report): Promise<void> {
  const fixture = await intakeFixture('intake');
  const { app } = fixture;
  const parcel = () => fixture.nextParcel();
  try {
    const context = cliContext(newId(), 'bench');

    // In-process, through the services.
    for (let i = 0; i < 200; i += 1) await app.parcels.intake(context, parcel());
    const count = 3000;
    let start = performance.now();
    for (let i = 0; i < count; i += 1) await app.parcels.intake(context, parcel());
    const inprocess = count / ((performance.now() - start) / 1000);
    report('inprocess_parcels_per_s', inprocess, 'parcels/s');

    // Raw rows: the same shapes, no logic, 500 per transaction.
    const sqlite = app.store.sqlite!;
    const template = (await app.store.db
      .selectFrom('parcels')
      .selectAll()
      .limit(1)
      .executeTakeFirstOrThrow()) as unknown as Record<string, unknown>;
    const item = (await app.store.db
      .selectFrom('parcel_items')
      .selectAll()
      .limit(1)
      .executeTakeFirstOrThrow()) as unknown as Record<string, unknown>;
    const parcelColumns = Object.keys(template);
    const itemColumns = Object.keys(item);
    const insertParcel = sqlite.prepare(
      `insert into parcels (${parcelColumns.join(',')}) values (${parcelColumns.map((c) => `@${c}`).join(',')})`,
    );
    const insertItem = sqlite.prepare(
      `insert into parcel_items (${itemColumns.join(',')}) values (${itemColumns.map((c) => `@${c}`).join(',')})`,
    );
    const rawBatch = sqlite.transaction((from: number) => {
      for (let i = 0; i < 500; i += 1) {
        const waybill = `RAW${String(from + i).padStart(10, '0')}`;
        insertParcel.run({ ...template, waybill_no: waybill });
        insertItem.run({ ...item, waybill_no: waybill });
      }
    });
    let raw = 0;
    start = performance.now();
    while (performance.now() - start < 3000) {
      rawBatch(raw);
      raw += 500;
    }
    const rawPerSecond = (raw * 2) / ((performance.now() - start) / 1000);
    report('raw_insert_rows_per_s', rawPerSecond, 'rows/s');
    report('inprocess_vs_raw_ratio', inprocess / (rawPerSecond / 2), 'ratio');

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
    const latencies: number[] = [];
    const perConnection = 40;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        for (let i = 0; i < perConnection; i += 1) {
          const body = JSON.stringify(parcel());
          const t0 = performance.now();
          const response = await fetch(`${address}/api/v1/parcels`, { method: 'POST', headers, body });
          await response.arrayBuffer();
          latencies.push(performance.now() - t0);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    report('http_single_p99_ms', latencies[Math.floor(latencies.length * 0.99)]!, 'ms');

    const lines = Array.from({ length: 2000 }, () => JSON.stringify(parcel())).join('\n');
    start = performance.now();
    const batch = await fetch(`${address}/api/v1/parcels/batch`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-ndjson' },
      body: lines,
    });
    const answered = (await batch.text()).trim().split('\n').length;
    report('http_batch_parcels_per_s', answered / ((performance.now() - start) / 1000), 'parcels/s');
    await server.close();
  } finally {
    await fixture.dispose();
  }
}
