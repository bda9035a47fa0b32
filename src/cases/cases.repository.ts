import type { Executor } from '../platform/database/store.js';
import type {
  CaseEventTable,
  CaseStatus,
  CaseTable,
  CustodyHandoverTable,
  EvidenceTable,
} from './cases.tables.js';

export interface CaseFilter {
  status?: CaseStatus;
  statuses?: readonly CaseStatus[];
  assigneeId?: string;
  siteId?: string;
  waybillNo?: string;
  /** Only cases whose deadline passed before this time. */
  deadlineBefore?: number;
  /** False: sealed cases left out. */
  includeSealed: boolean;
  before?: number;
  limit: number;
}

/** All SQL for cases, their timeline, evidence, custody hand-overs, deadlines and clearances. */
export class CasesRepository {
  async insertCase(db: Executor, row: CaseTable): Promise<void> {
    await db.insertInto('cases').values(row).execute();
  }

  async findCase(db: Executor, id: string): Promise<CaseTable | undefined> {
    return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findOpenCaseByKey(db: Executor, key: string): Promise<CaseTable | undefined> {
    return db.selectFrom('cases').selectAll().where('open_key', '=', key).executeTakeFirst();
  }

  /** The open case of a parcel (by its waybill key), if any. */
  async findOpenCaseOfWaybill(db: Executor, waybillNo: string): Promise<CaseTable | undefined> {
    return this.findOpenCaseByKey(db, `waybill:${waybillNo}`);
  }

  async updateCase(db: Executor, id: string, changes: Partial<CaseTable>): Promise<void> {
    await db.updateTable('cases').set(changes).where('id', '=', id).execute();
  }

  async findCases(db: Executor, filter: CaseFilter): Promise<CaseTable[]> {
    let query = db.selectFrom('cases').selectAll();
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.statuses !== undefined) query = query.where('status', 'in', [...filter.statuses]);
    if (filter.assigneeId !== undefined) query = query.where('assignee_id', '=', filter.assigneeId);
    if (filter.siteId !== undefined) query = query.where('site_id', '=', filter.siteId);
    if (filter.waybillNo !== undefined) query = query.where('waybill_no', '=', filter.waybillNo);
    if (filter.deadlineBefore !== undefined) query = query.where('deadline_at', '<', filter.deadlineBefore);
    if (!filter.includeSealed) query = query.where('sealed', '=', 0);
    if (filter.before !== undefined) query = query.where('opened_at', '<', filter.before);
    return query.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  }

  async countCases(db: Executor, filter: Omit<CaseFilter, 'limit' | 'before'>): Promise<number> {
    let query = db.selectFrom('cases').select((eb) => eb.fn.countAll<number | string>().as('count'));
    if (filter.statuses !== undefined) query = query.where('status', 'in', [...filter.statuses]);
    if (filter.assigneeId !== undefined) query = query.where('assignee_id', '=', filter.assigneeId);
    if (filter.siteId !== undefined) query = query.where('site_id', '=', filter.siteId);
    if (filter.deadlineBefore !== undefined) query = query.where('deadline_at', '<', filter.deadlineBefore);
    if (!filter.includeSealed) query = query.where('sealed', '=', 0);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async insertEvent(db: Executor, row: CaseEventTable): Promise<void> {
    await db.insertInto('case_events').values(row).execute();
  }

  async findEvents(db: Executor, caseId: string): Promise<CaseEventTable[]> {
    return db
      .selectFrom('case_events')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  async insertEvidence(db: Executor, row: EvidenceTable): Promise<void> {
    await db.insertInto('evidence').values(row).execute();
  }

  async findEvidence(db: Executor, caseId: string): Promise<EvidenceTable[]> {
    return db
      .selectFrom('evidence')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('added_at')
      .orderBy('id')
      .execute();
  }

  async findEvidenceItem(db: Executor, caseId: string, id: string): Promise<EvidenceTable | undefined> {
    return db
      .selectFrom('evidence')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async updateEvidence(db: Executor, id: string, changes: Partial<EvidenceTable>): Promise<void> {
    await db.updateTable('evidence').set(changes).where('id', '=', id).execute();
  }

  /** Locks the still unlocked evidence of `ids`; returns how many were locked now. */
  async lockEvidence(
    db: Executor,
    caseId: string,
    ids: readonly string[],
    at: number,
    by: string,
  ): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await db
      .updateTable('evidence')
      .set({ locked_at: at, locked_by: by })
      .where('case_id', '=', caseId)
      .where('id', 'in', [...ids])
      .where('locked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async insertHandover(db: Executor, row: CustodyHandoverTable): Promise<void> {
    await db.insertInto('custody_handovers').values(row).execute();
  }

  async findHandovers(db: Executor, waybillNo: string): Promise<CustodyHandoverTable[]> {
    return db
      .selectFrom('custody_handovers')
      .selectAll()
      .where('waybill_no', '=', waybillNo)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
  }

  async findDeadlines(db: Executor): Promise<Record<string, number>> {
    const rows = await db.selectFrom('case_deadlines').select(['category', 'minutes']).execute();
    return Object.fromEntries(rows.map((row) => [row.category, Number(row.minutes)]));
  }

  async upsertDeadline(
    db: Executor,
    category: string,
    minutes: number,
    by: string,
    at: number,
  ): Promise<void> {
    await db
      .insertInto('case_deadlines')
      .values({ category, minutes, updated_by: by, updated_at: at })
      .onConflict((oc) => oc.column('category').doUpdateSet({ minutes, updated_by: by, updated_at: at }))
      .execute();
  }

  /** Of these waybills, those a sealed case (open or finished) is about. */
  async findSealedWaybills(db: Executor, waybillNos: readonly string[]): Promise<Set<string>> {
    const rows = await db
      .selectFrom('cases')
      .select('waybill_no')
      .where('sealed', '=', 1)
      .where('waybill_no', 'in', [...waybillNos])
      .execute();
    return new Set(rows.map((row) => row.waybill_no!));
  }

  async hasClearance(db: Executor, staffId: string): Promise<boolean> {
    const row = await db
      .selectFrom('case_clearances')
      .select('staff_id')
      .where('staff_id', '=', staffId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async insertClearance(db: Executor, staffId: string, by: string, at: number): Promise<boolean> {
    const result = await db
      .insertInto('case_clearances')
      .values({ staff_id: staffId, granted_by: by, granted_at: at })
      .onConflict((oc) => oc.column('staff_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async deleteClearance(db: Executor, staffId: string): Promise<boolean> {
    const result = await db.deleteFrom('case_clearances').where('staff_id', '=', staffId).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
