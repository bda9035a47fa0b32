/** Time source, injectable so tests can fix "now" (certification expiry, session expiry, retention). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can move. */
export class ManualClock implements Clock {
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

/** Today's date as `YYYY-MM-DD` in UTC. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * The calendar date (YYYY-MM-DD) in China Standard Time (UTC+8, no daylight saving): certifications, agreements
 * and watchlist expiries are Chinese calendar dates, and at 07:00 in Beijing UTC still says yesterday.
 */
export function chinaDate(ms: number): string {
  return isoDate(ms + CHINA_OFFSET_MS);
}
