// The store: one Kysely instance over SQLite (embedded default) or PostgreSQL, with the transaction rules
// every capability relies on.
import type { Outcome } from '../outcome.js';
import { startWalCheckpointer } from './wal-checkpointer.js';
import { NO_FLUSH, WalFsync, type Durability } from './wal-durability.js';
import { WriterLockPostgresDialect } from './postgres-writer-lock.js';
import { ensurePrivateDirectory, ensurePrivateFile, restrictExistingFiles } from '../private-files.js';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  sql,
  Kysely,
  SelectQueryNode,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** Anything queries can run on: the database itself or an open transaction. */
export type Executor = Kysely<Database>;
export type Trx = Transaction<Database>;

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** A description safe to print (no password). */
  readonly description: string;
  /** PostgreSQL schema holding the tables (null on SQLite). */
  readonly schema: string | null;
  /**
   * The embedded database's own handle, for the few hot paths that use prepared statements directly (inside a
   * transaction opened through `transaction`, on the same single connection). Null on PostgreSQL.
   */
  readonly sqlite: SqliteDatabase.Database | null;
  /**
   * Runs `work` in one transaction: everything it writes commits together or not at all, and the promise
   * resolves once the commit is durable.
   */
  transaction<T>(work: (trx: Trx) => Promise<T>): Promise<T>;
  /**
   * Resolves once everything committed before the call is durable: for writes made on `sqlite` directly, outside
   * `transaction` (benchmarks, bulk loaders). A no-op on PostgreSQL, whose COMMIT is durable.
   */
  flush(): Promise<void>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL schema to use (tests isolate each run in its own). */
  schema?: string;
  /** SQLite `synchronous`: full survives power loss, normal survives process crashes. */
  sqliteSynchronous?: 'full' | 'normal';
  /** PostgreSQL pool size. */
  poolSize?: number;
}

// bigint columns hold epoch milliseconds and counts, all far below 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/** Opens the store named by a `sqlite:<file>` or `postgres://` URL. */
export function openStore(url: string, options: StoreOptions = {}): Store {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return openPostgres(url, options);
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length), options);
  throw new Error(`unsupported database URL (expected sqlite:<file> or postgres://…)`);
}

function openSqlite(file: string, options: StoreOptions): Store {
  if (file !== ':memory:') {
    // Personal data lives here: the directory (when ParcelGuard creates it) 0700, the file 0600 before SQLite
    // opens it. SQLite gives the -wal and -shm files the database file's mode; ones left 0644 by an older
    // version are tightened below.
    ensurePrivateDirectory(path.dirname(path.resolve(file)));
    ensurePrivateFile(file);
  }
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  if (file !== ':memory:') restrictExistingFiles([`${file}-wal`, `${file}-shm`]);
  const synchronous = options.sqliteSynchronous ?? 'full';
  // Full durability is kept by an fsync of the WAL off the event loop after each commit (wal-durability.ts),
  // not by SQLite inside COMMIT. An in-memory database has nothing to fsync.
  const durability: Durability =
    synchronous === 'full' && file !== ':memory:' ? new WalFsync(`${path.resolve(file)}-wal`) : NO_FLUSH;
  sqlite.pragma(`synchronous = ${durability === NO_FLUSH ? synchronous : 'normal'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  // Each intake runs in its own savepoint, and SQLite keeps a savepoint's undo pages in a temporary file unless
  // told otherwise (better-sqlite3 builds with TEMP_STORE=1): in memory, a savepoint costs ~1 µs instead of
  // 6–10 µs a parcel. Only write transactions run here; the reader keeps large sorts on disk.
  sqlite.pragma('temp_store = memory');
  // An in-memory database is private to its connection: there the writer reads too, and nothing checkpoints.
  const reader = file === ':memory:' ? null : openReader(file);
  const checkpointer =
    file === ':memory:'
      ? null
      : startWalCheckpointer(sqlite, file, { synchronous: options.sqliteSynchronous ?? 'full' });
  const db = new Kysely<Database>({
    dialect: new RoutingSqliteDialect(
      withStatementCache(sqlite),
      reader === null ? null : withStatementCache(reader),
      durability,
    ),
  });
  return {
    db,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    schema: null,
    sqlite,
    transaction: async (work) => {
      const result = await db.transaction().execute(work);
      // After the writer is released: the next transaction runs while this one's fsync does.
      await durability.flush();
      return result;
    },
    flush: () => durability.flush(),
    ping: async () => {
      await db.executeQuery(CompiledQuery.raw('select 1'));
    },
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
      durability.close();
    },
  };
}

/** A read-only connection to the same file (the writer has put it in WAL mode). */
function openReader(file: string): SqliteDatabase.Database {
  const reader = new SqliteDatabase(file, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  reader.pragma('cache_size = -65536');
  return reader;
}

function openPostgres(url: string, options: StoreOptions): Store {
  // JIT off: every statement here is short, and a plan whose estimate crosses jit_above_cost (a group's sender
  // history, estimated from per-sender row guesses) spent 210 ms compiling for 2 ms of work (measured with
  // auto_explain during the intake bench).
  const sessionSettings = [
    '-c jit=off',
    ...(options.schema === undefined ? [] : [`-c search_path=${options.schema}`]),
  ];
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    options: sessionSettings.join(' '),
  });
  // Write transactions take the writer lock before their first write (see postgres-writer-lock.ts).
  const db = new Kysely<Database>({ dialect: new WriterLockPostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    schema: options.schema ?? 'public',
    sqlite: null,
    description:
      url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@') +
      (options.schema ? ` (schema ${options.schema})` : ''),
    transaction: (work) => db.transaction().execute(work),
    flush: () => Promise.resolve(),
    ping: async () => {
      await db.executeQuery(CompiledQuery.raw('select 1'));
    },
    close: () => db.destroy(),
  };
}

/** What a savepoint's work came to; `work`'s own error is handed back, never thrown. */
export type SavepointOutcome<T> = Outcome<T>;

/**
 * Runs `work` inside a savepoint of the open transaction `trx`: when it throws, only what it wrote is rolled
 * back and the transaction goes on (group commit: one bad parcel must not undo the others). Throws only when
 * the savepoint itself cannot be set, released or rolled back to: the transaction is then unusable and the
 * caller must let it fail as a whole.
 */
export async function withinSavepoint<T>(
  store: Store,
  trx: Trx,
  work: () => Promise<T>,
): Promise<SavepointOutcome<T>> {
  const run = savepointRunner(store, trx);
  await run('savepoint work_item');
  let outcome: SavepointOutcome<T>;
  try {
    outcome = { ok: true, value: await work() };
  } catch (error) {
    await run('rollback to savepoint work_item');
    outcome = { ok: false, error };
  }
  await run('release savepoint work_item');
  return outcome;
}

function savepointRunner(store: Store, trx: Trx): (statement: string) => Promise<void> {
  const sqlite = store.sqlite;
  // On SQLite the transaction runs on the one connection `store.sqlite` is: skip Kysely's compile-and-queue.
  if (sqlite !== null)
    return (statement) => {
      preparedOn(sqlite, statement).run();
      return Promise.resolve();
    };
  return async (statement) => {
    await sql.raw(statement).execute(trx);
  };
}

// The one cache of prepared statements, per SQLite handle and SQL text: Kysely's queries (through the handles
// withStatementCache gives it) and the hot paths that bypass Kysely (sqlite-fast-path.ts, the audit chain's head
// and insert, savepoints) share it. Preparing costs as much as running a small insert.
const preparedStatements = new WeakMap<SqliteDatabase.Database, Map<string, SqliteDatabase.Statement>>();
// Kysely's texts vary with the number of values in a list (`in (?, ?, …)`): a bound keeps the cache small.
const PREPARED_STATEMENTS_PER_HANDLE = 1000;

/**
 * A statement prepared once per SQLite handle. One still being iterated (a streamed query) is busy: a second
 * statement is prepared for the same text and cached in its place.
 */
export function preparedOn<Parameters extends unknown[] = unknown[], Row = unknown>(
  sqlite: SqliteDatabase.Database,
  source: string,
): SqliteDatabase.Statement<Parameters, Row> {
  let statements = preparedStatements.get(sqlite);
  if (statements === undefined) {
    statements = new Map();
    preparedStatements.set(sqlite, statements);
  }
  let statement = statements.get(source);
  if (statement === undefined || statement.busy) {
    statement = sqlite.prepare(source);
    if (statements.size >= PREPARED_STATEMENTS_PER_HANDLE) statements.delete(statements.keys().next().value!);
    statements.set(source, statement);
  }
  // The cache holds statements of every shape; the caller's types describe the one it asked for.
  return statement as SqliteDatabase.Statement<Parameters, Row>;
}

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
class RoutingSqliteDialect extends SqliteDialect {
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
    if (this.reader !== null && SelectQueryNode.is(query.query)) return this.reader.executeQuery<R>(query);
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
    if (this.reader !== null && SelectQueryNode.is(query.query)) {
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
    if (!SelectQueryNode.is(query.query)) throw new Error('the SQLite driver streams only select queries');
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

/** The handle as Kysely sees it, with `prepare` going through the statement cache (Kysely prepares every query). */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  const prepare = (source: string): SqliteDatabase.Statement => preparedOn(sqlite, source);
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
