// 统一社会信用代码 (GB 32100-2015): the identifier of an organisation sender.

import { USCC_ALPHABET, usccCheckCharacter } from './check-characters.js';
import { acceptDocument, rejectDocument } from './document-check.js';
import type { DocumentCheck } from './document-check.js';

const ASCII_ALPHANUMERIC = /^[A-Za-z0-9]+$/;

/** Validates a unified social credit code: 18 characters of the GB 32100 alphabet and its check character. */
export function checkUscc(number: string): DocumentCheck {
  const value = number.trim();
  if (value === '') return rejectDocument('empty');
  if (value.length !== 18) return rejectDocument('bad-length');
  // Test the ASCII range before upper-casing: toUpperCase turns some non-ASCII letters (ß, ﬀ) into ASCII ones.
  if (!ASCII_ALPHANUMERIC.test(value)) return rejectDocument('bad-characters');
  const normalized = value.toUpperCase();
  for (const character of normalized) {
    if (!USCC_ALPHABET.includes(character)) return rejectDocument('bad-characters');
  }
  if (usccCheckCharacter(normalized) !== normalized.charAt(17)) return rejectDocument('bad-checksum');
  return acceptDocument(normalized);
}
