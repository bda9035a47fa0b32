import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';

const opened: { dir: string; writer: SqliteDatabase.Database; checkpointer: WalCheckpointer }[] = [];

afterEach(async () => {
  for (const { dir, writer, checkpointer } of opened.splice(0)) {
    await checkpointer.stop();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return condition();
}

it('copies committed WAL pages into the database from its own thread; the writer never checkpoints', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-wal-'));
  const file = path.join(dir, 'store.db');
  const writer = new SqliteDatabase(file);
  writer.pragma('journal_mode = WAL');
  writer.exec('create table t (id integer primary key, body text not null)');
  const checkpointer = startWalCheckpointer(writer, file, { synchronous: 'full', intervalMs: 20 });
  opened.push({ dir, writer, checkpointer });
  expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

  const before = statSync(file).size;
  const insert = writer.prepare('insert into t (body) values (?)');
  writer.transaction(() => {
    for (let i = 0; i < 2000; i += 1) insert.run('x'.repeat(1000));
  })();
  // Only a checkpoint moves pages from the WAL into the database file, and the writer's own is off.
  expect(await until(() => statSync(file).size > before + 1_000_000, 20_000)).toBe(true);
});

it('turns the writer’s own checkpoint back on when the worker fails', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-wal-'));
  const writer = new SqliteDatabase(path.join(dir, 'store.db'));
  writer.pragma('journal_mode = WAL');
  // A file the worker cannot open as a database: it fails at start.
  const checkpointer = startWalCheckpointer(writer, path.join(dir, 'missing', 'nope.db'), {
    synchronous: 'full',
  });
  opened.push({ dir, writer, checkpointer });
  expect(await until(() => writer.pragma('wal_autocheckpoint', { simple: true }) === 1000, 20_000)).toBe(
    true,
  );
});

it('lets a process that only opened and closed a store exit normally (the worker is waited for)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-wal-'));
  try {
    const storeModule = pathToFileURL(path.resolve('src/platform/database/store.ts')).href;
    const script = `
      import { openStore } from ${JSON.stringify(storeModule)};
      const store = openStore(${JSON.stringify(`sqlite:${path.join(dir, 'store.db')}`)});
      await store.transaction(async () => {});
      await store.close();
      console.log('closed');
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    // 13: the event loop emptied while close() still awaited the worker.
    expect({ status: run.status, stdout: run.stdout.trim() }).toEqual({ status: 0, stdout: 'closed' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
