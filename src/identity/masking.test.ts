import { describe, expect, it } from 'vitest';
import { maskDocumentNumber, maskName, maskPhone } from './masking.js';

describe('maskDocumentNumber', () => {
  it('shows the first 3 and last 4 characters of an ID number', () => {
    expect(maskDocumentNumber('11010519491231002X')).toBe('110***********002X');
    expect(maskDocumentNumber(' 91350100M000100Y43 ')).toBe('913***********0Y43');
    expect(maskDocumentNumber('USA110190010112')).toBe('USA********0112');
  });

  it('reveals no more than half of a short number', () => {
    expect(maskDocumentNumber('E98765432')).toBe('E9*****32');
    expect(maskDocumentNumber('87654321')).toBe('87****21');
    expect(maskDocumentNumber('H1234567890')).toBe('H1*******90');
    expect(maskDocumentNumber('1234')).toBe('1**4');
    expect(maskDocumentNumber('123')).toBe('***');
    expect(maskDocumentNumber('1')).toBe('*');
    expect(maskDocumentNumber('')).toBe('');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(maskDocumentNumber('南字第20161234号')).toBe('南字第******34号');
    expect(maskDocumentNumber('AB\u{1F600}CDEFGH')).toBe('AB*****GH');
  });
});

describe('maskPhone', () => {
  it('shows a mainland mobile as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(' 138 1234 5678 ')).toBe('138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
  });

  it('keeps +86 and 0086 as a +86 prefix', () => {
    expect(maskPhone('+8613812345678')).toBe('+86 138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 138****5678');
    expect(maskPhone('008613812345678')).toBe('+86 138****5678');
  });

  it('masks landlines with an area code and other countries alike', () => {
    expect(maskPhone('010-12345678')).toBe('010****5678');
    expect(maskPhone('0755-12345678')).toBe('075*****5678');
    expect(maskPhone('+1 415 555 0100')).toBe('+141****0100');
  });

  it('reveals no more than half of a short number', () => {
    expect(maskPhone('95588')).toBe('9***8');
    expect(maskPhone('12345678')).toBe('12****78');
    expect(maskPhone('110')).toBe('***');
    expect(maskPhone('')).toBe('');
  });
});

describe('maskName', () => {
  it('shows only the surname of a Chinese name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('王小明')).toBe('王**');
    expect(maskName(' 李 四 ')).toBe('李*');
    expect(maskName('张')).toBe('张');
  });

  it('keeps both characters of a compound surname', () => {
    expect(maskName('欧阳锋')).toBe('欧阳*');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('諸葛亮')).toBe('諸葛*');
    expect(maskName('司马相如')).toBe('司马**');
    // Two characters cannot be all surname: 欧 is the surname of 欧阳.
    expect(maskName('欧阳')).toBe('欧*');
  });

  it('keeps the dots of a transliterated name and shows its first character', () => {
    expect(maskName('阿依古丽·买买提')).toBe('阿***·***');
    expect(maskName('买买提.艾力')).toBe('买**.**');
  });

  it('shows a Latin name as the given-name initial and the full last word', () => {
    expect(maskName('John Smith')).toBe('J*** Smith');
    expect(maskName('john  paul   smith')).toBe('j*** smith');
    expect(maskName('Smith, John')).toBe('J*** Smith');
    expect(maskName('Ólafur Arnalds')).toBe('Ó*** Arnalds');
  });

  it('masks a single word after its first letter', () => {
    expect(maskName('Madonna')).toBe('M***');
    expect(maskName('Smith,')).toBe('S***');
    expect(maskName('')).toBe('');
  });
});
