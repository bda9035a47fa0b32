import type { Executor } from '../platform/database/store.js';
import type { DispatchTable, ScanRejectionTable, ScanTable, ScreeningMachineTable } from './hubs.tables.js';

/** All SQL for screening machines, scans, scan rejections and dispatches. */
export class HubsRepository {
  findMachine(db: Executor, id: string): Promise<ScreeningMachineTable | undefined> {
    return db.selectFrom('screening_machines').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findMachineByCode(db: Executor, code: string): Promise<ScreeningMachineTable | undefined> {
    return db
      .selectFrom('screening_machines')
      .selectAll()
      .where('machine_code', '=', code)
      .executeTakeFirst();
  }

  /** By id, or by the code printed on it (people type codes). */
  async findMachineByIdOrCode(db: Executor, idOrCode: string): Promise<ScreeningMachineTable | undefined> {
    return (
      (await this.findMachine(db, idOrCode)) ?? (await this.findMachineByCode(db, idOrCode.toUpperCase()))
    );
  }

  listMachines(db: Executor, filter: { siteId?: string | null }): Promise<ScreeningMachineTable[]> {
    let query = db.selectFrom('screening_machines').selectAll();
    if (filter.siteId !== undefined && filter.siteId !== null)
      query = query.where('site_id', '=', filter.siteId);
    return query.orderBy('site_id').orderBy('machine_code').execute();
  }

  async insertMachine(db: Executor, row: ScreeningMachineTable): Promise<void> {
    await db.insertInto('screening_machines').values(row).execute();
  }

  async updateMachine(db: Executor, id: string, changes: Partial<ScreeningMachineTable>): Promise<void> {
    await db.updateTable('screening_machines').set(changes).where('id', '=', id).execute();
  }

  findScan(db: Executor, eventId: string): Promise<ScanTable | undefined> {
    return db.selectFrom('scans').selectAll().where('event_id', '=', eventId).executeTakeFirst();
  }

  findScansOf(db: Executor, waybillNo: string): Promise<ScanTable[]> {
    return db
      .selectFrom('scans')
      .selectAll()
      .where('waybill_no', '=', waybillNo)
      .orderBy('scanned_at')
      .execute();
  }

  async insertScan(db: Executor, row: ScanTable): Promise<void> {
    await db.insertInto('scans').values(row).execute();
  }

  async insertRejection(db: Executor, row: ScanRejectionTable): Promise<void> {
    await db.insertInto('scan_rejections').values(row).execute();
  }

  async insertDispatch(db: Executor, row: DispatchTable): Promise<void> {
    await db.insertInto('dispatches').values(row).execute();
  }
}
