// Repeated failed logins are throttled per username and per client address: after `maxFailures` within the
// window, further attempts are refused until the window has passed. Kept in memory (one API node); a
// restart forgets it, which only gives an attacker a handful more attempts.

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Seconds until `keys` may try again, or 0 when they may try now. */
  retryAfterSeconds(keys: readonly string[]): number {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.maxFailures) {
        wait = Math.max(
          wait,
          Math.ceil((recent[recent.length - this.maxFailures]! + this.windowMs - now) / 1000),
        );
      }
    }
    return wait;
  }

  recordFailure(keys: readonly string[]): void {
    const now = this.now();
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now]);
    if (this.failures.size > 100_000) this.prune(now);
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => at > now - this.windowMs);
  }

  private prune(now: number): void {
    for (const [key, times] of this.failures) {
      if (times.every((at) => at <= now - this.windowMs)) this.failures.delete(key);
    }
  }
}
