// The machine-readable zone of a TD3 (passport booklet) document, ICAO 9303 part 4: two lines of 44 characters.
// Only the second line carries check digits; the first is checked for shape when it is given.

import { isRealDate, todayDateNumber } from './calendar.js';
import { mrzCheckDigit } from './check-characters.js';

/** What a well-formed TD3 MRZ says about its holder. */
export interface PassportMrz {
  /** Document number without filler characters. */
  documentNumber: string;
  /** Holder's nationality as an ISO 3166-1 alpha-3 code (Germany's ICAO code `D` is mapped to `DEU`). */
  nationality: string;
  /** `YYYY-MM-DD`, absent when the MRZ leaves the date unknown. */
  birthDate?: string;
  sex?: 'male' | 'female';
}

/** A parsed MRZ, or why it could not be accepted. */
export type PassportMrzReading =
  { ok: true; mrz: PassportMrz } | { ok: false; reason: 'bad-mrz' | 'bad-mrz-checksum' };

const TD3_LINE_LENGTH = 44;
const MRZ_LINE = /^[A-Z0-9<]{44}$/;
const LINE_BREAK = /\r\n|\r|\n/;
const BAD_MRZ = { ok: false, reason: 'bad-mrz' } as const;
const BAD_MRZ_CHECKSUM = { ok: false, reason: 'bad-mrz-checksum' } as const;

/**
 * Reads a TD3 MRZ given as its two lines (separated by a line break), as the two lines run together (88 characters),
 * or as the second line alone; lower case is accepted. `today` decides the century of the two-digit birth year.
 */
export function readPassportMrz(text: string, today?: Date): PassportMrzReading {
  const lines = text
    .split(LINE_BREAK)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  let first: string | undefined;
  let second: string | undefined;
  if (lines.length === 2) [first, second] = lines;
  else if (lines.length === 1 && lines[0]?.length === 2 * TD3_LINE_LENGTH) {
    first = lines[0].slice(0, TD3_LINE_LENGTH);
    second = lines[0].slice(TD3_LINE_LENGTH);
  } else if (lines.length === 1) second = lines[0];
  if (second === undefined) return BAD_MRZ;
  second = second.toUpperCase();
  if (!MRZ_LINE.test(second)) return BAD_MRZ;
  if (first !== undefined) {
    first = first.toUpperCase();
    // Document code P (passport), then a type letter or filler.
    if (!MRZ_LINE.test(first) || !first.startsWith('P') || /[0-9]/.test(first.slice(0, 5))) return BAD_MRZ;
  }
  return readSecondLine(second, today);
}

function readSecondLine(line: string, today: Date | undefined): PassportMrzReading {
  const documentNumberField = line.slice(0, 9);
  const nationalityField = line.slice(10, 13);
  const birthField = line.slice(13, 19);
  const sexField = line.charAt(20);
  const expiryField = line.slice(21, 27);
  const optionalDataField = line.slice(28, 42);

  if (!/^[A-Z]+<*$/.test(nationalityField)) return BAD_MRZ;
  if (sexField !== 'M' && sexField !== 'F' && sexField !== 'X' && sexField !== '<') return BAD_MRZ;
  if (!/^(?:[0-9]{6}|<{6})$/.test(birthField) || !/^[0-9]{6}$/.test(expiryField)) return BAD_MRZ;

  // The optional-data check digit may be a filler when the field itself is all fillers.
  const optionalDataCheck = line.charAt(42);
  const optionalDataUnused = optionalDataField === '<'.repeat(14) && optionalDataCheck === '<';
  const checks: readonly (readonly [field: string, checkDigit: string])[] = [
    [documentNumberField, line.charAt(9)],
    [birthField, line.charAt(19)],
    [expiryField, line.charAt(27)],
    ...(optionalDataUnused ? [] : [[optionalDataField, optionalDataCheck] as const]),
    // The composite check covers the document number, birth date, expiry and optional data with their digits.
    [line.slice(0, 10) + line.slice(13, 20) + line.slice(21, 43), line.charAt(43)],
  ];
  for (const [field, checkDigit] of checks) {
    if (!/^[0-9]$/.test(checkDigit)) return BAD_MRZ;
    if (mrzCheckDigit(field) !== Number(checkDigit)) return BAD_MRZ_CHECKSUM;
  }

  // Expiry years are all this century for any passport still in use; only the month and day can be wrong.
  const expiry = splitYymmdd(expiryField);
  if (!isRealDate(2000 + expiry.twoDigitYear, expiry.month, expiry.day)) return BAD_MRZ;
  const mrz: PassportMrz = {
    documentNumber: documentNumberField.replace(/<+$/, ''),
    nationality: nationalityField === 'D<<' ? 'DEU' : nationalityField,
  };
  if (birthField !== '<<<<<<') {
    const birthDate = readBirthDate(birthField, today);
    if (birthDate === null) return BAD_MRZ;
    mrz.birthDate = birthDate;
  }
  if (sexField === 'M') mrz.sex = 'male';
  else if (sexField === 'F') mrz.sex = 'female';
  return { ok: true, mrz };
}

/** `YYMMDD` as `YYYY-MM-DD`, taking the latest century that does not put the date after today; null if unreal. */
function readBirthDate(field: string, today: Date | undefined): string | null {
  const { twoDigitYear, month, day } = splitYymmdd(field);
  const thisCentury = 2000 + twoDigitYear;
  const year =
    thisCentury * 10_000 + month * 100 + day > todayDateNumber(today) ? thisCentury - 100 : thisCentury;
  if (!isRealDate(year, month, day)) return null;
  return `${year}-${field.slice(2, 4)}-${field.slice(4, 6)}`;
}

function splitYymmdd(field: string): { twoDigitYear: number; month: number; day: number } {
  return {
    twoDigitYear: Number(field.slice(0, 2)),
    month: Number(field.slice(2, 4)),
    day: Number(field.slice(4, 6)),
  };
}
