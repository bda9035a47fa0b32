import { describe, expect, it } from 'vitest';
import { namesMatch, normalisePersonName } from './name-normalise.js';

describe('normalisePersonName', () => {
  it('converts traditional Chinese, Hong Kong variants included, to simplified', () => {
    expect(normalisePersonName('歐陽鋒')).toBe('欧阳锋');
    expect(normalisePersonName('張學友')).toBe('张学友');
    expect(normalisePersonName('衞蘭')).toBe('卫兰');
  });

  it('leaves simplified names as they are', () => {
    expect(normalisePersonName('张三')).toBe('张三');
    expect(normalisePersonName('王著')).toBe('王著');
  });

  it('folds full-width forms, case and compatibility characters', () => {
    expect(normalisePersonName('ＪＯＨＮ　ＳＭＩＴＨ')).toBe('johnsmith');
    expect(normalisePersonName('Strauß')).toBe('strauss');
    expect(normalisePersonName('ΟΔΥΣΣΕΥΣ')).toBe(normalisePersonName('οδυσσευς'));
  });

  it('removes whitespace of every kind, zero-width characters included', () => {
    expect(normalisePersonName('  张 \u3000三\t')).toBe('张三');
    expect(normalisePersonName('张\u200b三')).toBe('张三');
    expect(normalisePersonName('Mary  Jane\nWatson')).toBe('maryjanewatson');
  });

  it('removes the dots between the parts of transliterated names', () => {
    for (const name of [
      '阿依古丽·买买提',
      '阿依古丽・买买提',
      '阿依古丽•买买提',
      '阿依古丽.买买提',
      '阿依古丽．买买提',
      '阿依古丽‧买买提',
    ]) {
      expect(normalisePersonName(name)).toBe('阿依古丽买买提');
    }
    expect(normalisePersonName('J. R. R. Tolkien')).toBe('jrrtolkien');
  });
});

describe('namesMatch', () => {
  it('matches the same name written differently', () => {
    expect(namesMatch('歐陽 鋒', '欧阳锋')).toBe(true);
    expect(namesMatch('阿依古丽·买买提', '阿依古丽 买买提')).toBe(true);
    expect(namesMatch('ZHANG SAN', 'Zhang San')).toBe(true);
    expect(namesMatch('Ｚｈａｎｇ　Ｓａｎ', 'zhang san')).toBe(true);
  });

  it('does not match different names', () => {
    expect(namesMatch('张三', '张山')).toBe(false);
    expect(namesMatch('Zhang San', 'San Zhang')).toBe(false);
  });

  it('never matches empty names', () => {
    expect(namesMatch('', '')).toBe(false);
    expect(namesMatch(' · ', '  ')).toBe(false);
  });
});
