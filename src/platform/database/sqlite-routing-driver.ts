// The embedded store's Kysely driver: one writing connection taken in arrival order, reads outside transactions on
// a read-only connection, durability awaited after each commit.
import type SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  RawNode,
  SelectQueryNode,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Durability } from './wal-durability.js';

/**
 * The embedded store's driver. One connection writes: transactions (BEGIN IMMEDIATE: a transaction that reads
 * and then writes takes the write lock up front instead of failing with SQLITE_BUSY when another process wrote
 * in between) and every statement that is not a plain SELECT, one holder at a time, in arrival order (Kysely's
 * own lock wakes every waiter at once and lets them race, so under load some requests waited for seconds).
 *
 * A SELECT outside a transaction runs at once on a second, read-only connection: in WAL mode it reads the last
 * committed state without waiting for the transaction running on the writer. Before, such reads (a request's
 * authentication, for one) queued behind every write transaction, so concurrent requests reached the intake
 * one at a time and could never be committed together.
 */
export class RoutingSqliteDialect extends SqliteDialect {
  constructor(
    private readonly writer: SqliteDatabase.Database,
    private readonly reader: SqliteDatabase.Database | null,
    private readonly durability: Durability,
  ) {
    super({ database: writer });
  }
  override createDriver(): Driver {
    return new RoutingSqliteDriver(this.writer, this.reader, this.durability);
  }
}

class RoutingSqliteDriver implements Driver {
  private readonly turn = new FifoLock();
  private readonly writer: HandleConnection;
  private readonly reader: HandleConnection | null;

  constructor(
    private readonly writerHandle: SqliteDatabase.Database,
    private readonly readerHandle: SqliteDatabase.Database | null,
    private readonly durability: Durability,
  ) {
    this.writer = new HandleConnection(writerHandle);
    this.reader = readerHandle === null ? null : new HandleConnection(readerHandle);
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new RoutedConnection(this.writer, this.reader, this.turn, this.durability));
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const routed = connection as RoutedConnection;
    await this.turn.acquire();
    routed.holdsWriter = true;
    try {
      await this.writer.executeQuery(CompiledQuery.raw('begin immediate'));
    } catch (error) {
      routed.holdsWriter = false;
      this.turn.release();
      throw error;
    }
  }

  async commitTransaction(): Promise<void> {
    await this.writer.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(): Promise<void> {
    await this.writer.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    await this.writer.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    await this.writer.executeQuery(CompiledQuery.raw(`rollback to savepoint "${name}"`));
  }

  async releaseSavepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    await this.writer.executeQuery(CompiledQuery.raw(`release savepoint "${name}"`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const routed = connection as RoutedConnection;
    if (routed.holdsWriter) {
      routed.holdsWriter = false;
      this.turn.release();
    }
  }

  async destroy(): Promise<void> {
    this.readerHandle?.close();
    this.writerHandle.close();
  }
}

/** What Kysely runs queries on: the writer while it holds a transaction, else chosen per statement. */
class RoutedConnection implements DatabaseConnection {
  holdsWriter = false;

  constructor(
    private readonly writer: HandleConnection,
    private readonly reader: HandleConnection | null,
    private readonly turn: FifoLock,
    private readonly durability: Durability,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.holdsWriter) return this.writer.executeQuery<R>(query);
    if (this.reader !== null && isRead(query)) return this.reader.executeQuery<R>(query);
    await this.turn.acquire();
    let result: QueryResult<R>;
    try {
      result = await this.writer.executeQuery<R>(query);
    } finally {
      this.turn.release();
    }
    // A statement outside a transaction commits on its own: answered once durable, like a transaction.
    await this.durability.flush();
    return result;
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.holdsWriter) {
      yield* this.writer.streamQuery<R>(query, chunkSize);
      return;
    }
    if (this.reader !== null && isRead(query)) {
      yield* this.reader.streamQuery<R>(query, chunkSize);
      return;
    }
    await this.turn.acquire();
    try {
      yield* this.writer.streamQuery<R>(query, chunkSize);
    } finally {
      this.turn.release();
    }
  }
}

/** Runs compiled queries on one better-sqlite3 handle (what Kysely's own SQLite connection does). */
class HandleConnection {
  constructor(private readonly database: SqliteDatabase.Database) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.database.prepare(query.sql);
    if (statement.reader) return Promise.resolve({ rows: statement.all(query.parameters) as R[] });
    const { changes, lastInsertRowid } = statement.run(query.parameters);
    return Promise.resolve({
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    });
  }

  async *streamQuery<R>(query: CompiledQuery, _chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (!isRead(query)) throw new Error('the SQLite driver streams only select queries');
    for (const row of this.database.prepare(query.sql).iterate(query.parameters)) yield { rows: [row as R] };
  }
}

/** A mutex that hands the lock to waiters in the order they asked. */
class FifoLock {
  private held = false;
  private readonly waiters: (() => void)[] = [];

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next === undefined) this.held = false;
    else next();
  }
}

// A plain read: a SELECT Kysely built, or a raw text that is one (repositories' reads written once for both
// databases, see sqlite-fast-path.ts rowsOf).
const RAW_SELECT = /^\s*select\b/i;
function isRead(query: CompiledQuery): boolean {
  return SelectQueryNode.is(query.query) || (RawNode.is(query.query) && RAW_SELECT.test(query.sql));
}
