import type { RiskFacts } from '../parcels/risk-rules.js';

/** The risk facts of an ordinary parcel: domestic, one clear item, a known sender with a little history. */
export function benignRiskFacts(): RiskFacts {
  return {
    route: 'domestic',
    originCountry: 'CN',
    destinationCountry: 'CN',
    itemCount: 1,
    declaredValueCny: 120,
    weightGrams: 800,
    screening: {
      verdict: 'clear',
      categories: [],
      vagueItemCount: 0,
      items: [{ verdict: 'clear', category: null }],
    },
    sender: {
      isFirstTime: false,
      watchlisted: false,
      refusalsLast30d: 0,
      recentParcels: { count7d: 1, count30d: 4, watchCount7d: 0, watchCount30d: 0, byCategory30d: {} },
    },
    recipient: { watchlisted: false },
    agreement: { present: false, active: false },
  };
}
