// How a parcel's risk facts are kept on its row (for dry runs of candidate rule sets): only what differs from a
// typical parcel, so the usual parcel stores a few dozen bytes instead of half a kilobyte. Row size is most
// of what an insert costs on the embedded store. Full documents (parcels stored before) read back unchanged.
import type { RiskFacts } from './risk-rules.js';

/** A clean, one-item domestic parcel from a known sender with no history worth a rule. */
const TYPICAL: RiskFacts = {
  route: 'domestic',
  originCountry: 'CN',
  destinationCountry: 'CN',
  itemCount: 1,
  declaredValueCny: null,
  weightGrams: null,
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
    recentParcels: { count7d: 0, count30d: 0, watchCount7d: 0, watchCount30d: 0, byCategory30d: {} },
  },
  recipient: { watchlisted: false },
  agreement: { present: false, active: false },
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((value, index) => sameJson(value, b[index]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson(a[key], b[key]));
  }
  return false;
}

/** The keys of `value` whose values differ from `base`: nested objects compared key by key, arrays whole. */
function difference(value: Record<string, Json>, base: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, entry] of Object.entries(value)) {
    const baseEntry = base[key];
    if (isObject(entry) && isObject(baseEntry) && Object.keys(baseEntry).length > 0) {
      const nested = difference(entry, baseEntry);
      if (Object.keys(nested).length > 0) out[key] = nested;
    } else if (!sameJson(entry, baseEntry)) {
      out[key] = entry;
    }
  }
  return out;
}

function merged(stored: Record<string, Json>, base: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = { ...base };
  for (const [key, entry] of Object.entries(stored)) {
    const baseEntry = base[key];
    out[key] =
      isObject(entry) && isObject(baseEntry) && Object.keys(baseEntry).length > 0
        ? merged(entry, baseEntry)
        : entry;
  }
  return out;
}

/** The facts as stored on the parcel row (JSON). */
export function storedRiskFacts(facts: RiskFacts): string {
  return JSON.stringify(
    difference(facts as unknown as Record<string, Json>, TYPICAL as unknown as Record<string, Json>),
  );
}

/** The facts of a parcel row's `risk_facts` (either form: a difference, or a full document). */
export function riskFactsFromStored(text: string): RiskFacts {
  const stored = JSON.parse(text) as unknown;
  if (!isObject(stored)) throw new Error('stored risk facts are not a JSON object');
  return merged(stored, TYPICAL as unknown as Record<string, Json>) as unknown as RiskFacts;
}
