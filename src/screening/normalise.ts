// Text normalisation that defeats the usual evasions, expressed as a per-code-unit folding table so the matcher
// can normalise while it walks a description instead of building new strings (see automaton.ts).
//
// One UTF-16 code unit folds to one code unit (or to SEPARATOR, which the matcher skips). Keeping the mapping
// one-to-one is what lets matches be reported with offsets into the original text.
import { Converter } from 'opencc-js';

/** Folded value of a code unit the matcher skips: spaces, punctuation and symbols inserted inside words. */
export const SEPARATOR = 0xffff;

// Latin look-alikes from other scripts, after lower-casing: Cyrillic and Greek letters that render like Latin.
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
};

/**
 * Leetspeak digits and symbols and the letters they stand for. The matcher tries these letters only when the
 * literal character does not continue a term that is already under way, so `p1stol` matches `pistol` while
 * `4K 显示器` does not become `ak`.
 */
export const LEET_LETTERS: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'il',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
};

// Characters kept although they are symbols, because leetspeak uses them as letters.
const KEPT_SYMBOLS = new Set(['@', '$']);
const SEPARATOR_CLASS = /^[\p{P}\p{Z}\p{S}\p{Cc}\p{Cf}]$/u;

// CJK blocks whose traditional forms opencc folds to simplified: Extension A, Unified Ideographs, Compatibility.
const CJK_RANGES: readonly (readonly [number, number])[] = [
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
];

function buildTraditionalToSimplified(): Map<number, number> {
  const characters: string[] = [];
  for (const [from, to] of CJK_RANGES) {
    for (let unit = from; unit <= to; unit++) characters.push(String.fromCharCode(unit));
  }
  // One character a line: opencc converts phrases as wholes, and single characters are what the table needs.
  const joined = characters.join('\n');
  const mapping = new Map<number, number>();
  for (const from of ['tw', 'hk']) {
    const converted = Converter({ from, to: 'cn' })(joined).split('\n');
    characters.forEach((original, index) => {
      const simplified = converted[index];
      const unit = original.charCodeAt(0);
      if (
        simplified !== undefined &&
        simplified.length === 1 &&
        simplified !== original &&
        !mapping.has(unit)
      ) {
        mapping.set(unit, simplified.charCodeAt(0));
      }
    });
  }
  return mapping;
}

function foldOne(unit: number, traditional: Map<number, number>): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit; // lone surrogate halves pass through unchanged
  let text = String.fromCharCode(unit);
  // NFKC folds full-width forms, circled letters and CJK compatibility ideographs to their plain forms.
  const compatible = text.normalize('NFKC');
  if (compatible.length === 1) text = compatible;
  const lower = text.toLowerCase();
  if (lower.length === 1) text = lower;
  const base = text.normalize('NFD').charAt(0);
  if (base >= 'a' && base <= 'z') text = base; // accents: pístol → pistol
  text = HOMOGLYPHS[text] ?? text;
  const simplified = traditional.get(text.charCodeAt(0));
  if (simplified !== undefined) text = String.fromCharCode(simplified);
  if (!KEPT_SYMBOLS.has(text) && SEPARATOR_CLASS.test(text)) return SEPARATOR;
  return text.charCodeAt(0);
}

let cachedFoldTable: Uint16Array | undefined;

/**
 * The folding table: for each UTF-16 code unit its normalised code unit, or SEPARATOR. Built once per process
 * (it depends on nothing but Unicode and opencc's dictionaries) and shared by every screener.
 */
export function getFoldTable(): Uint16Array {
  if (cachedFoldTable !== undefined) return cachedFoldTable;
  const traditional = buildTraditionalToSimplified();
  const table = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) table[unit] = foldOne(unit, traditional);
  cachedFoldTable = table;
  return table;
}

/** Normalises text the way the matcher sees it: folded, with separators removed (offsets are not kept). */
export function foldText(text: string): string {
  const table = getFoldTable();
  let folded = '';
  for (let index = 0; index < text.length; index++) {
    const unit = table[text.charCodeAt(index)] ?? SEPARATOR;
    if (unit !== SEPARATOR) folded += String.fromCharCode(unit);
  }
  return folded;
}

/** True for a folded code unit that is a Latin letter a–z. */
export function isLatinLetter(unit: number): boolean {
  return unit >= 0x61 && unit <= 0x7a;
}

/** True for a folded code unit that is a digit 0–9. */
export function isDigit(unit: number): boolean {
  return unit >= 0x30 && unit <= 0x39;
}

/** True for a code unit of a CJK ideograph (the scripts that need pinyin variants). */
export function isHan(unit: number): boolean {
  return CJK_RANGES.some(([from, to]) => unit >= from && unit <= to);
}
