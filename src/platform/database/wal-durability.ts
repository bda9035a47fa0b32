// Durable commits without blocking the event loop. With synchronous=FULL SQLite fsyncs the WAL inside COMMIT,
// on the calling thread: on the embedded store that is the event loop, stopped for the whole fsync (several
// milliseconds on this class of disk) while requests wait to be read. Instead the writer runs with
// synchronous=NORMAL (COMMIT writes the WAL frames, no fsync) and a write is answered only after an fsync of
// the WAL file that started after its commit: on libuv's thread pool, while the event loop goes on with the
// next group. Callers that commit while an fsync runs share the next one (group commit at the store level).
//
// A crash before that fsync completes may lose the commit, but nobody was told it was stored: the transaction's
// promise has not resolved. Readers on other connections may see it a few milliseconds before it is durable.
import { fsync, openSync, closeSync } from 'node:fs';

export interface Durability {
  /** Resolves once everything committed before the call is on disk. */
  flush(): Promise<void>;
  close(): void;
}

/** For stores whose commits are made durable (or not) by SQLite itself. */
export const NO_FLUSH: Durability = { flush: () => Promise.resolve(), close: () => {} };

export class WalFsync implements Durability {
  private fd: number | undefined;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    private readonly walPath: string,
    private readonly syncFile: typeof fsync = fsync,
  ) {}

  flush(): Promise<void> {
    if (this.running === null) return this.start();
    // The running fsync may have started before this caller's commit was written: wait for the next one, which
    // every caller arriving meanwhile shares.
    this.queued ??= this.running.then(
      () => this.next(),
      () => this.next(),
    );
    return this.queued;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private next(): Promise<void> {
    this.queued = null;
    return this.flush();
  }

  private start(): Promise<void> {
    const running = new Promise<void>((resolve, reject) => {
      // The WAL exists once anything was written; it is kept (same file) for as long as the store is open.
      this.fd ??= openSync(this.walPath, 'r');
      this.syncFile(this.fd, (error) => (error === null ? resolve() : reject(error)));
    }).finally(() => {
      this.running = null;
    });
    this.running = running;
    return running;
  }
}
