import type {
  RefusalTable,
  SenderPhoneTable,
  SenderTable,
  WatchlistEntryTable,
} from '../platform/database/schema.js';
import type { Executor } from '../platform/database/store.js';

export interface RefusalFilter {
  siteId?: string;
  reason?: string;
  /** Only refusals created before this instant (paging backwards). */
  before?: number;
  limit: number;
}

/** All SQL for senders and their phones, refusals and the watchlist. */
export class IdentityRepository {
  /** The gate's hot path: one indexed lookup by the document's blind index. */
  async findSenderByDocumentIndex(db: Executor, documentIndex: string): Promise<SenderTable | undefined> {
    return db
      .selectFrom('senders')
      .selectAll()
      .where('document_index', '=', documentIndex)
      .executeTakeFirst();
  }

  async findSender(db: Executor, id: string): Promise<SenderTable | undefined> {
    return db.selectFrom('senders').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Inserts unless a sender with the same document index exists (a concurrent first verification); says which. */
  async insertSenderIfAbsent(db: Executor, row: SenderTable): Promise<boolean> {
    const result = await db
      .insertInto('senders')
      .values(row)
      .onConflict((conflict) => conflict.column('document_index').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async updateSender(db: Executor, id: string, changes: Partial<SenderTable>): Promise<void> {
    await db.updateTable('senders').set(changes).where('id', '=', id).execute();
  }

  async findSenderPhones(db: Executor, senderId: string): Promise<SenderPhoneTable[]> {
    return db
      .selectFrom('sender_phones')
      .selectAll()
      .where('sender_id', '=', senderId)
      .orderBy('last_seen_at', 'desc')
      .execute();
  }

  /** Records a phone for a sender, or that an already known phone was seen again. */
  async upsertSenderPhone(db: Executor, row: SenderPhoneTable): Promise<void> {
    await db
      .insertInto('sender_phones')
      .values(row)
      .onConflict((conflict) =>
        conflict.columns(['sender_id', 'phone_index']).doUpdateSet({ last_seen_at: row.last_seen_at }),
      )
      .execute();
  }

  async insertRefusal(db: Executor, row: RefusalTable): Promise<void> {
    await db.insertInto('refusals').values(row).execute();
  }

  /** Refusals recorded for a document or phone index since `since`, newest first (at most `limit`). */
  async findRefusalsOfSubject(
    db: Executor,
    column: 'document_index' | 'phone_index',
    index: string,
    since: number,
    limit: number,
  ): Promise<Pick<RefusalTable, 'id' | 'reason'>[]> {
    return db
      .selectFrom('refusals')
      .select(['id', 'reason'])
      .where(column, '=', index)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  async findRefusals(db: Executor, filter: RefusalFilter): Promise<RefusalTable[]> {
    let query = db.selectFrom('refusals').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
    if (filter.siteId !== undefined) query = query.where('site_id', '=', filter.siteId);
    if (filter.reason !== undefined) query = query.where('reason', '=', filter.reason);
    if (filter.before !== undefined) query = query.where('created_at', '<', filter.before);
    return query.limit(filter.limit).execute();
  }

  async insertWatchlistEntry(db: Executor, row: WatchlistEntryTable): Promise<void> {
    await db.insertInto('watchlist_entries').values(row).execute();
  }

  async findWatchlistEntry(db: Executor, id: string): Promise<WatchlistEntryTable | undefined> {
    return db.selectFrom('watchlist_entries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async removeWatchlistEntry(db: Executor, id: string, at: number, by: string): Promise<void> {
    await db
      .updateTable('watchlist_entries')
      .set({ removed_at: at, removed_by: by })
      .where('id', '=', id)
      .execute();
  }

  /** The first entry matching any of `indexes` that is neither removed nor expired on `today`. */
  async findActiveWatchlistMatch(
    db: Executor,
    indexes: readonly string[],
    today: string,
  ): Promise<WatchlistEntryTable | undefined> {
    if (indexes.length === 0) return undefined;
    return db
      .selectFrom('watchlist_entries')
      .selectAll()
      .where('subject_index', 'in', indexes)
      .where('removed_at', 'is', null)
      .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]))
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * Deletes senders last seen before `cutoff` (and their phones), except the responsible persons of agreements
   * that still run (active or suspended, not past valid-until on `today`): a suspension can be lifted. Agreements
   * that have ended lose the reference to a purged person.
   */
  async purgeSendersLastSeenBefore(
    db: Executor,
    cutoff: number,
    today: string,
  ): Promise<{ senders: number; senderPhones: number }> {
    const stillNeeded = db
      .selectFrom('agreements')
      .select('responsible_sender_id')
      .where('status', 'in', ['active', 'suspended'])
      .where('valid_until', '>=', today)
      // NOT IN over a list holding NULL matches nothing: keep the NULLs out.
      .where('responsible_sender_id', 'is not', null);
    const expired = db
      .selectFrom('senders')
      .select('id')
      .where('last_seen_at', '<', cutoff)
      .where('id', 'not in', stillNeeded);
    const phones = await db.deleteFrom('sender_phones').where('sender_id', 'in', expired).executeTakeFirst();
    await db
      .updateTable('agreements')
      .set({ responsible_sender_id: null })
      .where('responsible_sender_id', 'in', expired)
      .execute();
    const senders = await db.deleteFrom('senders').where('id', 'in', expired).executeTakeFirst();
    return { senders: Number(senders.numDeletedRows), senderPhones: Number(phones.numDeletedRows) };
  }

  async purgeRefusalsBefore(db: Executor, cutoff: number): Promise<number> {
    const result = await db.deleteFrom('refusals').where('created_at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async findWatchlistEntries(db: Executor, filter: { activeOn?: string }): Promise<WatchlistEntryTable[]> {
    let query = db.selectFrom('watchlist_entries').selectAll().orderBy('created_at', 'desc');
    if (filter.activeOn !== undefined) {
      const today = filter.activeOn;
      query = query
        .where('removed_at', 'is', null)
        .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]));
    }
    return query.execute();
  }
}
