import { describe, expect, it } from 'vitest';
import { validateDocument } from './validate-document.js';

function check(type: 'hkmo-permit' | 'tw-permit', number: string) {
  return validateDocument({ type, number });
}

describe('hkmo-permit', () => {
  it('accepts H or M with 8 digits and reports the territory', () => {
    expect(check('hkmo-permit', 'H12345678')).toMatchObject({
      valid: true,
      normalized: 'H12345678',
      region: { code: '810000', province: '81' },
    });
    expect(check('hkmo-permit', 'M12340000')).toMatchObject({
      valid: true,
      region: { code: '820000', province: '82' },
    });
  });

  it('accepts the 10-digit numbers of older booklets', () => {
    expect(check('hkmo-permit', 'H1234567890').valid).toBe(true);
  });

  it('accepts lower case and whitespace around the number', () => {
    expect(check('hkmo-permit', ' m12340000 ')).toMatchObject({ valid: true, normalized: 'M12340000' });
  });

  it('rejects wrong lengths, characters and arrangements', () => {
    expect(check('hkmo-permit', 'H123').reason).toBe('bad-length');
    expect(check('hkmo-permit', 'H123456789').reason).toBe('bad-length');
    expect(check('hkmo-permit', 'H12345 678').reason).toBe('bad-length');
    expect(check('hkmo-permit', 'H1234567８').reason).toBe('bad-characters');
    expect(check('hkmo-permit', 'X12345678').reason).toBe('bad-pattern');
    expect(check('hkmo-permit', 'HM1234567').reason).toBe('bad-pattern');
    expect(check('hkmo-permit', 'H1234567A').reason).toBe('bad-pattern');
    expect(check('hkmo-permit', '123456789').reason).toBe('bad-pattern');
    expect(check('hkmo-permit', '').reason).toBe('empty');
  });
});

describe('tw-permit', () => {
  it('accepts 8 digits', () => {
    expect(check('tw-permit', '87654321')).toMatchObject({ valid: true, normalized: '87654321' });
    expect(check('tw-permit', ' 00000001\n')).toMatchObject({ valid: true, normalized: '00000001' });
  });

  it('rejects anything else', () => {
    expect(check('tw-permit', '8765432X').reason).toBe('bad-characters');
    expect(check('tw-permit', 'T8765432').reason).toBe('bad-characters');
    expect(check('tw-permit', '1234567').reason).toBe('bad-length');
    expect(check('tw-permit', '123456789').reason).toBe('bad-length');
    expect(check('tw-permit', '\t').reason).toBe('empty');
  });
});
