import { describe, expect, it } from 'vitest';
import { DOCUMENT_REASONS, DOCUMENT_REASON_MESSAGES } from './document-check.js';
import type { DocumentReason } from './document-check.js';
import { DOCUMENT_TYPES, isDocumentType } from './document-types.js';
import { validateDocument } from './validate-document.js';
import type { DocumentInput } from './validate-document.js';

const TODAY = new Date('2025-06-01T12:00:00+08:00');
const SPECIMEN_MRZ_LINE_2 = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';

// One input per reason code: proves every code is reachable and the table is complete.
const EXAMPLE_BY_REASON: Record<DocumentReason, DocumentInput> = {
  'unknown-type': { type: 'driving-licence', number: '11010519491231002X' },
  'bad-input': { type: 'resident-id', number: 42 as unknown as string },
  empty: { type: 'resident-id', number: '   ' },
  'bad-length': { type: 'resident-id', number: '1101051949123100' },
  'bad-characters': { type: 'resident-id', number: '1101051949123100AX' },
  'bad-checksum': { type: 'resident-id', number: '110105194912310021' },
  'bad-region': { type: 'resident-id', number: '720202198811111230' },
  'bad-date': { type: 'resident-id', number: '370202202302291230' },
  'future-date': { type: 'resident-id', number: '110105209901010014' },
  'date-before-1900': { type: 'resident-id', number: '110105189912310014' },
  'first-generation-id': { type: 'resident-id', number: '110105491231002' },
  'bad-pattern': { type: 'passport', number: 'K1234567', nationality: 'CHN' },
  'bad-nationality': { type: 'passport', number: 'X1234567', nationality: 'XXX' },
  'nationality-required': { type: 'passport', number: 'X1234567' },
  'bad-mrz': { type: 'passport', number: 'L898902C3', nationality: 'FRA', mrz: 'P<FRA' },
  'bad-mrz-checksum': {
    type: 'passport',
    number: 'L898902C3',
    nationality: 'FRA',
    mrz: SPECIMEN_MRZ_LINE_2.replace('UTO7408122', 'FRA7408123'),
  },
  'mrz-mismatch': {
    type: 'passport',
    number: 'L898902C3',
    nationality: 'DEU',
    mrz: SPECIMEN_MRZ_LINE_2.replace('UTO', 'FRA'),
  },
};

describe('DOCUMENT_TYPES', () => {
  it('lists every slug of IDENTITY.md', () => {
    expect(DOCUMENT_TYPES).toEqual([
      'resident-id',
      'hkmo-residence',
      'tw-residence',
      'hkmo-permit',
      'tw-permit',
      'foreign-permanent-resident',
      'passport',
      'military-id',
      'uscc',
    ]);
  });

  it('recognises exactly those slugs', () => {
    for (const type of DOCUMENT_TYPES) expect(isDocumentType(type)).toBe(true);
    for (const value of ['Resident-ID', 'resident_id', ' passport', '', 42, null, undefined]) {
      expect(isDocumentType(value)).toBe(false);
    }
  });
});

describe('validateDocument', () => {
  it.each(DOCUMENT_REASONS)('can reject for %s, with the message of the table', (reason) => {
    const result = validateDocument(EXAMPLE_BY_REASON[reason], { today: TODAY });
    expect(result).toMatchObject({ valid: false, reason, normalized: null });
    expect(result.message.startsWith(DOCUMENT_REASON_MESSAGES[reason])).toBe(
      reason !== 'bad-input', // bad-input names the field instead
    );
  });

  it('has a message for every reason, each distinct', () => {
    const messages = Object.values(DOCUMENT_REASON_MESSAGES);
    expect(messages).toHaveLength(DOCUMENT_REASONS.length);
    expect(new Set(messages).size).toBe(messages.length);
    for (const reason of DOCUMENT_REASONS) expect(reason).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('lists the supported types when the type is unknown, and matches slugs exactly', () => {
    expect(validateDocument({ type: 'Resident-ID', number: '11010519491231002X' }).message).toContain(
      'resident-id, hkmo-residence',
    );
  });

  it('names the field when a loosely typed caller passes a number that is not a string', () => {
    const input = { type: 'uscc', number: null } as unknown as DocumentInput;
    expect(validateDocument(input)).toMatchObject({
      reason: 'bad-input',
      message: 'Field "number" must be a string.',
    });
  });

  it('ignores nationality and mrz for types that do not use them', () => {
    expect(
      validateDocument({ type: 'resident-id', number: '11010519491231002X', nationality: 'XXX', mrz: 'junk' })
        .valid,
    ).toBe(true);
  });

  it('never throws and keeps its promises on arbitrary input', () => {
    let state = 12_345;
    const random = (n: number): number => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor((state / 2_147_483_648) * n);
    };
    const alphabet = '0123456789XxEHMAZ<字第号 \t\u3000·-１Ａ\uD83D\uDE00';
    for (let sample = 0; sample < 3000; sample++) {
      const length = random(24);
      let number = '';
      for (let index = 0; index < length; index++) number += alphabet.charAt(random(alphabet.length));
      const type = DOCUMENT_TYPES[random(DOCUMENT_TYPES.length)] ?? 'resident-id';
      const result = validateDocument({
        type,
        number,
        nationality: ['CHN', 'FRA', undefined][random(3)],
        mrz: number,
      });
      expect(result.valid).toBe(result.reason === null);
      expect(result.normalized === null).toBe(!result.valid);
      expect(typeof result.message).toBe('string');
    }
  });
});
