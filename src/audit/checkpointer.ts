import type { Logger } from 'pino';
import type { AuditService, Checkpoint } from './audit.service.js';

export interface CheckpointerOptions {
  /** Sign once this many entries follow the last checkpoint (PARCELGUARD_AUDIT_CHECKPOINT_EVERY)… */
  everyEntries: number;
  /** …and at least this often while entries are pending (PARCELGUARD_AUDIT_CHECKPOINT_SECONDS). */
  everySeconds: number;
  /**
   * False: sign only at start and on stop, never in the background (tests that count checkpoints). Every
   * process that writes for longer than a moment needs the schedule to stay within the policy.
   */
  schedule?: boolean;
}

/**
 * Signs audit checkpoints for whoever built the app (server, CLI commands, tests): at start (what a crashed
 * writer left, and the start's own entries), every `everyEntries` appends or `everySeconds` while running, and on
 * stop. Runs after commits, outside request transactions, one run at a time.
 */
export class Checkpointer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private stopped = false;
  // After a failed run, appends stop triggering runs until the next timer tick: a broken witness directory must
  // not cost every write a doomed attempt and a log line.
  private suspended = false;
  /** What the start signed (a short command's `audit checkpoint` reports it). */
  signedAtStart: readonly Checkpoint[] = [];

  constructor(
    private readonly audit: AuditService,
    private readonly options: CheckpointerOptions,
    private readonly logger: Logger,
  ) {}

  /** Signs what is pending, witnesses the newest checkpoint if the witness lacks it, then schedules. */
  async start(): Promise<void> {
    this.signedAtStart = (await this.run('at start')) ?? [];
    await this.audit.catchUpWitness().catch((error: unknown) => {
      this.logger.error({ err: error }, 'audit witness catch-up failed');
    });
    if (this.options.schedule === false) return;
    this.audit.onAppend((pending) => {
      if (pending >= this.options.everyEntries && !this.suspended && !this.stopped) this.trigger();
    });
    this.timer = setInterval(() => {
      this.suspended = false;
      this.trigger();
    }, this.options.everySeconds * 1000);
    this.timer.unref();
  }

  /** Starts a run (or queues one behind the current run). */
  trigger(): void {
    if (this.running !== undefined) {
      this.rerun = true;
      return;
    }
    this.running = (async () => {
      do {
        this.rerun = false;
        if ((await this.run('scheduled')) === null) this.suspended = true;
      } while (this.rerun && !this.suspended);
      this.running = undefined;
    })();
  }

  /** Stops the schedule, waits for a run in progress, then signs what is pending. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running;
    await this.run('final');
  }

  /** The checkpoints signed, or null when the run failed (logged). */
  private async run(when: string): Promise<Checkpoint[] | null> {
    try {
      const created = await this.audit.createCheckpoints();
      if (created.length > 0) {
        this.logger.debug(
          { checkpoints: created.length, toSeq: created.at(-1)!.toSeq, when },
          'audit checkpoint signed',
        );
      }
      return created;
    } catch (error) {
      this.logger.error({ err: error, when }, 'audit checkpoint failed');
      return null;
    }
  }
}
