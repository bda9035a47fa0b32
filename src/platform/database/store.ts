// The store: one Kysely instance over SQLite (embedded default) or PostgreSQL, with the transaction rules
// every capability relies on.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
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
  /** Runs `work` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(work: (trx: Trx) => Promise<T>): Promise<T>;
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
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? 'full'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(withStatementCache(sqlite)) });
  return {
    db,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    schema: null,
    sqlite,
    transaction: (work) => db.transaction().execute(work),
    ping: async () => {
      await db.executeQuery(CompiledQuery.raw('select 1'));
    },
    close: () => db.destroy(),
  };
}

function openPostgres(url: string, options: StoreOptions): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    schema: options.schema ?? 'public',
    sqlite: null,
    description:
      url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@') +
      (options.schema ? ` (schema ${options.schema})` : ''),
    transaction: (work) => db.transaction().execute(work),
    ping: async () => {
      await db.executeQuery(CompiledQuery.raw('select 1'));
    },
    close: () => db.destroy(),
  };
}

/**
 * SQLite transactions start with BEGIN IMMEDIATE: a transaction that reads and then writes (every audited
 * change does) takes the write lock up front instead of failing with SQLITE_BUSY when another process (a CLI
 * command beside the server) wrote in between.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly database: SqliteDatabase.Database) {
    super({ database });
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.database });
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  private readonly turn = new FifoLock();

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  // Kysely's own lock on the single connection wakes every waiter at once and lets them race, so under load
  // some requests wait for seconds. Queue for the connection in arrival order first.
  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.turn.acquire();
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.turn.release();
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

/**
 * Kysely prepares every statement anew; preparing costs as much as running a small insert. Cache prepared
 * statements by SQL text (bounded) so hot paths pay for parsing once.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, capacity = 1000): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string): SqliteDatabase.Statement => {
    let statement = cache.get(source);
    if (statement === undefined || statement.busy) {
      statement = sqlite.prepare(source);
      if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
