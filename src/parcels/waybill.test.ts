import { describe, expect, it } from 'vitest';
import { cleanWaybillNo, isWaybillNo } from './waybill.js';

describe('waybill numbers', () => {
  it('cleans what was typed into the stored form: trimmed, capitals', () => {
    expect(cleanWaybillNo('  sf1234567890 \n')).toBe('SF1234567890');
    expect(cleanWaybillNo('yt-0001-ab')).toBe('YT-0001-AB');
  });

  it('takes 6-40 capital letters, digits or dashes, starting with a letter or digit', () => {
    expect(isWaybillNo('SF1234')).toBe(true);
    expect(isWaybillNo('A'.repeat(40))).toBe(true);
    expect(isWaybillNo('SF123')).toBe(false);
    expect(isWaybillNo('A'.repeat(41))).toBe(false);
    expect(isWaybillNo('-SF1234')).toBe(false);
    expect(isWaybillNo('sf1234')).toBe(false);
    expect(isWaybillNo('SF 1234')).toBe(false);
  });
});
