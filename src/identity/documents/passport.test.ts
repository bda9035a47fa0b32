import { describe, expect, it } from 'vitest';
import { validateDocument } from './validate-document.js';

const TODAY = new Date('2025-06-01T12:00:00+08:00');

/** ICAO 9303 check digit, computed here independently of the code under test. */
function checkDigit(field: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  [...field].forEach((character, index) => {
    const value =
      character === '<' ? 0 : /[0-9]/.test(character) ? Number(character) : character.charCodeAt(0) - 55;
    sum += value * (weights[index % 3] ?? 0);
  });
  return String(sum % 10);
}

interface Td3Fields {
  number: string;
  nationality: string;
  birth?: string;
  sex?: string;
  expiry?: string;
  optional?: string;
  issuer?: string;
}

/** A TD3 MRZ (two lines) with every check digit computed. */
function td3({
  number,
  nationality,
  birth = '850315',
  sex = 'M',
  expiry = '300101',
  optional = '',
  issuer,
}: Td3Fields) {
  const documentNumber = number.padEnd(9, '<');
  const optionalData = optional.padEnd(14, '<');
  const optionalCheck = optional === '' ? '<' : checkDigit(optionalData);
  const composite =
    documentNumber +
    checkDigit(documentNumber) +
    birth +
    checkDigit(birth) +
    expiry +
    checkDigit(expiry) +
    optionalData +
    optionalCheck;
  const line2 =
    documentNumber +
    checkDigit(documentNumber) +
    nationality.padEnd(3, '<') +
    birth +
    checkDigit(birth) +
    sex +
    expiry +
    checkDigit(expiry) +
    optionalData +
    optionalCheck +
    checkDigit(composite);
  const line1 = `P<${(issuer ?? nationality).padEnd(3, '<')}DOE<<JANE`.padEnd(44, '<');
  return `${line1}\n${line2}`;
}

function check(number: string, nationality?: string, mrz?: string) {
  return validateDocument({ type: 'passport', number, nationality, mrz }, { today: TODAY });
}

describe('passport', () => {
  it('accepts a foreign passport of 5 to 17 letters and digits, reporting the nationality', () => {
    expect(check('X1234567', 'FRA')).toEqual({
      valid: true,
      reason: null,
      message: 'The document number is valid.',
      normalized: 'X1234567',
      nationality: 'FRA',
    });
    expect(check('12345', 'USA').valid).toBe(true);
    expect(check('A'.repeat(17), 'GBR').valid).toBe(true);
    expect(check(' x1234567 ', ' fra ')).toMatchObject({
      valid: true,
      normalized: 'X1234567',
      nationality: 'FRA',
    });
  });

  it('rejects foreign numbers of the wrong length or characters', () => {
    expect(check('12', 'FRA').reason).toBe('bad-length');
    expect(check('1234', 'FRA').reason).toBe('bad-length');
    expect(check('A'.repeat(18), 'FRA').reason).toBe('bad-length');
    expect(check('AB-12345', 'FRA').reason).toBe('bad-characters');
    expect(check('AB 12345', 'FRA').reason).toBe('bad-characters');
    expect(check('ÄB12345', 'DEU').reason).toBe('bad-characters');
    expect(check('', 'FRA').reason).toBe('empty');
  });

  it('requires an ISO 3166-1 alpha-3 nationality', () => {
    expect(check('X1234567').reason).toBe('nationality-required');
    expect(check('X1234567', '  ').reason).toBe('nationality-required');
    for (const nationality of ['XXX', 'UTO', 'FR', 'FRAN', 'F1A', 'ﬀa']) {
      expect(check('X1234567', nationality).reason).toBe('bad-nationality');
    }
  });

  describe('PRC passports', () => {
    it.each(['E98765432', 'EA1234567', 'EB1234567', 'EC1234567', 'ED1234567', 'EE1234567', 'EF1234567'])(
      'accepts %s',
      (number) => {
        expect(check(number, 'CHN')).toMatchObject({ valid: true, normalized: number, nationality: 'CHN' });
      },
    );

    it('accepts lower case', () => {
      expect(check('e98765432', 'chn')).toMatchObject({
        valid: true,
        normalized: 'E98765432',
        nationality: 'CHN',
      });
    });

    it.each([
      'K1234567',
      'G12345678',
      'E1234567',
      'E123456789',
      'EG1234567',
      'EA12345678',
      'D12345678',
      '123456789',
    ])('rejects %s', (number) => {
      expect(check(number, 'CHN').reason).toBe('bad-pattern');
    });

    it('applies the PRC rules to CHN only', () => {
      expect(check('K1234567', 'HKG').valid).toBe(true);
    });
  });

  describe('with an MRZ', () => {
    it('accepts a zone whose check digits hold and which names the same passport, adding its facts', () => {
      const mrz = td3({ number: 'E98765432', nationality: 'CHN', birth: '850315', sex: 'F' });
      expect(check('E98765432', 'CHN', mrz)).toEqual({
        valid: true,
        reason: null,
        message: 'The document number is valid.',
        normalized: 'E98765432',
        nationality: 'CHN',
        birthDate: '1985-03-15',
        sex: 'female',
      });
    });

    it('accepts optional data with its check digit, and the filler check when unused', () => {
      expect(
        check('X1234567', 'FRA', td3({ number: 'X1234567', nationality: 'FRA', optional: 'AB123' })).valid,
      ).toBe(true);
      expect(check('X1234567', 'FRA', td3({ number: 'X1234567', nationality: 'FRA' })).valid).toBe(true);
    });

    it('chooses the birth century so the date is not in the future', () => {
      const born2010 = td3({ number: 'X1234567', nationality: 'FRA', birth: '100704' });
      const born1930 = td3({ number: 'X1234567', nationality: 'FRA', birth: '300704' });
      expect(check('X1234567', 'FRA', born2010).birthDate).toBe('2010-07-04');
      expect(check('X1234567', 'FRA', born1930).birthDate).toBe('1930-07-04');
    });

    it('omits birth date and sex when the zone leaves them unspecified', () => {
      const result = check(
        'X1234567',
        'FRA',
        td3({ number: 'X1234567', nationality: 'FRA', birth: '<<<<<<', sex: '<' }),
      );
      expect(result.valid).toBe(true);
      expect(result.birthDate).toBeUndefined();
      expect(result.sex).toBeUndefined();
    });

    it("maps Germany's ICAO code D to DEU", () => {
      expect(check('C01X00T47', 'DEU', td3({ number: 'C01X00T47', nationality: 'D' })).valid).toBe(true);
    });

    it('rejects a zone naming another number or nationality', () => {
      const mrz = td3({ number: 'E98765432', nationality: 'CHN' });
      expect(check('E98765431', 'CHN', mrz).reason).toBe('mrz-mismatch');
      expect(check('E98765432', 'FRA', mrz).reason).toBe('mrz-mismatch');
      expect(check('X12345678901', 'FRA', td3({ number: 'X12345678', nationality: 'FRA' })).reason).toBe(
        'mrz-mismatch',
      );
    });

    it('rejects a zone whose check digits do not hold', () => {
      const mrz = td3({ number: 'E98765432', nationality: 'CHN' });
      const tampered = mrz.replace('E98765432', 'E98765433');
      expect(check('E98765433', 'CHN', tampered).reason).toBe('bad-mrz-checksum');
    });

    it('rejects a malformed zone, including an impossible birth or expiry date', () => {
      expect(check('E98765432', 'CHN', 'not an mrz').reason).toBe('bad-mrz');
      const badBirth = td3({ number: 'X1234567', nationality: 'FRA', birth: '851315' });
      const badExpiry = td3({ number: 'X1234567', nationality: 'FRA', expiry: '300230' });
      expect(check('X1234567', 'FRA', badBirth).reason).toBe('bad-mrz');
      expect(check('X1234567', 'FRA', badExpiry).reason).toBe('bad-mrz');
    });

    it('ignores an empty zone', () => {
      expect(check('E98765432', 'CHN', '  ').valid).toBe(true);
    });
  });
});
