// All SQL of the reports: coverage aggregated in the database (one index range scan per source, never row by
// row in JS), gate records and attestations. The conditions mirror coverage.ts, which defines them; the same
// Kysely queries run on SQLite and PostgreSQL (pg answers bigint counts, parsed as numbers by the store;
// every sum is of integers and every ratio is computed in JS, so no integer division happens in SQL).
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../platform/database/store.js';
import { type CoverageCounts } from './coverage.js';
import { CHINA_OFFSET_MS, DAY_MS, dayRangeMs } from '../platform/clock.js';
import { NETWORK_STATES } from '../parcels/parcel-state.js';
import type { AttestationLeafTable, AttestationTable } from './reports.tables.js';

/** The CST day number of an epoch-ms column: integer division on both databases (bigint on PostgreSQL). */
function dayOf(column: string): RawBuilder<number> {
  return sql<number>`((${sql.ref(column)} + ${sql.lit(CHINA_OFFSET_MS)}) / ${sql.lit(DAY_MS)})`;
}

const networkStates = sql.join(NETWORK_STATES.map((state) => sql.lit(state)));
// coverage.ts enteredNetwork / parcelGaps / refusalKey, in SQL.
const IN_NETWORK = sql`(state in (${networkStates}) or inspection_outcome = 'consistent' or dispatched_at is not null)`;
const NOT_CONSISTENT = sql`coalesce(inspection_outcome, '') <> 'consistent'`;
const SCREENED_BEFORE_DISPATCH = sql`(dispatched_at is not null and screened_at is not null and screened_at <= dispatched_at)`;
const XRAY_GAP = sql`(dispatched_at is not null and (screened_at is null or screened_at > dispatched_at))`;
const REFUSAL_KEY = sql<string | null>`case
  when gate_decision = 'refuse' then 'identity:' || coalesce(gate_reason, 'unknown')
  when decision = 'refuse' then 'contents'
  when inspection_outcome is not null and inspection_outcome <> 'consistent' then 'inspection:' || inspection_outcome
  else null end`;
// The parcels REFUSAL_KEY names a reason for.
const REFUSED = sql<boolean>`(gate_decision = 'refuse' or decision = 'refuse' or (inspection_outcome is not null and inspection_outcome <> 'consistent'))`;

function countWhere(condition: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`sum(case when ${condition} then 1 else 0 end)`;
}

/** Parcel-table counts of one site and intake day (CST day number). */
export interface ParcelAggregate {
  siteId: string;
  day: number;
  counts: Partial<CoverageCounts>;
}

/** A parcel with at least one gap, as the coverage index holds it. */
export interface GapParcelRow {
  waybill_no: string;
  site_id: string;
  created_at: number;
  state: string;
  decision: string;
  gate_decision: string;
  gate_reason: string | null;
  inspection_outcome: string | null;
  screened_at: number | null;
  dispatched_at: number | null;
}

/** A (site, day, waybill) with a scan that revealed a gap. */
export interface ScanGapRow {
  siteId: string;
  day: number;
  waybillNo: string;
  outcome: string;
}

export interface DayCountRow {
  siteId: string;
  day: number;
  count: number;
}

/** The parcel row fields that make a gate record. */
export interface GateRecordRow {
  waybill_no: string;
  site_id: string;
  created_at: number;
  state: string;
  gate_kind: string;
  gate_decision: string;
  inspection_outcome: string | null;
  inspection_mark: string | null;
  screened_at: number | null;
  screened_by_scan: string | null;
  dispatched_at: number | null;
}

const LEAF_CHUNK = 500;

export class ReportsRepository {
  /**
   * Counts over the parcels taken in at `siteIds` on CST days `fromDay`..`toDay`: per day one aggregate,
   * grouped by site, over ranges of parcels_coverage_idx (EXPLAIN QUERY PLAN: "SEARCH parcels USING COVERING
   * INDEX parcels_coverage_idx", no temporary B-tree). One query per day rather than one GROUP BY day over the
   * range: SQLite cannot see that the day follows the index order and would copy every row into a sorter first
   * (on 277,000 parcels that was two thirds of the time). Refusals by reason come from a second query that
   * groups only the refused parcels.
   */
  async aggregateParcels(
    db: Executor,
    siteIds: readonly string[],
    fromDay: number,
    toDay: number,
  ): Promise<ParcelAggregate[]> {
    const out: ParcelAggregate[] = [];
    if (siteIds.length === 0) return out;
    for (let day = fromDay; day <= toDay; day += 1) {
      const { start, end } = dayRangeMs(day, day);
      const rows = await this.aggregateParcelsQuery(db, siteIds, start, end).execute();
      for (const row of rows) {
        out.push({
          siteId: row.site_id,
          day,
          counts: {
            presented: Number(row.presented),
            accepted: Number(row.accepted),
            realNamePassed: Number(row.real_name_passed),
            realNameVerifiedSender: Number(row.real_name_sender),
            realNameAgreement: Number(row.real_name_agreement),
            inspected: Number(row.inspected),
            inspectedWithMark: Number(row.inspected_marked),
            xrayClear: Number(row.xray_clear),
            dispatched: Number(row.dispatched),
            xrayBeforeDispatch: Number(row.xray_before_dispatch),
            enteredNetwork: Number(row.entered_network),
            heldAtIntake: Number(row.held_at_intake),
            realNameGaps: Number(row.real_name_gaps),
            inspectionGaps: Number(row.inspection_gaps),
            xrayGaps: Number(row.xray_gaps),
          },
        });
      }
    }
    const { start, end } = dayRangeMs(fromDay, toDay);
    const refused = await db
      .selectFrom('parcels')
      .select([
        'site_id',
        dayOf('created_at').as('day'),
        REFUSAL_KEY.as('refusal'),
        sql<number>`count(*)`.as('count'),
      ])
      .where('site_id', 'in', [...siteIds])
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .where(REFUSED)
      .groupBy(['site_id', dayOf('created_at'), REFUSAL_KEY])
      .execute();
    for (const row of refused) {
      const count = Number(row.count);
      out.push({
        siteId: row.site_id,
        day: Number(row.day),
        counts: { refused: count, refusedByReason: { [row.refusal ?? 'unknown']: count } },
      });
    }
    return out;
  }

  /**
   * The aggregate of one day's range [start, end), per site: the IN list is walked in site order, so grouping by
   * site needs no sorter. Public for EXPLAIN QUERY PLAN in tests.
   */
  aggregateParcelsQuery(db: Executor, siteIds: readonly string[], start: number, end: number) {
    return db
      .selectFrom('parcels')
      .select([
        'site_id',
        sql<number>`count(*)`.as('presented'),
        countWhere(sql`inspection_outcome = 'consistent'`).as('accepted'),
        countWhere(sql`gate_decision = 'pass'`).as('real_name_passed'),
        countWhere(sql`gate_decision = 'pass' and sender_id is not null`).as('real_name_sender'),
        countWhere(sql`gate_decision = 'pass' and agreement_id is not null`).as('real_name_agreement'),
        countWhere(sql`inspected_at is not null`).as('inspected'),
        countWhere(sql`inspected_at is not null and inspection_outcome = 'consistent'`).as(
          'inspected_marked',
        ),
        countWhere(sql`screened_at is not null`).as('xray_clear'),
        countWhere(sql`dispatched_at is not null`).as('dispatched'),
        countWhere(SCREENED_BEFORE_DISPATCH).as('xray_before_dispatch'),
        countWhere(IN_NETWORK).as('entered_network'),
        countWhere(sql`decision = 'hold'`).as('held_at_intake'),
        countWhere(sql`${IN_NETWORK} and gate_decision <> 'pass'`).as('real_name_gaps'),
        countWhere(sql`${IN_NETWORK} and ${NOT_CONSISTENT}`).as('inspection_gaps'),
        countWhere(XRAY_GAP).as('xray_gaps'),
      ])
      .where('site_id', 'in', [...siteIds])
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .groupBy('site_id');
  }

  /** Parcels taken in at `siteIds` in [start, end) with at least one gap; at most `limit`. */
  async findGapParcels(
    db: Executor,
    siteIds: readonly string[],
    start: number,
    end: number,
    limit: number,
  ): Promise<GapParcelRow[]> {
    if (siteIds.length === 0) return [];
    return db
      .selectFrom('parcels')
      .select([
        'waybill_no',
        'site_id',
        'created_at',
        'state',
        'decision',
        'gate_decision',
        'gate_reason',
        'inspection_outcome',
        'screened_at',
        'dispatched_at',
      ])
      .where('site_id', 'in', [...siteIds])
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .where(
        sql<boolean>`((${IN_NETWORK} and (gate_decision <> 'pass' or ${NOT_CONSISTENT})) or ${XRAY_GAP})`,
      )
      .orderBy('site_id')
      .orderBy('created_at')
      .orderBy('waybill_no')
      .limit(limit)
      .execute() as Promise<GapParcelRow[]>;
  }

  /**
   * Waybills scanned at `siteIds` in [start, end) with an outcome that reveals a gap, one per site, scan day,
   * waybill and outcome (a parcel scanned twice is one gap). The predicate repeats scans_gap_idx's own, so
   * the partial index serves it.
   */
  async findScanGaps(
    db: Executor,
    siteIds: readonly string[],
    start: number,
    end: number,
  ): Promise<ScanGapRow[]> {
    if (siteIds.length === 0) return [];
    const rows = await db
      .selectFrom('scans')
      .select(['site_id', dayOf('scanned_at').as('day'), 'waybill_no', 'outcome'])
      .where(sql<boolean>`outcome in ('held-unmarked', 'unknown-parcel', 'refused-parcel')`)
      .where('site_id', 'in', [...siteIds])
      .where('scanned_at', '>=', start)
      .where('scanned_at', '<', end)
      .groupBy(['site_id', dayOf('scanned_at'), 'waybill_no', 'outcome'])
      .execute();
    return rows.map((row) => ({
      siteId: row.site_id,
      day: Number(row.day),
      waybillNo: row.waybill_no,
      outcome: row.outcome,
    }));
  }

  /** Hold events at `siteIds` in [start, end), per site and event day. */
  countHolds(db: Executor, siteIds: readonly string[], start: number, end: number): Promise<DayCountRow[]> {
    // Written out, not bound: the planner uses the partial index parcel_events_holds_idx only when it can see
    // that the query's condition implies the index's.
    return countPerSiteDay(db, 'parcel_events', 'at', sql`kind = 'hold'`, siteIds, start, end);
  }

  countClues(db: Executor, siteIds: readonly string[], start: number, end: number): Promise<DayCountRow[]> {
    return countPerSiteDay(db, 'clues', 'created_at', sql`true`, siteIds, start, end);
  }

  countScanRejections(
    db: Executor,
    siteIds: readonly string[],
    start: number,
    end: number,
  ): Promise<DayCountRow[]> {
    return countPerSiteDay(db, 'scan_rejections', 'at', sql`true`, siteIds, start, end);
  }

  /** Every parcel taken in at `siteIds` in [start, end), with the fields of its gate record. */
  async findGateRecordRows(
    db: Executor,
    siteIds: readonly string[],
    start: number,
    end: number,
  ): Promise<GateRecordRow[]> {
    if (siteIds.length === 0) return [];
    return db
      .selectFrom('parcels')
      .select([
        'waybill_no',
        'site_id',
        'created_at',
        'state',
        'gate_kind',
        'gate_decision',
        'inspection_outcome',
        'inspection_mark',
        'screened_at',
        'screened_by_scan',
        'dispatched_at',
      ])
      .where('site_id', 'in', [...siteIds])
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .execute() as Promise<GateRecordRow[]>;
  }

  async insertAttestation(
    trx: Executor,
    row: AttestationTable,
    leaves: AttestationLeafTable[],
  ): Promise<void> {
    await trx.insertInto('attestations').values(row).execute();
    for (let i = 0; i < leaves.length; i += LEAF_CHUNK) {
      await trx
        .insertInto('attestation_leaves')
        .values(leaves.slice(i, i + LEAF_CHUNK))
        .execute();
    }
  }

  async findAttestation(db: Executor, id: string): Promise<AttestationTable | undefined> {
    return db.selectFrom('attestations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Attestations, newest first; `siteId` null means the every-site attestations. */
  async findAttestations(
    db: Executor,
    filter: { day?: string; siteId?: string | null; siteIds?: readonly string[] },
  ): Promise<AttestationTable[]> {
    let query = db.selectFrom('attestations').selectAll();
    if (filter.day !== undefined) query = query.where('day', '=', filter.day);
    if (filter.siteId === null) query = query.where('site_id', 'is', null);
    else if (filter.siteId !== undefined) query = query.where('site_id', '=', filter.siteId);
    if (filter.siteIds !== undefined) query = query.where('site_id', 'in', [...filter.siteIds]);
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1000).execute();
  }

  /** The records of an attestation, in leaf order. */
  async findLeaves(db: Executor, attestationId: string): Promise<AttestationLeafTable[]> {
    return db
      .selectFrom('attestation_leaves')
      .selectAll()
      .where('attestation_id', '=', attestationId)
      .orderBy('position')
      .execute();
  }
}

function toDayCount(row: { site_id: string; day: number; count: number }): DayCountRow {
  return { siteId: row.site_id, day: Number(row.day), count: Number(row.count) };
}

/** Rows of `table` matching `condition` at `siteIds` with `timeColumn` in [start, end), per site and China day. */
async function countPerSiteDay(
  db: Executor,
  table: 'parcel_events' | 'clues' | 'scan_rejections',
  timeColumn: 'at' | 'created_at',
  condition: RawBuilder<unknown>,
  siteIds: readonly string[],
  start: number,
  end: number,
): Promise<DayCountRow[]> {
  if (siteIds.length === 0) return [];
  const time = sql.ref(timeColumn);
  const { rows } = await sql<{ site_id: string; day: number; count: number }>`
    select site_id, ${dayOf(timeColumn)} as day, count(*) as count
    from ${sql.table(table)}
    where ${condition} and site_id in (${sql.join([...siteIds])}) and ${time} >= ${start} and ${time} < ${end}
    group by site_id, ${dayOf(timeColumn)}`.execute(db);
  return rows.map(toDayCount);
}
