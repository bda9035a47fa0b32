// The facts a rule may name. Reading them through this table (never by walking arbitrary paths) means a typo in
// a rule is an error at publication instead of a rule that silently never fires, a literal of the wrong type is
// caught the same way, and no path can reach into Object.prototype.
import { ROUTES, VERDICTS } from '../screening/catalogue.js';
import type { FactValue, RiskFacts } from './risk-rules.types.js';

export type FactKind = 'string' | 'number' | 'boolean' | 'string-list';

export interface FactDefinition {
  kind: FactKind;
  /** The fact may be missing (null); only these accept `exists`. */
  nullable: boolean;
  /** Closed set of values for string facts and string lists. */
  values?: readonly string[];
  /** Shape every literal must have (country codes, category slugs). */
  pattern?: RegExp;
  /** The largest value the fact can take: a literal above it could never be reached. */
  max?: number;
  read(facts: RiskFacts): FactValue;
}

/**
 * A sender's recent parcels are counted over at most this many of the most recent (in the 30 days): the counts
 * saturate here, so that a sender with thousands of parcels a month costs each intake a bounded read.
 */
export const RECENT_PARCELS_CAP = 1_000;

const COUNTRY_CODE = /^[A-Z]{2}$/;
export const SLUG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const BY_CATEGORY_PREFIX = 'sender.recentParcels.byCategory30d.';

const numberFact = (read: (facts: RiskFacts) => number): FactDefinition => ({
  kind: 'number',
  nullable: false,
  read,
});
const recentParcelsFact = (read: (facts: RiskFacts) => number): FactDefinition => ({
  kind: 'number',
  nullable: false,
  max: RECENT_PARCELS_CAP,
  read,
});
const booleanFact = (read: (facts: RiskFacts) => boolean): FactDefinition => ({
  kind: 'boolean',
  nullable: false,
  read,
});

const FACTS: ReadonlyMap<string, FactDefinition> = new Map<string, FactDefinition>([
  ['route', { kind: 'string', nullable: false, values: ROUTES, read: (facts) => facts.route }],
  [
    'originCountry',
    { kind: 'string', nullable: false, pattern: COUNTRY_CODE, read: (facts) => facts.originCountry },
  ],
  [
    'destinationCountry',
    { kind: 'string', nullable: false, pattern: COUNTRY_CODE, read: (facts) => facts.destinationCountry },
  ],
  ['itemCount', numberFact((facts) => facts.itemCount)],
  ['declaredValueCny', { kind: 'number', nullable: true, read: (facts) => facts.declaredValueCny }],
  ['weightGrams', { kind: 'number', nullable: true, read: (facts) => facts.weightGrams }],
  [
    'screening.verdict',
    { kind: 'string', nullable: false, values: VERDICTS, read: (facts) => facts.screening.verdict },
  ],
  [
    'screening.categories',
    { kind: 'string-list', nullable: false, pattern: SLUG, read: (facts) => [...facts.screening.categories] },
  ],
  ['screening.vagueItemCount', numberFact((facts) => facts.screening.vagueItemCount)],
  [
    'screening.items.verdict',
    {
      kind: 'string-list',
      nullable: false,
      values: VERDICTS,
      read: (facts) => facts.screening.items.map((item) => item.verdict),
    },
  ],
  [
    'screening.items.category',
    {
      kind: 'string-list',
      nullable: false,
      pattern: SLUG,
      read: (facts) =>
        facts.screening.items.flatMap((item) => (item.category === null ? [] : [item.category])),
    },
  ],
  ['sender.isFirstTime', booleanFact((facts) => facts.sender.isFirstTime)],
  ['sender.watchlisted', booleanFact((facts) => facts.sender.watchlisted)],
  ['sender.refusalsLast30d', numberFact((facts) => facts.sender.refusalsLast30d)],
  ['sender.recentParcels.count7d', recentParcelsFact((facts) => facts.sender.recentParcels.count7d)],
  ['sender.recentParcels.count30d', recentParcelsFact((facts) => facts.sender.recentParcels.count30d)],
  [
    'sender.recentParcels.watchCount7d',
    recentParcelsFact((facts) => facts.sender.recentParcels.watchCount7d),
  ],
  [
    'sender.recentParcels.watchCount30d',
    recentParcelsFact((facts) => facts.sender.recentParcels.watchCount30d),
  ],
  ['recipient.watchlisted', booleanFact((facts) => facts.recipient.watchlisted)],
  ['agreement.present', booleanFact((facts) => facts.agreement.present)],
  ['agreement.active', booleanFact((facts) => facts.agreement.active)],
]);

/** Every fact path a rule may name; `<category>` stands for any category slug. */
export const RISK_FACT_PATHS: readonly string[] = [...FACTS.keys(), `${BY_CATEGORY_PREFIX}<category>`];

// Per-category counts are keyed by slug, so their paths are open-ended; they are read with an own-property
// check and default to 0 (no parcel of that category).
export function factDefinition(path: string): FactDefinition | undefined {
  const known = FACTS.get(path);
  if (known !== undefined) return known;
  if (!path.startsWith(BY_CATEGORY_PREFIX)) return undefined;
  const category = path.slice(BY_CATEGORY_PREFIX.length);
  if (!SLUG.test(category)) return undefined;
  return recentParcelsFact((facts) => {
    const counts = facts.sender.recentParcels.byCategory30d;
    return Object.hasOwn(counts, category) ? (counts[category] ?? 0) : 0;
  });
}
