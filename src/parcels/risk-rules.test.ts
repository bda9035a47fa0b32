import { describe, expect, it } from 'vitest';
import { benignRiskFacts } from '../testing/risk-factories.js';
import { loadDefaultCatalogue } from '../screening/default-catalogue.js';
import defaultDocument from './risk-rules.default.json' with { type: 'json' };
import {
  categoriesNamed,
  dryRun,
  evaluateRisk,
  loadDefaultRuleSet,
  parseRuleSet,
  RISK_FACT_PATHS,
  RuleSetError,
} from './risk-rules.js';
import type { Condition, RiskDecision, RiskFacts, RuleSet } from './risk-rules.js';

// A domestic parcel from a known sender that nothing should flag.
// Changes applied to a benign parcel; each returns a fresh copy.
function facts(change: (facts: RiskFacts) => void): RiskFacts {
  const copy = benignRiskFacts();
  change(copy);
  return copy;
}

function outbound(facts: RiskFacts, categories: string[], verdict: 'watch' | 'restricted' = 'watch'): void {
  facts.route = 'outbound';
  facts.destinationCountry = 'US';
  facts.screening.verdict = verdict;
  facts.screening.categories = categories;
  facts.screening.items = categories.map((category) => ({ verdict, category }));
}

const rules = loadDefaultRuleSet();
const hitIds = (subject: RiskFacts, ruleSet: RuleSet = rules): string[] =>
  evaluateRisk(ruleSet, subject).hits.map((hit) => hit.ruleId);

// A one-rule set for testing the expression language.
function single(when: Condition, weight = 10): RuleSet {
  return parseRuleSet({
    version: 't',
    threshold: { inspect: 10, hold: 20 },
    rules: [{ id: 'r', description: 'test rule', weight, when }],
  });
}

function expectRuleSetError(document: unknown, path: string, message?: RegExp): void {
  try {
    parseRuleSet(document);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleSetError);
    expect((error as RuleSetError).path).toBe(path);
    if (message !== undefined) expect((error as RuleSetError).message).toMatch(message);
    return;
  }
  throw new Error(`expected a RuleSetError at ${path}`);
}

// A deep copy of the default document with one change, for the error-path tests.
function documentWith(
  change: (document: Record<string, unknown> & { rules: Record<string, unknown>[] }) => void,
) {
  const copy = structuredClone(defaultDocument) as unknown as Record<string, unknown> & {
    rules: Record<string, unknown>[];
  };
  change(copy);
  return copy;
}

describe('default risk rules', () => {
  it('parse, and flag nothing on a benign domestic parcel', () => {
    expect(rules.version).toBe('2025.1');
    expect(evaluateRisk(rules, benignRiskFacts())).toEqual({
      ruleSetVersion: '2025.1',
      score: 0,
      decision: 'none',
      hits: [],
    });
  });

  // Each default rule alone: the smallest change to a benign parcel that makes it hold, and the outcome.
  const cases: { rule: string; subject: RiskFacts; hits: string[]; score: number; decision: RiskDecision }[] =
    [
      {
        rule: 'many-small-watch-parcels',
        subject: facts((f) => {
          f.sender.recentParcels.watchCount7d = 3;
          f.screening.verdict = 'watch';
        }),
        hits: ['many-small-watch-parcels'],
        score: 35,
        decision: 'inspect',
      },
      {
        rule: 'outbound-strategic-minerals',
        subject: facts((f) => outbound(f, ['strategic-minerals'])),
        hits: ['outbound-strategic-minerals'],
        score: 40,
        decision: 'inspect',
      },
      {
        rule: 'repeated-strategic-mineral-exports',
        subject: facts((f) => {
          outbound(f, ['strategic-minerals'], 'restricted');
          f.sender.recentParcels.byCategory30d = { 'strategic-minerals': 2 };
        }),
        hits: ['outbound-strategic-minerals', 'repeated-strategic-mineral-exports'],
        score: 75,
        decision: 'hold',
      },
      {
        rule: 'inbound-biological-material',
        subject: facts((f) => {
          f.route = 'inbound';
          f.originCountry = 'JP';
          f.screening.verdict = 'watch';
          f.screening.categories = ['alien-species'];
        }),
        hits: ['inbound-biological-material'],
        score: 40,
        decision: 'inspect',
      },
      {
        rule: 'first-time-sender-high-risk-category',
        subject: facts((f) => {
          outbound(f, ['biological-resources']);
          f.sender.isFirstTime = true;
        }),
        hits: ['first-time-sender-high-risk-category'],
        score: 30,
        decision: 'inspect',
      },
      {
        rule: 'watchlisted-recipient',
        subject: facts((f) => {
          f.recipient.watchlisted = true;
        }),
        hits: ['watchlisted-recipient'],
        score: 70,
        decision: 'hold',
      },
      {
        rule: 'watchlisted-sender',
        subject: facts((f) => {
          f.sender.watchlisted = true;
        }),
        hits: ['watchlisted-sender'],
        score: 70,
        decision: 'hold',
      },
      {
        rule: 'vague-description-cross-border',
        subject: facts((f) => {
          f.route = 'outbound';
          f.screening.vagueItemCount = 1;
          f.screening.verdict = 'watch';
        }),
        hits: ['vague-description-cross-border'],
        score: 30,
        decision: 'inspect',
      },
      {
        rule: 'cross-border-no-declared-value',
        subject: facts((f) => {
          f.route = 'inbound';
          f.declaredValueCny = null;
        }),
        hits: ['cross-border-no-declared-value'],
        score: 10,
        decision: 'none',
      },
      {
        rule: 'repeated-refusals',
        subject: facts((f) => {
          f.sender.refusalsLast30d = 2;
        }),
        hits: ['repeated-refusals'],
        score: 20,
        decision: 'none',
      },
    ];

  it('has a case below for every default rule', () => {
    expect(cases.map((entry) => entry.rule).sort()).toEqual(rules.rules.map((rule) => rule.id).sort());
  });

  it.each(cases)('$rule', ({ subject, hits, score, decision }) => {
    const assessment = evaluateRisk(rules, subject);
    expect(assessment.hits.map((hit) => hit.ruleId)).toEqual(hits);
    expect(assessment.score).toBe(score);
    expect(assessment.decision).toBe(decision);
  });

  it('多次少量 needs three earlier watched parcels, a flagged parcel now, and a small one', () => {
    const base = (f: RiskFacts): void => {
      f.sender.recentParcels.watchCount7d = 3;
      f.screening.verdict = 'restricted';
    };
    expect(hitIds(facts(base))).toEqual(['many-small-watch-parcels']);
    expect(hitIds(facts((f) => (base(f), (f.weightGrams = null))))).toEqual(['many-small-watch-parcels']);
    expect(hitIds(facts((f) => (base(f), (f.weightGrams = 2001))))).toEqual([]);
    expect(hitIds(facts((f) => (base(f), (f.sender.recentParcels.watchCount7d = 2))))).toEqual([]);
    expect(hitIds(facts((f) => (base(f), (f.screening.verdict = 'clear'))))).toEqual([]);
  });

  it('leaves strategic minerals alone on domestic routes and counts only earlier parcels of that category', () => {
    expect(hitIds(facts((f) => (outbound(f, ['strategic-minerals']), (f.route = 'domestic'))))).toEqual([]);
    const once = facts((f) => {
      outbound(f, ['strategic-minerals']);
      f.sender.recentParcels.byCategory30d = { 'strategic-minerals': 1, batteries: 9 };
    });
    expect(hitIds(once)).toEqual(['outbound-strategic-minerals']);
  });

  it('holds a first-time sender exporting a strategic-mineral disguise, unless under an active agreement', () => {
    const firstTime = facts((f) => {
      outbound(f, ['strategic-minerals']);
      f.sender.isFirstTime = true;
    });
    expect(evaluateRisk(rules, firstTime)).toMatchObject({ score: 70, decision: 'hold' });
    firstTime.agreement = { present: true, active: true };
    expect(evaluateRisk(rules, firstTime)).toMatchObject({ score: 40, decision: 'inspect' });
  });

  it('does not treat outbound biological material as an inbound risk', () => {
    expect(hitIds(facts((f) => outbound(f, ['alien-species'])))).toEqual([]);
  });

  it('does not ask about vague descriptions or declared value on domestic routes', () => {
    const domestic = facts((f) => {
      f.screening.vagueItemCount = 2;
      f.declaredValueCny = null;
    });
    expect(hitIds(domestic)).toEqual([]);
  });

  it('name only categories of the screening catalogue', () => {
    const slugs = new Set(loadDefaultCatalogue().categories.map((category) => category.slug));
    const named = JSON.stringify(defaultDocument).match(/"includesAny":\[[^\]]*\]/g) ?? [];
    const categories = named.flatMap((list) => JSON.parse(list.slice('"includesAny":'.length)) as string[]);
    expect(categories.length).toBeGreaterThan(0);
    for (const category of categories) expect(slugs, category).toContain(category);
    expect(slugs).toContain('strategic-minerals');
  });
});

describe('explanations', () => {
  it('name the rule, its weight and every fact it read, with the values read', () => {
    const subject = facts((f) => {
      outbound(f, ['strategic-minerals'], 'restricted');
      f.sender.recentParcels.byCategory30d = { 'strategic-minerals': 4 };
      f.sender.recentParcels.watchCount7d = 5;
      f.weightGrams = null;
    });
    expect(evaluateRisk(rules, subject)).toEqual({
      ruleSetVersion: '2025.1',
      score: 110,
      decision: 'hold',
      hits: [
        {
          ruleId: 'many-small-watch-parcels',
          description: expect.stringContaining('多次少量') as string,
          weight: 35,
          facts: {
            'sender.recentParcels.watchCount7d': 5,
            'screening.verdict': 'restricted',
            weightGrams: null,
          },
        },
        {
          ruleId: 'outbound-strategic-minerals',
          description: expect.stringContaining('Outbound') as string,
          weight: 40,
          facts: { route: 'outbound', 'screening.categories': ['strategic-minerals'] },
        },
        {
          ruleId: 'repeated-strategic-mineral-exports',
          description: expect.any(String) as string,
          weight: 35,
          facts: {
            route: 'outbound',
            'screening.categories': ['strategic-minerals'],
            'sender.recentParcels.byCategory30d.strategic-minerals': 4,
          },
        },
      ],
    });
  });

  it('include facts of an `any` branch that was not needed', () => {
    const ruleSet = single({
      any: [
        { fact: 'recipient.watchlisted', eq: true },
        { fact: 'sender.watchlisted', eq: true },
      ],
    });
    const [hit] = evaluateRisk(
      ruleSet,
      facts((f) => (f.recipient.watchlisted = true)),
    ).hits;
    expect(hit?.facts).toEqual({ 'recipient.watchlisted': true, 'sender.watchlisted': false });
  });

  it('copy list values, so an explanation never aliases the facts', () => {
    const subject = facts((f) => outbound(f, ['strategic-minerals']));
    const [hit] = evaluateRisk(rules, subject).hits;
    subject.screening.categories.push('batteries');
    expect(hit?.facts['screening.categories']).toEqual(['strategic-minerals']);
  });
});

describe('thresholds', () => {
  const ladder = parseRuleSet({
    version: 'ladder',
    threshold: { inspect: 10, hold: 20 },
    rules: [
      { id: 'five', description: '5 points', weight: 5, when: { fact: 'sender.refusalsLast30d', gte: 1 } },
      {
        id: 'another-five',
        description: '5 points',
        weight: 5,
        when: { fact: 'sender.refusalsLast30d', gte: 2 },
      },
      { id: 'ten', description: '10 points', weight: 10, when: { fact: 'sender.refusalsLast30d', gte: 3 } },
    ],
  });

  it.each([
    [0, 0, 'none'],
    [1, 5, 'none'],
    [2, 10, 'inspect'],
    [3, 20, 'hold'],
  ] as const)('%i refusals score %i: %s', (refusals, score, decision) => {
    const assessment = evaluateRisk(
      ladder,
      facts((f) => (f.sender.refusalsLast30d = refusals)),
    );
    expect(assessment).toMatchObject({ score, decision });
  });

  it('meets a threshold exactly with fractional weights', () => {
    const fractional = parseRuleSet({
      version: 'f',
      threshold: { inspect: 0.3, hold: 1 },
      rules: [
        { id: 'a', description: 'a', weight: 0.1, when: { fact: 'itemCount', gte: 1 } },
        { id: 'b', description: 'b', weight: 0.2, when: { fact: 'itemCount', gte: 1 } },
      ],
    });
    expect(evaluateRisk(fractional, benignRiskFacts())).toMatchObject({ score: 0.3, decision: 'inspect' });
  });

  it('allow inspect and hold to coincide (no inspect band)', () => {
    const ruleSet = parseRuleSet({ version: 'v', threshold: { inspect: 50, hold: 50 }, rules: [] });
    expect(ruleSet.threshold).toEqual({ inspect: 50, hold: 50 });
  });
});

describe('the condition language', () => {
  const truth = (when: Condition, subject: RiskFacts = benignRiskFacts()): boolean =>
    evaluateRisk(single(when), subject).hits.length === 1;

  it('compares strings, numbers and booleans', () => {
    expect(truth({ fact: 'route', eq: 'domestic' })).toBe(true);
    expect(truth({ fact: 'route', ne: 'domestic' })).toBe(false);
    expect(truth({ fact: 'route', in: ['inbound', 'outbound'] })).toBe(false);
    expect(truth({ fact: 'originCountry', eq: 'CN' })).toBe(true);
    expect(truth({ fact: 'itemCount', eq: 1 })).toBe(true);
    expect(truth({ fact: 'itemCount', gt: 1 })).toBe(false);
    expect(truth({ fact: 'itemCount', gte: 1 })).toBe(true);
    expect(truth({ fact: 'itemCount', lt: 1 })).toBe(false);
    expect(truth({ fact: 'itemCount', lte: 1 })).toBe(true);
    expect(truth({ fact: 'itemCount', in: [2, 3] })).toBe(false);
    expect(truth({ fact: 'agreement.present', eq: false })).toBe(true);
    expect(truth({ fact: 'agreement.present', ne: false })).toBe(false);
  });

  it('treats a missing value as failing every comparison but ne and exists: false', () => {
    const unweighed = facts((f) => (f.weightGrams = null));
    for (const when of [
      { fact: 'weightGrams', eq: 0 },
      { fact: 'weightGrams', gt: 0 },
      { fact: 'weightGrams', gte: 0 },
      { fact: 'weightGrams', lt: 1e9 },
      { fact: 'weightGrams', lte: 1e9 },
      { fact: 'weightGrams', in: [0] },
      { fact: 'weightGrams', exists: true },
    ] as Condition[]) {
      expect(truth(when, unweighed), JSON.stringify(when)).toBe(false);
    }
    expect(truth({ fact: 'weightGrams', ne: 0 }, unweighed)).toBe(true);
    expect(truth({ fact: 'weightGrams', exists: false }, unweighed)).toBe(true);
    expect(truth({ fact: 'weightGrams', exists: true })).toBe(true);
  });

  it('combines with all, any and not', () => {
    const yes = { fact: 'route', eq: 'domestic' } as const;
    const no = { fact: 'route', eq: 'inbound' } as const;
    expect(truth({ all: [yes, yes] })).toBe(true);
    expect(truth({ all: [yes, no] })).toBe(false);
    expect(truth({ any: [no, yes] })).toBe(true);
    expect(truth({ any: [no, no] })).toBe(false);
    expect(truth({ not: no })).toBe(true);
    expect(truth({ not: { any: [no, { all: [yes, { not: yes }] }] } })).toBe(true);
  });

  it('reads per-item verdicts and categories as lists', () => {
    const mixed = facts((f) => {
      f.screening.items = [
        { verdict: 'clear', category: null },
        { verdict: 'restricted', category: 'batteries' },
      ];
    });
    expect(truth({ fact: 'screening.items.verdict', includesAny: ['restricted'] }, mixed)).toBe(true);
    expect(truth({ fact: 'screening.items.verdict', includesAny: ['prohibited'] }, mixed)).toBe(false);
    expect(truth({ fact: 'screening.items.category', includesAny: ['batteries', 'tobacco'] }, mixed)).toBe(
      true,
    );
    const [hit] = evaluateRisk(
      single({ fact: 'screening.items.category', includesAny: ['batteries'] }),
      mixed,
    ).hits;
    expect(hit?.facts).toEqual({ 'screening.items.category': ['batteries'] });
  });

  it('counts an absent category as zero, and never reads inherited properties', () => {
    const path = 'sender.recentParcels.byCategory30d.tobacco';
    expect(truth({ fact: path, eq: 0 })).toBe(true);
    expect(truth({ fact: 'sender.recentParcels.byCategory30d.constructor', eq: 0 })).toBe(true);
    expect(
      truth(
        { fact: path, gte: 3 },
        facts((f) => (f.sender.recentParcels.byCategory30d = { tobacco: 3 })),
      ),
    ).toBe(true);
  });

  it('lists the facts a rule may name', () => {
    expect(RISK_FACT_PATHS).toContain('sender.recentParcels.watchCount7d');
    expect(RISK_FACT_PATHS).toContain('sender.recentParcels.byCategory30d.<category>');
    for (const path of RISK_FACT_PATHS.filter((entry) => !entry.includes('<'))) {
      expect(() => single({ fact: path, exists: true })).not.toThrow(/is not a known fact/);
    }
  });
});

describe('parse errors name the path', () => {
  const condition = 'ruleSet.rules[0].when.all[0]';
  it.each<[string, () => unknown, string, RegExp]>([
    ['a document that is not an object', () => [], 'ruleSet', /expected an object/],
    [
      'an unknown top-level field',
      () => documentWith((d) => (d.owner = 'x')),
      'ruleSet.owner',
      /not a known field/,
    ],
    ['a missing version', () => documentWith((d) => delete d.version), 'ruleSet.version', /non-empty string/],
    ['a missing threshold', () => documentWith((d) => delete d.threshold), 'ruleSet.threshold', /object/],
    [
      'a threshold given as text',
      () => documentWith((d) => (d.threshold = { inspect: '30', hold: 70 })),
      'ruleSet.threshold.inspect',
      /positive number/,
    ],
    [
      'a hold threshold below inspect',
      () => documentWith((d) => (d.threshold = { inspect: 30, hold: 20 })),
      'ruleSet.threshold.hold',
      /below the inspect threshold 30/,
    ],
    [
      'an unknown threshold',
      () => documentWith((d) => (d.threshold = { inspect: 30, hold: 70, refuse: 90 })),
      'ruleSet.threshold.refuse',
      /not a known field/,
    ],
    [
      'rules that are not a list',
      () => documentWith((d) => (d.rules = {} as never)),
      'ruleSet.rules',
      /array/,
    ],
    [
      'a zero weight',
      () => documentWith((d) => ((d.rules[1] as { weight: number }).weight = 0)),
      'ruleSet.rules[1].weight',
      /positive number, got number 0/,
    ],
    [
      'a negative weight',
      () => documentWith((d) => ((d.rules[2] as { weight: number }).weight = -10)),
      'ruleSet.rules[2].weight',
      /positive number/,
    ],
    [
      'an infinite weight',
      () => documentWith((d) => ((d.rules[2] as { weight: number }).weight = Infinity)),
      'ruleSet.rules[2].weight',
      /positive number/,
    ],
    [
      'a bad rule id',
      () => documentWith((d) => (d.rules[0]!.id = 'Many Small')),
      'ruleSet.rules[0].id',
      /kebab-case/,
    ],
    [
      'a repeated rule id',
      () => documentWith((d) => (d.rules[3]!.id = d.rules[1]!.id)),
      'ruleSet.rules[3].id',
      /repeats/,
    ],
    [
      'an empty description',
      () => documentWith((d) => (d.rules[0]!.description = ' ')),
      'ruleSet.rules[0].description',
      /non-empty/,
    ],
    [
      'an unknown rule field',
      () => documentWith((d) => (d.rules[0]!.enabled = true)),
      'ruleSet.rules[0].enabled',
      /not a known field/,
    ],
    [
      'a missing condition',
      () => documentWith((d) => delete d.rules[0]!.when),
      'ruleSet.rules[0].when',
      /expected an object/,
    ],
    [
      'an unknown fact',
      () =>
        documentWith((d) => (d.rules[0]!.when = { all: [{ fact: 'sender.recentParcel.count7d', gte: 3 }] })),
      `${condition}.fact`,
      /"sender.recentParcel.count7d" is not a known fact/,
    ],
    [
      'a per-category count with a bad slug',
      () =>
        documentWith(
          (d) => (d.rules[0]!.when = { all: [{ fact: 'sender.recentParcels.byCategory30d.X Y', gte: 3 }] }),
        ),
      `${condition}.fact`,
      /not a known fact/,
    ],
    [
      'an unknown operator',
      () => documentWith((d) => (d.rules[0]!.when = { all: [{ fact: 'route', equals: 'outbound' }] })),
      `${condition}.equals`,
      /not an operator/,
    ],
    [
      'two operators',
      () => documentWith((d) => (d.rules[0]!.when = { all: [{ fact: 'itemCount', gt: 1, lt: 5 }] })),
      condition,
      /exactly one operator, got 2/,
    ],
    [
      'no operator',
      () => documentWith((d) => (d.rules[0]!.when = { all: [{ fact: 'itemCount' }] })),
      condition,
      /exactly one operator, got 0/,
    ],
    [
      'a literal of the wrong type',
      () =>
        documentWith(
          (d) => (d.rules[0]!.when = { all: [{ fact: 'sender.recentParcels.count7d', gte: '3' }] }),
        ),
      `${condition}.gte`,
      /is a number; got "3"/,
    ],
    [
      'a misspelt route',
      () => documentWith((d) => (d.rules[0]!.when = { all: [{ fact: 'route', eq: 'outbond' }] })),
      `${condition}.eq`,
      /one of domestic\|inbound\|outbound/,
    ],
    [
      'a country that is not a code',
      () => documentWith((d) => (d.rules[0]!.when = { all: [{ fact: 'destinationCountry', eq: 'china' }] })),
      `${condition}.eq`,
      /not a valid value of destinationCountry/,
    ],
    [
      'an ordering on a boolean',
      () => documentWith((d) => (d.rules[0]!.when = { all: [{ fact: 'sender.isFirstTime', gt: 0 }] })),
      `${condition}.gt`,
      /is a boolean; use eq\|ne/,
    ],
    [
      'exists on a fact that is never missing',
      () => documentWith((d) => (d.rules[0]!.when = { all: [{ fact: 'itemCount', exists: true }] })),
      `${condition}.exists`,
      /never missing/,
    ],
    [
      'exists with a non-boolean',
      () => documentWith((d) => (d.rules[0]!.when = { all: [{ fact: 'weightGrams', exists: 1 }] })),
      `${condition}.exists`,
      /true or false/,
    ],
    [
      'an empty includesAny',
      () =>
        documentWith(
          (d) => (d.rules[0]!.when = { all: [{ fact: 'screening.categories', includesAny: [] }] }),
        ),
      `${condition}.includesAny`,
      /could never hold/,
    ],
    [
      'a category that is not a slug',
      () =>
        documentWith(
          (d) =>
            (d.rules[0]!.when = {
              all: [{ fact: 'screening.categories', includesAny: ['Strategic Minerals'] }],
            }),
        ),
      `${condition}.includesAny[0]`,
      /not a valid value/,
    ],
    [
      'a mixed in list',
      () => documentWith((d) => (d.rules[0]!.when = { all: [{ fact: 'route', in: ['inbound', 7] }] })),
      `${condition}.in[1]`,
      /is a string/,
    ],
    [
      'eq on a list',
      () =>
        documentWith((d) => (d.rules[0]!.when = { all: [{ fact: 'screening.categories', eq: 'tobacco' }] })),
      `${condition}.eq`,
      /string-list; use includesAny/,
    ],
    [
      'a combinator beside a fact',
      () => documentWith((d) => (d.rules[0]!.when = { all: [{ fact: 'itemCount', gt: 1, not: {} }] })),
      condition,
      /not several/,
    ],
    [
      'two combinators',
      () => documentWith((d) => (d.rules[0]!.when = { all: [], any: [] })),
      'ruleSet.rules[0].when',
      /not several/,
    ],
    [
      'an empty all',
      () => documentWith((d) => (d.rules[0]!.when = { all: [] })),
      'ruleSet.rules[0].when.all',
      /is empty/,
    ],
    [
      'a stray field beside all',
      () => documentWith((d) => (d.rules[0]!.when = { all: [{ fact: 'itemCount', gt: 1 }], note: 'x' })),
      'ruleSet.rules[0].when.note',
      /not a known field/,
    ],
    [
      'a not of a list',
      () => documentWith((d) => (d.rules[0]!.when = { not: [] })),
      'ruleSet.rules[0].when.not',
      /expected an object, got an array/,
    ],
    [
      'an empty condition',
      () => documentWith((d) => (d.rules[0]!.when = { all: [{}] })),
      condition,
      /one of all, any, not or fact/,
    ],
    [
      'a count of recent parcels beyond what is counted',
      () =>
        documentWith(
          (d) => (d.rules[0]!.when = { all: [{ fact: 'sender.recentParcels.count30d', gte: 1001 }] }),
        ),
      `${condition}.gte`,
      /counts at most 1000 \(the most recent parcels\); 1001 could never be reached/,
    ],
    [
      'a per-category count beyond what is counted',
      () =>
        documentWith(
          (d) =>
            (d.rules[0]!.when = {
              all: [{ fact: 'sender.recentParcels.byCategory30d.strategic-minerals', gt: 5000 }],
            }),
        ),
      `${condition}.gt`,
      /counts at most 1000/,
    ],
  ])('%s', (_name, document, path, message) => {
    expectRuleSetError(document(), path, message);
  });

  it('refuses conditions nested too deep', () => {
    let when: unknown = { fact: 'itemCount', gt: 1 };
    for (let depth = 0; depth < 20; depth++) when = { not: when };
    expectRuleSetError(
      documentWith((d) => (d.rules[0]!.when = when)),
      `ruleSet.rules[0].when${'.not'.repeat(16)}`,
      /deeper than 16/,
    );
  });

  it('returns a clean copy, without comments or aliases to the document', () => {
    const document = structuredClone(defaultDocument);
    const ruleSet = parseRuleSet(document);
    expect(ruleSet).not.toHaveProperty('$comment');
    (document.rules[0] as { weight: number }).weight = 1;
    expect(ruleSet.rules[0]?.weight).toBe(35);
  });
});

describe('dry run', () => {
  const candidateDocument = documentWith((d) => {
    d.version = '2025.2';
    (d.rules.find((rule) => rule.id === 'outbound-strategic-minerals') as { weight: number }).weight = 70;
    d.rules = d.rules.filter((rule) => rule.id !== 'vague-description-cross-border');
    d.rules.push({
      id: 'refused-once',
      description: 'Refused at the identity gate in the last 30 days',
      weight: 15,
      when: { fact: 'sender.refusalsLast30d', gte: 1 },
    });
  });
  const candidate = parseRuleSet(candidateDocument);

  const parcels = [
    { waybillNo: 'A-STRATEGIC', facts: facts((f) => outbound(f, ['strategic-minerals'])) },
    { waybillNo: 'B-VAGUE', facts: facts((f) => ((f.route = 'outbound'), (f.screening.vagueItemCount = 1))) },
    { waybillNo: 'C-BENIGN', facts: benignRiskFacts() },
    { waybillNo: 'D-REFUSED', facts: facts((f) => (f.sender.refusalsLast30d = 2)) },
  ];

  it('lists the parcels whose decision would change, and why', () => {
    const report = dryRun(rules, candidate, parcels);
    expect(report.currentVersion).toBe('2025.1');
    expect(report.candidateVersion).toBe('2025.2');
    expect(report.evaluated).toBe(4);
    expect(report.changed).toEqual([
      {
        waybillNo: 'A-STRATEGIC',
        from: 'inspect',
        to: 'hold',
        fromScore: 40,
        toScore: 70,
        addedHits: [],
        removedHits: [],
      },
      {
        waybillNo: 'B-VAGUE',
        from: 'inspect',
        to: 'none',
        fromScore: 30,
        toScore: 0,
        addedHits: [],
        removedHits: ['vague-description-cross-border'],
      },
      {
        waybillNo: 'D-REFUSED',
        from: 'none',
        to: 'inspect',
        fromScore: 20,
        toScore: 35,
        addedHits: ['refused-once'],
        removedHits: [],
      },
    ]);
  });

  it('summarises decisions and rule hits under both sets', () => {
    const { summary } = dryRun(rules, candidate, parcels);
    expect(summary.current).toEqual({ none: 2, inspect: 2, hold: 0 });
    expect(summary.candidate).toEqual({ none: 2, inspect: 1, hold: 1 });
    expect(summary.escalated).toBe(2);
    expect(summary.relaxed).toBe(1);
    expect(summary.ruleHits.map((entry) => entry.ruleId)).toEqual([
      ...rules.rules.map((rule) => rule.id),
      'refused-once',
    ]);
    const byId = new Map(summary.ruleHits.map((entry) => [entry.ruleId, entry]));
    expect(byId.get('vague-description-cross-border')).toEqual({
      ruleId: 'vague-description-cross-border',
      current: 1,
      candidate: 0,
    });
    expect(byId.get('refused-once')).toEqual({ ruleId: 'refused-once', current: 0, candidate: 1 });
    expect(byId.get('repeated-refusals')).toEqual({ ruleId: 'repeated-refusals', current: 1, candidate: 1 });
    expect(byId.get('watchlisted-recipient')).toEqual({
      ruleId: 'watchlisted-recipient',
      current: 0,
      candidate: 0,
    });
  });

  it('changes nothing when the sets are the same, and writes nothing', () => {
    const before = structuredClone({ rules, candidate, parcels });
    const same = dryRun(rules, loadDefaultRuleSet(), parcels);
    expect(same.changed).toEqual([]);
    expect(same.summary.escalated + same.summary.relaxed).toBe(0);
    dryRun(rules, candidate, parcels);
    expect({ rules, candidate, parcels }).toEqual(before);
  });

  it('streams from any iterable, such as a generator over stored parcels', () => {
    function* stored(): Generator<{ waybillNo: string; facts: RiskFacts }> {
      for (let index = 0; index < 100; index++) {
        yield { waybillNo: `W${index}`, facts: facts((f) => (f.sender.refusalsLast30d = index % 3)) };
      }
    }
    const report = dryRun(rules, candidate, stored());
    expect(report.evaluated).toBe(100);
    // refusals 1 → 15 (none); refusals 2 → 20 + 15 = 35 (inspect): every third parcel from index 2.
    expect(report.changed).toHaveLength(33);
    expect(report.changed.every((change) => change.from === 'none' && change.to === 'inspect')).toBe(true);
  });
});

describe('categories a rule set names', () => {
  it('lists the literals compared with screening categories and the per-category history facts, with paths', () => {
    const ruleSet = parseRuleSet({
      version: 'named',
      threshold: { inspect: 10, hold: 20 },
      rules: [
        {
          id: 'plain',
          description: 'd',
          weight: 1,
          when: { fact: 'screening.items.category', includesAny: ['firearms'] },
        },
        {
          id: 'nested',
          description: 'd',
          weight: 1,
          when: {
            any: [
              { not: { fact: 'screening.categories', includesAny: ['drugs', 'explosives'] } },
              { fact: 'sender.recentParcels.byCategory30d.ivory', gte: 2 },
              { fact: 'screening.verdict', in: ['watch', 'restricted'] },
            ],
          },
        },
      ],
    });
    expect(categoriesNamed(ruleSet)).toEqual([
      { ruleIndex: 0, ruleId: 'plain', path: 'ruleSet.rules[0].when.includesAny[0]', category: 'firearms' },
      {
        ruleIndex: 1,
        ruleId: 'nested',
        path: 'ruleSet.rules[1].when.any[0].not.includesAny[0]',
        category: 'drugs',
      },
      {
        ruleIndex: 1,
        ruleId: 'nested',
        path: 'ruleSet.rules[1].when.any[0].not.includesAny[1]',
        category: 'explosives',
      },
      { ruleIndex: 1, ruleId: 'nested', path: 'ruleSet.rules[1].when.any[1].fact', category: 'ivory' },
    ]);
  });

  it('finds every category the bundled rule set names in the bundled catalogue', () => {
    const slugs = new Set(loadDefaultCatalogue().categories.map((category) => category.slug));
    const named = categoriesNamed(loadDefaultRuleSet());
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter(({ category }) => !slugs.has(category))).toEqual([]);
  });
});
