import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import type { AuditCheckpointTable, AuditEntryTable, AuditLeafTable } from '../platform/database/schema.js';
import { takeWriterLock } from '../platform/database/postgres-writer-lock.js';
import { preparedOn } from '../platform/database/statement-cache.js';
import type { Dialect, Executor } from '../platform/database/store.js';
import { unitOfWorkOf } from '../platform/database/unit-of-work.js';

// On PostgreSQL the store's writer lock keeps appends from concurrent API nodes in a single order (every write
// transaction takes it before its first write; see postgres-writer-lock.ts). On SQLite the transaction's write
// lock (BEGIN IMMEDIATE) already does.
const CHECKPOINT_LOCK = 0x70636b70; // "pckp"
const INSERT_CHUNK = 500;

export class AuditRepository {
  private readonly fast: SqliteFastPath | null;

  constructor(
    private readonly dialect: Dialect,
    sqlite: SqliteDatabase.Database | null = null,
  ) {
    this.fast = sqlite === null ? null : new SqliteFastPath(sqlite);
  }

  /** Serialises chain appends until the transaction ends, then reads the chain's head. */
  async lockHead(trx: Executor): Promise<{ seq: number; hash: string } | undefined> {
    const unit = unitOfWorkOf(trx);
    if (unit !== undefined) {
      // A group intake's entries are staged: its head is the last staged one, or the stored head read once.
      const staged = unit.rows('audit_entries').all();
      const last = staged[staged.length - 1];
      if (last !== undefined) return { seq: last.seq, hash: last.hash };
      if (!unit.known.has('audit:head'))
        unit.known.set('audit:head', (await this.lockStoredHead(trx)) ?? null);
      return (unit.known.get('audit:head') as { seq: number; hash: string } | null) ?? undefined;
    }
    return this.lockStoredHead(trx);
  }

  private async lockStoredHead(trx: Executor): Promise<{ seq: number; hash: string } | undefined> {
    if (this.fast !== null) return this.fast.head();
    if (this.dialect === 'postgres') await trx.executeQuery(takeWriterLock());
    return trx
      .selectFrom('audit_entries')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Serialises chain appends until the transaction ends (PostgreSQL; on SQLite BEGIN IMMEDIATE already has). */
  async lockChain(trx: Executor): Promise<void> {
    if (this.dialect === 'postgres') await trx.executeQuery(takeWriterLock());
  }

  async lockCheckpoints(trx: Executor): Promise<void> {
    if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${CHECKPOINT_LOCK})`.execute(trx);
  }

  async insertEntries(trx: Executor, rows: AuditEntryTable[]): Promise<void> {
    const unit = unitOfWorkOf(trx);
    if (unit !== undefined) {
      const staged = unit.rows('audit_entries');
      for (const row of rows) staged.add(row);
      return;
    }
    if (this.fast !== null) return this.fast.insert(rows);
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('audit_entries')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
    }
  }

  async findHeadSeq(db: Executor): Promise<number> {
    const row = await db
      .selectFrom('audit_entries')
      .select('seq')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.seq ?? 0;
  }

  async findEntry(db: Executor, seq: number): Promise<AuditEntryTable | undefined> {
    return db.selectFrom('audit_entries').selectAll().where('seq', '=', seq).executeTakeFirst();
  }

  /** Entries with seq > `after`, in order. */
  async findEntriesAfter(db: Executor, after: number, limit: number): Promise<AuditEntryTable[]> {
    return db
      .selectFrom('audit_entries')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  /** Records after entry `seq`: entries of their own, plus every record of the batch entries. */
  async countRecordsAfter(db: Executor, seq: number): Promise<number> {
    const own = await db
      .selectFrom('audit_entries')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('seq', '>', seq)
      .where('action', '<>', 'audit.batch')
      .executeTakeFirst();
    const batched = await db
      .selectFrom('audit_leaves')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('seq', '>', seq)
      .executeTakeFirst();
    return Number(own?.count ?? 0) + Number(batched?.count ?? 0);
  }

  /** The records of the batch entries from `fromSeq` to `toSeq`, in order (entry, then place). */
  async findLeavesInRange(db: Executor, fromSeq: number, toSeq: number): Promise<AuditLeafTable[]> {
    return db
      .selectFrom('audit_leaves')
      .selectAll()
      .where('seq', '>=', fromSeq)
      .where('seq', '<=', toSeq)
      .orderBy('seq')
      .orderBy('position')
      .execute();
  }

  /** Every record about these subjects: entries of their own and batch records (a lawful request's export). */
  async findAbout(
    db: Executor,
    subjectType: string,
    subjectIds: readonly string[],
  ): Promise<{ entries: AuditEntryTable[]; leaves: AuditLeafTable[] }> {
    if (subjectIds.length === 0) return { entries: [], leaves: [] };
    const ids = [...subjectIds];
    const [entries, leaves] = await Promise.all([
      db
        .selectFrom('audit_entries')
        .selectAll()
        .where('subject_type', '=', subjectType)
        .where('subject_id', 'in', ids)
        .orderBy('seq')
        .execute(),
      db
        .selectFrom('audit_leaves')
        .selectAll()
        .where('subject_type', '=', subjectType)
        .where('subject_id', 'in', ids)
        .orderBy('seq')
        .orderBy('position')
        .execute(),
    ]);
    return { entries, leaves };
  }

  /** The first batch record about `subject` (of `action`, when given). */
  async findLeafOfSubject(
    db: Executor,
    subject: { type: string; id: string },
    action: string | undefined,
  ): Promise<AuditLeafTable | undefined> {
    let query = db
      .selectFrom('audit_leaves')
      .selectAll()
      .where('subject_type', '=', subject.type)
      .where('subject_id', '=', subject.id);
    if (action !== undefined) query = query.where('action', '=', action);
    return query.orderBy('seq').orderBy('position').limit(1).executeTakeFirst();
  }

  async findHashesInRange(
    db: Executor,
    fromSeq: number,
    toSeq: number,
  ): Promise<{ seq: number; hash: string }[]> {
    return db
      .selectFrom('audit_entries')
      .select(['seq', 'hash'])
      .where('seq', '>=', fromSeq)
      .where('seq', '<=', toSeq)
      .orderBy('seq')
      .execute();
  }

  async findLastCheckpoint(db: Executor): Promise<AuditCheckpointTable | undefined> {
    return db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .orderBy('to_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async findCheckpointCovering(db: Executor, seq: number): Promise<AuditCheckpointTable | undefined> {
    return db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .where('to_seq', '>=', seq)
      .where('from_seq', '<=', seq)
      .orderBy('to_seq')
      .limit(1)
      .executeTakeFirst();
  }

  async findCheckpointsAfter(
    db: Executor,
    afterToSeq: number,
    limit: number,
  ): Promise<AuditCheckpointTable[]> {
    return db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .where('to_seq', '>', afterToSeq)
      .orderBy('to_seq')
      .limit(limit)
      .execute();
  }

  async insertCheckpoint(trx: Executor, checkpoint: AuditCheckpointTable): Promise<void> {
    await trx.insertInto('audit_checkpoints').values(checkpoint).execute();
  }

  async findSigningKeys(
    db: Executor,
  ): Promise<{ key_id: string; public_key: string; revoked_at: number | null }[]> {
    return db
      .selectFrom('signing_keys')
      .select(['key_id', 'public_key', 'revoked_at'])
      .orderBy('created_at')
      .execute();
  }

  async hasSigningKey(db: Executor, keyId: string): Promise<boolean> {
    return (
      (await db
        .selectFrom('signing_keys')
        .select('key_id')
        .where('key_id', '=', keyId)
        .executeTakeFirst()) !== undefined
    );
  }

  async insertSigningKey(trx: Executor, keyId: string, publicKeyPem: string, now: number): Promise<void> {
    await trx
      .insertInto('signing_keys')
      .values({ key_id: keyId, public_key: publicKeyPem, created_at: now, revoked_at: null })
      .execute();
  }
}

/**
 * Appending is on every write's path. On the embedded store the head read and the insert use statements
 * prepared once, on the connection the caller's transaction holds (BEGIN IMMEDIATE already serialises
 * writers), instead of building and compiling the same SQL through Kysely on every call.
 */
class SqliteFastPath {
  private readonly headStatement: SqliteDatabase.Statement<[], { seq: number; hash: string }>;
  private readonly insertStatement: SqliteDatabase.Statement<unknown[]>;

  constructor(private readonly sqlite: SqliteDatabase.Database) {
    this.headStatement = preparedOn(sqlite, 'select seq, hash from audit_entries order by seq desc limit 1');
    this.insertStatement = preparedOn(
      sqlite,
      `insert into audit_entries (seq, at, actor_type, actor_id, action, subject_type, subject_id, request_id, data_digest, prev_hash, hash, mac)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  head(): { seq: number; hash: string } | undefined {
    if (!this.sqlite.inTransaction)
      throw new Error("audit entries are appended inside the change's transaction");
    return this.headStatement.get();
  }

  insert(rows: AuditEntryTable[]): void {
    // Positional parameters: binding by name looks up each parameter's name on the row, every time.
    for (const row of rows) {
      this.insertStatement.run(
        row.seq,
        row.at,
        row.actor_type,
        row.actor_id,
        row.action,
        row.subject_type,
        row.subject_id,
        row.request_id,
        row.data_digest,
        row.prev_hash,
        row.hash,
        row.mac,
      );
    }
  }
}
