// Decides once per test run whether the PostgreSQL tier runs, and says so plainly.
// CI (CI=true) or PARCELGUARD_TEST_PG=required makes an unreachable PostgreSQL a failure, not a skip.
import pg from 'pg';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export default async function setup(project: TestProject): Promise<void> {
  const mode = process.env.PARCELGUARD_TEST_PG ?? (process.env.CI === 'true' ? 'required' : 'auto');
  const url = process.env.PARCELGUARD_TEST_PG_URL ?? DEFAULT_TEST_POSTGRES_URL;
  if (mode === 'off') {
    console.log(
      '\n[parcelguard] PostgreSQL tier: SKIPPED (PARCELGUARD_TEST_PG=off). Only the SQLite tier runs.\n',
    );
    project.provide('postgresUrl', null);
    return;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    // Each test suite works in its own schema t_<created, base 36>_<random>. Clear those of earlier runs, but
    // only once they are an hour old: another run may be going on beside this one against the same database.
    const schemas = await client.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname ~ '^t_[a-z0-9_]+$'",
    );
    for (const { nspname } of schemas.rows) {
      if (isStaleTestSchema(nspname, Date.now())) {
        await client.query(`drop schema if exists ${nspname} cascade`);
      }
    }
    console.log(`\n[parcelguard] PostgreSQL tier: RUNNING against ${url.replace(/\/\/[^@]*@/, '//')}\n`);
    project.provide('postgresUrl', url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (mode === 'required') {
      throw new Error(
        `PostgreSQL tier is required (CI or PARCELGUARD_TEST_PG=required) but ${url} is unreachable: ${reason}`,
      );
    }
    console.log(
      `\n[parcelguard] PostgreSQL tier: SKIPPED — cannot reach ${url} (${reason}).\n` +
        '  Only the SQLite tier runs. Start PostgreSQL or set PARCELGUARD_TEST_PG_URL to run both.\n',
    );
    project.provide('postgresUrl', null);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A test schema is stale an hour after it was created; names from before the time stamp are always stale. */
export function isStaleTestSchema(name: string, now: number): boolean {
  const created = /^t_([a-z0-9]+)_[a-z0-9]+$/.exec(name);
  if (created === null) return true;
  return now - parseInt(created[1]!, 36) > 3_600_000;
}
