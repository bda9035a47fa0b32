import { describe, expect, it } from 'vitest';
import { FoldingAutomaton, MatchBuffer } from './automaton.js';
import { foldText } from './normalise.js';

function scan(patterns: string[], text: string): { pattern: string; start: number; end: number }[] {
  const automaton = new FoldingAutomaton(patterns.map((pattern) => foldText(pattern)));
  const buffer = new MatchBuffer();
  const count = automaton.scan(text, buffer);
  const found: { pattern: string; start: number; end: number }[] = [];
  for (let index = 0; index < count; index++) {
    found.push({
      pattern: patterns[buffer.pattern[index] as number] as string,
      start: buffer.start[index] as number,
      end: buffer.end[index] as number,
    });
  }
  return found;
}

describe('FoldingAutomaton', () => {
  it('finds every pattern, overlapping ones included, with original offsets', () => {
    expect(scan(['硝酸', '硝酸钾', '酸钾'], '买硝酸钾')).toEqual([
      { pattern: '硝酸', start: 1, end: 3 },
      { pattern: '硝酸钾', start: 1, end: 4 },
      { pattern: '酸钾', start: 2, end: 4 },
    ]);
  });

  it('skips separators inside words and reports the span of the original text', () => {
    expect(scan(['大麻'], '买 大 - 麻')).toEqual([{ pattern: '大麻', start: 2, end: 7 }]);
  });

  it('folds case, full-width and traditional characters while walking', () => {
    expect(scan(['k粉', '手枪'], 'Ｋ粉和手槍')).toEqual([
      { pattern: 'k粉', start: 0, end: 2 },
      { pattern: '手枪', start: 3, end: 5 },
    ]);
  });

  it('reads leetspeak inside a word', () => {
    expect(scan(['pistol', 'cocaine'], 'p1stol and c0caine')).toEqual([
      { pattern: 'pistol', start: 0, end: 6 },
      { pattern: 'cocaine', start: 11, end: 18 },
    ]);
  });

  it('does not read a leading digit as a letter', () => {
    expect(scan(['ak'], '4K 显示器')).toEqual([]);
  });

  it('respects Latin word boundaries', () => {
    expect(scan(['gun'], 'it has begun')).toEqual([]);
    expect(scan(['ak'], 'make')).toEqual([]);
    expect(scan(['gun'], 'a gun, two guns')).toEqual([
      { pattern: 'gun', start: 2, end: 5 },
      { pattern: 'gun', start: 11, end: 14 },
    ]);
    expect(scan(['ak47'], 'ak471')).toEqual([]);
  });

  it('needs no boundary around Chinese', () => {
    expect(scan(['枪支'], '买枪支配件')).toEqual([{ pattern: '枪支', start: 1, end: 3 }]);
  });

  it('counts offsets in UTF-16 code units past astral characters', () => {
    expect(scan(['手枪'], '😀手枪')).toEqual([{ pattern: '手枪', start: 2, end: 4 }]);
  });

  it('rejects repeated and empty patterns', () => {
    expect(() => new FoldingAutomaton(['ab', 'ab'])).toThrow(/repeats/);
    expect(() => new FoldingAutomaton([''])).toThrow(/length 0/);
  });
});
