import type { Logger } from 'pino';
import type { AuditService } from './audit.service.js';

/**
 * Signs audit checkpoints every `everyEntries` appends or every `everySeconds`, whichever comes first.
 * Runs after commits, outside request transactions, one run at a time.
 */
export class Checkpointer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;

  constructor(
    private readonly audit: AuditService,
    private readonly everyEntries: number,
    private readonly everySeconds: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.audit.onAppend((pending) => {
      if (pending >= this.everyEntries) this.trigger();
    });
    this.timer = setInterval(() => this.trigger(), this.everySeconds * 1000);
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
        try {
          const created = await this.audit.createCheckpoints();
          if (created.length > 0) {
            this.logger.debug(
              { checkpoints: created.length, toSeq: created.at(-1)!.toSeq },
              'audit checkpoint signed',
            );
          }
        } catch (error) {
          this.logger.error({ err: error }, 'audit checkpoint failed');
        }
      } while (this.rerun);
      this.running = undefined;
    })();
  }

  /** Stops the timer and waits for a run in progress, then signs what is pending. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running;
    await this.audit.createCheckpoints().catch((error: unknown) => {
      this.logger.error({ err: error }, 'final audit checkpoint failed');
    });
  }
}
