import { Migrator, type MigrationResultSet } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';
import type { Store } from './store.js';

function migratorFor(store: Store): Migrator {
  return new Migrator({
    db: store.db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    // Capabilities developed side by side may land migrations out of name order; each runs once either way.
    allowUnorderedMigrations: true,
    // Name the schema: otherwise Kysely finds another schema's migration tables and skips creating its own.
    ...(store.schema === null ? {} : { migrationTableSchema: store.schema }),
  });
}

export interface MigrationOutcome {
  applied: string[];
}

function unwrap(result: MigrationResultSet): MigrationOutcome {
  if (result.error !== undefined) {
    const failed = result.results?.find((step) => step.status === 'Error')?.migrationName;
    const reason = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new Error(`migration ${failed ?? '(unknown)'} failed: ${reason}`, { cause: result.error });
  }
  return { applied: (result.results ?? []).map((step) => step.migrationName) };
}

/** Brings the schema up to date; safe to run on every start (a lock serialises concurrent runs). */
export async function migrateToLatest(store: Store): Promise<MigrationOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    const result = await migratorFor(store).migrateToLatest();
    if (result.error === undefined || attempt >= 5 || !isIntrospectionRace(result)) return unwrap(result);
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}

/**
 * Kysely looks for its migration table by listing the tables of every schema; on PostgreSQL a table another
 * session creates, alters or drops during that read makes it fail with 42P01 (undefined table), 42703 (undefined
 * column: a column added meanwhile) or 3F000 (a schema dropped) before any migration ran (seen when several test
 * suites migrate their own schemas at once). Nothing was applied: it is tried again.
 */
const INTROSPECTION_RACES = new Set(['42P01', '42703', '3F000']);

function isIntrospectionRace(result: MigrationResultSet): boolean {
  const code = (result.error as { code?: unknown } | undefined)?.code;
  return (
    typeof code === 'string' &&
    INTROSPECTION_RACES.has(code) &&
    !(result.results ?? []).some((step) => step.status !== 'NotExecuted')
  );
}

/** Undoes the most recent migration. */
export async function migrateDown(store: Store): Promise<MigrationOutcome> {
  return unwrap(await migratorFor(store).migrateDown());
}

/** Undoes every migration (tests of the down path). */
export async function migrateToEmpty(store: Store): Promise<MigrationOutcome> {
  const { NO_MIGRATIONS } = await import('kysely');
  return unwrap(await migratorFor(store).migrateTo(NO_MIGRATIONS));
}
