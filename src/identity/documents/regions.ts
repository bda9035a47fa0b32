// Province-level region codes (the first two digits of GB/T 2260 codes) that IDENTITY.md accepts.
// Only the province is checked: county codes change over the years and old IDs keep their old codes.

const PROVINCE_RANGES: readonly (readonly [first: number, last: number])[] = [
  [11, 15], // Beijing … Inner Mongolia
  [21, 23], // Liaoning … Heilongjiang
  [31, 37], // Shanghai … Shandong
  [41, 46], // Henan … Hainan
  [50, 54], // Chongqing … Tibet
  [61, 65], // Shaanxi … Xinjiang
];

// Indexed by the two-digit code as an integer so the resident-id hot path needs no string.
const IS_PROVINCE: readonly boolean[] = Array.from({ length: 100 }, (_, code) =>
  PROVINCE_RANGES.some(([first, last]) => code >= first && code <= last),
);

/** True when `code` (0–99) is a mainland province-level code accepted on resident IDs. */
export function isProvinceCode(code: number): boolean {
  return IS_PROVINCE[code] === true;
}
