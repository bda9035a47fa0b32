import type { Executor } from '../platform/database/store.js';
import type { RequestScope } from './request-rules.js';
import type {
  AgencyDirectoryTable,
  LawfulRequestCheckTable,
  LawfulRequestEventTable,
  LawfulRequestTable,
  RequestApproverTable,
  LawfulRequestDetentionTable,
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

  /** Requests past their deadline and not in a finished status. */
  async countOverdue(db: Executor, now: number, finished: readonly RequestStatus[]): Promise<number> {
    const row = await db
      .selectFrom('lawful_requests')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('deadline_at', '<', now)
      .where('status', 'not in', [...finished])
      .executeTakeFirstOrThrow();
    return Number(row.count);
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

  // ---- The scope: what a disclosure may contain (reads of other capabilities' tables, nothing else) ----------

  /** Senders the scope names: by document blind index, or owning a phone with a named blind index. */
  async findScopedSenderIds(db: Executor, scope: RequestScope): Promise<string[]> {
    const ids = new Set<string>();
    if (scope.senderDocumentIndexes.length > 0)
      for (const row of await db
        .selectFrom('senders')
        .select('id')
        .where('document_index', 'in', scope.senderDocumentIndexes)
        .execute())
        ids.add(row.id);
    if (scope.senderPhoneIndexes.length > 0)
      for (const row of await db
        .selectFrom('sender_phones')
        .select('sender_id')
        .where('phone_index', 'in', scope.senderPhoneIndexes)
        .execute())
        ids.add(row.sender_id);
    return [...ids];
  }

  /**
   * The parcels a scope covers: taken in within [fromMs, toMs) and named by waybill, sender, recipient phone or
   * site. Nothing else: a scope that names none of these matches nothing.
   */
  async findScopedParcels(
    db: Executor,
    scope: RequestScope,
    senderIds: readonly string[],
    fromMs: number,
    toMs: number,
    /** Only among these waybills (a detention checks the ones it names). */
    among?: readonly string[],
  ) {
    if (among !== undefined && among.length === 0) return [];
    if (
      scope.waybills.length + senderIds.length + scope.recipientPhoneIndexes.length + scope.siteIds.length ===
      0
    )
      return [];
    return db
      .selectFrom('parcels')
      .selectAll()
      .where('created_at', '>=', fromMs)
      .where('created_at', '<', toMs)
      .where((eb) =>
        eb.or([
          ...(scope.waybills.length > 0 ? [eb('waybill_no', 'in', scope.waybills)] : []),
          ...(senderIds.length > 0 ? [eb('sender_id', 'in', [...senderIds])] : []),
          ...(scope.recipientPhoneIndexes.length > 0
            ? [eb('recipient_phone_index', 'in', scope.recipientPhoneIndexes)]
            : []),
          ...(scope.siteIds.length > 0 ? [eb('site_id', 'in', scope.siteIds)] : []),
        ]),
      )
      .$if(among !== undefined, (query) => query.where('waybill_no', 'in', [...among!]))
      .orderBy('created_at')
      .orderBy('waybill_no')
      .execute();
  }

  async findSenders(db: Executor, ids: readonly string[]) {
    if (ids.length === 0) return [];
    return db
      .selectFrom('senders')
      .selectAll()
      .where('id', 'in', [...ids])
      .orderBy('id')
      .execute();
  }

  async findSenderPhones(db: Executor, senderIds: readonly string[]) {
    if (senderIds.length === 0) return [];
    return db
      .selectFrom('sender_phones')
      .selectAll()
      .where('sender_id', 'in', [...senderIds])
      .orderBy('id')
      .execute();
  }

  async findItems(db: Executor, waybills: readonly string[]) {
    if (waybills.length === 0) return [];
    return db
      .selectFrom('parcel_items')
      .selectAll()
      .where('waybill_no', 'in', [...waybills])
      .orderBy('waybill_no')
      .orderBy('position')
      .execute();
  }

  async findInspections(db: Executor, waybills: readonly string[]) {
    if (waybills.length === 0) return [];
    return db
      .selectFrom('inspections')
      .selectAll()
      .where('waybill_no', 'in', [...waybills])
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  async findScans(db: Executor, waybills: readonly string[]) {
    if (waybills.length === 0) return [];
    return db
      .selectFrom('scans')
      .selectAll()
      .where('waybill_no', 'in', [...waybills])
      .orderBy('scanned_at')
      .orderBy('event_id')
      .execute();
  }

  async insertDetention(db: Executor, row: LawfulRequestDetentionTable): Promise<boolean> {
    const result = await db
      .insertInto('lawful_request_detentions')
      .values(row)
      .onConflict((oc) => oc.columns(['request_id', 'waybill_no']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  findDetentions(db: Executor, requestId: string): Promise<LawfulRequestDetentionTable[]> {
    return db
      .selectFrom('lawful_request_detentions')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('detained_at')
      .orderBy('waybill_no')
      .execute();
  }

  /** Of these waybills, those a request detained. */
  async findDetainedWaybills(db: Executor, waybills: readonly string[]): Promise<Set<string>> {
    if (waybills.length === 0) return new Set();
    const rows = await db
      .selectFrom('lawful_request_detentions')
      .select('waybill_no')
      .where('waybill_no', 'in', [...waybills])
      .execute();
    return new Set(rows.map((row) => row.waybill_no));
  }

  /** The scopes of every request whose legal hold is on (retention must skip what they name). */
  async findHeldScopes(db: Executor): Promise<RequestScope[]> {
    const rows = await db.selectFrom('lawful_requests').select('scope').where('legal_hold', '=', 1).execute();
    return rows.map((row) => JSON.parse(row.scope) as RequestScope);
  }

  /** Requests counted per agency kind and quarter of receipt (China time), for the company's own records. */
  async findForFigures(db: Executor, fromMs: number, toMs: number) {
    return db
      .selectFrom('lawful_requests')
      .select(['agency_kind', 'received_at', 'status', 'foreign_agency'])
      .where('received_at', '>=', fromMs)
      .where('received_at', '<', toMs)
      .execute();
  }
}
