// Savepoints inside an open transaction: the one way a service undoes part of a transaction and goes on.
import { sql } from 'kysely';
import type { Outcome } from '../outcome.js';
import { preparedOn } from './statement-cache.js';
import type { Store, Trx } from './store.js';

/** What a savepoint's work came to; `work`'s own error is handed back, never thrown. */
export type SavepointOutcome<T> = Outcome<T>;

/**
 * Runs `work` inside a savepoint of the open transaction `trx`: when it throws, only what it wrote is rolled
 * back and the transaction goes on (group commit: one bad parcel must not undo the others). Throws only when
 * the savepoint itself cannot be set, released or rolled back to: the transaction is then unusable and the
 * caller must let it fail as a whole.
 */
export async function withinSavepoint<T>(
  store: Store,
  trx: Trx,
  work: () => Promise<T>,
): Promise<SavepointOutcome<T>> {
  const run = savepointRunner(store, trx);
  await run('savepoint work_item');
  let outcome: SavepointOutcome<T>;
  try {
    outcome = { ok: true, value: await work() };
  } catch (error) {
    await run('rollback to savepoint work_item');
    outcome = { ok: false, error };
  }
  await run('release savepoint work_item');
  return outcome;
}

function savepointRunner(store: Store, trx: Trx): (statement: string) => Promise<void> {
  const sqlite = store.sqlite;
  // On SQLite the transaction runs on the one connection `store.sqlite` is: skip Kysely's compile-and-queue.
  if (sqlite !== null)
    return (statement) => {
      preparedOn(sqlite, statement).run();
      return Promise.resolve();
    };
  return async (statement) => {
    await sql.raw(statement).execute(trx);
  };
}
