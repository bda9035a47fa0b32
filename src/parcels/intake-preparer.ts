// Where an intake group's database-free work is done (intake-preparation.ts): on the writer's own thread, or on a
// worker thread so that the two cores both work: while the writer stores one part of a group, the worker hashes,
// screens and seals the next. Results are the same either way; a worker that fails hands its work back to the
// writer's thread, so a broken worker slows intake and never fails it.
import { Worker } from 'node:worker_threads';
import type { Keyring } from '../platform/crypto/keyring.js';
import { Vault } from '../platform/crypto/vault.js';
import type { Logger } from 'pino';
import type { Screener } from '../screening/screener.js';
import { prepareFields, type PreparedFields } from './intake-preparation.js';
import type { IntakeInput } from './parcels.types.js';

export interface PreparationItem {
  input: IntakeInput;
  waybillNo: string;
}

export interface IntakePreparer {
  /**
   * One promise per item, in order; a part of the group resolves as soon as it is ready. `now` is the time the
   * group's documents are judged at (the worker identifies each sender's document ahead, as of then).
   */
  prepare(items: readonly PreparationItem[], screener: Screener, now?: number): Promise<PreparedFields>[];
  close(): Promise<void>;
}

/** Prepares on the calling thread (tests, and whatever a worker could not take). */
export class InlineIntakePreparer implements IntakePreparer {
  constructor(private readonly vault: Vault) {}

  prepare(items: readonly PreparationItem[], screener: Screener): Promise<PreparedFields>[] {
    return items.map((item) => {
      try {
        return Promise.resolve(prepareFields(item.input, item.waybillNo, screener, this.vault));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

// Small enough that the writer starts on a group's first parcels soon after it arrives, large enough that a
// message's cost (structured clone both ways) stays small beside the work in it. The first part is smaller
// still: the writer waits for it with nothing else to do (for a part of 50, about 4 ms of every group of 500).
const FIRST_PART_SIZE = 8;
const PART_SIZE = 50;
/** Catalogue versions the worker keeps screeners for: the active one and the one before (a group in flight). */
export const WORKER_CATALOGUES = 2;

/** The messages the worker takes (intake-preparer.worker.ts answers `prepare` with `prepared` or `failed`). */
export type PreparerMessage =
  | { kind: 'keys'; activeKeyId: string; key: Uint8Array; blindIndex: Uint8Array }
  | { kind: 'catalogue'; catalogue: Screener['catalogue'] }
  | { kind: 'prepare'; id: number; version: string; now: number; items: readonly PreparationItem[] };

export type PreparerAnswer =
  | { kind: 'prepared'; id: number; results: PreparedFields[] }
  | { kind: 'failed'; id: number; message: string };

interface Settle {
  resolve: (prepared: PreparedFields) => void;
  reject: (error: unknown) => void;
}

interface PendingPart {
  items: readonly PreparationItem[];
  screener: Screener;
  /** One per item: an item that fails fails alone, as it would on the writer's thread. */
  settle: Settle[];
}

/** Prepares on one worker thread, started on first use. */
export class WorkerIntakePreparer implements IntakePreparer {
  /** Parts of groups prepared on the worker, and on the writer's thread because the worker could not. */
  readonly parts = { onWorker: 0, handedBack: 0 };
  private worker: Worker | null = null;
  private broken = false;
  private nextId = 1;
  private readonly pending = new Map<number, PendingPart>();
  private sentKeyId: string | null = null;
  /** The catalogue versions the worker holds, oldest first (it keeps the newest two, as here). */
  private readonly sentVersions: string[] = [];
  private readonly inline: InlineIntakePreparer;

  constructor(
    private readonly keyring: Keyring,
    private readonly logger: Logger,
  ) {
    this.inline = new InlineIntakePreparer(new Vault(keyring));
  }

  prepare(
    items: readonly PreparationItem[],
    screener: Screener,
    now = Date.now(),
  ): Promise<PreparedFields>[] {
    const worker = this.broken ? null : this.started();
    if (worker === null) return this.inline.prepare(items, screener);
    // The active key may have changed (a rotation re-reads the key file): new values are sealed under it.
    const activeKeyId = this.keyring.activeEncryptionKeyId;
    if (activeKeyId !== this.sentKeyId) {
      this.post({
        kind: 'keys',
        activeKeyId,
        key: new Uint8Array(this.keyring.encryptionKey(activeKeyId)!),
        blindIndex: new Uint8Array(this.keyring.blindIndex),
      });
      this.sentKeyId = activeKeyId;
    }
    const version = screener.catalogue.version;
    if (!this.sentVersions.includes(version)) {
      this.post({ kind: 'catalogue', catalogue: screener.catalogue });
      this.sentVersions.push(version);
      if (this.sentVersions.length > WORKER_CATALOGUES) this.sentVersions.shift();
    }
    const answers: Promise<PreparedFields>[] = [];
    for (let start = 0; start < items.length; ) {
      const part = items.slice(start, start + (start === 0 ? FIRST_PART_SIZE : PART_SIZE));
      start += part.length;
      const settle: Settle[] = [];
      for (let index = 0; index < part.length; index += 1) {
        answers.push(new Promise<PreparedFields>((resolve, reject) => settle.push({ resolve, reject })));
      }
      const id = this.nextId++;
      this.pending.set(id, { items: part, screener, settle });
      this.post({ kind: 'prepare', id, version, now, items: part });
    }
    return answers;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.broken = true;
    this.handBack();
    if (worker !== null) await worker.terminate();
  }

  private started(): Worker | null {
    if (this.worker !== null) return this.worker;
    try {
      // Built, the worker is a .js file beside this one. From source (tests, `node --import tsx`) it is TypeScript:
      // a small bootstrap registers tsx's loader on the worker's own thread, then imports it (`--import tsx` in
      // the worker's execArgv is not applied to its entry on every Node 20 release).
      const fromSource = import.meta.url.endsWith('.ts');
      const worker = fromSource
        ? new Worker(
            `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(
              new URL('./intake-preparer.worker.ts', import.meta.url).href,
            )}); })`,
            { eval: true },
          )
        : new Worker(new URL('./intake-preparer.worker.js', import.meta.url));
      worker.unref();
      worker.on('message', (answer: PreparerAnswer) => this.answered(answer));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (this.worker === worker) this.fail(new Error(`the intake worker exited with code ${code}`));
      });
      this.worker = worker;
      return worker;
    } catch (error) {
      this.fail(error);
      return null;
    }
  }

  private post(message: PreparerMessage): void {
    this.worker!.postMessage(message);
  }

  private answered(answer: PreparerAnswer): void {
    const part = this.pending.get(answer.id);
    if (part === undefined) return;
    this.pending.delete(answer.id);
    if (answer.kind === 'prepared') {
      this.parts.onWorker += 1;
      answer.results.forEach((prepared, index) => part.settle[index]!.resolve(prepared));
      return;
    }
    // The worker could not prepare this part (it threw): the writer's thread does, and answers as it would.
    this.prepareInline(part);
  }

  /** The worker is gone: what it held is prepared here, and so is everything after. */
  private fail(error: unknown): void {
    if (this.broken && this.worker === null) return;
    this.logger.warn({ err: error }, 'intake worker failed; preparing intakes on the main thread');
    this.broken = true;
    const worker = this.worker;
    this.worker = null;
    this.handBack();
    void worker?.terminate();
  }

  private handBack(): void {
    const parts = [...this.pending.values()];
    this.pending.clear();
    for (const part of parts) this.prepareInline(part);
  }

  private prepareInline(part: PendingPart): void {
    this.parts.handedBack += 1;
    this.inline.prepare(part.items, part.screener).forEach((prepared, index) => {
      const { resolve, reject } = part.settle[index]!;
      prepared.then(resolve, reject);
    });
  }
}
