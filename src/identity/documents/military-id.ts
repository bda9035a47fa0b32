// 军人/武警身份证件. IDENTITY.md gives no format ("pattern only") and the numbering rules are not public, so this
// accepts the two shapes seen in practice and documents them:
//   1. the legacy officer / soldier / armed-police card: 1–4 Han characters naming the issuing body (军, 武, 南,
//      海, 空 …), optionally 字 or 字第, then 6–12 digits, optionally closed by 号 — e.g. 南字第20161234号,
//      武字123456;
//   2. a plain 6–12 character serial of ASCII letters and digits with at least one digit — e.g. 12345678, JZ1234567.

import { acceptDocument, rejectDocument } from './document-check.js';
import type { DocumentCheck } from './document-check.js';

const LEGACY_CARD = /^[\u4e00-\u9fff]{1,4}(?:字第|字)?[0-9]{6,12}号?$/;
const PLAIN_SERIAL = /^(?=[A-Za-z]*[0-9])[A-Za-z0-9]{6,12}$/;

/** Validates a military or armed-police ID by pattern (see the file comment for the two accepted shapes). */
export function checkMilitaryId(number: string): DocumentCheck {
  const value = number.trim();
  if (value === '') return rejectDocument('empty');
  if (LEGACY_CARD.test(value)) return acceptDocument(value);
  if (PLAIN_SERIAL.test(value)) return acceptDocument(value.toUpperCase());
  return rejectDocument('bad-pattern');
}
