// The hub gate and its reports, on the embedded store (SQLite).
//   scans_per_s              X-ray scan events through ScansService in batches of 500, durable (see hub-scans.ts)
//   coverage_site_month_ms   the coverage report (ReportsService.coverage: counts, ratios, gaps) for one site
//                            over 30 China calendar days, with 10,000,000 parcels in the store; median of 5
//   coverage_generation_s    printed only when the 10M-parcel database had to be built (then cached)
//
// The database is generated in SQL (a recursive CTE, INSERT … SELECT) and cached under data/bench/ (gitignored):
// re-runs reuse it. Delete data/bench/hub-10m.* to rebuild.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { chinaDayOf, dayRangeMs } from '../src/platform/clock.js';
import { createBenchSites, measureCoverageSiteMonth } from './hub-coverage.js';
import { measureScans } from './hub-scans.js';
import type { Report } from './run.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = path.join(ROOT, 'data', 'bench');
/** 10,000,000; HUB_BENCH_PARCELS=… for a quick trial of the generator (cached under its own name). */
const PARCELS = Number(process.env.HUB_BENCH_PARCELS ?? 10_000_000);
const NAME = PARCELS === 10_000_000 ? 'hub-10m' : `hub-${PARCELS}`;
const DB_FILE = path.join(DIR, `${NAME}.db`);
/** Written last, with the parameters: a database without it was interrupted mid-generation and is rebuilt. */
const READY_FILE = path.join(DIR, `${NAME}.ready.json`);
const OUTLETS = 18;
const HUBS = 2;
const DAYS = 60;
const CHUNK = 1_000_000;

export default async function hubBench(report: Report): Promise<void> {
  await measureScans(report);
  await coverageSiteMonth(report);
}

/** coverage_site_month_ms: one outlet, the last 30 of the 60 generated days. */
async function coverageSiteMonth(report: Report): Promise<void> {
  if (!existsSync(READY_FILE)) {
    const started = performance.now();
    await generate();
    report('coverage_generation_s', (performance.now() - started) / 1000, 's');
  }
  const app = await openApp();
  try {
    const meta = JSON.parse(readFileSync(READY_FILE, 'utf8')) as { lastDay: number; siteId: string };
    await measureCoverageSiteMonth(app, meta, report);
  } finally {
    await app.close();
  }
}

function openApp(): Promise<App> {
  return createApp(
    loadConfig({
      PARCELGUARD_DATA_DIR: DIR,
      DATABASE_URL: `sqlite:${DB_FILE}`,
      PARCELGUARD_SQLITE_SYNCHRONOUS: 'normal',
    }),
    { logger: createLogger('silent') },
  );
}

/** Builds the 10M-parcel store: schema and sites through the app, the rows in SQL. */
async function generate(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${DB_FILE}${suffix}`, { force: true });
  const lastDay = chinaDayOf(Date.now()) - 1;
  const app = await openApp();
  let siteIds: string[];
  try {
    siteIds = await createBenchSites(app, OUTLETS, HUBS);
  } finally {
    await app.close();
  }

  const db = new Database(DB_FILE);
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1048576');
    db.pragma('foreign_keys = OFF');
    db.exec('create temp table bench_sites (idx integer primary key, id text not null)');
    const insertSite = db.prepare('insert into bench_sites (idx, id) values (?, ?)');
    siteIds.forEach((id, idx) => insertSite.run(idx, id));

    // Secondary indexes are built once after the load (a sort) instead of maintained row by row.
    const indexes = db
      .prepare<[], { name: string; sql: string }>(
        "select name, sql from sqlite_master where type = 'index' and tbl_name = 'parcels' and sql is not null",
      )
      .all();
    for (const index of indexes) db.exec(`drop index ${index.name}`);

    const { start } = dayRangeMs(lastDay - DAYS + 1, lastDay);
    const spacing = (DAYS * 86_400_000) / PARCELS;
    // h: a fixed pseudo-random number 0..999 per parcel, deciding its fate (about 1.5% refused at the identity
    // gate, 0.5% for contents, 0.5% held, 1% refused at inspection, the rest accepted, screened, dispatched,
    // a few gaps on purpose).
    // (better-sqlite3 binds numbers as REAL: the CAST keeps i, and so h, whole for the = and % tests below.)
    const insertParcels = db.prepare(`
      with recursive g(i) as (select cast(@from as integer) union all select i + 1 from g where i + 1 < @to),
      p as (
        select i, (((i * 2654435761) % 4294967296) * 1000) / 4294967296 as h, @start + cast(i * @spacing as integer) as t,
               s.id as site_id
        from g join bench_sites s on s.idx = i % ${OUTLETS}
      )
      insert into parcels (
        waybill_no, site_id, route, state, held_from, decision, decision_reasons, counter_message, request_hash,
        origin_country, origin_region, origin_address_enc, destination_country, destination_region,
        destination_address_enc, gate_kind, gate_decision, gate_reason, sender_id, agreement_id,
        recipient_name_enc, recipient_phone_enc, recipient_phone_index, recipient_address_enc, weight_grams,
        declared_value, notice_version, collected_by, catalogue_version, screening_verdict, risk_version,
        risk_score, risk_hits, risk_facts, inspected_by, inspected_at, inspection_mark, created_at, updated_at,
        inspection_outcome, screened_at, screened_by_scan, dispatched_at, dispatch_id)
      select
        printf('BN%010d', i), site_id, 'domestic',
        case when h < 20 then 'refused' when h < 25 then 'held' when h < 35 then 'refused'
             when h = 999 then 'accepted' when h < 37 then 'accepted' when h < 40 then 'screened'
             when h < 500 then 'dispatched' else 'delivered' end,
        case when h >= 20 and h < 25 then 'awaiting-inspection' end,
        case when h < 20 then 'refuse' when h < 25 then 'hold' else 'inspect' end,
        '[]', '', '', 'CN', '310104', 'k-1:x', 'CN', '110105', 'k-1:x',
        case when h < 15 then 'refused-to-show' when h % 10 = 7 then 'agreement' else 'document' end,
        case when h < 15 then 'refuse' when h = 998 then 'refuse' else 'pass' end,
        case when h < 15 then (case h % 3 when 0 then 'refused-to-show' when 1 then 'no-document'
                                            else 'invalid-document' end) end,
        case when h >= 15 and h % 10 <> 7 then printf('sender-%06d', i % 400000) end,
        case when h >= 15 and h % 10 = 7 then printf('agreement-%03d', i % 300) end,
        'k-1:x', 'k-1:x', 'idx', 'k-1:x', 800, null, 'v1', 'courier', 'bench', 'clear', 'bench', 0, '[]', null,
        case when h >= 25 and h <> 999 then 'courier' end,
        case when h >= 25 and h <> 999 then t + 600000 end,
        case when h >= 35 and h <> 999 then printf('MARK%010d', i) end,
        t, t,
        case when h >= 25 and h < 30 then 'inconsistent' when h >= 30 and h < 35 then 'refused-by-sender'
             when h >= 35 and h <> 999 then 'consistent' end,
        case when h >= 37 and h <> 999 and h <> 40 then t + 7200000 end,
        case when h >= 37 and h <> 999 and h <> 40 then printf('E%010d', i) end,
        case when h >= 40 and h <> 999 then t + 14400000 end,
        case when h >= 40 and h <> 999 then printf('D%08d', i / 200) end
      from p`);
    for (let from = 0; from < PARCELS; from += CHUNK) {
      db.transaction(() =>
        insertParcels.run({ from, to: Math.min(from + CHUNK, PARCELS), start, spacing }),
      )();
    }
    for (const index of indexes) db.exec(index.sql);

    // The hub side: an ordinary scan for every tenth parcel, a few that reveal gaps, some rejections, holds
    // and clues.
    db.transaction(() => {
      db.prepare(
        `insert into scans (event_id, request_hash, waybill_no, machine_id, operator_id, site_id, scanned_at,
           result, method, image_ref, image_sha256, threats, outcome, state_after, received_at)
         select 'S' || waybill_no, '', waybill_no, 'machine', 'operator',
           (select id from bench_sites where idx = ${OUTLETS} + (created_at % ${HUBS})), created_at + 3600000,
           'clear', 'XRY', null, null, '[]',
           case when rowid % 5000 = 0 then 'held-unmarked' else 'screened' end, null, created_at + 3600000
         from parcels where rowid % 10 = 0`,
      ).run();
      db.prepare(
        `insert into scans (event_id, request_hash, waybill_no, machine_id, operator_id, site_id, scanned_at,
           result, method, image_ref, image_sha256, threats, outcome, state_after, received_at)
         select 'U' || waybill_no, '', 'UNKNOWN' || waybill_no, 'machine', 'operator',
           (select id from bench_sites where idx = ${OUTLETS}), created_at + 3600000,
           'clear', 'XRY', null, null, '[]', 'unknown-parcel', null, created_at + 3600000
         from parcels where rowid % 20000 = 7`,
      ).run();
      db.prepare(
        `insert into scan_rejections (id, event_id, machine_code, site_id, waybill_no, reason, at)
         select 'R' || waybill_no, 'RE' || waybill_no, 'XR-UNCERT', site_id, waybill_no, 'machine-not-certified',
           created_at + 3600000
         from parcels where rowid % 5000 = 3`,
      ).run();
      db.prepare(
        `insert into parcel_events (id, waybill_no, at, kind, from_state, to_state, actor_type, actor_id, site_id,
           custodian, location, reason, details)
         select 'H' || waybill_no, waybill_no, created_at + 60000, 'hold', 'awaiting-inspection', 'held', 'staff',
           'officer', site_id, 'officer', null, 'bench', '{}'
         from parcels where rowid % 2000 = 11`,
      ).run();
      db.prepare(
        `insert into clues (id, source, kind, severity, subject_type, subject_index, site_id, details, refs, status,
           created_at)
         select 'C' || waybill_no, 'bench', 'bench', 'low', 'parcel', null, site_id, '{}', '[]', 'open', created_at
         from parcels where rowid % 10000 = 5`,
      ).run();
    })();
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  // Where the measurement finds its parameters on a later run.
  writeFileSync(
    READY_FILE,
    `${JSON.stringify({ lastDay, siteId: siteIds[3], generatedAt: new Date().toISOString() })}\n`,
  );
}
