// All SQL of reports to the authorities, and the reads their package and figures need from other capabilities'
// tables (parcels, senders, clues, cases): read-only there.
import type { ParcelTable } from '../../parcels/parcels.tables.js';
import type { CaseTable } from '../cases.tables.js';
import type { SenderTable } from '../../platform/database/schema.js';
import type { Executor } from '../../platform/database/store.js';
import { inLists } from '../../platform/database/in-lists.js';
import type { CaseReportTable } from './case-reports.tables.js';

export interface CaseReportFilter {
  caseId?: string;
  status?: string;
  authority?: string;
  siteId?: string;
  limit: number;
}

export type ParcelPersonalRow = Pick<
  ParcelTable,
  | 'waybill_no'
  | 'route'
  | 'sender_id'
  | 'origin_address_enc'
  | 'recipient_name_enc'
  | 'recipient_phone_enc'
  | 'recipient_address_enc'
>;

export interface FigureCaseRow {
  id: string;
  site_id: string | null;
  opened_at: number;
  opened_by: string;
  category: string | null;
  outcome: string | null;
  waybill_no: string | null;
  sealed: number;
}

export type CaseRow = Pick<
  CaseTable,
  'id' | 'waybill_no' | 'site_id' | 'category' | 'title' | 'status' | 'sealed' | 'opened_at' | 'opened_by'
>;

export interface FigureReportRow {
  case_id: string;
  site_id: string | null;
  authority: string;
  status: string;
  submitted_at: number | null;
  drafted_by: string;
  opened_by: string;
  sealed: number;
}

export class CaseReportsRepository {
  async insertReport(db: Executor, row: CaseReportTable): Promise<void> {
    await db.insertInto('case_reports').values(row).execute();
  }

  async findReport(db: Executor, id: string): Promise<CaseReportTable | undefined> {
    return db.selectFrom('case_reports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async updateReport(db: Executor, id: string, changes: Partial<CaseReportTable>): Promise<void> {
    await db.updateTable('case_reports').set(changes).where('id', '=', id).execute();
  }

  /** Newest first; the package column is left out (it is large and only read one at a time). */
  async findReports(db: Executor, filter: CaseReportFilter): Promise<Omit<CaseReportTable, 'package_enc'>[]> {
    let query = db
      .selectFrom('case_reports')
      .select([
        'id',
        'case_id',
        'site_id',
        'authority',
        'routed_authority',
        'route_rule',
        'override_reason',
        'status',
        'summary',
        'custody_note',
        'evidence_ids',
        'drafted_by',
        'drafted_at',
        'updated_at',
        'approved_by',
        'approved_at',
        'document_sha256',
        'pdf_sha256',
        'signature',
        'key_id',
        'submitted_by',
        'submitted_at',
        'channel',
        'authority_reference',
        'acknowledged_by',
        'acknowledged_at',
        'acknowledgement_note',
      ])
      .orderBy('drafted_at', 'desc')
      .orderBy('id', 'desc');
    if (filter.caseId !== undefined) query = query.where('case_id', '=', filter.caseId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.authority !== undefined) query = query.where('authority', '=', filter.authority);
    if (filter.siteId !== undefined) query = query.where('site_id', '=', filter.siteId);
    return query.limit(filter.limit).execute();
  }

  /** The case columns a report needs (the cases capability owns the table). */
  async findCase(db: Executor, id: string): Promise<CaseRow | undefined> {
    return db
      .selectFrom('cases')
      .select([
        'id',
        'waybill_no',
        'site_id',
        'category',
        'title',
        'status',
        'sealed',
        'opened_at',
        'opened_by',
      ])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async findParcel(db: Executor, waybillNo: string): Promise<ParcelPersonalRow | undefined> {
    return db
      .selectFrom('parcels')
      .select([
        'waybill_no',
        'route',
        'sender_id',
        'origin_address_enc',
        'recipient_name_enc',
        'recipient_phone_enc',
        'recipient_address_enc',
      ])
      .where('waybill_no', '=', waybillNo)
      .executeTakeFirst();
  }

  async findSender(
    db: Executor,
    id: string,
  ): Promise<Pick<SenderTable, 'id' | 'document_type' | 'number_enc' | 'name_enc'> | undefined> {
    return db
      .selectFrom('senders')
      .select(['id', 'document_type', 'number_enc', 'name_enc'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async findSenderPhones(db: Executor, senderId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('sender_phones')
      .select('phone_enc')
      .where('sender_id', '=', senderId)
      .orderBy('first_seen_at')
      .execute();
    return rows.map((row) => row.phone_enc);
  }

  /**
   * When a parcel was first held at or after `since` (epoch ms), or null. A parcel held by its intake decision has
   * no hold event: its intake time is its hold time.
   */
  async firstHoldAt(db: Executor, waybillNo: string, since: number): Promise<number | null> {
    const holds = await this.firstHolds(db, [waybillNo]);
    return holds.find((hold) => hold.intake || hold.at >= since)?.at ?? null;
  }

  /** The first clue of a case (epoch ms), or null. */
  async firstClueAt(db: Executor, caseId: string): Promise<number | null> {
    const row = await db
      .selectFrom('clues')
      .select((eb) => eb.fn.min('created_at').as('first'))
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return row?.first === null || row?.first === undefined ? null : Number(row.first);
  }

  // ---- Figures ------------------------------------------------------------------------------------------------

  async figureClues(
    db: Executor,
    range: { start: number; end: number; siteIds: readonly string[] | null },
  ): Promise<{ site_id: string | null; created_at: number; case_id: string | null }[]> {
    let query = db
      .selectFrom('clues')
      .select(['site_id', 'created_at', 'case_id'])
      .where('created_at', '>=', range.start)
      .where('created_at', '<', range.end);
    if (range.siteIds !== null) query = query.where('site_id', 'in', nonEmpty(range.siteIds));
    const rows = await query.execute();
    return rows.map((row) => ({ ...row, created_at: Number(row.created_at) }));
  }

  /** Cases opened in the range. */
  async figureCases(
    db: Executor,
    range: { start: number; end: number; siteIds: readonly string[] | null },
  ): Promise<FigureCaseRow[]> {
    let query = db
      .selectFrom('cases')
      .select(['id', 'site_id', 'opened_at', 'opened_by', 'category', 'outcome', 'waybill_no', 'sealed'])
      .where('opened_at', '>=', range.start)
      .where('opened_at', '<', range.end);
    if (range.siteIds !== null) query = query.where('site_id', 'in', nonEmpty(range.siteIds));
    const rows = await query.execute();
    return rows.map((row) => ({ ...row, opened_at: Number(row.opened_at), sealed: Number(row.sealed) }));
  }

  /**
   * Reports submitted in the range, and reports not (yet) submitted of cases opened in it; with their case's
   * sealing and opener.
   */
  async figureReports(
    db: Executor,
    range: { start: number; end: number; siteIds: readonly string[] | null },
  ): Promise<FigureReportRow[]> {
    let query = db
      .selectFrom('case_reports')
      .innerJoin('cases', 'cases.id', 'case_reports.case_id')
      .select([
        'case_reports.case_id',
        'case_reports.site_id',
        'case_reports.authority',
        'case_reports.status',
        'case_reports.submitted_at',
        'case_reports.drafted_by',
        'cases.opened_by',
        'cases.sealed',
      ])
      .where((eb) =>
        eb.or([
          eb.and([
            eb('case_reports.submitted_at', '>=', range.start),
            eb('case_reports.submitted_at', '<', range.end),
          ]),
          eb.and([
            eb('case_reports.submitted_at', 'is', null),
            eb('cases.opened_at', '>=', range.start),
            eb('cases.opened_at', '<', range.end),
          ]),
        ]),
      );
    if (range.siteIds !== null) query = query.where('case_reports.site_id', 'in', nonEmpty(range.siteIds));
    const rows = await query.execute();
    return rows.map((row) => ({
      ...row,
      submitted_at: row.submitted_at === null ? null : Number(row.submitted_at),
      sealed: Number(row.sealed),
    }));
  }

  /** Ids of clues' cases that are sealed, among `caseIds`. */
  async sealedCaseIds(db: Executor, caseIds: readonly string[]): Promise<Set<string>> {
    const sealed = new Set<string>();
    for (const ids of inLists(caseIds)) {
      const rows = await db
        .selectFrom('cases')
        .select('id')
        .where('id', 'in', ids)
        .where('sealed', '=', 1)
        .execute();
      for (const row of rows) sealed.add(row.id);
    }
    return sealed;
  }

  /** The first clue of each case. */
  async firstClues(db: Executor, caseIds: readonly string[]): Promise<Map<string, number>> {
    const first = new Map<string, number>();
    for (const ids of inLists(caseIds)) {
      const rows = await db
        .selectFrom('clues')
        .select(['case_id', (eb) => eb.fn.min('created_at').as('first')])
        .where('case_id', 'in', ids)
        .groupBy('case_id')
        .execute();
      for (const row of rows) first.set(row.case_id!, Number(row.first));
    }
    return first;
  }

  /** Holds of the parcels, oldest first: the intake hold (at intake time) and every hold event. */
  async firstHolds(
    db: Executor,
    waybills: readonly string[],
  ): Promise<{ waybill_no: string; at: number; intake: boolean }[]> {
    const holds: { waybill_no: string; at: number; intake: boolean }[] = [];
    for (const list of inLists(waybills)) {
      const intake = await db
        .selectFrom('parcels')
        .select(['waybill_no', 'created_at'])
        .where('waybill_no', 'in', list)
        .where('decision', '=', 'hold')
        .execute();
      const events = await db
        .selectFrom('parcel_events')
        .select(['waybill_no', 'at'])
        .where('waybill_no', 'in', list)
        .where('to_state', '=', 'held')
        .execute();
      for (const row of intake)
        holds.push({ waybill_no: row.waybill_no, at: Number(row.created_at), intake: true });
      for (const row of events) holds.push({ waybill_no: row.waybill_no, at: Number(row.at), intake: false });
    }
    return holds.sort((a, b) => a.at - b.at);
  }
}

/** `in ()` is not SQL: a list that must match nothing matches a value no id has. */
function nonEmpty(values: readonly string[]): string[] {
  return values.length === 0 ? [''] : [...values];
}
