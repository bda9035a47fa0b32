// Keyed blind indexes of documents and phones: the only form in which senders, refusals, watchlist entries and
// clues are looked up or correlated. The same document or phone, however it was typed, must give the same index,
// so each is reduced to a canonical form first.
import type { Vault } from '../platform/crypto/vault.js';
import { validateDocument, type DocumentCheck } from './documents/index.js';
import { normalisePersonName } from './name-normalise.js';

const DOCUMENT_DOMAIN = 'identity.document';
const PHONE_DOMAIN = 'identity.phone';
const NAME_DOMAIN = 'identity.name';

/** A document reduced to what identifies it: type, nationality (passports only) and canonical number. */
export interface DocumentKey {
  documentType: string;
  nationality: string | null;
  number: string;
}

export interface DocumentReference {
  documentType: string;
  number: string;
  nationality?: string;
  mrz?: string;
}

/**
 * The canonical key of a document. A valid document keys on the validator's normalised number; an invalid one
 * (a false or mistyped document, still worth correlating across refusals and watchlists) on its characters
 * without spaces, in upper case.
 */
export function documentKeyOf(document: DocumentReference, check: DocumentCheck): DocumentKey {
  const isPassport = document.documentType === 'passport';
  if (check.valid && check.normalized !== null) {
    return {
      documentType: document.documentType,
      nationality: isPassport ? (check.nationality ?? null) : null,
      number: check.normalized,
    };
  }
  const nationality = document.nationality?.trim().toUpperCase();
  return {
    documentType: document.documentType,
    nationality: isPassport && nationality !== undefined && nationality !== '' ? nationality : null,
    number: looseCanonical(document.number),
  };
}

/** Validates a document (as of `now`) and returns the check with its canonical key. */
export function identifyDocument(
  document: DocumentReference,
  now: number,
): { check: DocumentCheck; key: DocumentKey } {
  const check = validateDocument(
    {
      type: document.documentType,
      number: document.number,
      ...(document.nationality === undefined ? {} : { nationality: document.nationality }),
      ...(document.mrz === undefined ? {} : { mrz: document.mrz }),
    },
    { today: new Date(now) },
  );
  return { check, key: documentKeyOf(document, check) };
}

export function documentIndex(vault: Vault, key: DocumentKey): string {
  return vault.blindIndex(DOCUMENT_DOMAIN, `${key.documentType}|${key.nationality ?? ''}|${key.number}`);
}

const PHONE_SEPARATORS = /[\s\-().]/g;
const CHINA_PREFIX = /^(?:\+86|0086)/;
const PHONE_SHAPE = /^\+?[0-9]{6,20}$/;

/** A phone reduced to its digits: separators dropped, the mainland prefix (+86, 0086) removed. */
export function canonicalPhone(phone: string): string {
  return phone.normalize('NFKC').trim().replace(PHONE_SEPARATORS, '').replace(CHINA_PREFIX, '');
}

/** Whether a value looks like a phone number (6–20 digits, an optional leading +, common separators). */
export function isPhoneNumber(phone: string): boolean {
  return PHONE_SHAPE.test(phone.normalize('NFKC').trim().replace(PHONE_SEPARATORS, ''));
}

export function phoneIndex(vault: Vault, phone: string): string {
  return vault.blindIndex(PHONE_DOMAIN, canonicalPhone(phone));
}

/**
 * The blind index of a person's name in the form names are compared in (normalisePersonName: two names match
 * exactly when their indexes are equal), or null for a name that normalises to nothing and so matches nobody.
 * A returning sender's name is checked against the registered one by index, without decrypting it. Like a
 * phone's, a name's index shows which rows share a name to whoever reads the table, and nothing to anyone
 * without the key.
 */
export function nameIndex(vault: Vault, name: string): string | null {
  const index = vault.blindIndexOfCanonical(NAME_DOMAIN, name, normalisePersonName);
  return index === vault.blindIndex(NAME_DOMAIN, '') ? null : index;
}

function looseCanonical(number: string): string {
  return number.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export { chinaDate } from '../platform/clock.js';

/** The China Standard Time calendar date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}
