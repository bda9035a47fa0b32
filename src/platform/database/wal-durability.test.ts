import { mkdtempSync, rmSync, writeFileSync, type fsync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openStore } from './store.js';
import { WalFsync } from './wal-durability.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pg-durability-'));
const wal = path.join(dir, 'store.db-wal');
writeFileSync(wal, 'frames');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An fsync the test completes by hand, recording when each started. */
function manualSync() {
  const pending: ((error: NodeJS.ErrnoException | null) => void)[] = [];
  const syncFile = ((_fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
    pending.push(callback);
  }) as typeof fsync;
  return {
    syncFile,
    started: () => pending.length,
    complete: (index: number, error: NodeJS.ErrnoException | null = null) => pending[index]!(error),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

it('answers a flush only after an fsync that started after it; callers meanwhile share the next one', async () => {
  const sync = manualSync();
  const durability = new WalFsync(wal, sync.syncFile);
  const order: string[] = [];
  const first = durability.flush().then(() => order.push('first'));
  // Committed while the first fsync runs: that fsync may not cover them.
  const second = durability.flush().then(() => order.push('second'));
  const third = durability.flush().then(() => order.push('third'));
  await tick();
  expect(sync.started()).toBe(1);

  sync.complete(0);
  await first;
  await tick();
  expect(order).toEqual(['first']);
  // One more fsync, for both callers that came during the first.
  expect(sync.started()).toBe(2);

  sync.complete(1);
  await Promise.all([second, third]);
  expect(order).toEqual(['first', 'second', 'third']);
  expect(sync.started()).toBe(2);
  durability.close();
});

it('fails the callers of an fsync that fails, and the next flush tries again', async () => {
  const sync = manualSync();
  const durability = new WalFsync(wal, sync.syncFile);
  const failed = durability.flush();
  await tick();
  sync.complete(0, Object.assign(new Error('EIO (test)'), { code: 'EIO' }));
  await expect(failed).rejects.toThrow('EIO (test)');

  const again = durability.flush();
  await tick();
  expect(sync.started()).toBe(2);
  sync.complete(1);
  await expect(again).resolves.toBeUndefined();
  durability.close();
});

it('syncs a real file', async () => {
  const durability = new WalFsync(wal);
  await expect(Promise.all([durability.flush(), durability.flush()])).resolves.toEqual([
    undefined,
    undefined,
  ]);
  durability.close();
});

it('is how the embedded store keeps full durability: SQLite does not fsync inside COMMIT, the store does', async () => {
  const full = openStore(`sqlite:${path.join(dir, 'full.db')}`);
  try {
    // 1 = NORMAL: COMMIT writes the WAL frames; the store fsyncs the WAL after the commit, off the event loop.
    expect(full.sqlite!.pragma('synchronous', { simple: true })).toBe(1);
    // 2 = MEMORY: a savepoint's undo pages (one savepoint per intake) are not written to a temporary file.
    expect(full.sqlite!.pragma('temp_store', { simple: true })).toBe(2);
    await full.transaction(async (trx) => {
      await sql`create table t (id integer primary key)`.execute(trx);
    });
    await sql`insert into t (id) values (1)`.execute(full.db);
    await expect(full.flush()).resolves.toBeUndefined();
    expect(full.sqlite!.prepare('select count(*) as n from t').get()).toEqual({ n: 1 });
  } finally {
    await full.close();
  }
});
