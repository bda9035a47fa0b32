import type SqliteDatabase from 'better-sqlite3';
import {
  fastPathFor,
  firstRowOf,
  getRow,
  insertRowOn,
  rowsOf,
  updateRowOn,
} from '../platform/database/sqlite-fast-path.js';
import type {
  RefusalTable,
  SenderPhoneTable,
  SenderTable,
  WatchlistEntryTable,
} from '../platform/database/schema.js';
import type { Executor } from '../platform/database/store.js';
import { unitOfWorkOf, type UnitOfWork } from '../platform/database/unit-of-work.js';

export interface RefusalFilter {
  siteId?: string;
  reason?: string;
  /** Only refusals created before this instant (paging backwards). */
  before?: number;
  limit: number;
}

const WATCHLIST_MATCH_SQL = `select * from watchlist_entries where subject_index = ?
  and removed_at is null and (expires_on is null or expires_on >= ?) order by created_at limit 1`;

/**
 * All SQL for senders and their phones, refusals and the watchlist. Inside a transaction on SQLite the gate's
 * statements run as prepared statements on the handle (see sqlite-fast-path); elsewhere through Kysely.
 */
export class IdentityRepository {
  constructor(private readonly sqlite: SqliteDatabase.Database | null = null) {}

  /**
   * The gate's hot path: one indexed lookup by the document's blind index. In a group intake, a sender registered
   * or refreshed earlier in the group is answered as staged.
   */
  async findSenderByDocumentIndex(db: Executor, documentIndex: string): Promise<SenderTable | undefined> {
    const unit = unitOfWorkOf(db);
    if (unit === undefined) return this.findStoredSenderByDocumentIndex(db, documentIndex);
    let row = unit.rows('senders').find('document', documentIndex)[0];
    if (row === undefined) {
      const key = `sender:${documentIndex}`;
      if (!unit.known.has(key))
        unit.known.set(key, (await this.findStoredSenderByDocumentIndex(db, documentIndex)) ?? null);
      row = (unit.known.get(key) as SenderTable | null) ?? undefined;
    }
    if (row === undefined) return undefined;
    const updates = unit.updatesOf('senders', row.id);
    return updates.length === 0 ? row : (Object.assign({}, row, ...updates) as SenderTable);
  }

  /**
   * Reads once, for a whole group intake on PostgreSQL, what its gate decisions will ask: the senders of the
   * documents presented, their phones, the documents' refusals since `refusalsSince`, and the watchlist entries
   * of every index the group may look up. On SQLite each lookup is a prepared statement: nothing to do.
   */
  async prefetchForGroup(
    db: Executor,
    unit: UnitOfWork,
    group: { documentIndexes: string[]; watchIndexes: string[]; refusalsSince: number },
  ): Promise<SenderTable[]> {
    if (this.sqlite !== null) return [];
    const documentIndexes = [...new Set(group.documentIndexes)];
    const watchIndexes = [...new Set(group.watchIndexes)];
    let senders: SenderTable[] = [];
    if (documentIndexes.length > 0) {
      senders = await db
        .selectFrom('senders')
        .selectAll()
        .where('document_index', 'in', documentIndexes)
        .execute();
      for (const index of documentIndexes) unit.known.set(`sender:${index}`, null);
      for (const row of senders) unit.known.set(`sender:${row.document_index}`, row);
      const refusals = await db
        .selectFrom('refusals')
        .select(['document_index', 'created_at'])
        .where('document_index', 'in', documentIndexes)
        .where('created_at', '>=', group.refusalsSince)
        .execute();
      const times = new Map<string, number[]>(documentIndexes.map((index) => [index, []]));
      for (const refusal of refusals) times.get(refusal.document_index!)?.push(refusal.created_at);
      for (const [index, list] of times)
        unit.known.set(`refusal-times:document_index:${index}`, { since: group.refusalsSince, list });
    }
    if (senders.length > 0) {
      const phones = await db
        .selectFrom('sender_phones')
        .select(['sender_id', 'phone_index'])
        .where(
          'sender_id',
          'in',
          senders.map((row) => row.id),
        )
        .execute();
      for (const row of senders) unit.known.set(`phones-of:${row.id}`, true);
      for (const phone of phones) unit.known.set(`phone:${phone.sender_id}|${phone.phone_index}`, true);
    }
    if (watchIndexes.length > 0) {
      const entries = await db
        .selectFrom('watchlist_entries')
        .selectAll()
        .where('subject_index', 'in', watchIndexes)
        .where('removed_at', 'is', null)
        .execute();
      for (const index of watchIndexes) unit.known.set(`watch:${index}`, []);
      for (const entry of entries)
        (unit.known.get(`watch:${entry.subject_index}`) as WatchlistEntryTable[]).push(entry);
    }
    return senders;
  }

  private async findStoredSenderByDocumentIndex(
    db: Executor,
    documentIndex: string,
  ): Promise<SenderTable | undefined> {
    return firstRowOf<SenderTable>(db, this.sqlite, 'select * from senders where document_index = ?', [
      documentIndex,
    ]);
  }

  async findSender(db: Executor, id: string): Promise<SenderTable | undefined> {
    return db.selectFrom('senders').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Senders without a name index after `afterId`, in id order: a page of the name-index backfill. */
  async findSendersWithoutNameIndex(
    db: Executor,
    afterId: string,
    limit: number,
  ): Promise<Pick<SenderTable, 'id' | 'name_enc'>[]> {
    return db
      .selectFrom('senders')
      .select(['id', 'name_enc'])
      .where('name_index', 'is', null)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Whether the sender sent a parcel from a site (the sender history index: sender_id first). */
  async hasParcelAtSite(db: Executor, senderId: string, siteId: string): Promise<boolean> {
    const row = await db
      .selectFrom('parcels')
      .select('waybill_no')
      .where('sender_id', '=', senderId)
      .where('site_id', '=', siteId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Inserts unless a sender with the same document index exists (a concurrent first verification); says which. */
  async insertSenderIfAbsent(db: Executor, row: SenderTable): Promise<boolean> {
    const unit = unitOfWorkOf(db);
    if (unit !== undefined) {
      if ((await this.findSenderByDocumentIndex(db, row.document_index)) !== undefined) return false;
      unit.rows('senders').add(row);
      return true;
    }
    return (
      (await insertRowOn(db, this.sqlite, 'senders', row, ' on conflict (document_index) do nothing')) > 0
    );
  }

  async updateSender(db: Executor, id: string, changes: Partial<SenderTable>): Promise<void> {
    const unit = unitOfWorkOf(db);
    if (unit !== undefined) {
      unit.update('senders', 'id', id, changes);
      return;
    }
    await updateRowOn(db, this.sqlite, 'senders', changes, 'id', id);
  }

  async findSenderPhones(db: Executor, senderId: string): Promise<SenderPhoneTable[]> {
    return db
      .selectFrom('sender_phones')
      .selectAll()
      .where('sender_id', '=', senderId)
      .orderBy('last_seen_at', 'desc')
      .execute();
  }

  async hasSenderPhone(db: Executor, senderId: string, phoneIndex: string): Promise<boolean> {
    const unit = unitOfWorkOf(db);
    if (unit === undefined) return this.hasStoredSenderPhone(db, senderId, phoneIndex);
    const key = `${senderId}|${phoneIndex}`;
    if (unit.rows('sender_phones').find('phone', key).length > 0) return true;
    if (unit.known.has(`phone:${key}`)) return true;
    // Every stored phone of a prefetched sender is known; a sender registered in this group has none stored.
    if (unit.known.has(`phones-of:${senderId}`) || unit.rows('senders').find('id', senderId).length > 0)
      return false;
    const found = await this.hasStoredSenderPhone(db, senderId, phoneIndex);
    if (found) unit.known.set(`phone:${key}`, true);
    return found;
  }

  private async hasStoredSenderPhone(db: Executor, senderId: string, phoneIndex: string): Promise<boolean> {
    const row = await firstRowOf(
      db,
      this.sqlite,
      'select 1 as found from sender_phones where sender_id = ? and phone_index = ?',
      [senderId, phoneIndex],
    );
    return row !== undefined;
  }

  /** Records a phone for a sender, or that an already known phone was seen again. */
  async upsertSenderPhone(db: Executor, row: SenderPhoneTable): Promise<void> {
    const unit = unitOfWorkOf(db);
    if (unit !== undefined) {
      unit.rows('sender_phones').add(row);
      return;
    }
    await insertRowOn(
      db,
      this.sqlite,
      'sender_phones',
      row,
      ' on conflict (sender_id, phone_index) do update set last_seen_at = excluded.last_seen_at',
    );
  }

  async insertRefusal(db: Executor, row: RefusalTable): Promise<void> {
    const unit = unitOfWorkOf(db);
    if (unit !== undefined) {
      unit.rows('refusals').add(row);
      return;
    }
    await insertRowOn(db, this.sqlite, 'refusals', row);
  }

  /** Refusals recorded for a document or phone index since `since`, newest first (at most `limit`). */
  async findRefusalsOfSubject(
    db: Executor,
    column: 'document_index' | 'phone_index',
    index: string,
    since: number,
    limit: number,
  ): Promise<Pick<RefusalTable, 'id' | 'reason'>[]> {
    const stored = await this.findStoredRefusalsOfSubject(db, column, index, since, limit);
    const unit = unitOfWorkOf(db);
    if (unit === undefined) return stored;
    // A group intake's own refusals are the newest.
    const staged = unit
      .rows('refusals')
      .find(column, index)
      .filter((row) => row.created_at >= since)
      .reverse();
    return [...staged, ...stored].slice(0, limit);
  }

  private async findStoredRefusalsOfSubject(
    db: Executor,
    column: 'document_index' | 'phone_index',
    index: string,
    since: number,
    limit: number,
  ): Promise<Pick<RefusalTable, 'id' | 'reason'>[]> {
    return rowsOf(
      db,
      this.sqlite,
      `select id, reason from refusals where ${column} = ? and created_at >= ? order by created_at desc limit ?`,
      [index, since, limit],
    );
  }

  /** How many refusals a document or phone index had since `since`. */
  async countRefusalsOfSubject(
    db: Executor,
    column: 'document_index' | 'phone_index',
    index: string,
    since: number,
  ): Promise<number> {
    const unit = unitOfWorkOf(db);
    if (unit === undefined) return this.countStoredRefusalsOfSubject(db, column, index, since);
    const staged = unit
      .rows('refusals')
      .find(column, index)
      .filter((row) => row.created_at >= since).length;
    const known = unit.known.get(`refusal-times:${column}:${index}`) as
      { since: number; list: number[] } | undefined;
    if (known !== undefined && known.since <= since) {
      return staged + known.list.filter((at) => at >= since).length;
    }
    return staged + (await this.countStoredRefusalsOfSubject(db, column, index, since));
  }

  private async countStoredRefusalsOfSubject(
    db: Executor,
    column: 'document_index' | 'phone_index',
    index: string,
    since: number,
  ): Promise<number> {
    const row = await firstRowOf<{ count: number | string }>(
      db,
      this.sqlite,
      `select count(*) as count from refusals where ${column} = ? and created_at >= ?`,
      [index, since],
    );
    return Number(row?.count ?? 0);
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

  async hasUnremovedWatchlistEntry(db: Executor): Promise<boolean> {
    const row = await firstRowOf<{ id: string }>(
      db,
      this.sqlite,
      'select id from watchlist_entries where removed_at is null limit 1',
      [],
    );
    return row !== undefined;
  }

  /** The first entry matching any of `indexes` that is neither removed nor expired on `today`. */
  async findActiveWatchlistMatch(
    db: Executor,
    indexes: readonly string[],
    today: string,
  ): Promise<WatchlistEntryTable | undefined> {
    if (indexes.length === 0) return undefined;
    const unit = unitOfWorkOf(db);
    // The watchlist is not written by intake: what a group read of it stays true for the group.
    if (unit !== undefined && indexes.every((index) => unit.known.has(`watch:${index}`))) {
      let first: WatchlistEntryTable | undefined;
      for (const index of indexes) {
        for (const entry of unit.known.get(`watch:${index}`) as WatchlistEntryTable[]) {
          if (entry.expires_on !== null && entry.expires_on < today) continue;
          if (first === undefined || entry.created_at < first.created_at) first = entry;
        }
      }
      return first;
    }
    const fast = fastPathFor(this.sqlite, db);
    if (fast !== null) {
      // One indexed lookup per index: with `in (…)` of several values SQLite sorts through a temporary b-tree,
      // many times the cost of the lookups themselves. The earliest entry among them, as below.
      let first: WatchlistEntryTable | undefined;
      for (const index of indexes) {
        const entry = getRow<WatchlistEntryTable>(fast, WATCHLIST_MATCH_SQL, [index, today]);
        if (entry !== undefined && (first === undefined || entry.created_at < first.created_at))
          first = entry;
      }
      return first;
    }
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
    legallyHeld: readonly string[] = [],
  ): Promise<{ senders: number; senderPhones: number; keptForLegalHold: number }> {
    const stillNeeded = db
      .selectFrom('agreements')
      .select('responsible_sender_id')
      .where('status', 'in', ['active', 'suspended'])
      .where('valid_until', '>=', today)
      // NOT IN over a list holding NULL matches nothing: keep the NULLs out.
      .where('responsible_sender_id', 'is not', null);
    let expired = db
      .selectFrom('senders')
      .select('id')
      .where('last_seen_at', '<', cutoff)
      .where('id', 'not in', stillNeeded);
    let keptForLegalHold = 0;
    if (legallyHeld.length > 0) {
      const kept = await expired.where('id', 'in', [...legallyHeld]).execute();
      keptForLegalHold = kept.length;
      expired = expired.where('id', 'not in', [...legallyHeld]);
    }
    const phones = await db.deleteFrom('sender_phones').where('sender_id', 'in', expired).executeTakeFirst();
    await db
      .updateTable('agreements')
      .set({ responsible_sender_id: null })
      .where('responsible_sender_id', 'in', expired)
      .execute();
    const senders = await db.deleteFrom('senders').where('id', 'in', expired).executeTakeFirst();
    return {
      senders: Number(senders.numDeletedRows),
      senderPhones: Number(phones.numDeletedRows),
      keptForLegalHold,
    };
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
