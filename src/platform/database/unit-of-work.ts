// Group writes (a unit of work). A group intake holds the writer lock for its whole transaction, so nobody else
// writes while it runs: the database it reads is the one it found at the start plus its own writes. Those writes
// are kept here in memory and written once per table when the group ends (a multi-row INSERT per table on
// PostgreSQL: a handful of round trips for hundreds of parcels instead of a dozen per parcel), and the
// repositories on the intake path answer reads of the tables written here from the database *and* the rows staged
// so far. A parcel that fails drops only what it staged (`rollbackTo` a mark taken before it): no savepoint.
//
// Only repositories that know the unit of work may write while one is open on a transaction; they find it with
// `unitOfWorkOf(db)`. A write that reaches the database directly meanwhile is a bug (a later failing parcel could
// not take it back): keep every write of the intake path here.
import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import type { Database } from './schema.js';
import { insertRow, updateRowOn } from './sqlite-fast-path.js';
import type { Executor } from './store.js';

/** The tables a unit of work writes, in the order they are written (a row's references come before it). */
export const STAGED_TABLES = [
  'senders',
  'sender_phones',
  'refusals',
  'clues',
  'parcels',
  'parcel_items',
  'audit_entries',
  'audit_leaves',
] as const satisfies readonly (keyof Database)[];
export type StagedTableName = (typeof STAGED_TABLES)[number];

/** A row as the table's repository writes it. */
export type StagedRow<T extends StagedTableName> = Database[T];

type KeysOf<T extends StagedTableName> = Readonly<Record<string, (row: StagedRow<T>) => string | null>>;

/** The lookups the repositories make on each table's staged rows (by name; null: not indexed under that name). */
const STAGED_KEYS: { [T in StagedTableName]: KeysOf<T> } = {
  senders: { id: (row) => row.id, document: (row) => row.document_index },
  sender_phones: { phone: (row) => `${row.sender_id}|${row.phone_index}` },
  refusals: { document_index: (row) => row.document_index, phone_index: (row) => row.phone_index },
  clues: { subject: (row) => (row.subject_index === null ? null : `${row.kind}|${row.subject_index}`) },
  parcels: { waybill: (row) => row.waybill_no, sender: (row) => row.sender_id },
  parcel_items: { waybill: (row) => row.waybill_no },
  audit_entries: {},
  audit_leaves: {},
};

/** An ON CONFLICT rule for a table's staged rows (sender phones: a phone seen again updates its last sighting). */
interface Upsert {
  columns: readonly string[];
  /** Columns set from the incoming row on conflict. */
  update: readonly string[];
}

const UPSERTS: Partial<Record<StagedTableName, Upsert>> = {
  sender_phones: { columns: ['sender_id', 'phone_index'], update: ['last_seen_at'] },
};

/** Staged rows of one table, in order, with lookups by the keys the repositories ask for. */
export class StagedRows<T extends object> {
  private readonly rows: T[] = [];
  private readonly indexes = new Map<string, Map<string, number[]>>();

  constructor(private readonly keys: Readonly<Record<string, (row: T) => string | null>>) {}

  get length(): number {
    return this.rows.length;
  }

  all(): readonly T[] {
    return this.rows;
  }

  add(row: T): void {
    const position = this.rows.length;
    this.rows.push(row);
    for (const [name, keyOf] of Object.entries(this.keys)) {
      const key = keyOf(row);
      if (key === null) continue;
      let index = this.indexes.get(name);
      if (index === undefined) {
        index = new Map<string, number[]>();
        this.indexes.set(name, index);
      }
      const positions = index.get(key);
      if (positions === undefined) index.set(key, [position]);
      else positions.push(position);
    }
  }

  /** The staged rows whose key `name` is `key`, in the order staged. */
  find(name: string, key: string): T[] {
    const positions = this.indexes.get(name)?.get(key);
    return positions === undefined ? [] : positions.map((position) => this.rows[position]!);
  }

  /** Drops the rows staged after the first `length`. */
  truncate(length: number): void {
    while (this.rows.length > length) {
      const row = this.rows.pop()!;
      const position = this.rows.length;
      for (const [name, keyOf] of Object.entries(this.keys)) {
        const key = keyOf(row);
        if (key === null) continue;
        const positions = this.indexes.get(name)?.get(key);
        if (positions?.[positions.length - 1] === position) positions.pop();
      }
    }
  }

  clear(): void {
    this.truncate(0);
  }
}

interface StagedUpdate {
  table: StagedTableName;
  keyColumn: string;
  key: string;
  changes: Record<string, unknown>;
}

/** Where the staged rows stood before a parcel: `rollbackTo` it drops what the parcel staged. */
export interface UnitOfWorkMark {
  readonly rows: ReadonlyMap<StagedTableName, number>;
  readonly updates: number;
}

export class UnitOfWork {
  private readonly tables = new Map<StagedTableName, StagedRows<object>>();
  private readonly updates: StagedUpdate[] = [];
  private readonly beforeFlushWork = new Map<string, () => Promise<void>>();
  private readonly afterFlushWork = new Map<string, () => Promise<void>>();
  /**
   * What the group read from the database (a row, or null for "none"), by a key the reading repository chooses
   * (`sender:<document index>`, …). Valid for the whole group: nobody else writes while it holds the writer lock.
   */
  readonly known = new Map<string, unknown>();

  /** The staged rows of `table`, looked up by the keys STAGED_KEYS names for it. */
  rows<T extends StagedTableName>(table: T): StagedRows<StagedRow<T>> {
    let staged = this.tables.get(table);
    if (staged === undefined) {
      staged = new StagedRows<object>(STAGED_KEYS[table] as Record<string, (row: object) => string | null>);
      this.tables.set(table, staged);
    }
    return staged as unknown as StagedRows<StagedRow<T>>;
  }

  /** Stages `changes` to the row of `table` whose `keyColumn` is `key` (written after every staged insert). */
  update<T extends StagedTableName>(
    table: T,
    keyColumn: keyof Database[T] & string,
    key: string,
    changes: Partial<Database[T]>,
  ): void {
    this.updates.push({ table, keyColumn, key, changes });
  }

  /** The staged changes to one row, in order (apply them over what the database holds). */
  updatesOf(table: StagedTableName, key: string): Record<string, unknown>[] {
    return this.updates
      .filter((update) => update.table === table && update.key === key)
      .map((u) => u.changes);
  }

  /**
   * Work to do once when the unit is written, before its rows are (the audit service seals its staged records
   * into one chain entry). Registered once per key; a later registration under the same key is ignored.
   */
  beforeFlush(key: string, work: () => Promise<void>): void {
    if (!this.beforeFlushWork.has(key)) this.beforeFlushWork.set(key, work);
  }

  /**
   * Work to do once after the unit's rows are written, in the same transaction, with the unit closed: what it
   * writes goes to the database directly (clues are filed into cases once the group's clues are stored).
   * Registered once per key.
   */
  afterFlush(key: string, work: () => Promise<void>): void {
    if (!this.afterFlushWork.has(key)) this.afterFlushWork.set(key, work);
  }

  /** Runs the work registered with afterFlush, in the order registered. */
  async runAfterFlush(): Promise<void> {
    for (const work of this.afterFlushWork.values()) await work();
    this.afterFlushWork.clear();
  }

  mark(): UnitOfWorkMark {
    return {
      rows: new Map([...this.tables].map(([table, staged]) => [table, staged.length])),
      updates: this.updates.length,
    };
  }

  rollbackTo(mark: UnitOfWorkMark): void {
    for (const [table, staged] of this.tables) staged.truncate(mark.rows.get(table) ?? 0);
    this.updates.length = mark.updates;
  }

  /** How many rows are staged in all (for tests and metrics). */
  get stagedCount(): number {
    let count = this.updates.length;
    for (const staged of this.tables.values()) count += staged.length;
    return count;
  }

  /**
   * Writes everything staged, table by table in STAGED_TABLES order, then the updates in order, and empties the
   * unit. On SQLite each row is a prepared statement on the handle (no round trips to save; a multi-row insert is
   * no faster there); on PostgreSQL each table is one multi-row INSERT per chunk. The updates are one statement
   * each, the same text on both databases (updateRowOn).
   */
  async flush(db: Executor, sqlite: SqliteDatabase.Database | null): Promise<void> {
    for (const work of this.beforeFlushWork.values()) await work();
    this.beforeFlushWork.clear();
    for (const table of STAGED_TABLES) {
      const staged = this.tables.get(table);
      if (staged === undefined || staged.length === 0) continue;
      const upsert = UPSERTS[table];
      const rows = upsert === undefined ? staged.all() : mergeUpserts(staged.all(), upsert);
      if (sqlite !== null) {
        const conflict =
          upsert === undefined
            ? ''
            : ` on conflict (${upsert.columns.join(', ')}) do update set ${upsert.update
                .map((column) => `${column} = excluded.${column}`)
                .join(', ')}`;
        for (const row of rows) insertRow(sqlite, table, row, conflict);
      } else {
        await insertChunked(db, table, rows, upsert);
      }
      staged.clear();
    }
    for (const update of this.updates)
      await updateRowOn(db, sqlite, update.table, update.changes, update.keyColumn as never, update.key);
    this.updates.length = 0;
  }
}

/**
 * One INSERT … SELECT FROM unnest(…) per table on PostgreSQL: a parameter per column (an array of the column's
 * values) instead of one per value. A multi-row VALUES list of 500 parcels has 22,500 parameters that Kysely
 * compiles and PostgreSQL parses one by one; measured here, the unnest form took a fifth of the time.
 */
async function insertChunked(
  db: Executor,
  table: StagedTableName,
  rows: readonly object[],
  upsert: Upsert | undefined,
): Promise<void> {
  const types = await columnTypes(db, table);
  const columns = Object.keys(rows[0]!);
  const values = columns.map((column) =>
    (rows as readonly Record<string, unknown>[]).map((row) => row[column] ?? null),
  );
  const casts = columns.map((column, position) => {
    const type = types.get(column);
    if (type === undefined) throw new Error(`${table}.${column}: no such column`);
    return `$${position + 1}::${type}[]`;
  });
  const conflict =
    upsert === undefined
      ? ''
      : ` on conflict (${upsert.columns.join(', ')}) do update set ${upsert.update
          .map((column) => `${column} = excluded.${column}`)
          .join(', ')}`;
  await db.executeQuery(
    CompiledQuery.raw(
      `insert into ${table} (${columns.join(', ')}) select * from unnest(${casts.join(', ')})${conflict}`,
      values,
    ),
  );
}

// Column types by table, read once per process (every schema is made by the same migrations).
const columnTypeCache = new Map<string, Map<string, string>>();

async function columnTypes(db: Executor, table: string): Promise<Map<string, string>> {
  let types = columnTypeCache.get(table);
  if (types === undefined) {
    const { rows } = await db.executeQuery<{ column_name: string; udt_name: string }>(
      CompiledQuery.raw(
        `select column_name, udt_name from information_schema.columns
         where table_schema = current_schema() and table_name = $1`,
        [table],
      ),
    );
    types = new Map(rows.map((row) => [row.column_name, row.udt_name]));
    columnTypeCache.set(table, types);
  }
  return types;
}

/**
 * One row per conflict key (PostgreSQL refuses a statement that would update a row twice): the first staged row,
 * with the update columns of the last.
 */
function mergeUpserts(rows: readonly object[], upsert: Upsert): object[] {
  const byKey = new Map<string, Record<string, unknown>>();
  for (const row of rows as readonly Record<string, unknown>[]) {
    const key = upsert.columns.map((column) => String(row[column])).join('\u0000');
    const first = byKey.get(key);
    if (first === undefined) byKey.set(key, { ...row });
    else for (const column of upsert.update) first[column] = row[column];
  }
  return [...byKey.values()];
}

const units = new WeakMap<object, UnitOfWork>();

/** The unit of work open on this transaction, if any. */
export function unitOfWorkOf(db: Executor): UnitOfWork | undefined {
  return units.get(db);
}

/**
 * Runs `work` with a unit of work open on `trx`, then writes what it staged (before the transaction commits).
 * Nothing is written when `work` throws.
 */
export async function withUnitOfWork<T>(
  trx: Executor,
  sqlite: SqliteDatabase.Database | null,
  work: (unit: UnitOfWork) => Promise<T>,
): Promise<T> {
  if (units.has(trx)) throw new Error('a unit of work is already open on this transaction');
  const unit = new UnitOfWork();
  units.set(trx, unit);
  try {
    const result = await work(unit);
    await unit.flush(trx, sqlite);
    units.delete(trx);
    await unit.runAfterFlush();
    return result;
  } finally {
    units.delete(trx);
  }
}
