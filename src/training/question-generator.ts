// Questions for prohibited-items identification, generated from the active catalogue: "may this be accepted?"
// about real descriptions (a category's own terms, the benign phrases the catalogue excepts, everyday goods).
// The right answer is what the catalogue's screener says about the description, so the assessment follows every
// catalogue version the day it is published. Pure: the caller supplies the screener and the random source.
import type { Screener } from '../screening/screener.js';
import type { Verdict } from '../screening/catalogue.js';

export const CATALOGUE_QUESTION_OPTIONS = [
  'Accept it: nothing prohibited or restricted',
  'Accept only after checking the limits or opening it (restricted or watched)',
  'Refuse it: prohibited',
] as const;

/** The option index a verdict calls for. */
export function answerForVerdict(verdict: Verdict): number {
  switch (verdict) {
    case 'clear':
      return 0;
    case 'restricted':
    case 'watch':
      return 1;
    case 'prohibited':
      return 2;
  }
}

/** Everyday goods: a question bank of only refusals would teach nothing. */
const EVERYDAY_GOODS = [
  'cotton T-shirts',
  '儿童绘本',
  'ceramic tea cups',
  '毛绒玩具',
  'paperback novels',
  '运动鞋',
  'wool scarf',
  '不锈钢保温杯',
];

export interface GeneratedQuestion {
  prompt: string;
  options: string[];
  answer: number;
  description: string;
}

/** Every description the catalogue offers for questions (deduplicated, in catalogue order). */
export function candidateDescriptions(screener: Screener): string[] {
  const { catalogue } = screener;
  const descriptions: string[] = [];
  for (const category of catalogue.categories) {
    descriptions.push(...category.terms.zh.slice(0, 2), ...category.terms.en.slice(0, 1));
  }
  descriptions.push(...catalogue.exceptions.slice(0, 6), ...EVERYDAY_GOODS);
  return [...new Set(descriptions.filter((text) => text.trim().length > 0))];
}

/** `count` questions drawn at random (no repeats) from the catalogue's descriptions, answered by its screener. */
export function generateCatalogueQuestions(
  screener: Screener,
  count: number,
  random: () => number,
): GeneratedQuestion[] {
  const pool = candidateDescriptions(screener);
  const drawn = drawWithoutReplacement(pool, count, random);
  return drawn.map((description) => {
    const verdict = screener.screen({ description, route: 'domestic' }).verdict;
    return {
      prompt: `May this be accepted at the counter (domestic route)? "${description}"`,
      options: [...CATALOGUE_QUESTION_OPTIONS],
      answer: answerForVerdict(verdict),
      description,
    };
  });
}

/** `count` items of `pool` in random order, each at most once (fewer when the pool is smaller). */
export function drawWithoutReplacement<T>(pool: readonly T[], count: number, random: () => number): T[] {
  const copy = [...pool];
  const take = Math.min(count, copy.length);
  for (let i = 0; i < take; i += 1) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, take);
}

/** Percentage of answers right, rounded down (a pass mark of 80 needs 80%, not 79.5%). */
export function scoreAnswers(key: readonly number[], answers: readonly number[]): number {
  if (key.length === 0) return 0;
  const right = key.filter((answer, index) => answers[index] === answer).length;
  return Math.floor((right * 100) / key.length);
}
