import { describe, expect, it } from 'vitest';
import { foldText, getFoldTable, isHan, SEPARATOR } from './normalise.js';

const fold = (character: string): string => String.fromCharCode(getFoldTable()[character.charCodeAt(0)] ?? 0);

describe('the folding table', () => {
  it('folds full-width letters and digits to lower-case ASCII', () => {
    expect(fold('Ｋ')).toBe('k');
    expect(fold('７')).toBe('7');
    expect(fold('Ａ')).toBe('a');
  });

  it('folds traditional characters to simplified ones', () => {
    expect(fold('槍')).toBe('枪');
    expect(fold('彈')).toBe('弹');
    expect(fold('藥')).toBe('药');
  });

  it('folds accented and look-alike letters to plain Latin', () => {
    expect(fold('í')).toBe('i');
    expect(fold('С')).toBe('c'); // Cyrillic capital Es
    expect(fold('о')).toBe('o'); // Cyrillic small o
  });

  it('marks spaces, punctuation, symbols and zero-width characters as separators', () => {
    for (const separator of [' ', '-', '.', '_', '，', '。', '·', '\u3000', '\u200b', '★', '/']) {
      expect(getFoldTable()[separator.charCodeAt(0)], separator).toBe(SEPARATOR);
    }
  });

  it('keeps the symbols leetspeak uses as letters', () => {
    expect(fold('@')).toBe('@');
    expect(fold('$')).toBe('$');
  });
});

describe('foldText', () => {
  it('normalises a whole phrase the way the matcher sees it', () => {
    expect(foldText('大 麻')).toBe('大麻');
    expect(foldText('Ｋ-粉')).toBe('k粉');
    expect(foldText('手槍 Glock')).toBe('手枪glock');
  });
});

describe('isHan', () => {
  it('recognises CJK ideographs only', () => {
    expect(isHan('枪'.charCodeAt(0))).toBe(true);
    expect(isHan('a'.charCodeAt(0))).toBe(false);
    expect(isHan('，'.charCodeAt(0))).toBe(false);
  });
});
