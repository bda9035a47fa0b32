import { describe, expect, it } from 'vitest';
import { validateDocument } from './validate-document.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015 computed here independently of the code under test. */
function withCheck(body: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index++)
    sum += ALPHABET.indexOf(body.charAt(index)) * (WEIGHTS[index] ?? 0);
  return body + ALPHABET.charAt((31 - (sum % 31)) % 31);
}

function check(number: string) {
  return validateDocument({ type: 'uscc', number });
}

describe('uscc', () => {
  it('accepts the public test vector', () => {
    expect(check('91350100M000100Y43')).toEqual({
      valid: true,
      reason: null,
      message: 'The document number is valid.',
      normalized: '91350100M000100Y43',
    });
  });

  it('rejects a wrong check character', () => {
    expect(check('91350100M000100Y44').reason).toBe('bad-checksum');
  });

  it('accepts generated codes for every check value, including C = 31 → 0', () => {
    const seen = new Set<string>();
    for (let serial = 0; serial < 5000 && seen.size < 31; serial++) {
      const body = `9144030${String(serial).padStart(6, '0')}MA5Y`;
      const code = withCheck(body);
      seen.add(code.charAt(17));
      expect(check(code).valid).toBe(true);
    }
    expect(seen.size).toBe(31);
  });

  it('accepts lower case and surrounding whitespace', () => {
    expect(check(' 91350100m000100y43\n')).toMatchObject({ valid: true, normalized: '91350100M000100Y43' });
  });

  it('rejects I, O, S, V and Z, and anything outside ASCII letters and digits', () => {
    for (const letter of ['I', 'O', 'S', 'V', 'Z', 'i', '-', 'Ａ']) {
      expect(check(`91350100M00010${letter}Y43`).reason).toBe('bad-characters');
    }
  });

  it('rejects other lengths and empty input', () => {
    expect(check('91350100M000100Y4').reason).toBe('bad-length');
    expect(check('91350100M000100Y433').reason).toBe('bad-length');
    expect(check('').reason).toBe('empty');
  });
});
