// All SQL of key rotation: it pages through and rewrites whichever tables hold encrypted columns
// (platform/crypto/encrypted-columns.ts), so its statements name their table and columns at run time.
import { sql } from 'kysely';
import type { EncryptedColumns } from '../platform/crypto/encrypted-columns.js';
import type { Executor } from '../platform/database/store.js';

/** One row's encrypted columns (null where empty), with its key column's value as `row_key`. */
export type EncryptedRow = Record<string, string | null> & { row_key: string };

export class KeyRotationRepository {
  /**
   * The next `limit` rows of `spec.table` whose key is greater than `after`, in key order: each with its key
   * (`row_key`) and its encrypted columns.
   */
  async findPage(
    db: Executor,
    spec: EncryptedColumns,
    after: string,
    limit: number,
  ): Promise<EncryptedRow[]> {
    const columns = Object.keys(spec.columns);
    const page = await sql<EncryptedRow>`
      select ${sql.ref(spec.keyColumn)} as row_key, ${sql.join(columns.map((column) => sql.ref(column)))}
      from ${sql.table(spec.table)}
      where ${sql.ref(spec.keyColumn)} > ${after}
      order by ${sql.ref(spec.keyColumn)}
      limit ${limit}`.execute(db);
    return page.rows;
  }

  /** Sets `values` (column → new value) on the row of `table` whose `keyColumn` is `rowKey`. */
  async updateColumns(
    db: Executor,
    table: string,
    keyColumn: string,
    rowKey: string,
    values: Readonly<Record<string, string>>,
  ): Promise<void> {
    const updates = Object.entries(values).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
    await sql`update ${sql.table(table)} set ${sql.join(updates)}
      where ${sql.ref(keyColumn)} = ${rowKey}`.execute(db);
  }
}
