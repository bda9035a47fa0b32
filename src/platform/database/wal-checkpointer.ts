// WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside the commit that crosses the
// threshold, on the committing connection: on the embedded store that is the event loop, which then stalls for
// as long as copying the WAL into the database and fsyncing it takes (tens of milliseconds under intake load,
// the slowest answers of the run). Here the writer's automatic checkpoint is off and a worker thread with its
// own connection checkpoints (PASSIVE: it never blocks the writer) every interval.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

const DEFAULT_INTERVAL_MS = 250;
/** Restored on the writer if the worker fails, so the WAL cannot grow without bound. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

// Run from a string (CommonJS) so that the same code works from the TypeScript sources and the compiled build.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/** Starts checkpointing `file` from a worker thread and turns the writer's own automatic checkpoint off. */
export function startWalCheckpointer(
  writer: SqliteDatabase.Database,
  file: string,
  options: { synchronous: string; intervalMs?: number },
): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver,
      file,
      synchronous: options.synchronous,
      intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
    },
  });
  worker.unref();
  const fallBack = () => {
    if (writer.open) writer.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  };
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      if (!stopping) fallBack();
      resolve();
    }),
  );
  worker.on('error', fallBack);
  worker.on('message', (message: { error?: string }) => {
    // A failed checkpoint (the disk, a lock held too long) is retried next interval; if it keeps failing, the
    // writer checkpoints itself again rather than letting the WAL grow.
    if (message.error !== undefined) fallBack();
  });
  writer.pragma('wal_autocheckpoint = 0');
  return {
    stop: async () => {
      stopping = true;
      // Unreferenced so that a forgotten store never keeps a process alive; while stopping, the process must
      // wait for the worker (else a process with nothing else to do exits mid-await, code 13).
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
