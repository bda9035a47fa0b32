// Prepared statements on SQLite handles, cached once per handle and SQL text.
import type SqliteDatabase from 'better-sqlite3';

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

/** The handle as Kysely sees it, with `prepare` going through the statement cache (Kysely prepares every query). */
export function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  const prepare = (source: string): SqliteDatabase.Statement => preparedOn(sqlite, source);
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
