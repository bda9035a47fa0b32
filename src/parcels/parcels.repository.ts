import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { allRows, fastPathFor, getRow, insertRow } from '../platform/database/sqlite-fast-path.js';
import type { Executor } from '../platform/database/store.js';
import type { ParcelState } from './parcel-state.js';
import type { InspectionTable, ParcelEventTable, ParcelItemTable, ParcelTable } from './parcels.tables.js';

const DAY = 86_400_000;
const WATCH_VERDICT = sql.raw(`screening_verdict in ('watch', 'restricted')`);
const SENDER_HISTORY_SQL = `select count(*) as total,
  sum(case when screening_verdict in ('watch', 'restricted') then 1 else 0 end) as watch,
  sum(case when created_at >= ? then 1 else 0 end) as total7,
  sum(case when created_at >= ? and screening_verdict in ('watch', 'restricted') then 1 else 0 end) as watch7
  from parcels where sender_id = ? and created_at >= ?`;

/** A sender's parcel history as the risk rules see it. */
export interface SenderHistory {
  week: { total: number; watch: number };
  month: { total: number; watch: number };
  /** Whether the sender sent anything before (at any time). */
  hasEarlier: boolean;
}

/**
 * All SQL for parcels, their items, events and inspections. Inside a transaction on SQLite the statements on
 * intake's path run as prepared statements on the handle (see sqlite-fast-path); elsewhere through Kysely.
 */
export class ParcelsRepository {
  constructor(private readonly sqlite: SqliteDatabase.Database | null = null) {}

  async findParcel(db: Executor, waybillNo: string): Promise<ParcelTable | undefined> {
    const fast = fastPathFor(this.sqlite, db);
    if (fast !== null)
      return getRow<ParcelTable>(fast, 'select * from parcels where waybill_no = ?', [waybillNo]);
    return db.selectFrom('parcels').selectAll().where('waybill_no', '=', waybillNo).executeTakeFirst();
  }

  async insertParcel(db: Executor, row: ParcelTable, items: ParcelItemTable[]): Promise<void> {
    const fast = fastPathFor(this.sqlite, db);
    if (fast !== null) {
      insertRow(fast, 'parcels', row);
      for (const item of items) insertRow(fast, 'parcel_items', item);
      return;
    }
    await db.insertInto('parcels').values(row).execute();
    if (items.length > 0) await db.insertInto('parcel_items').values(items).execute();
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
    const fast = fastPathFor(this.sqlite, db);
    if (fast !== null) {
      insertRow(fast, 'parcel_events', row);
      return;
    }
    await db.insertInto('parcel_events').values(row).execute();
  }

  async insertInspection(db: Executor, row: InspectionTable): Promise<void> {
    await db.insertInto('inspections').values(row).execute();
  }

  async findItems(db: Executor, waybillNo: string): Promise<ParcelItemTable[]> {
    const fast = fastPathFor(this.sqlite, db);
    if (fast !== null)
      return allRows<ParcelItemTable>(
        fast,
        'select * from parcel_items where waybill_no = ? order by position',
        [waybillNo],
      );
    return db
      .selectFrom('parcel_items')
      .selectAll()
      .where('waybill_no', '=', waybillNo)
      .orderBy('position')
      .execute();
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

  async findInspections(db: Executor, waybillNo: string): Promise<InspectionTable[]> {
    return db
      .selectFrom('inspections')
      .selectAll()
      .where('waybill_no', '=', waybillNo)
      .orderBy('at')
      .execute();
  }

  /**
   * A sender's parcels in the 7 and 30 days before `now` (how many, how many with an item screened watch or
   * restricted) and whether they sent anything before: two indexed reads instead of three.
   */
  async senderHistory(db: Executor, senderId: string, now: number): Promise<SenderHistory> {
    const weekStart = now - 7 * DAY;
    const monthStart = now - 30 * DAY;
    let row: { total: number; watch: number; total7: number; watch7: number } | undefined;
    let earlier: { waybill_no: string } | undefined;
    const fast = fastPathFor(this.sqlite, db);
    if (fast !== null) {
      row = getRow(fast, SENDER_HISTORY_SQL, [weekStart, weekStart, senderId, monthStart]);
      // A parcel in the last 30 days is an earlier one: ask further back only when there was none.
      earlier =
        Number(row?.total ?? 0) > 0
          ? { waybill_no: '' }
          : getRow(fast, 'select waybill_no from parcels where sender_id = ? limit 1', [senderId]);
    } else {
      row = await db
        .selectFrom('parcels')
        .select([
          sql<number>`count(*)`.as('total'),
          sql<number>`sum(case when ${WATCH_VERDICT} then 1 else 0 end)`.as('watch'),
          sql<number>`sum(case when created_at >= ${weekStart} then 1 else 0 end)`.as('total7'),
          sql<number>`sum(case when created_at >= ${weekStart} and ${WATCH_VERDICT} then 1 else 0 end)`.as(
            'watch7',
          ),
        ])
        .where('sender_id', '=', senderId)
        .where('created_at', '>=', monthStart)
        .executeTakeFirst();
      earlier =
        Number(row?.total ?? 0) > 0
          ? { waybill_no: '' }
          : await db
              .selectFrom('parcels')
              .select('waybill_no')
              .where('sender_id', '=', senderId)
              .limit(1)
              .executeTakeFirst();
    }
    return {
      week: { total: Number(row?.total7 ?? 0), watch: Number(row?.watch7 ?? 0) },
      month: { total: Number(row?.total ?? 0), watch: Number(row?.watch ?? 0) },
      hasEarlier: earlier !== undefined,
    };
  }
}
