import { describe, expect, it } from 'vitest';
import { riskFactsFromStored, storedRiskFacts } from './risk-facts-storage.js';
import type { RiskFacts } from './risk-rules.js';
import { benignRiskFacts } from '../testing/risk-factories.js';

function facts(overrides: Partial<RiskFacts> = {}): RiskFacts {
  return { ...benignRiskFacts(), ...overrides };
}

describe('risk facts as stored on the parcel row', () => {
  it('keeps only what differs from a typical parcel', () => {
    expect(JSON.parse(storedRiskFacts(facts()))).toEqual({
      declaredValueCny: 120,
      weightGrams: 800,
      sender: { recentParcels: { count7d: 1, count30d: 4 } },
    });
  });

  it('reads back exactly the facts that were stored', () => {
    const cases: RiskFacts[] = [
      facts(),
      facts({
        route: 'outbound',
        destinationCountry: 'US',
        itemCount: 2,
        declaredValueCny: 0,
        weightGrams: null,
        screening: {
          verdict: 'restricted',
          categories: ['strategic-minerals'],
          vagueItemCount: 1,
          items: [
            { verdict: 'restricted', category: 'strategic-minerals' },
            { verdict: 'watch', category: null },
          ],
        },
        sender: {
          isFirstTime: false,
          watchlisted: true,
          refusalsLast30d: 3,
          recentParcels: {
            count7d: 4,
            count30d: 9,
            watchCount7d: 2,
            watchCount30d: 5,
            byCategory30d: { 'strategic-minerals': 5 },
          },
        },
        recipient: { watchlisted: true },
        agreement: { present: true, active: false },
      }),
      facts({ itemCount: 0, screening: { verdict: 'clear', categories: [], vagueItemCount: 0, items: [] } }),
    ];
    for (const original of cases) expect(riskFactsFromStored(storedRiskFacts(original))).toEqual(original);
  });

  it('reads a full document (as stored before) unchanged', () => {
    const full = facts({ weightGrams: 1200 });
    expect(riskFactsFromStored(JSON.stringify(full))).toEqual(full);
  });

  it('refuses a stored value that is not an object', () => {
    expect(() => riskFactsFromStored('[]')).toThrow(/not a JSON object/);
  });
});
