// Prepared statements on the embedded store's own handle, for the few statements on every intake's path.
// Building and compiling a query through Kysely costs several times what SQLite takes to run a small indexed
// statement; here the SQL text is fixed and each statement is prepared once. The writes here are SQLite's only
// (PostgreSQL writes through Kysely); the reads (rowsOf, firstRowOf) are written once and run on both databases.
import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, type Insertable, type Updateable } from 'kysely';
import type { Database } from './schema.js';
import type { Executor } from './store.js';
import { preparedOn } from './statement-cache.js';

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

interface ShapedStatements {
  /** Statement per column list (the keys of the rows written, in order, joined by ','). */
  readonly byColumns: Map<string, SqliteDatabase.Statement>;
}

// Keyed by handle, then by table and clause: a row's SQL is built once per shape (its list of columns), and
// the per-row work is collecting its keys and values. Building the SQL text and looking it up by the whole text
// cost about as much as SQLite's insert itself. This maps shapes to statements; the statements themselves come
// from the store's one cache (preparedOn).
const shapedStatements = new WeakMap<SqliteDatabase.Database, Map<string, ShapedStatements>>();

function shapedFor(sqlite: SqliteDatabase.Database, key: string): ShapedStatements {
  let perHandle = shapedStatements.get(sqlite);
  if (perHandle === undefined) {
    perHandle = new Map();
    shapedStatements.set(sqlite, perHandle);
  }
  let shaped = perHandle.get(key);
  if (shaped === undefined) {
    shaped = { byColumns: new Map() };
    perHandle.set(key, shaped);
  }
  return shaped;
}

/** The defined columns of `row` and their values (undefined values left out, as Kysely does). */
function definedColumns(row: object): { columns: string[]; values: unknown[] } {
  const columns: string[] = [];
  const values: unknown[] = [];
  const record = row as Record<string, unknown>;
  for (const column in record) {
    const value = record[column];
    if (value === undefined) continue;
    columns.push(column);
    values.push(value);
  }
  return { columns, values };
}

/** Inserts `row` (every key a column; undefined values left out, as Kysely does). Returns the rows changed. */
export function insertRow<Table extends keyof Database>(
  sqlite: SqliteDatabase.Database,
  table: Table,
  row: Insertable<Database[Table]>,
  conflictClause = '',
): number {
  const { columns, values } = definedColumns(row);
  const shaped = shapedFor(sqlite, `insert ${table}${conflictClause}`);
  const signature = columns.join(',');
  let statement = shaped.byColumns.get(signature);
  if (statement === undefined) {
    statement = preparedOn(
      sqlite,
      `insert into ${table} (${signature}) values (${columns.map(() => '?').join(', ')})${conflictClause}`,
    );
    shaped.byColumns.set(signature, statement);
  }
  return statement.run(values).changes;
}

/** Sets the columns of `changes` on the rows where `keyColumn` = `key`. */
export function updateRow<Table extends keyof Database>(
  sqlite: SqliteDatabase.Database,
  table: Table,
  changes: Updateable<Database[Table]>,
  keyColumn: keyof Database[Table] & string,
  key: unknown,
): number {
  const { columns, values } = definedColumns(changes);
  if (columns.length === 0) return 0;
  const shaped = shapedFor(sqlite, `update ${table} ${keyColumn}`);
  const signature = columns.join(',');
  let statement = shaped.byColumns.get(signature);
  if (statement === undefined) {
    statement = preparedOn(
      sqlite,
      `update ${table} set ${columns.map((column) => `${column} = ?`).join(', ')} where ${keyColumn} = ?`,
    );
    shaped.byColumns.set(signature, statement);
  }
  values.push(key);
  return statement.run(values).changes;
}

/** The first row of a query, or undefined. */
export function getRow<T>(sqlite: SqliteDatabase.Database, source: string, params: unknown[]): T | undefined {
  return preparedOn(sqlite, source).get(params) as T | undefined;
}

/** Every row of a query. */
export function allRows<T>(sqlite: SqliteDatabase.Database, source: string, params: unknown[]): T[] {
  return preparedOn(sqlite, source).all(params) as T[];
}

// `?` placeholders as PostgreSQL numbers them (`$1`, `$2`, …), converted once per text. The texts are the
// repositories' own constants: no `?` stands inside a string literal.
const numberedTexts = new Map<string, string>();
function numbered(source: string): string {
  let text = numberedTexts.get(source);
  if (text === undefined) {
    let position = 0;
    text = source.replace(/\?/g, () => `$${++position}`);
    numberedTexts.set(source, text);
  }
  return text;
}

/**
 * The rows of a read written once, in SQLite's `?` form, for both databases: on SQLite inside a transaction a
 * prepared statement on the handle (no query building), elsewhere through Kysely as a raw query. One text for
 * both means the two databases cannot be asked different questions.
 */
export async function rowsOf<T>(
  db: Executor,
  sqlite: SqliteDatabase.Database | null,
  source: string,
  params: readonly unknown[],
): Promise<T[]> {
  const fast = fastPathFor(sqlite, db);
  if (fast !== null) return allRows<T>(fast, source, [...params]);
  return viaKysely<T>(db, sqlite, source, params);
}

// Through Kysely, as a raw query: SQLite's text as written, PostgreSQL's with numbered parameters.
async function viaKysely<T>(
  db: Executor,
  sqlite: SqliteDatabase.Database | null,
  source: string,
  params: readonly unknown[],
): Promise<T[]> {
  const text = sqlite === null ? numbered(source) : source;
  return (await db.executeQuery<T>(CompiledQuery.raw(text, [...params]))).rows;
}

/** The first row of such a read, or undefined. */
export async function firstRowOf<T>(
  db: Executor,
  sqlite: SqliteDatabase.Database | null,
  source: string,
  params: readonly unknown[],
): Promise<T | undefined> {
  const fast = fastPathFor(sqlite, db);
  if (fast !== null) return getRow<T>(fast, source, [...params]);
  return (await viaKysely<T>(db, sqlite, source, params))[0];
}
