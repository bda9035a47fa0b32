import { describe, expect, it } from 'vitest';
import { Keyring, generateKeyFile } from '../platform/crypto/keyring.js';
import { Vault } from '../platform/crypto/vault.js';
import {
  addDays,
  canonicalPhone,
  chinaDate,
  documentIndex,
  identifyDocument,
  isPhoneNumber,
  phoneIndex,
} from './subject-index.js';

const vault = new Vault(Keyring.fromJson(JSON.stringify(generateKeyFile())));
const now = Date.parse('2026-03-01T12:00:00Z');
const indexOf = (document: { documentType: string; number: string; nationality?: string }) =>
  documentIndex(vault, identifyDocument(document, now).key);

describe('blind indexes of documents and phones', () => {
  it('gives one index for one document however it was typed', () => {
    const canonical = indexOf({ documentType: 'resident-id', number: '11010519491231002X' });
    expect(indexOf({ documentType: 'resident-id', number: ' 11010519491231002x ' })).toBe(canonical);
    expect(canonical).toMatch(/^[0-9a-f]{64}$/);
    // The same digits as another type of document are another document.
    expect(indexOf({ documentType: 'hkmo-residence', number: '11010519491231002X' })).not.toBe(canonical);
  });

  it('keys passports on their country too', () => {
    const french = indexOf({ documentType: 'passport', number: 'x1234567', nationality: 'fra' });
    expect(indexOf({ documentType: 'passport', number: 'X1234567', nationality: 'FRA' })).toBe(french);
    expect(indexOf({ documentType: 'passport', number: 'X1234567', nationality: 'DEU' })).not.toBe(french);
  });

  it('keys invalid documents on their characters, so refusals of one false document correlate', () => {
    const { check, key } = identifyDocument(
      { documentType: 'resident-id', number: '110105 1949 1231 0020' },
      now,
    );
    expect(check.valid).toBe(false);
    expect(key.number).toBe('110105194912310020');
    expect(indexOf({ documentType: 'resident-id', number: '110105194912310020' })).toBe(
      documentIndex(vault, key),
    );
  });

  it('reduces phones to their digits, without the mainland prefix', () => {
    expect(canonicalPhone('+86 138-1234-5678')).toBe('13812345678');
    expect(canonicalPhone('0086 (138) 1234 5678')).toBe('13812345678');
    expect(canonicalPhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(phoneIndex(vault, '+86 13812345678')).toBe(phoneIndex(vault, '138 1234 5678'));
    expect(isPhoneNumber('138 1234 5678')).toBe(true);
    expect(isPhoneNumber('call me')).toBe(false);
    expect(isPhoneNumber('12345')).toBe(false);
  });

  it("uses China's calendar date for today", () => {
    expect(chinaDate(Date.parse('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(chinaDate(Date.parse('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});
