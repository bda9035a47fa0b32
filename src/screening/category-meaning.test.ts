import { describe, expect, it } from 'vitest';
import { crimeRelatedProhibited, isCrimeRelated, isVagueResult } from './category-meaning.js';
import { loadDefaultCatalogue } from './default-catalogue.js';
import { createScreener } from './screener.js';

const catalogue = loadDefaultCatalogue();
const screener = createScreener(catalogue);
const { categories } = catalogue;

describe('what a screening result means beyond its verdict', () => {
  it('reads crime-related from the catalogue, and nothing from an unknown or missing category', () => {
    expect(isCrimeRelated(categories, 'firearms')).toBe(true);
    expect(isCrimeRelated(categories, 'flammable-liquids')).toBe(false);
    expect(isCrimeRelated(categories, 'no-such-category')).toBe(false);
    expect(isCrimeRelated(categories, null)).toBe(false);
    expect(isCrimeRelated([{ ...categories[0]!, crimeRelated: false }], categories[0]!.slug)).toBe(false);
  });

  it('lists the crime-related categories of prohibited results only, in order', () => {
    const results = ['仿真手枪 一把', '汽油 5升', '纯棉T恤', '海洛因'].map((description) =>
      screener.screen({ description, route: 'domestic' }),
    );
    expect(results.map((result) => result.verdict)).toEqual([
      'prohibited',
      'prohibited',
      'clear',
      'prohibited',
    ]);
    expect(crimeRelatedProhibited(categories, results)).toEqual(['firearms', 'narcotics']);
    // A crime-related category screened anything but prohibited (strategic minerals leaving: restricted) is no find.
    const minerals = screener.screen({ description: '稀土 样品', route: 'outbound' });
    expect(minerals).toMatchObject({ verdict: 'restricted', category: 'strategic-minerals' });
    expect(crimeRelatedProhibited(categories, [minerals])).toEqual([]);
  });

  it('tells a vague description from a clear one', () => {
    expect(isVagueResult(screener.screen({ description: '礼品' }))).toBe(true);
    expect(isVagueResult(screener.screen({ description: '不锈钢保温杯' }))).toBe(false);
  });
});
