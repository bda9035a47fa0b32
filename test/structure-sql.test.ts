// Services decide; repositories own the SQL of their tables (issue 20). A query built in a service hides which
// queries touch a table from whoever changes it, so this keeps every statement out of src/**/*.service.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const SOURCE = path.resolve(import.meta.dirname, '../src');

// A tagged template (sql`…`, sql<Row>`…`), raw SQL, or one of Kysely's query builders.
const BUILDS_SQL = /\bsql(?:<[^`]*?>)?`|\bsql\.raw\(|\.(?:selectFrom|updateTable|insertInto|deleteFrom)\(/;

function serviceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return serviceFiles(full);
    return entry.name.endsWith('.service.ts') ? [full] : [];
  });
}

/** Each line of `text` that builds SQL, as `<file>:<line>: <code>`. */
function sqlLines(file: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, index) => (BUILDS_SQL.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : []));
}

it('recognises the ways a service could build SQL', () => {
  const text = [
    'await sql`savepoint scan`.execute(trx);',
    'const page = await sql<Record<string, string | null>>`select 1`.execute(db);',
    "await sql.raw('release savepoint scan').execute(trx);",
    "await trx.updateTable('parcels').set(changes).execute();",
    "db.selectFrom('scans')",
    "  .insertInto('scans')",
    "await db.deleteFrom('scans').execute();",
    'await this.repository.findScansOf(db, waybillNo);',
    '// a comment about sql and selecting from parcels',
  ].join('\n');
  expect(sqlLines('x.service.ts', text).map((line) => line.split(':')[1])).toEqual([
    '1',
    '2',
    '3',
    '4',
    '5',
    '6',
    '7',
  ]);
});

it('builds no SQL in a service: each query is a method of the repository owning its table', () => {
  const files = serviceFiles(SOURCE);
  expect(files.length).toBeGreaterThan(20);
  const found = files.flatMap((file) => sqlLines(path.relative(SOURCE, file), readFileSync(file, 'utf8')));
  expect(found).toEqual([]);
});
