import type { Executor } from '../platform/database/store.js';
import type {
  AgencyDirectoryTable,
  LawfulRequestCheckTable,
  LawfulRequestEventTable,
  LawfulRequestTable,
  RequestApproverTable,
  RequestStatus,
} from './requests.tables.js';

export class RequestsRepository {
  async insertRequest(db: Executor, row: LawfulRequestTable): Promise<void> {
    await db.insertInto('lawful_requests').values(row).execute();
  }

  async updateRequest(db: Executor, id: string, changes: Partial<LawfulRequestTable>): Promise<void> {
    await db.updateTable('lawful_requests').set(changes).where('id', '=', id).execute();
  }

  findRequest(db: Executor, id: string): Promise<LawfulRequestTable | undefined> {
    return db.selectFrom('lawful_requests').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findRequests(
    db: Executor,
    filter: {
      status?: RequestStatus;
      deadlineBefore?: number;
      notIn?: readonly RequestStatus[];
      limit: number;
    },
  ): Promise<LawfulRequestTable[]> {
    let query = db.selectFrom('lawful_requests').selectAll();
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.deadlineBefore !== undefined) query = query.where('deadline_at', '<', filter.deadlineBefore);
    if (filter.notIn !== undefined && filter.notIn.length > 0)
      query = query.where('status', 'not in', [...filter.notIn]);
    return query.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  }

  async countReferences(db: Executor, prefix: string): Promise<number> {
    const row = await db
      .selectFrom('lawful_requests')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('reference', 'like', `${prefix}%`)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async insertCheck(db: Executor, row: LawfulRequestCheckTable): Promise<void> {
    await db.insertInto('lawful_request_checks').values(row).execute();
  }

  findChecks(db: Executor, requestId: string): Promise<LawfulRequestCheckTable[]> {
    return db
      .selectFrom('lawful_request_checks')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
  }

  async insertEvent(db: Executor, row: LawfulRequestEventTable): Promise<void> {
    await db.insertInto('lawful_request_events').values(row).execute();
  }

  findEvents(db: Executor, requestId: string): Promise<LawfulRequestEventTable[]> {
    return db
      .selectFrom('lawful_request_events')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  async insertDirectoryEntry(db: Executor, row: AgencyDirectoryTable): Promise<void> {
    await db.insertInto('agency_directory').values(row).execute();
  }

  findDirectoryEntry(db: Executor, id: string): Promise<AgencyDirectoryTable | undefined> {
    return db.selectFrom('agency_directory').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findDirectory(db: Executor): Promise<AgencyDirectoryTable[]> {
    return db
      .selectFrom('agency_directory')
      .selectAll()
      .where('retired_at', 'is', null)
      .orderBy('agency_kind')
      .orderBy('organ')
      .execute();
  }

  async insertApprover(db: Executor, row: RequestApproverTable): Promise<void> {
    await db
      .insertInto('request_approvers')
      .values(row)
      .onConflict((oc) => oc.column('staff_id').doNothing())
      .execute();
  }

  async deleteApprover(db: Executor, staffId: string): Promise<void> {
    await db.deleteFrom('request_approvers').where('staff_id', '=', staffId).execute();
  }

  async isApprover(db: Executor, staffId: string): Promise<boolean> {
    const row = await db
      .selectFrom('request_approvers')
      .select('staff_id')
      .where('staff_id', '=', staffId)
      .executeTakeFirst();
    return row !== undefined;
  }
}
