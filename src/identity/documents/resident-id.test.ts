import { describe, expect, it } from 'vitest';
import { validateDocument } from './validate-document.js';

const TODAY = new Date('2025-06-01T12:00:00+08:00');
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The remainder S mod 11 of the standard, computed here independently of the code under test. */
function remainderOf(body: string): number {
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += Number(body[index]) * (WEIGHTS[index] ?? 0);
  return sum % 11;
}

/** A 17-digit body completed with its check character. */
function withCheck(body: string): string {
  return body + '10X98765432'.charAt(remainderOf(body));
}

/** The first body with the given prefix (and a varied sequence number) whose check character is `wanted`. */
function bodyWithCheck(prefix: string, wanted: string): string {
  for (let sequence = 0; sequence < 1000; sequence++) {
    const body = prefix + String(sequence).padStart(3, '0');
    if (withCheck(body).endsWith(wanted)) return body;
  }
  throw new Error(`no body with check ${wanted}`);
}

function check(number: string, type = 'resident-id', today: Date | undefined = TODAY) {
  return validateDocument({ type, number }, today === undefined ? undefined : { today });
}

describe('resident-id', () => {
  it('accepts the public test vector and reports what it carries', () => {
    expect(check('11010519491231002X')).toEqual({
      valid: true,
      reason: null,
      message: 'The document number is valid.',
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      region: { code: '110105', province: '11' },
    });
  });

  it('accepts a lower-case x and normalises it to X', () => {
    expect(check('11010519491231002x')).toMatchObject({ valid: true, normalized: '11010519491231002X' });
  });

  it.each(['X', '2', '0', '1', '3', '4', '5', '6', '7', '8', '9'])(
    'accepts a computed check character %s',
    (wanted) => {
      const number = withCheck(bodyWithCheck('11010519900101', wanted));
      expect(number.endsWith(wanted)).toBe(true);
      expect(check(number)).toMatchObject({ valid: true, normalized: number });
    },
  );

  it('rejects every other check character for the bodies that map to X and to 2', () => {
    for (const wanted of ['X', '2']) {
      const body = bodyWithCheck('44030619851120', wanted);
      for (const wrong of '0123456789X'.replace(wanted, '')) {
        expect(check(body + wrong)).toMatchObject({ valid: false, reason: 'bad-checksum', normalized: null });
      }
    }
  });

  it('rejects a check character other than a digit or X', () => {
    for (const last of ['Y', '*', 'Ｘ', ' ']) {
      expect(check(`11010519491231002${last}`).reason).toBe(last === ' ' ? 'bad-length' : 'bad-characters');
    }
  });

  it('rejects any non-digit in the first 17 characters, full-width digits included', () => {
    expect(check('1101051949123100AX').reason).toBe('bad-characters');
    expect(check('１10105194912310020').reason).toBe('bad-characters');
    expect(check('11010X19491231002X').reason).toBe('bad-characters');
  });

  it('catches every single-digit typo in generated valid numbers', () => {
    let seed = 7;
    const nextDigit = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor((seed / 2_147_483_648) * 10);
    };
    for (let sample = 0; sample < 200; sample++) {
      const body = `3201${nextDigit()}${nextDigit()}19${nextDigit()}${nextDigit()}0${1 + (nextDigit() % 9)}1${nextDigit()}${nextDigit()}${nextDigit()}${nextDigit()}`;
      const number = withCheck(body);
      expect(check(number).valid).toBe(true);
      for (let position = 0; position < 17; position++) {
        const digit = Number(number[position]);
        const typo = number.slice(0, position) + String((digit + 1) % 10) + number.slice(position + 1);
        expect(check(typo).valid).toBe(false);
      }
    }
  });

  it('trims surrounding whitespace, ideographic space included, but not inner spaces', () => {
    expect(check('  11010519491231002X\n')).toMatchObject({ valid: true, normalized: '11010519491231002X' });
    expect(check('\u300011010519491231002x\t')).toMatchObject({
      valid: true,
      normalized: '11010519491231002X',
    });
    expect(check('110105 19491231002X').reason).toBe('bad-length');
  });

  it('reports an empty number', () => {
    expect(check('').reason).toBe('empty');
    expect(check(' \t\u3000 ').reason).toBe('empty');
  });

  it('rejects 15-digit first-generation numbers with their own reason', () => {
    expect(check('110105491231002').reason).toBe('first-generation-id');
    expect(check(' 370202881111123 ').reason).toBe('first-generation-id');
    expect(check('11010549123100X').reason).toBe('bad-length');
  });

  it('rejects other lengths', () => {
    for (const number of [
      '1',
      '37020288111112',
      '1101051949123100',
      '11010519491231002XX',
      '1101051949123100201',
    ]) {
      expect(check(number).reason).toBe('bad-length');
    }
  });

  it('reads the sex from the parity of the 17th digit', () => {
    const male = withCheck('1101051990010100' + '1');
    const female = withCheck('1101051990010100' + '2');
    expect(check(male).sex).toBe('male');
    expect(check(female).sex).toBe('female');
  });

  describe('province codes', () => {
    const accepted = [
      ...[11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37],
      ...[41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65],
    ];
    it.each(accepted)('accepts province %i', (province) => {
      expect(check(withCheck(`${province}0102198001010123`.slice(0, 17)))).toMatchObject({
        valid: true,
        region: { province: String(province) },
      });
    });
    it.each([0, 10, 16, 20, 24, 30, 38, 40, 47, 49, 55, 60, 66, 71, 72, 81, 82, 83, 90, 91, 99])(
      'rejects province %i',
      (province) => {
        const body = `${String(province).padStart(2, '0')}0102198001010123`.slice(0, 17);
        expect(check(withCheck(body)).reason).toBe('bad-region');
      },
    );
  });

  describe('birth dates', () => {
    it('accepts 29 February of leap years, 2000 included', () => {
      for (const year of [1904, 1996, 2000, 2004, 2024]) {
        expect(check(withCheck(`110105${year}0229123`)).birthDate).toBe(`${year}-02-29`);
      }
    });

    it('rejects 29 February of other years, 1900 included', () => {
      for (const year of [1900, 1999, 2001, 2023]) {
        expect(check(withCheck(`110105${year}0229123`)).reason).toBe('bad-date');
      }
    });

    it('rejects impossible months and days', () => {
      for (const date of ['19900001', '19901301', '19900100', '19900132', '19900431', '19990230']) {
        expect(check(withCheck(`110105${date}123`)).reason).toBe('bad-date');
      }
    });

    it('accepts 1900-01-01 and rejects the day before', () => {
      expect(check(withCheck('110105190001011234'.slice(0, 17))).valid).toBe(true);
      expect(check(withCheck('11010518991231123')).reason).toBe('date-before-1900');
    });

    it('accepts today and rejects tomorrow, relative to the given today', () => {
      expect(check(withCheck('11010520250601123')).valid).toBe(true);
      expect(check(withCheck('11010520250602123')).reason).toBe('future-date');
      expect(check(withCheck('11010520260101123')).reason).toBe('future-date');
    });

    it('takes today in China Standard Time: 00:30 in Beijing is already the next day', () => {
      const halfPastMidnightInBeijing = new Date('2025-06-01T16:30:00Z');
      expect(check(withCheck('11010520250602123'), 'resident-id', halfPastMidnightInBeijing).valid).toBe(
        true,
      );
    });

    it('uses the clock when no today is given', () => {
      expect(check(withCheck('11010520990101123'), 'resident-id', undefined).reason).toBe('future-date');
      expect(check('11010519491231002X', 'resident-id', undefined).valid).toBe(true);
    });
  });
});

describe('hkmo-residence and tw-residence', () => {
  it('accept their own region codes only', () => {
    const hongKong = withCheck('81000019900101123');
    const macau = withCheck('82000019751010002');
    const taiwan = withCheck('83000020010101005');
    expect(check(hongKong, 'hkmo-residence')).toMatchObject({
      valid: true,
      region: { code: '810000', province: '81' },
    });
    expect(check(macau, 'hkmo-residence')).toMatchObject({
      valid: true,
      region: { code: '820000', province: '82' },
    });
    expect(check(taiwan, 'tw-residence')).toMatchObject({
      valid: true,
      region: { code: '830000', province: '83' },
    });
    expect(check(taiwan, 'hkmo-residence').reason).toBe('bad-region');
    expect(check(hongKong, 'tw-residence').reason).toBe('bad-region');
    expect(check(macau, 'tw-residence').reason).toBe('bad-region');
  });

  it('are not resident IDs, and resident IDs are not residence permits', () => {
    expect(check(withCheck('81000019900101123')).reason).toBe('bad-region');
    expect(check('11010519491231002X', 'hkmo-residence').reason).toBe('bad-region');
    expect(check('11010519491231002X', 'tw-residence').reason).toBe('bad-region');
  });

  it('reject a county part other than 0000', () => {
    expect(check(withCheck('81000119900101123'), 'hkmo-residence').reason).toBe('bad-region');
    expect(check(withCheck('83010019900101123'), 'tw-residence').reason).toBe('bad-region');
  });

  it('share the resident-ID date and check rules', () => {
    expect(check(withCheck('81000019000229123'), 'hkmo-residence').reason).toBe('bad-date');
    expect(check(withCheck('83000020300101123'), 'tw-residence').reason).toBe('future-date');
    expect(check('830000200101010059', 'tw-residence').reason).toBe('bad-checksum');
    expect(check('830000200101010058', 'tw-residence')).toMatchObject({ valid: true, sex: 'male' });
  });

  it('have no first-generation form', () => {
    expect(check('810000900101123', 'hkmo-residence').reason).toBe('bad-length');
  });
});
