// The coverage report on PostgreSQL, the same measurement as the hub bench's on SQLite.
//   coverage_site_month_ms   ReportsService.coverage for one site over 30 China calendar days, with 10,000,000
//                            parcels in the store; median of 5 (the target, < 2,000, is for SQLite)
//   coverage_generation_s    printed only when the 10M-parcel schema had to be built (then kept)
//
// PostgreSQL at PARCELGUARD_BENCH_PG_URL (default: the test tier's postgres://postgres@127.0.0.1:5432/test). The
// parcels are generated in SQL (generate_series, INSERT … SELECT) into the schema bench_hub_10m, which is kept:
// re-runs reuse it. DROP SCHEMA bench_hub_10m CASCADE to rebuild. Without PostgreSQL the bench says so and
// reports nothing.
import pg from 'pg';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { generateKeyFile } from '../src/platform/crypto/keyring.js';
import { createLogger } from '../src/platform/logger.js';
import { chinaDayOf, dayRangeMs } from '../src/platform/clock.js';
import { createBenchSites, measureCoverageSiteMonth } from './hub-coverage.js';
import type { Report } from './run.js';

const PG_URL = process.env.PARCELGUARD_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** 10,000,000; HUB_BENCH_PARCELS=… for a quick trial of the generator (kept under its own schema). */
const PARCELS = Number(process.env.HUB_BENCH_PARCELS ?? 10_000_000);
const SCHEMA = PARCELS === 10_000_000 ? 'bench_hub_10m' : `bench_hub_${PARCELS}`;
const OUTLETS = 18;
const HUBS = 2;
const DAYS = 60;
const CHUNK = 1_000_000;

export default async function hubPostgresBench(report: Report): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
  } catch (error) {
    console.error(
      `hub-postgres: PostgreSQL at ${PG_URL} is unreachable (${String(error)}); nothing measured`,
    );
    return;
  }
  try {
    const ready = await readyMarker(client);
    if (ready === null) {
      const started = performance.now();
      await generate(client);
      report('coverage_generation_s', (performance.now() - started) / 1000, 's');
    }
    const app = await openApp();
    try {
      await measureCoverageSiteMonth(app, (await readyMarker(client))!, report);
    } finally {
      await app.close();
    }
  } finally {
    await client.end();
  }
}

/** The generation's parameters, written last: null when the schema is missing or was interrupted. */
async function readyMarker(client: pg.Client): Promise<{ lastDay: number; siteId: string } | null> {
  const { rows } = await client.query<{ ok: boolean }>(
    `select exists (select 1 from information_schema.tables
       where table_schema = $1 and table_name = 'bench_ready') as ok`,
    [SCHEMA],
  );
  if (!rows[0]!.ok) return null;
  const marker = await client.query<{ last_day: number; site_id: string }>(
    `select last_day, site_id from ${SCHEMA}.bench_ready`,
  );
  const row = marker.rows[0];
  return row === undefined ? null : { lastDay: Number(row.last_day), siteId: row.site_id };
}

function openApp(): Promise<App> {
  return createApp(
    loadConfig({ DATABASE_URL: PG_URL, PARCELGUARD_KEYS: JSON.stringify(generateKeyFile()) }),
    {
      logger: createLogger('silent'),
      storeOptions: { schema: SCHEMA },
    },
  );
}

/** Builds the schema: tables and sites through the app (its migrations), the rows in SQL. */
async function generate(client: pg.Client): Promise<void> {
  await client.query(`drop schema if exists ${SCHEMA} cascade`);
  await client.query(`create schema ${SCHEMA}`);
  const lastDay = chinaDayOf(Date.now()) - 1;
  const app = await openApp();
  let siteIds: string[];
  try {
    siteIds = await createBenchSites(app, OUTLETS, HUBS);
  } finally {
    await app.close();
  }

  await client.query(`set search_path to ${SCHEMA}`);
  await client.query('create table bench_sites (idx integer primary key, id text not null)');
  for (const [idx, id] of siteIds.entries()) {
    await client.query('insert into bench_sites (idx, id) values ($1, $2)', [idx, id]);
  }
  // Secondary indexes are built once after the load instead of maintained row by row.
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes
     where schemaname = $1 and tablename = 'parcels' and indexname <> 'parcels_pkey'`,
    [SCHEMA],
  );
  for (const index of indexes) await client.query(`drop index ${index.indexname}`);

  const { start } = dayRangeMs(lastDay - DAYS + 1, lastDay);
  const spacing = (DAYS * 86_400_000) / PARCELS;
  // The same parcels as the SQLite hub bench: h, a fixed pseudo-random 0..999 per parcel, decides its fate.
  for (let from = 0; from < PARCELS; from += CHUNK) {
    await client.query(
      `with p as (
         select i, ((i * 2654435761) % 4294967296) * 1000 / 4294967296 as h,
                $3::bigint + (i * $4::double precision)::bigint as t, s.id as site_id
         from generate_series($1::bigint, $2::bigint - 1) as i
         join bench_sites s on s.idx = i % ${OUTLETS}
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
         'BN' || lpad(i::text, 10, '0'), site_id, 'domestic',
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
         case when h >= 15 and h % 10 <> 7 then 'sender-' || lpad((i % 400000)::text, 6, '0') end,
         case when h >= 15 and h % 10 = 7 then 'agreement-' || lpad((i % 300)::text, 3, '0') end,
         'k-1:x', 'k-1:x', 'idx', 'k-1:x', 800, null, 'v1', 'courier', 'bench', 'clear', 'bench', 0, '[]', null,
         case when h >= 25 and h <> 999 then 'courier' end,
         case when h >= 25 and h <> 999 then t + 600000 end,
         case when h >= 35 and h <> 999 then 'MARK' || lpad(i::text, 10, '0') end,
         t, t,
         case when h >= 25 and h < 30 then 'inconsistent' when h >= 30 and h < 35 then 'refused-by-sender'
              when h >= 35 and h <> 999 then 'consistent' end,
         case when h >= 37 and h <> 999 and h <> 40 then t + 7200000 end,
         case when h >= 37 and h <> 999 and h <> 40 then 'E' || lpad(i::text, 10, '0') end,
         case when h >= 40 and h <> 999 then t + 14400000 end,
         case when h >= 40 and h <> 999 then 'D' || lpad((i / 200)::text, 8, '0') end
       from p`,
      [from, Math.min(from + CHUNK, PARCELS), start, spacing],
    );
  }
  for (const index of indexes) await client.query(index.indexdef);

  // The hub side, as in the SQLite bench: a scan for every tenth parcel, a few revealing gaps, rejections,
  // holds and clues. `n` is the parcel's number (its waybill without the prefix).
  const numbered = `(select waybill_no, site_id, created_at, substr(waybill_no, 3)::bigint as n from parcels) q`;
  await client.query(
    `insert into scans (event_id, request_hash, waybill_no, machine_id, operator_id, site_id, scanned_at,
       result, method, image_ref, image_sha256, threats, outcome, state_after, received_at)
     select 'S' || waybill_no, '', waybill_no, 'machine', 'operator',
       (select id from bench_sites where idx = ${OUTLETS} + (created_at % ${HUBS})), created_at + 3600000,
       'clear', 'XRY', null, null, '[]',
       case when n % 5000 = 0 then 'held-unmarked' else 'screened' end, null, created_at + 3600000
     from ${numbered} where n % 10 = 0`,
  );
  await client.query(
    `insert into scans (event_id, request_hash, waybill_no, machine_id, operator_id, site_id, scanned_at,
       result, method, image_ref, image_sha256, threats, outcome, state_after, received_at)
     select 'U' || waybill_no, '', 'UNKNOWN' || waybill_no, 'machine', 'operator',
       (select id from bench_sites where idx = ${OUTLETS}), created_at + 3600000,
       'clear', 'XRY', null, null, '[]', 'unknown-parcel', null, created_at + 3600000
     from ${numbered} where n % 20000 = 7`,
  );
  await client.query(
    `insert into scan_rejections (id, event_id, machine_code, site_id, waybill_no, reason, at)
     select 'R' || waybill_no, 'RE' || waybill_no, 'XR-UNCERT', site_id, waybill_no, 'machine-not-certified',
       created_at + 3600000
     from ${numbered} where n % 5000 = 3`,
  );
  await client.query(
    `insert into parcel_events (id, waybill_no, at, kind, from_state, to_state, actor_type, actor_id, site_id,
       custodian, location, reason, details)
     select 'H' || waybill_no, waybill_no, created_at + 60000, 'hold', 'awaiting-inspection', 'held', 'staff',
       'officer', site_id, 'officer', null, 'bench', '{}'
     from ${numbered} where n % 2000 = 11`,
  );
  await client.query(
    `insert into clues (id, source, kind, severity, subject_type, subject_index, site_id, details, refs, status,
       created_at)
     select 'C' || waybill_no, 'bench', 'bench', 'low', 'parcel', null, site_id, '{}', '[]', 'open', created_at
     from ${numbered} where n % 10000 = 5`,
  );
  // Index-only scans need the visibility map, and the planner needs statistics.
  await client.query('vacuum analyze parcels, scans, scan_rejections, parcel_events, clues');
  await client.query('create table bench_ready (last_day integer not null, site_id text not null)');
  await client.query('insert into bench_ready (last_day, site_id) values ($1, $2)', [lastDay, siteIds[3]]);
}
