// Dates the way the counter reads them: China's calendar day, whatever the browser's zone.

/** Today in China (UTC+8) as YYYY-MM-DD. */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Whole days from China's today to a YYYY-MM-DD date (negative when past). */
export function daysUntil(date: string, now = Date.now()): number {
  return Math.round(
    (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${chinaToday(now)}T00:00:00Z`)) / 86_400_000,
  );
}

/** An epoch-millisecond time as China's local date and time, YYYY-MM-DD HH:mm. */
export function chinaDateTime(epochMs: number): string {
  return new Date(epochMs + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
