import { describe, expect, it } from 'vitest';
import { Segmenter } from './segmenter.js';

describe('Segmenter', () => {
  const segmenter = new Segmenter(['枪王']);

  it('finds the words of a description, in offsets of the original text', () => {
    const words = segmenter.segment('烟台苹果')!;
    expect(words.isWhole(0, 2)).toBe(true);
    expect(words.isWhole(0, 1)).toBe(false);
    expect(words.wordAround(0, 1)).toBe('烟台');
  });

  it('cuts traditional characters like simplified ones', () => {
    const words = segmenter.segment('手槍鑽')!;
    expect(words.isWhole(0, 2)).toBe(true);
  });

  it('keeps a space the sender wrote as a boundary', () => {
    const words = segmenter.segment('部队 内部资料')!;
    expect(words.isWhole(0, 2)).toBe(true);
    expect(words.isWhole(3, 7)).toBe(true);
  });

  it('learns the catalogue words', () => {
    expect(segmenter.segment('枪王 手柄')!.isWhole(0, 1)).toBe(false);
    expect(new Segmenter([]).segment('枪王 手柄')!.isWhole(0, 1)).toBe(true);
  });

  it('knows a span that ends the word it lies in (the head of a compound)', () => {
    const words = segmenter.segment('消毒液')!;
    expect(words.isWhole(1, 3)).toBe(false);
    expect(words.isHead(1, 3)).toBe(true);
    expect(segmenter.segment('烟台')!.isHead(0, 1)).toBe(false);
  });

  it('gives the span of the words a span touches', () => {
    const words = segmenter.segment('小熊皮鞋')!;
    expect(words.spanAround(1, 3)).toEqual([0, 4]);
  });
});
