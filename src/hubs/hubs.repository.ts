import type { Executor } from '../platform/database/store.js';
import type { DispatchTable, ScanRejectionTable, ScanTable, ScreeningMachineTable } from './hubs.tables.js';

/** A parcel waiting for its open inspection, with the suspect scan that diverted it. */
export interface OpenInspectionRow {
  waybill_no: string;
  site_id: string;
  event_id: string;
  scanned_at: number;
  threats: string;
  operator_id: string;
  machine_code: string;
  route: string;
}

/** A scan as attached to a case for evidence (HubsRepository.findScanRecordsOf). */
export type ScanRecord = Pick<
  ScanTable,
  | 'event_id'
  | 'machine_id'
  | 'operator_id'
  | 'site_id'
  | 'scanned_at'
  | 'result'
  | 'method'
  | 'image_ref'
  | 'image_sha256'
  | 'threats'
  | 'outcome'
  | 'state_after'
>;

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

  /** A parcel's scans, oldest first, as a case attaches them as evidence: what each machine saw and decided. */
  findScanRecordsOf(db: Executor, waybillNo: string): Promise<ScanRecord[]> {
    return db
      .selectFrom('scans')
      .select([
        'event_id',
        'machine_id',
        'operator_id',
        'site_id',
        'scanned_at',
        'result',
        'method',
        'image_ref',
        'image_sha256',
        'threats',
        'outcome',
        'state_after',
      ])
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

  /**
   * Parcels still waiting for their open inspection after a suspect scan at one of `siteIds` (null: every site),
   * oldest first: the suspect scan that diverted each, with its machine. Read from the scans of those sites (an
   * index range per site), joined to the parcels still in `open-inspection`.
   */
  async listOpenInspections(
    db: Executor,
    siteIds: readonly string[] | null,
    limit: number,
  ): Promise<OpenInspectionRow[]> {
    const sites = siteIds ?? (await db.selectFrom('sites').select('id').execute()).map((site) => site.id);
    if (sites.length === 0) return [];
    return db
      .selectFrom('scans as s')
      .innerJoin('parcels as p', 'p.waybill_no', 's.waybill_no')
      .innerJoin('screening_machines as m', 'm.id', 's.machine_id')
      .select([
        's.waybill_no as waybill_no',
        's.site_id as site_id',
        's.event_id as event_id',
        's.scanned_at as scanned_at',
        's.threats as threats',
        's.operator_id as operator_id',
        'm.machine_code as machine_code',
        'p.route as route',
      ])
      .where('s.site_id', 'in', sites)
      .where('s.outcome', '=', 'open-inspection')
      .where('p.state', '=', 'open-inspection')
      .orderBy('s.scanned_at')
      .orderBy('s.event_id')
      .limit(limit)
      .execute();
  }

  async insertDispatch(db: Executor, row: DispatchTable): Promise<void> {
    await db.insertInto('dispatches').values(row).execute();
  }
}
