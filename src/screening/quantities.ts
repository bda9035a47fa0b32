// Reading quantities from a description ("10条", "2 cartons", "20000mAh", "两条", "parts x3") so restricted items
// can be held to their limits even when the sender put the amount in the text rather than in the item fields.

/** A number followed by a unit word, as written in the description. */
export interface QuantityMention {
  value: number;
  /** Unit word in lower case, or `x` for a bare count such as "x3". */
  unit: string;
  /** The words as written, for reasons. */
  text: string;
}

const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CHINESE_MULTIPLIERS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const NUMBER = String.raw`(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)`;

/** Parses a Chinese numeral such as 十, 二十五, 两百, 三千五百, 一万 (NaN when it is not one). */
export function parseChineseNumber(numeral: string): number {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const character of numeral) {
    const value = CHINESE_DIGITS[character];
    if (value !== undefined) {
      digit = value;
      continue;
    }
    const multiplier = CHINESE_MULTIPLIERS[character];
    if (multiplier !== undefined) {
      section += (digit ?? 1) * multiplier; // 十 alone means ten
      digit = null;
      continue;
    }
    if (character === '万') {
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      digit = null;
      continue;
    }
    return Number.NaN;
  }
  return total + section + (digit ?? 0);
}

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Finds "number unit" mentions for a fixed set of unit words (the units of the catalogue's limits). */
export class QuantityReader {
  private readonly pattern: RegExp;
  private readonly countPattern = /(?:^|[^a-z])(?:x|×|\*)\s*(\d+)(?![\d.])/giu;

  constructor(units: Iterable<string>) {
    const words = [...new Set([...units].map((unit) => unit.toLowerCase()))].filter((unit) => unit !== 'x');
    // Longest first, so "mah" wins over "ah" and "公斤" over "斤"; Latin units must end a word.
    words.sort((a, b) => b.length - a.length);
    const alternatives = words.map((unit) =>
      /[a-z]$/.test(unit) ? `${escapeForRegExp(unit)}(?![a-z])` : escapeForRegExp(unit),
    );
    this.pattern = new RegExp(`${NUMBER}\\s*(${alternatives.join('|')})`, 'giu');
  }

  /** All quantity mentions in a description, full-width digits and letters folded first. */
  read(description: string): QuantityMention[] {
    const text = description.normalize('NFKC').toLowerCase();
    const mentions: QuantityMention[] = [];
    for (const match of text.matchAll(this.pattern)) {
      const [whole, number = '', unit = ''] = match;
      const value = /\d/.test(number) ? Number(number) : parseChineseNumber(number);
      if (Number.isFinite(value)) mentions.push({ value, unit, text: whole });
    }
    for (const match of text.matchAll(this.countPattern)) {
      const [whole, number = ''] = match;
      mentions.push({ value: Number(number), unit: 'x', text: whole.trim() });
    }
    return mentions;
  }
}
