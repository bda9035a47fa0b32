// Acceptance at the counter on PostgreSQL, the production database, beside the same parcels on SQLite in the same
// run (the machine may be busy: the ratios say more than any figure alone).
//   pg_inprocess_parcels_per_s      intake decisions (gate, screening, risk, audit) stored through
//                                   ParcelsService.intakeMany on PostgreSQL, 500 parcels per transaction
//   sqlite_inprocess_parcels_per_s  the same parcels (same senders, same descriptions) on SQLite, synchronous=full
//   pg_vs_sqlite_ratio              pg_inprocess / sqlite_inprocess
//   pg_copy_parcels_per_s           the rows intake stored on PostgreSQL (parcel, item and audit entry of each
//                                   parcel), copied in again under new keys by COPY FROM STDIN, 500 parcels per
//                                   transaction, no logic: this box's limit for those rows
//   pg_inprocess_vs_copy_ratio      pg_inprocess / pg_copy
//   pg_two_nodes_parcels_per_s      two apps (two API nodes: their own pools, caches and group commit) on the same
//                                   schema, each taking batches of 500 at the same time; the writer lock orders them
//
// PostgreSQL at PARCELGUARD_BENCH_PG_URL (default: the test tier's postgres://postgres@127.0.0.1:5432/test), in a
// schema of the bench's own, dropped after. Without PostgreSQL the bench says so and reports nothing.
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { App } from '../src/app.js';
import { cliContext } from '../src/people/actor.js';
import { newId } from '../src/platform/ids.js';
import { intakeFixture, type IntakeFixture } from './fixtures.js';
import type { Report } from './run.js';

const PG_URL = process.env.PARCELGUARD_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BATCH = 500;
const WARM_UP = 4;
const MEASURED = 20;

export default async function intakePostgresBench(report: Report): Promise<void> {
  if (!(await reachable())) {
    console.error(`intake-postgres: PostgreSQL at ${PG_URL} is unreachable; nothing measured`);
    return;
  }
  const schema = `bench_intake_${process.pid}`;
  const postgres = await intakeFixture('intakepg', { postgres: { url: PG_URL, schema } });
  const sqlite = await intakeFixture('intakepg');
  try {
    const pgRate = await inprocess(postgres);
    const sqliteRate = await inprocess(sqlite);
    report('pg_inprocess_parcels_per_s', pgRate, 'parcels/s');
    report('sqlite_inprocess_parcels_per_s', sqliteRate, 'parcels/s');
    report('pg_vs_sqlite_ratio', pgRate / sqliteRate, 'ratio');

    const copyRate = await copied(schema);
    report('pg_copy_parcels_per_s', copyRate, 'parcels/s');
    report('pg_inprocess_vs_copy_ratio', pgRate / copyRate, 'ratio');

    const second = await postgres.openNode();
    report('pg_two_nodes_parcels_per_s', await twoNodes(postgres, [postgres.app, second]), 'parcels/s');
  } finally {
    await sqlite.dispose();
    await postgres.dispose();
  }
}

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function intakeBatch(fixture: IntakeFixture, app: App = fixture.app): Promise<void> {
  const context = cliContext(newId(), 'bench');
  const outcomes = await app.parcels.intakeMany(
    context,
    Array.from({ length: BATCH }, () => fixture.nextParcel()),
  );
  const failed = outcomes.find((outcome) => !outcome.ok);
  if (failed !== undefined && !failed.ok) throw failed.error;
}

/** Parcels a second through intakeMany, after a warm-up. */
async function inprocess(fixture: IntakeFixture): Promise<number> {
  for (let i = 0; i < WARM_UP; i += 1) await intakeBatch(fixture);
  const start = performance.now();
  for (let i = 0; i < MEASURED; i += 1) await intakeBatch(fixture);
  return (MEASURED * BATCH) / ((performance.now() - start) / 1000);
}

/** Both nodes take batches at once; parcels a second over both. */
async function twoNodes(fixture: IntakeFixture, nodes: App[]): Promise<number> {
  for (const node of nodes) await intakeBatch(fixture, node);
  const start = performance.now();
  await Promise.all(
    nodes.map(async (node) => {
      for (let i = 0; i < MEASURED / 2; i += 1) await intakeBatch(fixture, node);
    }),
  );
  return (MEASURED * BATCH) / ((performance.now() - start) / 1000);
}

/**
 * The parcels, items and audit entries intake stored, copied in again by COPY under new waybill numbers and
 * sequence numbers, 500 parcels a transaction, for at least 3 seconds.
 */
async function copied(schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const parcels = await client.query({ text: 'select * from parcels', rowMode: 'array' });
    const items = await client.query({ text: 'select * from parcel_items', rowMode: 'array' });
    const entries = await client.query({
      text: 'select * from audit_entries order by seq',
      rowMode: 'array',
    });
    const names = (result: pg.QueryResult) => result.fields.map((field) => field.name);
    const parcelWaybill = names(parcels).indexOf('waybill_no');
    const itemWaybill = names(items).indexOf('waybill_no');
    const entrySeq = names(entries).indexOf('seq');
    const itemOf = new Map(items.rows.map((row: unknown[]) => [row[itemWaybill], row]));
    const rows = (parcels.rows as unknown[][]).map((parcel) => ({
      parcel,
      item: itemOf.get(parcel[parcelWaybill])!,
    }));
    const lastSeq = Number((entries.rows as unknown[][]).at(-1)![entrySeq]);
    let done = 0;
    const start = performance.now();
    while (performance.now() - start < 3000) {
      const parcelLines: string[] = [];
      const itemLines: string[] = [];
      const entryLines: string[] = [];
      for (let i = 0; i < BATCH; i += 1) {
        const n = done + i;
        const { parcel, item } = rows[n % rows.length]!;
        const waybill = `CPY${String(n).padStart(10, '0')}`;
        parcelLines.push(copyLine(parcel.map((value, c) => (c === parcelWaybill ? waybill : value))));
        itemLines.push(copyLine(item.map((value, c) => (c === itemWaybill ? waybill : value))));
        const entry = (entries.rows as unknown[][])[n % entries.rows.length]!;
        entryLines.push(copyLine(entry.map((value, c) => (c === entrySeq ? lastSeq + 1 + n : value))));
      }
      await client.query('begin');
      await copyInto(client, 'parcels', names(parcels), parcelLines);
      await copyInto(client, 'parcel_items', names(items), itemLines);
      await copyInto(client, 'audit_entries', names(entries), entryLines);
      await client.query('commit');
      done += BATCH;
    }
    return done / ((performance.now() - start) / 1000);
  } finally {
    await client.end();
  }
}

async function copyInto(client: pg.Client, table: string, columns: string[], lines: string[]): Promise<void> {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  await pipeline(Readable.from([lines.join('')]), stream);
}

/** One row in COPY's text format: tab-separated, \N for null, backslash escapes (values are text or numbers). */
function copyLine(values: unknown[]): string {
  return `${values
    .map((value) =>
      value === null || value === undefined
        ? '\\N'
        : String(value as string | number | boolean).replace(
            /[\\\t\n\r]/g,
            (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!,
          ),
    )
    .join('\t')}\n`;
}
