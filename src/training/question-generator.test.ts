import { describe, expect, it } from 'vitest';
import { seededRandom } from '../platform/random.js';
import { loadDefaultCatalogue } from '../screening/default-catalogue.js';
import { createScreener } from '../screening/screener.js';
import {
  candidateDescriptions,
  drawWithoutReplacement,
  generateCatalogueQuestions,
  scoreAnswers,
} from './question-generator.js';

describe('catalogue questions', () => {
  const screener = createScreener(loadDefaultCatalogue());

  it('asks about real descriptions and answers with what the screener says about each', () => {
    const questions = generateCatalogueQuestions(screener, 40, seededRandom(7));
    expect(questions).toHaveLength(40);
    expect(new Set(questions.map((q) => q.description)).size).toBe(40);
    for (const question of questions) {
      const verdict = screener.screen({ description: question.description, route: 'domestic' }).verdict;
      const expected = verdict === 'clear' ? 0 : verdict === 'prohibited' ? 2 : 1;
      expect(question.answer).toBe(expected);
    }
    // Every kind of answer is asked about: the bank teaches refusing and accepting alike.
    const all = generateCatalogueQuestions(screener, 1000, seededRandom(1));
    expect(new Set(all.map((q) => q.answer))).toEqual(new Set([0, 1, 2]));
  });

  it('draws a different set per attempt, without repeats', () => {
    const a = generateCatalogueQuestions(screener, 10, seededRandom(1)).map((q) => q.description);
    const b = generateCatalogueQuestions(screener, 10, seededRandom(2)).map((q) => q.description);
    expect(a).not.toEqual(b);
    expect(drawWithoutReplacement([1, 2, 3], 5, seededRandom(3)).sort()).toEqual([1, 2, 3]);
    expect(candidateDescriptions(screener).length).toBeGreaterThan(50);
  });

  it('scores as a percentage rounded down', () => {
    expect(scoreAnswers([0, 1, 2], [0, 1, 0])).toBe(66);
    expect(scoreAnswers([0, 1], [0, 1])).toBe(100);
    expect(scoreAnswers([], [])).toBe(0);
  });
});
