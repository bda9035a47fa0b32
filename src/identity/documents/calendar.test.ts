import { describe, expect, it } from 'vitest';
import {
  chinaDateNumber,
  daysInMonth,
  findBirthDateProblem,
  isLeapYear,
  isRealDate,
  todayDateNumber,
} from './calendar.js';

const TODAY = new Date('2025-06-01T12:00:00+08:00');

describe('calendar', () => {
  it('knows the Gregorian leap years', () => {
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
    expect(isLeapYear(2004)).toBe(true);
    expect(isLeapYear(2023)).toBe(false);
    expect(isLeapYear(2100)).toBe(false);
  });

  it('knows the length of every month', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((month) => daysInMonth(2023, month))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
  });

  it('rejects impossible dates', () => {
    expect(isRealDate(2000, 2, 29)).toBe(true);
    expect(isRealDate(1900, 2, 29)).toBe(false);
    expect(isRealDate(2023, 0, 1)).toBe(false);
    expect(isRealDate(2023, 13, 1)).toBe(false);
    expect(isRealDate(2023, 4, 31)).toBe(false);
    expect(isRealDate(2023, 1, 0)).toBe(false);
  });

  it('turns the date over at midnight China Standard Time, not UTC', () => {
    expect(chinaDateNumber(Date.UTC(2025, 4, 31, 15, 59, 59, 999))).toBe(20_250_531);
    expect(chinaDateNumber(Date.UTC(2025, 4, 31, 16, 0, 0, 0))).toBe(20_250_601);
    expect(chinaDateNumber(Date.UTC(1969, 11, 31, 16, 0, 0, 0))).toBe(19_700_101);
  });

  it('reads today from the given date, or from the clock when it is missing or invalid', () => {
    expect(todayDateNumber(TODAY)).toBe(20_250_601);
    expect(todayDateNumber(new Date(Number.NaN))).toBe(chinaDateNumber(Date.now()));
    expect(todayDateNumber()).toBe(chinaDateNumber(Date.now()));
  });

  it('names the problem with a birth date', () => {
    expect(findBirthDateProblem(2025, 6, 1, TODAY)).toBeNull();
    expect(findBirthDateProblem(2025, 6, 2, TODAY)).toBe('future-date');
    expect(findBirthDateProblem(1900, 1, 1, TODAY)).toBeNull();
    expect(findBirthDateProblem(1899, 12, 31, TODAY)).toBe('date-before-1900');
    expect(findBirthDateProblem(2023, 2, 29, TODAY)).toBe('bad-date');
    expect(findBirthDateProblem(2999, 1, 1, undefined)).toBe('future-date');
    expect(findBirthDateProblem(1990, 1, 1, undefined)).toBeNull();
  });
});
