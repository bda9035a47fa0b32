// Mainland travel permits for Hong Kong / Macau residents and for Taiwan residents. Neither has a public check
// digit, so only the shape is checked.

import { acceptDocument, rejectDocument } from './document-check.js';
import type { DocumentCheck } from './document-check.js';

const ASCII_ALPHANUMERIC = /^[A-Za-z0-9]+$/;
const DIGITS = /^[0-9]+$/;
// H (Hong Kong) or M (Macau), then 8 digits on the card, or 10 on the older booklets.
const HKMO_PERMIT = /^[HM](?:[0-9]{8}|[0-9]{10})$/;

/** Validates a 港澳居民来往内地通行证 number: `H`/`M` + 8 digits (or + 10 on old booklets); accepts lower case. */
export function checkHkmoPermit(number: string): DocumentCheck {
  const value = number.trim();
  if (value === '') return rejectDocument('empty');
  if (value.length !== 9 && value.length !== 11) return rejectDocument('bad-length');
  if (!ASCII_ALPHANUMERIC.test(value)) return rejectDocument('bad-characters');
  const normalized = value.toUpperCase();
  if (!HKMO_PERMIT.test(normalized)) return rejectDocument('bad-pattern');
  const region = normalized.startsWith('H') ? '810000' : '820000';
  return acceptDocument(normalized, { region: { code: region, province: region.slice(0, 2) } });
}

/** Validates a 台湾居民来往大陆通行证 number: 8 digits (the card issued since 2015). */
export function checkTwPermit(number: string): DocumentCheck {
  const value = number.trim();
  if (value === '') return rejectDocument('empty');
  if (value.length !== 8) return rejectDocument('bad-length');
  if (!DIGITS.test(value)) return rejectDocument('bad-characters');
  return acceptDocument(value);
}
