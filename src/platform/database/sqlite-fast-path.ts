// Prepared statements on the embedded store's own handle, for the few statements on every intake's path.
// Building and compiling a query through Kysely costs several times what SQLite takes to run a small indexed
// statement; here the SQL text is fixed and each statement is prepared once. PostgreSQL keeps the Kysely path.
import type SqliteDatabase from 'better-sqlite3';
import type { Executor } from './store.js';
import { preparedOn } from './store.js';

/**
 * The SQLite handle to run on directly when `db` is an open transaction on it, else null (use Kysely). Outside a
 * transaction the handle may be inside someone else's (one connection): only the transaction holder may use it.
 */
export function fastPathFor(
  sqlite: SqliteDatabase.Database | null,
  db: Executor,
): SqliteDatabase.Database | null {
  return sqlite !== null && db.isTransaction && sqlite.inTransaction ? sqlite : null;
}

/** Inserts `row` (every key a column; undefined values left out, as Kysely does). Returns the rows changed. */
export function insertRow(
  sqlite: SqliteDatabase.Database,
  table: string,
  row: object,
  conflictClause = '',
): number {
  const columns: string[] = [];
  const values: unknown[] = [];
  for (const [column, value] of Object.entries(row)) {
    if (value === undefined) continue;
    columns.push(column);
    values.push(value);
  }
  const statement = preparedOn(
    sqlite,
    `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})${conflictClause}`,
  );
  return statement.run(values).changes;
}

/** Sets the columns of `changes` on the rows where `keyColumn` = `key`. */
export function updateRow(
  sqlite: SqliteDatabase.Database,
  table: string,
  changes: object,
  keyColumn: string,
  key: unknown,
): number {
  const columns: string[] = [];
  const values: unknown[] = [];
  for (const [column, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    columns.push(column);
    values.push(value);
  }
  if (columns.length === 0) return 0;
  const statement = preparedOn(
    sqlite,
    `update ${table} set ${columns.map((column) => `${column} = ?`).join(', ')} where ${keyColumn} = ?`,
  );
  return statement.run([...values, key]).changes;
}

/** The first row of a query, or undefined. */
export function getRow<T>(sqlite: SqliteDatabase.Database, source: string, params: unknown[]): T | undefined {
  return preparedOn(sqlite, source).get(params) as T | undefined;
}

/** Every row of a query. */
export function allRows<T>(sqlite: SqliteDatabase.Database, source: string, params: unknown[]): T[] {
  return preparedOn(sqlite, source).all(params) as T[];
}
