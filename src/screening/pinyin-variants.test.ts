import { describe, expect, it } from 'vitest';
import { findPinyinVariants } from './pinyin-variants.js';

describe('findPinyinVariants', () => {
  it('spells every mix of pinyin and characters for short terms', () => {
    expect(findPinyinVariants('枪支').sort()).toEqual(['qiangzhi', 'qiang支', '枪zhi'].sort());
  });

  it('reads polyphonic characters in context', () => {
    expect(findPinyinVariants('大麻')).toContain('da麻');
    expect(findPinyinVariants('大麻')).toContain('dama');
  });

  it('gives no variants for single characters, whose lone syllable proves nothing', () => {
    expect(findPinyinVariants('镓')).toEqual([]);
    expect(findPinyinVariants('K粉')).toEqual([]);
  });

  it('keeps non-Han characters as they are', () => {
    expect(findPinyinVariants('CO2气瓶')).toContain('CO2qiping');
  });

  it('writes ü both as v and as u', () => {
    const variants = findPinyinVariants('绿植');
    expect(variants).toContain('lvzhi');
    expect(variants).toContain('luzhi');
  });

  it('adds only the all-pinyin spelling for long terms', () => {
    expect(findPinyinVariants('硝酸铵炸药')).toEqual(['xiaosuananzhayao']);
  });
});
