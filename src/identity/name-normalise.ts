// Comparing the name on a waybill with the registered name: the same person is often written with full-width
// letters, traditional characters, odd spacing, another case, or a different dot between transliterated names
// (阿依古丽·买买提, アイ・グリ, Mary.Jane). This folds all of those away; it does not reorder names or match pinyin.

import { Converter } from 'opencc-js/t2cn';

type TextConverter = (text: string) => string;

// Hong Kong variants to mainland simplified: OpenCC's HK table also folds variants the plain traditional table
// leaves (衞 → 卫) and, unlike the Taiwan table, keeps characters such as 著 that names use as they are.
// Built on first use: loading the dictionaries costs milliseconds that importers who never compare names skip.
let toSimplified: TextConverter | undefined;

// Middle dots used between the parts of transliterated names, and the full stop used the same way. NFKC has already
// turned the full-width forms (．, ･) into these.
const NAME_DOTS = /[·・•‧∙⋅.]/g;
// White space, plus the zero-width characters that copy-and-paste leaves behind.
const SPACES = /[\s\u200b-\u200d\u2060]+/g;

/** The comparison key of a person's name: NFKC, simplified Chinese, case-folded, without spaces or name dots. */
export function normalisePersonName(name: string): string {
  // NFKC first: it maps full-width Latin, digits and spaces to their ordinary forms and compatibility ideographs
  // to the unified ones the OpenCC dictionaries know.
  const simplified = getToSimplified()(name.normalize('NFKC'));
  // Upper then lower approximates Unicode full case folding (ß → ss, final ς → σ) where toLowerCase alone does not.
  return simplified.toUpperCase().toLowerCase().replace(NAME_DOTS, '').replace(SPACES, '');
}

function getToSimplified(): TextConverter {
  if (toSimplified === undefined) toSimplified = Converter({ from: 'hk', to: 'cn' });
  return toSimplified;
}

/** True when two names normalise to the same non-empty key. */
export function namesMatch(a: string, b: string): boolean {
  const key = normalisePersonName(a);
  return key !== '' && key === normalisePersonName(b);
}
