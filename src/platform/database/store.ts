// The store: one Kysely instance over SQLite (embedded default) or PostgreSQL, with the transaction rules
// every capability relies on. Opening and configuring the databases is here; how queries are routed on SQLite is
// sqlite-routing-driver.ts, the prepared-statement cache statement-cache.ts, savepoints savepoints.ts.
import { startWalCheckpointer } from './wal-checkpointer.js';
import { NO_FLUSH, WalFsync, type Durability } from './wal-durability.js';
import { WriterLockPostgresDialect } from './postgres-writer-lock.js';
import { RoutingSqliteDialect } from './sqlite-routing-driver.js';
import { withStatementCache } from './statement-cache.js';
import { ensurePrivateDirectory, ensurePrivateFile, restrictExistingFiles } from '../private-files.js';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, type Transaction } from 'kysely';
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
