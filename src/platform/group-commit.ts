// Group commit for single requests: a durable commit (an fsync) costs far more than one request's statements, so
// requests arriving while a group is being stored wait and are stored together in the next group, each caller
// getting its own answer or error. A request arriving when nothing runs starts a group at once.
import type { Outcome } from './outcome.js';

export interface GroupCommitOptions {
  /** The most requests one group takes: bounds how long the write lock is held and the last caller waits. */
  maxGroup: number;
  /** The most event-loop turns a group waits for arrivals (each turn only while requests keep arriving). */
  gatherTurns: number;
  /** Groups open at once: one in its transaction, the others waiting for their commit to be durable. */
  maxInFlight: number;
}

interface Waiting<R, T> {
  request: R;
  resolve: (result: T) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitQueue<R, T> {
  private readonly waiting: Waiting<R, T>[] = [];
  private draining = false;
  private readonly groupsInFlight = new Set<Promise<void>>();

  /**
   * `storeGroup` stores a group in one transaction and answers one outcome per request, in order; it rejects
   * only when the group as a whole failed (then every caller of the group gets that error).
   */
  constructor(
    private readonly storeGroup: (requests: readonly R[]) => Promise<Outcome<T>[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(request: R): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  /**
   * Runs the waiting requests, a group per transaction, until none waits. A group is not awaited before the next
   * one forms: once its transaction has committed, the next runs while its commit is made durable (the store
   * answers a transaction only then). At most `maxInFlight` groups are open at once.
   */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        await this.gatherArrivals();
        const group = this.waiting.splice(0, this.options.maxGroup);
        const settled = this.settle(group);
        this.groupsInFlight.add(settled);
        void settled.finally(() => this.groupsInFlight.delete(settled));
        if (this.groupsInFlight.size >= this.options.maxInFlight) await Promise.race(this.groupsInFlight);
      }
    } finally {
      this.draining = false;
    }
  }

  /** Stores one group and answers each caller; never rejects. */
  private async settle(group: readonly Waiting<R, T>[]): Promise<void> {
    try {
      const outcomes = await this.storeGroup(group.map((waiter) => waiter.request));
      outcomes.forEach((outcome, index) => {
        if (outcome.ok) group[index]!.resolve(outcome.value);
        else group[index]!.reject(outcome.error);
      });
    } catch (error) {
      for (const waiter of group) waiter.reject(error);
    }
  }

  /**
   * Lets requests already received join the next group: turns of the event loop (no timer), one more each time
   * the last turn brought new arrivals, at most `gatherTurns`. A transaction on SQLite never yields to I/O (each
   * statement completes at once), so without these turns a group would hold only the request that happened to
   * start it. When nothing else arrives, one turn (microseconds) is all.
   */
  private async gatherArrivals(): Promise<void> {
    const { gatherTurns, maxGroup } = this.options;
    for (let turn = 0; turn < gatherTurns && this.waiting.length < maxGroup; turn += 1) {
      const before = this.waiting.length;
      await new Promise((resolve) => setImmediate(resolve));
      if (this.waiting.length === before) return;
    }
  }
}
