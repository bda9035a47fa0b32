// Masked display of personal data (IDENTITY.md "Masking"): what a courier or an export shows by default.
// Every function is total: any string in, a masked string out, and never more revealed than the rule allows.

const MASK = '*';

/** An ID number as its first 3 and last 4 characters (`110***********002X`); short values reveal less. */
export function maskDocumentNumber(value: string): string {
  const characters = Array.from(value.trim());
  // 3 + 4 keeps at least half hidden from 14 characters up; shorter numbers (permits, passports) show a quarter
  // at each end, so a 9-character passport number shows 2 + 2.
  const shown = characters.length >= 14 ? { head: 3, tail: 4 } : quarterEachEnd(characters.length);
  return maskMiddle(characters, shown.head, shown.tail);
}

const PHONE_SEPARATORS = /[\s\-().]/g;
const CHINA_PREFIX = /^(?:\+86|0086)/;

/** A phone number as `138****5678`; `+86`/`0086` is kept as `+86 `, separators are dropped, short numbers show less. */
export function maskPhone(value: string): string {
  let compact = value.trim().replace(PHONE_SEPARATORS, '');
  let prefix = '';
  if (CHINA_PREFIX.test(compact)) {
    prefix = '+86 ';
    compact = compact.replace(CHINA_PREFIX, '');
  } else if (compact.startsWith('+')) {
    // Another country: keep the plus sign, mask the digits like a national number.
    prefix = '+';
    compact = compact.slice(1);
  }
  const characters = Array.from(compact);
  // 11 digits (a mainland mobile, or an area code with a landline) show 3 + 4; shorter numbers a quarter each end.
  const shown = characters.length >= 11 ? { head: 3, tail: 4 } : quarterEachEnd(characters.length);
  return prefix + maskMiddle(characters, shown.head, shown.tail);
}

// Common two-character Chinese surnames, simplified and traditional, so `欧阳锋` keeps `欧阳` rather than `欧`.
const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  ...['欧阳', '歐陽', '司马', '司馬', '上官', '诸葛', '諸葛', '东方', '東方', '皇甫', '尉迟', '尉遲', '公孙'],
  ...['公孫', '慕容', '长孙', '長孫', '宇文', '司徒', '令狐', '夏侯', '轩辕', '軒轅', '端木', '独孤', '獨孤'],
  ...['南宫', '南宮', '西门', '西門', '百里', '呼延', '澹台', '澹臺', '公冶', '太史', '申屠', '闻人', '聞人'],
  ...['赫连', '赫連', '钟离', '鍾離', '万俟', '萬俟', '濮阳', '濮陽', '淳于', '单于', '單于', '拓跋', '司空'],
  ...['左丘', '东郭', '東郭', '公羊', '第五', '完颜', '完顏'],
]);
const HAN = /\p{Script=Han}/u;
const NAME_SEPARATORS = /[·・•.‧]/;
const WHITESPACE = /\s+/;

/** A name with only its surname shown: `张*`, `欧阳**`, `J*** Smith` (Latin: given-name initial, full last word). */
export function maskName(value: string): string {
  const name = value.trim();
  if (name === '') return '';
  return HAN.test(name) ? maskChineseName(name.replace(/\s+/g, '')) : maskLatinName(name);
}

function maskChineseName(name: string): string {
  const characters = Array.from(name);
  if (characters.some((character) => NAME_SEPARATORS.test(character))) {
    // A transliterated name (阿依古丽·买买提): no surname comes first, so show the first character and keep the dots.
    return characters
      .map((character, index) => (index === 0 || NAME_SEPARATORS.test(character) ? character : MASK))
      .join('');
  }
  const surnameLength =
    characters.length > 2 && COMPOUND_SURNAMES.has(characters.slice(0, 2).join('')) ? 2 : 1;
  return maskMiddle(characters, surnameLength, 0);
}

function maskLatinName(name: string): string {
  // "Smith, John" puts the surname first; otherwise the last word is the surname.
  const comma = name.indexOf(',');
  const [surname, given] =
    comma >= 0 ? [name.slice(0, comma).trim(), name.slice(comma + 1).trim()] : splitLastWord(name);
  const initial = Array.from(given)[0];
  if (initial === undefined) return `${Array.from(surname)[0] ?? ''}${MASK.repeat(3)}`;
  // A fixed three stars: the length of the given names is itself identifying.
  return `${initial}${MASK.repeat(3)} ${surname}`;
}

function splitLastWord(name: string): [surname: string, given: string] {
  const words = name.split(WHITESPACE);
  const surname = words.pop() ?? '';
  return [surname, words.join(' ')];
}

function quarterEachEnd(length: number): { head: number; tail: number } {
  const quarter = Math.floor(length / 4);
  return { head: quarter, tail: quarter };
}

/** Keeps `head` and `tail` characters (callers keep head + tail ≤ length) and stars each one between. */
function maskMiddle(characters: readonly string[], head: number, tail: number): string {
  return (
    characters.slice(0, head).join('') +
    MASK.repeat(characters.length - head - tail) +
    characters.slice(characters.length - tail).join('')
  );
}
