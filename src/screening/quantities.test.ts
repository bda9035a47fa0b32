import { describe, expect, it } from 'vitest';
import { parseChineseNumber, QuantityReader } from './quantities.js';

describe('parseChineseNumber', () => {
  it.each([
    ['三', 3],
    ['两', 2],
    ['十', 10],
    ['十二', 12],
    ['二十五', 25],
    ['两百', 200],
    ['三千五百', 3500],
    ['一万二千', 12000],
  ])('reads %s as %d', (numeral, value) => {
    expect(parseChineseNumber(numeral)).toBe(value);
  });

  it('answers NaN for something that is not a numeral', () => {
    expect(parseChineseNumber('三条')).toBeNaN();
  });
});

describe('QuantityReader', () => {
  const reader = new QuantityReader(['条', 'cartons', 'mah', 'ah', 'wh', 'kg', '支', 'bottles', 'x']);

  it('reads numbers with Chinese and English units', () => {
    expect(reader.read('香烟 10条')).toEqual([{ value: 10, unit: '条', text: '10条' }]);
    expect(reader.read('2 cartons of cigarettes')).toEqual([
      { value: 2, unit: 'cartons', text: '2 cartons' },
    ]);
    expect(reader.read('充电宝 20000mAh')).toEqual([{ value: 20000, unit: 'mah', text: '20000mah' }]);
    expect(reader.read('5.5KG')).toEqual([{ value: 5.5, unit: 'kg', text: '5.5kg' }]);
  });

  it('reads Chinese numerals and full-width digits', () => {
    expect(reader.read('两条')).toEqual([{ value: 2, unit: '条', text: '两条' }]);
    expect(reader.read('５００支')).toEqual([{ value: 500, unit: '支', text: '500支' }]);
  });

  it('reads bare counts such as x3', () => {
    expect(reader.read('parts x3')).toEqual([{ value: 3, unit: 'x', text: 'x3' }]);
  });

  it('does not take a unit out of a longer word', () => {
    expect(reader.read('3 bottlesful')).toEqual([]);
    expect(reader.read('100 whales')).toEqual([]);
  });
});
