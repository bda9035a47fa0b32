// The statements on every intake's path, each written once as SQL text in SQLite's `?` form and run on both
// databases: on SQLite inside a transaction as a prepared statement on the embedded store's own handle (building
// and compiling a query through Kysely costs several times what SQLite takes to run a small indexed statement),
// elsewhere as a raw query through Kysely, with the parameters numbered `$1`, `$2`, … on PostgreSQL. Reads
// (rowsOf, firstRowOf) take the text from the repository; writes (insertRowOn, insertRowsOn, updateRowOn) build
// it from the row's columns, once per shape. One text for both means the two databases cannot drift apart.
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

// Each write's SQL text, by what it writes (`insert <table><clause>`, `update <table> <key column>`) and then by
// its shape (the row's defined columns, joined by ','): the text is built once per shape, and prepared once per
// SQLite handle. Building the SQL text and looking a statement up by the whole text cost about as much as
// SQLite's insert itself; per row, what is left is collecting the row's keys and values and a few map lookups.
interface WriteShape {
  /** In SQLite's `?` form (PostgreSQL's numbered form comes from `numbered`). */
  readonly text: string;
  /** The statement prepared for it on each SQLite handle it ran on directly. */
  readonly statements: WeakMap<SqliteDatabase.Database, SqliteDatabase.Statement>;
}

const writeShapes = new Map<string, Map<string, WriteShape>>();

function shapeOf(write: string, signature: string): WriteShape | undefined {
  return writeShapes.get(write)?.get(signature);
}

function addShape(write: string, signature: string, text: string): WriteShape {
  let shapes = writeShapes.get(write);
  if (shapes === undefined) {
    shapes = new Map();
    writeShapes.set(write, shapes);
  }
  const shape: WriteShape = { text, statements: new WeakMap() };
  shapes.set(signature, shape);
  return shape;
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

function insertText(table: string, columns: readonly string[], rows: number, conflictClause: string): string {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  return `insert into ${table} (${columns.join(', ')}) values ${Array<string>(rows).fill(tuple).join(', ')}${conflictClause}`;
}

function updateText(table: string, columns: readonly string[], keyColumn: string): string {
  return `update ${table} set ${columns.map((column) => `${column} = ?`).join(', ')} where ${keyColumn} = ?`;
}

/** The shape of a one-row insert of `columns` into `table`, with its conflict clause. */
function oneRowInsert(table: string, columns: readonly string[], conflictClause: string): WriteShape {
  const write = `insert ${table}${conflictClause}`;
  const signature = columns.join(',');
  return (
    shapeOf(write, signature) ?? addShape(write, signature, insertText(table, columns, 1, conflictClause))
  );
}

/** Runs a shaped write on the SQLite handle itself. Returns the rows changed. */
function runOnHandle(sqlite: SqliteDatabase.Database, shape: WriteShape, values: unknown[]): number {
  let statement = shape.statements.get(sqlite);
  if (statement === undefined) {
    statement = preparedOn(sqlite, shape.text);
    shape.statements.set(sqlite, statement);
  }
  return statement.run(values).changes;
}

/**
 * Runs a shaped write on SQLite's handle when `db` is a transaction on it (fastPathFor), else through Kysely as a
 * raw query (numbered parameters on PostgreSQL). The values go to the driver as they are, as Kysely's built
 * queries pass them. Returns the rows changed.
 */
async function runWrite(
  db: Executor,
  sqlite: SqliteDatabase.Database | null,
  shape: WriteShape,
  values: unknown[],
): Promise<number> {
  const fast = fastPathFor(sqlite, db);
  if (fast !== null) return runOnHandle(fast, shape, values);
  const text = sqlite === null ? numbered(shape.text) : shape.text;
  const result = await db.executeQuery(CompiledQuery.raw(text, values));
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Inserts `row` on the SQLite handle (every key a column; undefined values left out, as Kysely does), for a
 * caller that holds the handle's transaction itself (the unit of work's flush). Returns the rows changed.
 */
export function insertRow<Table extends keyof Database>(
  sqlite: SqliteDatabase.Database,
  table: Table,
  row: Insertable<Database[Table]>,
  conflictClause = '',
): number {
  const { columns, values } = definedColumns(row);
  return runOnHandle(sqlite, oneRowInsert(table, columns, conflictClause), values);
}

/**
 * Inserts `row` (undefined values left out, as Kysely does), with an optional `on conflict …` clause written the
 * same for both databases. One SQL text for both: on SQLite inside a transaction a prepared statement on the
 * handle, elsewhere a raw query through Kysely. Returns the rows changed (0 when the conflict clause did nothing).
 */
export function insertRowOn<Table extends keyof Database>(
  db: Executor,
  sqlite: SqliteDatabase.Database | null,
  table: Table,
  row: Insertable<Database[Table]>,
  conflictClause = '',
): Promise<number> {
  const { columns, values } = definedColumns(row);
  return runWrite(db, sqlite, oneRowInsert(table, columns, conflictClause), values);
}

/**
 * Inserts `rows` as insertRowOn does: on SQLite's handle one prepared statement per row (a multi-row insert is no
 * faster there), through Kysely one multi-row INSERT (one round trip to PostgreSQL) for each run of rows of the
 * same shape. Returns the rows changed.
 */
export async function insertRowsOn<Table extends keyof Database>(
  db: Executor,
  sqlite: SqliteDatabase.Database | null,
  table: Table,
  rows: readonly Insertable<Database[Table]>[],
): Promise<number> {
  let changed = 0;
  const fast = fastPathFor(sqlite, db);
  if (fast !== null) {
    for (const row of rows) changed += insertRow(fast, table, row);
    return changed;
  }
  let start = 0;
  while (start < rows.length) {
    const first = definedColumns(rows[start]!);
    const signature = first.columns.join(',');
    const values = first.values;
    let end = start + 1;
    for (; end < rows.length; end++) {
      const next = definedColumns(rows[end]!);
      if (next.columns.join(',') !== signature) break;
      for (const value of next.values) values.push(value);
    }
    const write = `insert ${table}`;
    const rowsSignature = end - start === 1 ? signature : `${signature}*${end - start}`;
    const shape =
      shapeOf(write, rowsSignature) ??
      addShape(write, rowsSignature, insertText(table, first.columns, end - start, ''));
    changed += await runWrite(db, sqlite, shape, values);
    start = end;
  }
  return changed;
}

/**
 * Sets the columns of `changes` (undefined values left out) on the rows where `keyColumn` = `key`, with one SQL
 * text for both databases as insertRowOn. Returns the rows changed; nothing to set changes nothing.
 */
export function updateRowOn<Table extends keyof Database>(
  db: Executor,
  sqlite: SqliteDatabase.Database | null,
  table: Table,
  changes: Updateable<Database[Table]>,
  keyColumn: keyof Database[Table] & string,
  key: unknown,
): Promise<number> {
  const { columns, values } = definedColumns(changes);
  if (columns.length === 0) return Promise.resolve(0);
  const write = `update ${table} ${keyColumn}`;
  const signature = columns.join(',');
  const shape =
    shapeOf(write, signature) ?? addShape(write, signature, updateText(table, columns, keyColumn));
  values.push(key);
  return runWrite(db, sqlite, shape, values);
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
