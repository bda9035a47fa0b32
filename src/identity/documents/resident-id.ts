// The 18-character numbers built like the resident ID (GB 11643): resident IDs, the residence permits for Hong Kong,
// Macau and Taiwan residents, and the new (2023) foreign permanent resident ID card.
// This is the hot path (millions of checks a second): charCodeAt arithmetic, no regular expressions, no Date, and
// no string built unless the number is valid or needs normalising.

import { findBirthDateProblem } from './calendar.js';
import { mod112CheckCode, mod112Remainder } from './check-characters.js';
import { findAlpha3ByNumeric } from './countries.js';
import { VALID_DOCUMENT_MESSAGE, rejectDocument } from './document-check.js';
import type { DocumentCheck } from './document-check.js';
import { isProvinceCode } from './regions.js';
import { isTrimmableCodeUnit } from './whitespace.js';

/** The document types that share the 18-character resident-ID layout and check character. */
export type ResidentIdFamilyType =
  'resident-id' | 'hkmo-residence' | 'tw-residence' | 'foreign-permanent-resident';

const CHAR_0 = 48;
const CHAR_UPPER_X = 88;
const CHAR_LOWER_X = 120;
const HONG_KONG_REGION = 810_000;
const MACAU_REGION = 820_000;
const TAIWAN_REGION = 830_000;

/** Validates a number of the resident-ID family: length, characters, region, birth date, then check character. */
export function checkResidentIdFamily(
  number: string,
  type: ResidentIdFamilyType,
  today: Date | undefined,
): DocumentCheck {
  // Trim by moving indices: the common, already-clean input then needs no copy at all.
  let start = 0;
  let end = number.length;
  while (start < end && isTrimmableCodeUnit(number.charCodeAt(start))) start++;
  while (end > start && isTrimmableCodeUnit(number.charCodeAt(end - 1))) end--;
  const length = end - start;
  if (length === 0) return rejectDocument('empty');
  if (length !== 18) {
    if (length === 15 && type === 'resident-id' && areDigits(number, start, end)) {
      return rejectDocument('first-generation-id');
    }
    return rejectDocument('bad-length');
  }
  if (!areDigits(number, start, start + 17)) return rejectDocument('bad-characters');
  const last = number.charCodeAt(start + 17);
  const lastIsLowerX = last === CHAR_LOWER_X;
  if (!isDigit(last) && last !== CHAR_UPPER_X && !lastIsLowerX) return rejectDocument('bad-characters');

  const regionReason = findRegionReason(type, number, start);
  if (regionReason !== null) return rejectDocument(regionReason);

  // The birth date sits at offsets 6–13 in every member of the family.
  const year = digitsValue(number, start + 6, 4);
  const month = digitsValue(number, start + 10, 2);
  const day = digitsValue(number, start + 12, 2);
  const dateProblem = findBirthDateProblem(year, month, day, today);
  if (dateProblem !== null) return rejectDocument(dateProblem);

  if (mod112CheckCode(mod112Remainder(number, start)) !== (lastIsLowerX ? CHAR_UPPER_X : last)) {
    return rejectDocument('bad-checksum');
  }

  const normalized = lastIsLowerX
    ? number.slice(start, start + 17) + 'X'
    : start === 0 && end === number.length
      ? number
      : number.slice(start, end);
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;
  if (type === 'foreign-permanent-resident') {
    // Offsets 1–2 are the province, 3–5 the ISO 3166-1 numeric nationality (checked above, so it resolves).
    // Sex is not reported: the card's sequence-number rules are not published (IDENTITY.md marks it unconfirmed).
    const province = normalized.slice(1, 3);
    return {
      valid: true,
      reason: null,
      message: VALID_DOCUMENT_MESSAGE,
      normalized,
      birthDate,
      region: { code: `${province}0000`, province },
      nationality: findAlpha3ByNumeric(digitsValue(normalized, 3, 3)),
    };
  }
  return {
    valid: true,
    reason: null,
    message: VALID_DOCUMENT_MESSAGE,
    normalized,
    birthDate,
    // The 17th character is the last digit of the sequence number: odd for men, even for women.
    sex: (normalized.charCodeAt(16) - CHAR_0) % 2 === 1 ? 'male' : 'female',
    region: { code: normalized.slice(0, 6), province: normalized.slice(0, 2) },
  };
}

/** The reason the leading region digits (at `start` in `number`) are wrong for `type`, or null when they are right. */
function findRegionReason(
  type: ResidentIdFamilyType,
  number: string,
  start: number,
): 'bad-region' | 'bad-pattern' | 'bad-nationality' | null {
  switch (type) {
    case 'resident-id':
      return isProvinceCode(digitsValue(number, start, 2)) ? null : 'bad-region';
    case 'hkmo-residence': {
      const region = digitsValue(number, start, 6);
      return region === HONG_KONG_REGION || region === MACAU_REGION ? null : 'bad-region';
    }
    case 'tw-residence':
      return digitsValue(number, start, 6) === TAIWAN_REGION ? null : 'bad-region';
    case 'foreign-permanent-resident':
      if (number.charCodeAt(start) !== CHAR_0 + 9) return 'bad-pattern';
      if (!isProvinceCode(digitsValue(number, start + 1, 2))) return 'bad-region';
      return findAlpha3ByNumeric(digitsValue(number, start + 3, 3)) === undefined ? 'bad-nationality' : null;
  }
}

/** The integer spelled by `count` ASCII digits of `text` at `start` (the caller has checked they are digits). */
function digitsValue(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++)
    value = value * 10 + (text.charCodeAt(index) - CHAR_0);
  return value;
}

function isDigit(code: number): boolean {
  return code >= CHAR_0 && code <= CHAR_0 + 9;
}

function areDigits(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    if (!isDigit(text.charCodeAt(index))) return false;
  }
  return true;
}
