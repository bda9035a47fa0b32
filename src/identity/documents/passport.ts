// 护照: any country's passport, identified by nationality (ISO 3166-1 alpha-3) and number, with the stricter
// numbering of PRC ordinary passports and, when the machine-readable zone is given, its ICAO 9303 check digits.

import { isIso3166Alpha3 } from './countries.js';
import { acceptDocument, rejectDocument } from './document-check.js';
import type { DocumentCheck } from './document-check.js';
import { readPassportMrz } from './mrz.js';

const ASCII_ALPHANUMERIC = /^[A-Za-z0-9]+$/;
const ASCII_LETTERS = /^[A-Za-z]+$/;
// E + 8 digits (electronic passports since 2012), or E + a series letter A–F + 7 digits once the digits ran out.
const PRC_PASSPORT = /^E(?:[0-9]{8}|[A-F][0-9]{7})$/;
const MIN_LENGTH = 5;
const MAX_LENGTH = 17;

/** Validates a passport: nationality, number shape (PRC rules for CHN) and, when given, the TD3 MRZ against both. */
export function checkPassport(
  number: string,
  nationality: string | undefined,
  mrz: string | undefined,
  today: Date | undefined,
): DocumentCheck {
  const country = (nationality ?? '').trim();
  if (country === '') return rejectDocument('nationality-required');
  // Test the ASCII range before upper-casing: toUpperCase turns some non-ASCII letters (ß, ﬀ) into ASCII ones.
  if (!ASCII_LETTERS.test(country)) return rejectDocument('bad-nationality');
  const countryCode = country.toUpperCase();
  if (!isIso3166Alpha3(countryCode)) return rejectDocument('bad-nationality');

  const value = number.trim();
  if (value === '') return rejectDocument('empty');
  if (value.length < MIN_LENGTH || value.length > MAX_LENGTH) return rejectDocument('bad-length');
  if (!ASCII_ALPHANUMERIC.test(value)) return rejectDocument('bad-characters');
  const normalized = value.toUpperCase();
  if (countryCode === 'CHN' && !PRC_PASSPORT.test(normalized)) return rejectDocument('bad-pattern');

  if (mrz === undefined || mrz.trim() === '') return acceptDocument(normalized, { nationality: countryCode });
  const reading = readPassportMrz(mrz, today);
  if (!reading.ok) return rejectDocument(reading.reason);
  if (reading.mrz.documentNumber !== normalized || reading.mrz.nationality !== countryCode) {
    return rejectDocument('mrz-mismatch');
  }
  return acceptDocument(normalized, {
    nationality: countryCode,
    birthDate: reading.mrz.birthDate,
    sex: reading.mrz.sex,
  });
}
