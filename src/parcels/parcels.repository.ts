import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import {
  allRows,
  fastPathFor,
  firstRowOf,
  getRow,
  insertRowOn,
  insertRowsOn,
  rowsOf,
} from '../platform/database/sqlite-fast-path.js';
import type { Executor } from '../platform/database/store.js';
import { unitOfWorkOf, type StagedRows, type UnitOfWork } from '../platform/database/unit-of-work.js';
import type { ParcelState } from './parcel-state.js';
import { RECENT_PARCELS_CAP } from './risk-rules.js';
import type { InspectionTable, ParcelEventTable, ParcelItemTable, ParcelTable } from './parcels.tables.js';

const DAY = 86_400_000;

/** What the list of held parcels reads of a parcel. */
export type HeldParcelRow = Pick<
  ParcelTable,
  | 'waybill_no'
  | 'site_id'
  | 'held_from'
  | 'decision'
  | 'decision_reasons'
  | 'gate_decision'
  | 'created_at'
  | 'updated_at'
  | 'intake_actor_type'
  | 'intake_actor_id'
  | 'collected_by'
>;
// A sender's parcels of the last 30 days, the most recent RECENT_PARCELS_CAP of them (fewer when a group intake
// has newer ones staged), read from the index (sender_id, created_at, screening_verdict) alone. Parameters: week
// start, week start, sender, month start, how many.
const SENDER_HISTORY_SQL = `select count(*) as total,
  sum(case when screening_verdict in ('watch', 'restricted') then 1 else 0 end) as watch,
  sum(case when created_at >= ? then 1 else 0 end) as total7,
  sum(case when created_at >= ? and screening_verdict in ('watch', 'restricted') then 1 else 0 end) as watch7,
  sum(case when screening_verdict <> 'clear' then 1 else 0 end) as flagged
  from (select created_at, screening_verdict from parcels where sender_id = ? and created_at >= ?
        order by created_at desc limit ?) as recent`;
// Per category, the parcels among those (only the flagged ones are joined to their items). Parameters: sender,
// month start, how many.
const SENDER_CATEGORIES_SQL = `select i.category as category, count(distinct recent.waybill_no) as parcels
  from (select waybill_no, screening_verdict from parcels where sender_id = ? and created_at >= ?
        order by created_at desc limit ?) as recent
  join parcel_items i on i.waybill_no = recent.waybill_no
  where recent.screening_verdict <> 'clear' and i.verdict <> 'clear' and i.category is not null
  group by i.category`;

// The same counts for a sender with fewer than the cap in the month (nearly all): over the index range directly,
// without the capped form's ordered subquery, which costs four times as much on SQLite (measured 3.7 µs against
// 16.5 µs a sender with a few parcels). Parameters: week start, week start, sender, month start.
const SENDER_MONTH_SQL = `select count(*) as total,
  sum(case when screening_verdict in ('watch', 'restricted') then 1 else 0 end) as watch,
  sum(case when created_at >= ? then 1 else 0 end) as total7,
  sum(case when created_at >= ? and screening_verdict in ('watch', 'restricted') then 1 else 0 end) as watch7,
  sum(case when screening_verdict <> 'clear' then 1 else 0 end) as flagged
  from parcels where sender_id = ? and created_at >= ?`;
const SENDER_MONTH_CATEGORIES_SQL = `select i.category as category, count(distinct p.waybill_no) as parcels
  from parcels p join parcel_items i on i.waybill_no = p.waybill_no
  where p.sender_id = ? and p.created_at >= ? and p.screening_verdict <> 'clear' and i.verdict <> 'clear'
    and i.category is not null
  group by i.category`;
// Whether the sender has at least N parcels in the month (parameters: sender, month start, N - 1): a walk of at
// most N index entries, so the check costs a small sender little and a large one no more than the capped read.
const SENDER_MONTH_REACHES_SQL = `select 1 as found from parcels where sender_id = ? and created_at >= ?
  order by created_at desc limit 1 offset ?`;

// PostgreSQL: a recent parcel's non-clear items, by the items' primary key. Joined plainly, the planner (with
// statistics from before a day's intake, as they usually are) hashes the whole of parcel_items once per sender:
// measured 113 ms for a group's 60 flagged senders over 32,000 items, growing with the table; through this
// lateral lookup, fenced by `offset 0` so it is not flattened back into that join, 2 ms.
const FLAGGED_ITEMS_OF_RECENT = sql`select category from parcel_items
  where waybill_no = recent.waybill_no and verdict <> 'clear' and category is not null offset 0`;

interface HistoryRow {
  total: number;
  watch: number | null;
  total7: number | null;
  watch7: number | null;
  flagged: number | null;
}

/** A sender's parcel history as the risk rules see it. */
/** What an inspection on acceptance writes on the parcel row (ParcelsRepository.recordInspection). */
export type ParcelInspectionColumns = Pick<
  ParcelTable,
  'inspected_by' | 'inspected_at' | 'inspection_outcome'
> &
  Partial<Pick<ParcelTable, 'inspection_mark' | 'decision_reasons'>>;

export interface SenderHistory {
  week: { total: number; watch: number };
  month: { total: number; watch: number };
  /** Whether the sender sent anything before (at any time). */
  hasEarlier: boolean;
  /** Parcels with an item screened non-clear, per category (30 days). */
  byCategory: Record<string, number>;
}

const EMPTY_HISTORY: SenderHistory = {
  week: { total: 0, watch: 0 },
  month: { total: 0, watch: 0 },
  hasEarlier: false,
  byCategory: {},
};

/**
 * All SQL for parcels, their items, events and inspections. Inside a transaction on SQLite the statements on
 * intake's path run as prepared statements on the handle (see sqlite-fast-path); elsewhere through Kysely.
 */
export class ParcelsRepository {
  constructor(private readonly sqlite: SqliteDatabase.Database | null = null) {}

  async findParcel(db: Executor, waybillNo: string): Promise<ParcelTable | undefined> {
    const unit = unitOfWorkOf(db);
    if (unit === undefined) return this.findParcelStored(db, waybillNo);
    const staged = unit.rows('parcels').find('waybill', waybillNo)[0];
    if (staged !== undefined) return staged;
    const key = `parcel:${waybillNo}`;
    if (!unit.known.has(key)) unit.known.set(key, (await this.findParcelStored(db, waybillNo)) ?? null);
    return (unit.known.get(key) as ParcelTable | null) ?? undefined;
  }

  /**
   * Reads once, for a whole group intake, what its parcels will ask of the parcels table: which waybills exist,
   * and the history of the senders already known. On SQLite each lookup is a prepared statement on the handle,
   * as cheap as reading it here: nothing to do.
   */
  async prefetchForGroup(
    db: Executor,
    unit: UnitOfWork,
    { waybills, senderIds, now }: { waybills: readonly string[]; senderIds: readonly string[]; now: number },
  ): Promise<void> {
    if (this.sqlite !== null) return;
    if (waybills.length > 0) {
      const found = await db.selectFrom('parcels').selectAll().where('waybill_no', 'in', waybills).execute();
      for (const waybill of waybills) unit.known.set(`parcel:${waybill}`, null);
      for (const row of found) unit.known.set(`parcel:${row.waybill_no}`, row);
    }
    if (senderIds.length === 0) return;
    const weekStart = now - 7 * DAY;
    const monthStart = now - 30 * DAY;
    const ids = [...senderIds];
    // One statement for every sender of the group: each sender's most recent parcels, as senderHistory reads them.
    const { rows } = await sql<HistoryRow & { sender_id: string; earlier: boolean }>`select s.id as sender_id,
        h.total, h.watch, h.total7, h.watch7, h.flagged,
        exists (select 1 from parcels p where p.sender_id = s.id) as earlier
      from unnest(${ids}::text[]) as s(id)
      cross join lateral (select count(*) as total,
          sum(case when screening_verdict in ('watch', 'restricted') then 1 else 0 end) as watch,
          sum(case when created_at >= ${weekStart} then 1 else 0 end) as total7,
          sum(case when created_at >= ${weekStart} and screening_verdict in ('watch', 'restricted')
            then 1 else 0 end) as watch7,
          sum(case when screening_verdict <> 'clear' then 1 else 0 end) as flagged
        from (select created_at, screening_verdict from parcels
              where sender_id = s.id and created_at >= ${monthStart}
              order by created_at desc limit ${RECENT_PARCELS_CAP}) as recent) as h`.execute(db);
    const flagged = rows.filter((row) => Number(row.flagged ?? 0) > 0).map((row) => row.sender_id);
    const categories = new Map<string, Record<string, number>>();
    if (flagged.length > 0) {
      const { rows: perCategory } = await sql<{ sender_id: string; category: string; parcels: number }>`
        select s.id as sender_id, c.category, c.parcels
        from unnest(${flagged}::text[]) as s(id)
        cross join lateral (select i.category as category, count(distinct recent.waybill_no) as parcels
          from (select waybill_no, screening_verdict from parcels
                where sender_id = s.id and created_at >= ${monthStart}
                order by created_at desc limit ${RECENT_PARCELS_CAP}) as recent
          cross join lateral (${FLAGGED_ITEMS_OF_RECENT}) as i
          where recent.screening_verdict <> 'clear'
          group by i.category) as c`.execute(db);
      for (const row of perCategory) {
        const entry = categories.get(row.sender_id) ?? {};
        entry[row.category] = Number(row.parcels);
        categories.set(row.sender_id, entry);
      }
    }
    for (const row of rows) {
      unit.known.set(`history:${row.sender_id}`, {
        week: { total: Number(row.total7 ?? 0), watch: Number(row.watch7 ?? 0) },
        month: { total: Number(row.total), watch: Number(row.watch ?? 0) },
        hasEarlier: row.earlier,
        byCategory: categories.get(row.sender_id) ?? {},
      } satisfies SenderHistory);
    }
  }

  private async findParcelStored(db: Executor, waybillNo: string): Promise<ParcelTable | undefined> {
    return firstRowOf<ParcelTable>(db, this.sqlite, 'select * from parcels where waybill_no = ?', [
      waybillNo,
    ]);
  }

  async insertParcel(db: Executor, row: ParcelTable, items: ParcelItemTable[]): Promise<void> {
    const unit = unitOfWorkOf(db);
    if (unit !== undefined) {
      unit.rows('parcels').add(row);
      const stagedItems = unit.rows('parcel_items');
      for (const item of items) stagedItems.add(item);
      return;
    }
    await insertRowOn(db, this.sqlite, 'parcels', row);
    await insertRowsOn(db, this.sqlite, 'parcel_items', items);
  }

  /**
   * Moves a parcel from `from` to a new state only if it is still in `from`: the store, not the caller, keeps
   * two concurrent changes from both succeeding. Returns whether the row changed.
   */
  async transition(
    db: Executor,
    waybillNo: string,
    from: ParcelState,
    changes: Partial<ParcelTable> & { state: ParcelState; updated_at: number },
  ): Promise<boolean> {
    const result = await db
      .updateTable('parcels')
      .set(changes)
      .where('waybill_no', '=', waybillNo)
      .where('state', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertEvent(db: Executor, row: ParcelEventTable): Promise<void> {
    await insertRowOn(db, this.sqlite, 'parcel_events', row);
  }

  /**
   * Records on the parcel how its inspection on acceptance ended: the inspection mark when it was accepted, the
   * reasons it was not (appended to the decision's) otherwise.
   */
  async recordInspection(
    db: Executor,
    waybillNo: string,
    inspection: ParcelInspectionColumns,
  ): Promise<void> {
    await db.updateTable('parcels').set(inspection).where('waybill_no', '=', waybillNo).execute();
  }

  async insertInspection(db: Executor, row: InspectionTable): Promise<void> {
    await db.insertInto('inspections').values(row).execute();
  }

  async findItems(db: Executor, waybillNo: string): Promise<ParcelItemTable[]> {
    const unit = unitOfWorkOf(db);
    if (unit !== undefined && unit.rows('parcels').find('waybill', waybillNo).length > 0) {
      return unit.rows('parcel_items').find('waybill', waybillNo);
    }
    return rowsOf<ParcelItemTable>(
      db,
      this.sqlite,
      'select * from parcel_items where waybill_no = ? order by position',
      [waybillNo],
    );
  }

  async findEvents(db: Executor, waybillNo: string): Promise<ParcelEventTable[]> {
    return db
      .selectFrom('parcel_events')
      .selectAll()
      .where('waybill_no', '=', waybillNo)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  /**
   * The sites a parcel has been at since intake: where it was moved (its events) or scanned. With the intake site
   * they say who may see it (people/access.ts).
   */
  async findPlaces(db: Executor, waybillNo: string): Promise<string[]> {
    const rows = await db
      .selectFrom('parcel_events')
      .select('site_id')
      .where('waybill_no', '=', waybillNo)
      .where('site_id', 'is not', null)
      .union(db.selectFrom('scans').select('site_id').where('waybill_no', '=', waybillNo))
      .execute();
    return rows.flatMap((row) => (row.site_id === null ? [] : [row.site_id]));
  }

  /** Where the parcel's open inspection is: the site of the suspect scan that diverted it (its latest such move). */
  async findOpenInspectionSite(db: Executor, waybillNo: string): Promise<string | null> {
    const row = await db
      .selectFrom('parcel_events')
      .select('site_id')
      .where('waybill_no', '=', waybillNo)
      .where('to_state', '=', 'open-inspection')
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.site_id ?? null;
  }

  /**
   * Parcels held now, each with its events into `held` in order (holds and custody hand-overs; none when the
   * intake decision held it and no intake event row was written), most recently changed first. With `siteId`, only parcels taken
   * in at that site or that have been there (moved or scanned): the parcels people/access.ts lets its staff read.
   */
  async findHeld(
    db: Executor,
    filter: { siteId?: string; limit: number },
  ): Promise<{ parcel: HeldParcelRow; events: ParcelEventTable[] }[]> {
    let query = db
      .selectFrom('parcels')
      .select([
        'waybill_no',
        'site_id',
        'held_from',
        'decision',
        'decision_reasons',
        'gate_decision',
        'created_at',
        'updated_at',
        'intake_actor_type',
        'intake_actor_id',
        'collected_by',
      ])
      .where('state', '=', 'held');
    const siteId = filter.siteId;
    if (siteId !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb('site_id', '=', siteId),
          eb(
            'waybill_no',
            'in',
            eb.selectFrom('parcel_events').select('waybill_no').where('site_id', '=', siteId),
          ),
          eb('waybill_no', 'in', eb.selectFrom('scans').select('waybill_no').where('site_id', '=', siteId)),
        ]),
      );
    }
    const parcels = await query.orderBy('updated_at', 'desc').limit(filter.limit).execute();
    if (parcels.length === 0) return [];
    const events = await db
      .selectFrom('parcel_events')
      .selectAll()
      .where(
        'waybill_no',
        'in',
        parcels.map((parcel) => parcel.waybill_no),
      )
      .where('to_state', '=', 'held')
      .orderBy('at')
      .orderBy('id')
      .execute();
    const byWaybill = new Map<string, ParcelEventTable[]>();
    for (const event of events)
      byWaybill.set(event.waybill_no, [...(byWaybill.get(event.waybill_no) ?? []), event]);
    return parcels.map((parcel) => ({ parcel, events: byWaybill.get(parcel.waybill_no) ?? [] }));
  }

  /** Who last held the parcel, by its events (the newest that names a custodian); null when none does. */
  async findLastCustodian(db: Executor, waybillNo: string): Promise<string | null> {
    const row = await db
      .selectFrom('parcel_events')
      .select('custodian')
      .where('waybill_no', '=', waybillNo)
      .where('custodian', 'is not', null)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.custodian ?? null;
  }

  async findInspections(db: Executor, waybillNo: string): Promise<InspectionTable[]> {
    return db
      .selectFrom('inspections')
      .selectAll()
      .where('waybill_no', '=', waybillNo)
      .orderBy('at')
      .execute();
  }

  /**
   * The stored risk facts of the parcels taken in between `from` (inclusive) and `to` (exclusive), epoch ms,
   * oldest first, at most `limit`: what a risk rule set's dry run is evaluated against. Parcels stored without
   * risk facts are left out.
   */
  async findRiskFactsTakenBetween(
    db: Executor,
    from: number,
    to: number,
    limit: number,
  ): Promise<{ waybill_no: string; risk_facts: string }[]> {
    return db
      .selectFrom('parcels')
      .select(['waybill_no', 'risk_facts'])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .where('risk_facts', 'is not', null)
      .$narrowType<{ risk_facts: string }>()
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }

  /**
   * A sender's parcels in the 7 and 30 days before `now` (how many, how many with an item screened watch or
   * restricted, how many per category of a non-clear item) and whether they sent anything before. Counted over
   * the RECENT_PARCELS_CAP most recent parcels of the 30 days, from the index alone; the items are read only
   * when some of those parcels were flagged.
   */
  async senderHistory(db: Executor, senderId: string, now: number): Promise<SenderHistory> {
    const unit = unitOfWorkOf(db);
    if (unit === undefined) return this.storedSenderHistory(db, senderId, now, RECENT_PARCELS_CAP);
    // The group's own parcels of this sender are the newest: counted here, the rest from what is stored.
    const staged = unit.rows('parcels').find('sender', senderId);
    const known = unit.known.get(`history:${senderId}`) as SenderHistory | undefined;
    let stored: SenderHistory;
    if (known !== undefined && known.month.total + staged.length <= RECENT_PARCELS_CAP) {
      stored = known;
    } else if (known === undefined && unit.rows('senders').find('id', senderId).length > 0) {
      // Registered in this group: nothing of theirs is stored yet.
      stored = EMPTY_HISTORY;
    } else {
      // Past the cap, the stored parcels counted are fewer by the staged ones (they are the newest).
      const cap = Math.max(0, RECENT_PARCELS_CAP - staged.length);
      stored = await this.storedSenderHistory(db, senderId, now, cap);
      if (staged.length === 0) unit.known.set(`history:${senderId}`, stored);
    }
    return withStagedParcels(stored, staged, unit.rows('parcel_items'));
  }

  private async storedSenderHistory(
    db: Executor,
    senderId: string,
    now: number,
    cap: number,
  ): Promise<SenderHistory> {
    if (cap === 0) return EMPTY_HISTORY;
    const weekStart = now - 7 * DAY;
    const monthStart = now - 30 * DAY;
    const fast = fastPathFor(this.sqlite, db);
    const belowCap =
      fast !== null && getRow(fast, SENDER_MONTH_REACHES_SQL, [senderId, monthStart, cap - 1]) === undefined;
    const row: HistoryRow | undefined =
      fast !== null
        ? belowCap
          ? getRow<HistoryRow>(fast, SENDER_MONTH_SQL, [weekStart, weekStart, senderId, monthStart])
          : getRow<HistoryRow>(fast, SENDER_HISTORY_SQL, [weekStart, weekStart, senderId, monthStart, cap])
        : (
            await sql<HistoryRow>`select count(*) as total,
              sum(case when screening_verdict in ('watch', 'restricted') then 1 else 0 end) as watch,
              sum(case when created_at >= ${weekStart} then 1 else 0 end) as total7,
              sum(case when created_at >= ${weekStart} and screening_verdict in ('watch', 'restricted')
                then 1 else 0 end) as watch7,
              sum(case when screening_verdict <> 'clear' then 1 else 0 end) as flagged
            from (select created_at, screening_verdict from parcels
                  where sender_id = ${senderId} and created_at >= ${monthStart}
                  order by created_at desc limit ${cap}) as recent`.execute(db)
          ).rows[0];
    const total = Number(row?.total ?? 0);
    const byCategory: Record<string, number> = {};
    if (Number(row?.flagged ?? 0) > 0) {
      const rows =
        fast !== null
          ? belowCap
            ? allRows<{ category: string; parcels: number }>(fast, SENDER_MONTH_CATEGORIES_SQL, [
                senderId,
                monthStart,
              ])
            : allRows<{ category: string; parcels: number }>(fast, SENDER_CATEGORIES_SQL, [
                senderId,
                monthStart,
                cap,
              ])
          : (
              await sql<{ category: string; parcels: number }>`select i.category as category,
                  count(distinct recent.waybill_no) as parcels
                from (select waybill_no, screening_verdict from parcels
                      where sender_id = ${senderId} and created_at >= ${monthStart}
                      order by created_at desc limit ${cap}) as recent
                cross join lateral (${FLAGGED_ITEMS_OF_RECENT}) as i
                where recent.screening_verdict <> 'clear'
                group by i.category`.execute(db)
            ).rows;
      for (const entry of rows) byCategory[entry.category] = Number(entry.parcels);
    }
    // A parcel in the last 30 days is an earlier one: ask further back only when there was none.
    const hasEarlier =
      total > 0 ||
      (fast !== null
        ? getRow(fast, 'select waybill_no from parcels where sender_id = ? limit 1', [senderId]) !== undefined
        : (await db
            .selectFrom('parcels')
            .select('waybill_no')
            .where('sender_id', '=', senderId)
            .limit(1)
            .executeTakeFirst()) !== undefined);
    return {
      week: { total: Number(row?.total7 ?? 0), watch: Number(row?.watch7 ?? 0) },
      month: { total, watch: Number(row?.watch ?? 0) },
      hasEarlier,
      byCategory,
    };
  }
}

/**
 * A stored history with a group intake's staged parcels of the same sender added: all of them taken in just now,
 * so within the week and the month.
 */
function withStagedParcels(
  stored: SenderHistory,
  staged: readonly ParcelTable[],
  stagedItems: StagedRows<ParcelItemTable>,
): SenderHistory {
  if (staged.length === 0) return stored;
  const watch = staged.filter(
    (row) => row.screening_verdict === 'watch' || row.screening_verdict === 'restricted',
  ).length;
  const byCategory = { ...stored.byCategory };
  for (const parcel of staged) {
    if (parcel.screening_verdict === 'clear') continue;
    const categories = new Set(
      stagedItems
        .find('waybill', parcel.waybill_no)
        .filter((item) => item.verdict !== 'clear' && item.category !== null)
        .map((item) => item.category!),
    );
    for (const category of categories) byCategory[category] = (byCategory[category] ?? 0) + 1;
  }
  return {
    week: { total: stored.week.total + staged.length, watch: stored.week.watch + watch },
    month: { total: stored.month.total + staged.length, watch: stored.month.watch + watch },
    hasEarlier: true,
    byCategory,
  };
}
