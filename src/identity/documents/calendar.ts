// Birth-date rules on plain integers: the resident-id hot path must not build a Date per call.
// "Today" is the calendar date in China Standard Time (UTC+8, no daylight saving), where the documents are issued:
// a child born just after midnight in Beijing is already "today" there while UTC still says yesterday.
import { chinaDayOf, DAY_MS } from '../../platform/clock.js';

const EARLIEST_BIRTH_YEAR = 1900;

/** Why a birth date is not acceptable. */
export type BirthDateProblem = 'bad-date' | 'date-before-1900' | 'future-date';

/** True for Gregorian leap years (1900 is not one, 2000 is). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when year/month/day name a real Gregorian calendar date. */
export function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The China Standard Time calendar date of an instant, as the integer YYYYMMDD. */
export function chinaDateNumber(epochMs: number): number {
  const shifted = new Date(chinaDayOf(epochMs) * DAY_MS);
  return shifted.getUTCFullYear() * 10_000 + (shifted.getUTCMonth() + 1) * 100 + shifted.getUTCDate();
}

// 0 until first needed, so importing this module does not read the clock.
let cachedNowDateNumber = 0;
let memoTodayMs = Number.NaN;
let memoTodayDateNumber = 0;

/** Today's date (YYYYMMDD, China Standard Time): of `today` when given (an invalid Date means now), else of now. */
export function todayDateNumber(today?: Date): number {
  const ms = today === undefined ? Number.NaN : today.getTime();
  if (Number.isNaN(ms)) {
    cachedNowDateNumber = chinaDateNumber(Date.now());
    return cachedNowDateNumber;
  }
  if (ms !== memoTodayMs) {
    memoTodayMs = ms;
    memoTodayDateNumber = chinaDateNumber(ms);
  }
  return memoTodayDateNumber;
}

function isAfterToday(dateNumber: number, today: Date | undefined): boolean {
  // Without an explicit today, "now" only moves forward: a date on or before the cached today can never be in
  // the future, so only a later date pays for reading the clock (the cache may be stale after midnight).
  if (today === undefined && dateNumber <= cachedNowDateNumber) return false;
  return dateNumber > todayDateNumber(today);
}

/** The problem with a birth date, or null when it is a real date from 1900-01-01 up to today. */
export function findBirthDateProblem(
  year: number,
  month: number,
  day: number,
  today: Date | undefined,
): BirthDateProblem | null {
  if (!isRealDate(year, month, day)) return 'bad-date';
  if (year < EARLIEST_BIRTH_YEAR) return 'date-before-1900';
  if (isAfterToday(year * 10_000 + month * 100 + day, today)) return 'future-date';
  return null;
}
