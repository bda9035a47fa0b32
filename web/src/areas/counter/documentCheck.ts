// A light mirror of the server's document rules, run as the courier types: the resident-ID family's length,
// characters, birth date and MOD 11-2 check character, and the shapes of the other documents. The server's
// identity gate is the authority; this only catches typing mistakes before the sender is asked again.

export const PERSON_DOCUMENT_TYPES = [
  'resident-id',
  'hkmo-residence',
  'tw-residence',
  'hkmo-permit',
  'tw-permit',
  'foreign-permanent-resident',
  'passport',
  'military-id',
] as const;
export type PersonDocumentType = (typeof PERSON_DOCUMENT_TYPES)[number];

/** Why a number looks wrong (keys of counter:documentProblem.*). */
export type DocumentProblem =
  | 'bad-length'
  | 'first-generation-id'
  | 'bad-characters'
  | 'bad-region'
  | 'bad-date'
  | 'future-date'
  | 'date-before-1900'
  | 'bad-checksum'
  | 'bad-pattern';

const MOD_11_2 = '10X98765432';

/** The MOD 11-2 check character of the first 17 digits. */
export function residentIdCheckCharacter(body: string): string {
  let accumulated = 0;
  for (let offset = 0; offset < 17; offset++) accumulated = accumulated * 2 + (body.charCodeAt(offset) - 48);
  return MOD_11_2.charAt((accumulated * 2) % 11);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The problem with a YYYYMMDD birth date, or null (today is China's calendar date, YYYY-MM-DD). */
function birthDateProblem(digits: string, today: string): DocumentProblem | null {
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'bad-date';
  if (year < 1900) return 'date-before-1900';
  if (`${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}` > today) return 'future-date';
  return null;
}

const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83, 91,
]);

function checkResidentIdFamily(
  number: string,
  type: PersonDocumentType,
  today: string,
): DocumentProblem | null {
  if (number.length !== 18) {
    return number.length === 15 && type === 'resident-id' && /^\d+$/.test(number)
      ? 'first-generation-id'
      : 'bad-length';
  }
  if (!/^\d{17}[\dXx]$/.test(number)) return 'bad-characters';
  const region = number.slice(0, 6);
  if (type === 'resident-id' && !PROVINCES.has(Number(number.slice(0, 2)))) return 'bad-region';
  if (type === 'hkmo-residence' && region !== '810000' && region !== '820000') return 'bad-region';
  if (type === 'tw-residence' && region !== '830000') return 'bad-region';
  if (type === 'foreign-permanent-resident' && !number.startsWith('9')) return 'bad-pattern';
  const dateProblem = birthDateProblem(number.slice(6, 14), today);
  if (dateProblem !== null) return dateProblem;
  if (residentIdCheckCharacter(number) !== number.charAt(17).toUpperCase()) return 'bad-checksum';
  return null;
}

/**
 * What looks wrong with a number as typed so far, or null when nothing does (or it is too early to say: an
 * empty field is left to the form's required rule). `today` is China's date, YYYY-MM-DD.
 */
export function checkDocumentAsTyped(type: string, raw: string, today: string): DocumentProblem | null {
  const number = raw.trim();
  if (number === '') return null;
  switch (type) {
    case 'resident-id':
    case 'hkmo-residence':
    case 'tw-residence':
      return checkResidentIdFamily(number, type, today);
    case 'foreign-permanent-resident':
      // The old card (three letters and twelve digits) or the new 18-character one.
      if (/^[A-Za-z]{3}\d{12}$/.test(number)) return null;
      return checkResidentIdFamily(number, type, today);
    case 'hkmo-permit':
      if (number.length !== 9 && number.length !== 11) return 'bad-length';
      return /^[HM](\d{8}|\d{10})$/i.test(number) ? null : 'bad-pattern';
    case 'tw-permit':
      if (number.length !== 8) return 'bad-length';
      return /^\d{8}$/.test(number) ? null : 'bad-characters';
    case 'passport':
      if (number.length < 5 || number.length > 17) return 'bad-length';
      return /^[A-Za-z0-9]+$/.test(number) ? null : 'bad-characters';
    default:
      return null;
  }
}
