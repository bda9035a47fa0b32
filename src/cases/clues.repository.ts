import type { Insertable, Selectable, Updateable } from 'kysely';
import type { ClueTable } from '../platform/database/schema.js';
import type { Executor } from '../platform/database/store.js';

export type ClueRow = Selectable<ClueTable>;

export interface ClueFilter {
  status?: string;
  kind?: string;
  siteId?: string;
  caseId?: string;
  before?: number;
  limit: number;
}

/** All SQL for clues (raised by every capability, triaged into cases here). */
export class CluesRepository {
  async insertClue(db: Executor, row: Insertable<ClueTable>): Promise<void> {
    await db.insertInto('clues').values(row).execute();
  }

  /** Whether a clue of `kind` about `subjectIndex` was raised since `since` (so one pattern raises one clue). */
  async hasClueSince(db: Executor, kind: string, subjectIndex: string, since: number): Promise<boolean> {
    const row = await db
      .selectFrom('clues')
      .select('id')
      .where('subject_index', '=', subjectIndex)
      .where('kind', '=', kind)
      .where('created_at', '>=', since)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async findClue(db: Executor, id: string): Promise<ClueRow | undefined> {
    return db.selectFrom('clues').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findClues(db: Executor, filter: ClueFilter): Promise<ClueRow[]> {
    let query = db.selectFrom('clues').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    if (filter.siteId !== undefined) query = query.where('site_id', '=', filter.siteId);
    if (filter.caseId !== undefined) query = query.where('case_id', '=', filter.caseId);
    if (filter.before !== undefined) query = query.where('created_at', '<', filter.before);
    return query.limit(filter.limit).execute();
  }

  /** Updates an untriaged clue; false when it was triaged meanwhile. */
  async triage(db: Executor, id: string, changes: Updateable<ClueTable>): Promise<boolean> {
    const result = await db
      .updateTable('clues')
      .set(changes)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
