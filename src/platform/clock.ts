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

// The China day. Everything ParcelGuard counts or checks by date (certifications, agreements, watchlist expiries,
// document dates, coverage days, figures by month and quarter) uses the calendar date in China Standard Time
// (UTC+8, no daylight saving): at 07:00 in Beijing UTC still says yesterday. This is the one place it is written.

export const DAY_MS = 86_400_000;
/** China Standard Time is UTC+8 all year. */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar date (YYYY-MM-DD) in China of an instant. */
export function chinaDate(ms: number): string {
  return isoDate(ms + CHINA_OFFSET_MS);
}

/** The calendar month (YYYY-MM) in China of an instant. */
export function chinaMonth(ms: number): string {
  return chinaDate(ms).slice(0, 7);
}

/** The China day number of an instant: whole China days since 1970-01-01. */
export function chinaDayOf(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** YYYY-MM-DD of a China day number. */
export function dayToDate(day: number): string {
  return isoDate(day * DAY_MS);
}

/** The China day number of a YYYY-MM-DD date (assumed valid). */
export function dateToDay(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/** The instant 00:00 in China begins a YYYY-MM-DD date (assumed valid). */
export function chinaDayStart(date: string): number {
  return dateToDay(date) * DAY_MS - CHINA_OFFSET_MS;
}

/** The instants [start, end) of the China days from `fromDay` to `toDay` inclusive. */
export function dayRangeMs(fromDay: number, toDay: number): { start: number; end: number } {
  return { start: fromDay * DAY_MS - CHINA_OFFSET_MS, end: (toDay + 1) * DAY_MS - CHINA_OFFSET_MS };
}
