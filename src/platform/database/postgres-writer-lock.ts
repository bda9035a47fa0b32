// PostgreSQL write transactions take one advisory lock — the writer lock — before their first write, and hold it
// until they end. Why: nearly every write transaction appends to the audit chain, and appends must be serialised
// (each entry hashes the one before), so a transaction holds the chain's lock from its first append to its
// commit. A transaction that wrote rows before its first append (a counter's gate decision: sender row, then
// audit) could then hold a row that a transaction already holding the chain's lock needs (a group intake of the
// same sender): a deadlock, which PostgreSQL breaks after a second by failing one of them. With one lock taken
// before any row lock, and the audit chain's lock being that same lock, no two writers can wait for each other.
// The cost: writes from first write to commit run one transaction at a time, as they do on SQLite.
// Plain SELECTs take no row locks and are not held back. The lock is per schema, so stores that share a
// database in separate schemas (the tests) do not wait for one another. A rollback to a savepoint releases the
// lock when it was taken inside the savepoint (a scan batch's first scan failing): the next write takes it again.
import {
  CompiledQuery,
  DeleteQueryNode,
  InsertQueryNode,
  MergeQueryNode,
  PostgresDialect,
  RawNode,
  UpdateQueryNode,
  type DatabaseConnection,
  type Driver,
  type PostgresDialectConfig,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

// The class half of the two-key advisory lock; the other half is the current schema's hash.
export const WRITER_LOCK_CLASS = 0x70617564; // "paud": the audit chain's lock before it became every writer's
const TAKE_WRITER_LOCK = CompiledQuery.raw(
  `select pg_advisory_xact_lock(${WRITER_LOCK_CLASS}, hashtext(current_schema()))`,
);
const NO_ROWS: QueryResult<never> = { rows: [] };
const RAW_WRITE = /^\s*(insert|update|delete|merge)\b/i;
const RAW_ROLLBACK_TO_SAVEPOINT = /^\s*rollback\s+to\b/i;

/** The statement that takes the writer lock (for code that must hold it before it reads, like the audit chain). */
export const takeWriterLock = (): CompiledQuery => TAKE_WRITER_LOCK;

/** Whether a statement writes rows (and so takes row locks). */
export function isWrite(query: CompiledQuery): boolean {
  const node = query.query;
  if (
    InsertQueryNode.is(node) ||
    UpdateQueryNode.is(node) ||
    DeleteQueryNode.is(node) ||
    MergeQueryNode.is(node)
  ) {
    return true;
  }
  return RawNode.is(node) && RAW_WRITE.test(query.sql);
}

export class WriterLockPostgresDialect extends PostgresDialect {
  constructor(config: PostgresDialectConfig) {
    super(config);
  }

  override createDriver(): Driver {
    return new WriterLockDriver(super.createDriver());
  }
}

class WriterLockDriver implements Driver {
  private readonly wrappers = new WeakMap<DatabaseConnection, WriterLockConnection>();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapper = this.wrappers.get(connection);
    if (wrapper === undefined) {
      wrapper = new WriterLockConnection(connection);
      this.wrappers.set(connection, wrapper);
    }
    return wrapper;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const wrapper = connection as WriterLockConnection;
    await this.inner.beginTransaction(wrapper.inner, settings);
    wrapper.inTransaction = true;
    wrapper.holdsWriterLock = false;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const wrapper = connection as WriterLockConnection;
    wrapper.inTransaction = false;
    await this.inner.commitTransaction(wrapper.inner);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const wrapper = connection as WriterLockConnection;
    wrapper.inTransaction = false;
    await this.inner.rollbackTransaction(wrapper.inner);
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.savepoint!((connection as WriterLockConnection).inner, name, compileQuery);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    const wrapper = connection as WriterLockConnection;
    await this.inner.rollbackToSavepoint!(wrapper.inner, name, compileQuery);
    wrapper.rolledBackToSavepoint();
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint!((connection as WriterLockConnection).inner, name, compileQuery);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as WriterLockConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

class WriterLockConnection implements DatabaseConnection {
  inTransaction = false;
  holdsWriterLock = false;

  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const takesLock = query.sql === TAKE_WRITER_LOCK.sql;
    if (this.inTransaction && (takesLock || isWrite(query))) {
      if (!this.holdsWriterLock) {
        await this.inner.executeQuery(TAKE_WRITER_LOCK);
        this.holdsWriterLock = true;
      }
      if (takesLock) return NO_ROWS;
    }
    const result = await this.inner.executeQuery<R>(query);
    if (RawNode.is(query.query) && RAW_ROLLBACK_TO_SAVEPOINT.test(query.sql)) this.rolledBackToSavepoint();
    return result;
  }

  /**
   * PostgreSQL releases a lock taken after a savepoint when the transaction rolls back to it, advisory locks
   * included. Whether the writer lock was taken before or after the savepoint is not tracked: the next write
   * takes it again, at once when it is still held (the lock is re-entrant), at the cost of one statement.
   */
  rolledBackToSavepoint(): void {
    this.holdsWriterLock = false;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}
