// What a screening result means beyond its verdict, for the capabilities that act on it: intake refuses a
// prohibited item and, when its category is crime-related, raises a clue and tells the counter to keep the
// sender waiting; inspection holds a crime-related find instead of handing it back. Decided here, from the
// catalogue, so a new category's behaviour is set in the catalogue alone.
import type { Category } from './catalogue.js';
import { VAGUE_DESCRIPTION, type ScreeningResult } from './screener.js';

/** Whether the catalogue marks the category crime-related (a find to report, not only to refuse). */
export function isCrimeRelated(categories: readonly Category[], slug: string | null | undefined): boolean {
  if (slug === null || slug === undefined) return false;
  return categories.find((category) => category.slug === slug)?.crimeRelated === true;
}

/** The crime-related categories of the results screened prohibited, in result order. */
export function crimeRelatedProhibited(
  categories: readonly Category[],
  results: readonly ScreeningResult[],
): string[] {
  return results
    .filter((result) => result.verdict === 'prohibited' && isCrimeRelated(categories, result.category))
    .map((result) => result.category!);
}

/** Whether the description said too little to screen (ask the sender, open-inspect). */
export function isVagueResult(result: ScreeningResult): boolean {
  return result.reasons.some((reason) => reason.startsWith(VAGUE_DESCRIPTION));
}
