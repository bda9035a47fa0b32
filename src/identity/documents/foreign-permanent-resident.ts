// 外国人永久居留身份证. Two generations are in circulation: the 18-character card issued from 2023-12-01, built
// like a resident ID (checked in resident-id.ts), and the older 15-character card, checked by pattern only.

import { isIso3166Alpha3 } from './countries.js';
import { acceptDocument, rejectDocument } from './document-check.js';
import type { DocumentCheck } from './document-check.js';
import { checkResidentIdFamily } from './resident-id.js';

const ASCII_ALPHANUMERIC = /^[A-Za-z0-9]+$/;
const OLD_CARD = /^[A-Z]{3}[0-9]{12}$/;

/** Validates a foreign permanent resident ID: the new 18-character number or the old 3 letters + 12 digits. */
export function checkForeignPermanentResident(number: string, today: Date | undefined): DocumentCheck {
  const value = number.trim();
  if (value === '') return rejectDocument('empty');
  if (value.length === 18) return checkResidentIdFamily(value, 'foreign-permanent-resident', today);
  if (value.length !== 15) return rejectDocument('bad-length');
  if (!ASCII_ALPHANUMERIC.test(value)) return rejectDocument('bad-characters');
  const normalized = value.toUpperCase();
  if (!OLD_CARD.test(normalized)) return rejectDocument('bad-pattern');
  // The letters are the holder's nationality on real cards, but IDENTITY.md asks for the pattern only, so an
  // unknown code is not a rejection; it is reported only when it is a real ISO 3166-1 code.
  const letters = normalized.slice(0, 3);
  return acceptDocument(normalized, isIso3166Alpha3(letters) ? { nationality: letters } : {});
}
