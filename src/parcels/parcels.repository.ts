import { sql } from 'kysely';
import type { Executor } from '../platform/database/store.js';
import type { ParcelState } from './parcel-state.js';
import type { InspectionTable, ParcelEventTable, ParcelItemTable, ParcelTable } from './parcels.tables.js';

/** All SQL for parcels, their items, events and inspections. */
export class ParcelsRepository {
  async findParcel(db: Executor, waybillNo: string): Promise<ParcelTable | undefined> {
    return db.selectFrom('parcels').selectAll().where('waybill_no', '=', waybillNo).executeTakeFirst();
  }

  async insertParcel(db: Executor, row: ParcelTable, items: ParcelItemTable[]): Promise<void> {
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
    await db.insertInto('parcel_events').values(row).execute();
  }

  async insertInspection(db: Executor, row: InspectionTable): Promise<void> {
    await db.insertInto('inspections').values(row).execute();
  }

  async findItems(db: Executor, waybillNo: string): Promise<ParcelItemTable[]> {
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

  /** A sender's parcels since `since`: how many, and how many had an item screened watch or restricted. */
  async countSenderParcelsSince(
    db: Executor,
    senderId: string,
    since: number,
  ): Promise<{ total: number; watch: number }> {
    const row = await db
      .selectFrom('parcels')
      .select([
        sql<number>`count(*)`.as('total'),
        sql<number>`sum(case when screening_verdict in ('watch', 'restricted') then 1 else 0 end)`.as(
          'watch',
        ),
      ])
      .where('sender_id', '=', senderId)
      .where('created_at', '>=', since)
      .executeTakeFirst();
    return { total: Number(row?.total ?? 0), watch: Number(row?.watch ?? 0) };
  }

  async hasEarlierParcel(db: Executor, senderId: string): Promise<boolean> {
    const row = await db
      .selectFrom('parcels')
      .select('waybill_no')
      .where('sender_id', '=', senderId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}
