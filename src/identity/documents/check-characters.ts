// Check-character algorithms of IDENTITY.md: ISO 7064 MOD 11-2 (resident IDs and their relatives),
// GB 32100-2015 (unified social credit codes) and ICAO 9303 (passport MRZ).

const MOD_11_2_CHECK_CHARACTERS = '10X98765432';

/** The MOD 11-2 check character ('0'–'9' or 'X') for the first 17 characters of `body`, which must be digits. */
export function residentIdCheckCharacter(body: string): string {
  return MOD_11_2_CHECK_CHARACTERS.charAt(mod112Remainder(body, 0));
}

/**
 * S mod 11 for the 17 digits of `text` starting at `start`, where S = Σ digit × weight and the standard's weights
 * 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 are 2^(18 − position) mod 11: Horner's rule with factor 2 gives the same
 * remainder with no weight table. The caller guarantees 17 ASCII digits.
 */
export function mod112Remainder(text: string, start: number): number {
  let accumulated = 0;
  for (let offset = 0; offset < 17; offset++) {
    accumulated = accumulated * 2 + (text.charCodeAt(start + offset) - 48);
  }
  return (accumulated * 2) % 11;
}

/** The UTF-16 code of the MOD 11-2 check character for a remainder 0–10. */
export function mod112CheckCode(remainder: number): number {
  return MOD_11_2_CHECK_CHARACTERS.charCodeAt(remainder);
}

/** The GB 32100-2015 alphabet: digits and upper-case letters without I, O, S, V, Z; a character's value is its index. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The GB 32100-2015 check character for the first 17 characters of `body`, or null if one is outside the alphabet. */
export function usccCheckCharacter(body: string): string | null {
  if (body.length < USCC_WEIGHTS.length) return null;
  let sum = 0;
  for (const [position, weight] of USCC_WEIGHTS.entries()) {
    const value = USCC_ALPHABET.indexOf(body.charAt(position));
    if (value < 0) return null;
    sum += value * weight;
  }
  const check = 31 - (sum % 31);
  return USCC_ALPHABET.charAt(check === 31 ? 0 : check);
}

/** The ICAO 9303 check digit (0–9) of an MRZ field, or null if the field has a character outside 0-9, A-Z and `<`. */
export function mrzCheckDigit(field: string): number | null {
  let sum = 0;
  for (let index = 0; index < field.length; index++) {
    const code = field.charCodeAt(index);
    let value: number;
    if (code >= 48 && code <= 57) value = code - 48;
    else if (code >= 65 && code <= 90) value = code - 55;
    else if (code === 60) value = 0;
    else return null;
    // Weights 7, 3, 1 repeating.
    const phase = index % 3;
    sum += value * (phase === 0 ? 7 : phase === 1 ? 3 : 1);
  }
  return sum % 10;
}
