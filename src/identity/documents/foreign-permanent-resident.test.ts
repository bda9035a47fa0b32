import { describe, expect, it } from 'vitest';
import { validateDocument } from './validate-document.js';

const TODAY = new Date('2025-06-01T12:00:00+08:00');
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function withCheck(body: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += Number(body[index]) * (WEIGHTS[index] ?? 0);
  return body + '10X98765432'.charAt(sum % 11);
}

function check(number: string) {
  return validateDocument({ type: 'foreign-permanent-resident', number }, { today: TODAY });
}

describe('foreign-permanent-resident, new 18-character card', () => {
  it('accepts a valid number and reports province, nationality and birth date', () => {
    expect(check('944124199001010034')).toEqual({
      valid: true,
      reason: null,
      message: 'The document number is valid.',
      normalized: '944124199001010034',
      birthDate: '1990-01-01',
      region: { code: '440000', province: '44' },
      nationality: 'CAN',
    });
    expect(check(withCheck('91184019850315123'))).toMatchObject({ valid: true, nationality: 'USA' });
  });

  it('accepts lower-case x and surrounding whitespace', () => {
    const number = withCheck('93125019850315123'.slice(0, 14) + '009');
    const lower = number.endsWith('X') ? `${number.slice(0, 17)}x` : number;
    expect(check(` ${lower} `)).toMatchObject({ valid: true, normalized: number });
  });

  it('requires the leading 9', () => {
    expect(check(withCheck('84412419900101003')).reason).toBe('bad-pattern');
  });

  it('requires a province from the list', () => {
    expect(check(withCheck('99912419900101003')).reason).toBe('bad-region');
    expect(check(withCheck('98112419900101003')).reason).toBe('bad-region');
  });

  it('requires an assigned ISO 3166-1 numeric nationality', () => {
    expect(check(withCheck('94400019900101003')).reason).toBe('bad-nationality');
    expect(check(withCheck('94499919900101003')).reason).toBe('bad-nationality');
    expect(check(withCheck('94412519900101003')).reason).toBe('bad-nationality');
  });

  it('checks the birth date and the check character like a resident ID', () => {
    expect(check(withCheck('94412419900230003')).reason).toBe('bad-date');
    expect(check(withCheck('94412420260101003')).reason).toBe('future-date');
    expect(check(withCheck('94412418991231003')).reason).toBe('date-before-1900');
    expect(check('944124199001010035').reason).toBe('bad-checksum');
    expect(check('94412419900101003A').reason).toBe('bad-characters');
  });
});

describe('foreign-permanent-resident, old 15-character card', () => {
  it('accepts 3 letters + 12 digits, upper-casing the letters', () => {
    expect(check('USA110190010112')).toEqual({
      valid: true,
      reason: null,
      message: 'The document number is valid.',
      normalized: 'USA110190010112',
      nationality: 'USA',
    });
    expect(check('can440185063021')).toMatchObject({ valid: true, normalized: 'CAN440185063021' });
  });

  it('checks the pattern only: unassigned letters are accepted without a nationality', () => {
    const result = check('ZZZ110190010112');
    expect(result).toMatchObject({ valid: true, normalized: 'ZZZ110190010112' });
    expect(result.nationality).toBeUndefined();
  });

  it('rejects other arrangements, characters and lengths', () => {
    expect(check('US1110190010112').reason).toBe('bad-pattern');
    expect(check('110105491231002').reason).toBe('bad-pattern');
    expect(check('USA11019001011A').reason).toBe('bad-pattern');
    expect(check('USA11019001011!').reason).toBe('bad-characters');
    expect(check('USA11019001011').reason).toBe('bad-length');
    expect(check('USA1101900101123').reason).toBe('bad-length');
    expect(check('  ').reason).toBe('empty');
  });
});
