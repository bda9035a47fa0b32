import { describe, expect, it } from 'vitest';
import { ISO_3166_COUNTRIES, findAlpha3ByNumeric, isIso3166Alpha3 } from './countries.js';

describe('ISO 3166-1 table', () => {
  it('holds the 249 assigned entries, each code once and well formed', () => {
    expect(ISO_3166_COUNTRIES).toHaveLength(249);
    expect(new Set(ISO_3166_COUNTRIES.map(([alpha3]) => alpha3)).size).toBe(249);
    expect(new Set(ISO_3166_COUNTRIES.map(([, numeric]) => numeric)).size).toBe(249);
    for (const [alpha3, numeric] of ISO_3166_COUNTRIES) {
      expect(alpha3).toMatch(/^[A-Z]{3}$/);
      expect(numeric).toMatch(/^[0-9]{3}$/);
    }
  });

  it('recognises assigned alpha-3 codes only, in upper case', () => {
    for (const code of ['CHN', 'HKG', 'MAC', 'TWN', 'USA', 'FRA', 'DEU', 'GBR', 'ZWE', 'AFG']) {
      expect(isIso3166Alpha3(code)).toBe(true);
    }
    for (const code of ['chn', 'UTO', 'XKX', 'GBD', 'D', 'EUE', '', 'CHNA'])
      expect(isIso3166Alpha3(code)).toBe(false);
  });

  it('maps numeric codes to alpha-3', () => {
    expect(findAlpha3ByNumeric(156)).toBe('CHN');
    expect(findAlpha3ByNumeric(124)).toBe('CAN');
    expect(findAlpha3ByNumeric(840)).toBe('USA');
    expect(findAlpha3ByNumeric(4)).toBe('AFG');
    expect(findAlpha3ByNumeric(0)).toBeUndefined();
    expect(findAlpha3ByNumeric(999)).toBeUndefined();
  });
});
