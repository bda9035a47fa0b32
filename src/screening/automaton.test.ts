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

  // Latin characters move through precomputed rows (child, leetspeak, failure links resolved at build time): the
  // matches must be exactly those of a plain substring search, however the partial matches overlap and fall back.
  it('finds every occurrence among overlapping Latin patterns, as a plain search does', () => {
    let seed = 7;
    const random = (below: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    const word = (alphabet: string, length: number): string =>
      Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
    // Han at both ends: no word-boundary rule applies, so a match is any occurrence. Han inside lets one pattern's
    // suffix start another, so Latin characters fall back along failure links.
    const patterns = [
      ...new Set([
        ...Array.from({ length: 60 }, () => `汉${word('abc汉', 1 + random(6))}字`),
        ...Array.from({ length: 20 }, () => `字${word('ab汉', 1 + random(3))}汉`),
      ]),
    ];
    for (let round = 0; round < 200; round++) {
      const text = word('abc汉字', 10 + random(60));
      const expected: { pattern: string; start: number; end: number }[] = [];
      for (const pattern of patterns) {
        for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) {
          expected.push({ pattern, start: at, end: at + pattern.length });
        }
      }
      const order = (a: { start: number; end: number }, b: { start: number; end: number }): number =>
        a.end - b.end || a.start - b.start;
      expect(scan(patterns, text).sort(order)).toEqual(expected.sort(order));
    }
  });

  it('reads leetspeak digits mid-term and literal digits where a term spells them', () => {
    expect(scan(['heroin', 'ak47'], 'h3r0in and ak47').map(({ pattern }) => pattern)).toEqual([
      'heroin',
      'ak47',
    ]);
    expect(scan(['xa4'], '汉xa4汉').map(({ pattern }) => pattern)).toEqual(['xa4']);
    expect(scan(['xaa'], '汉xa4汉').map(({ pattern }) => pattern)).toEqual(['xaa']);
  });
});
