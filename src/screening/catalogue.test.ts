import { describe, expect, it } from 'vitest';
import { CatalogueError, findCategoryTerms, parseCatalogue } from './catalogue.js';
import type { Catalogue } from './catalogue.js';
import { diffCatalogues, formatCatalogueDiff } from './catalogue-diff.js';
import { loadDefaultCatalogue } from './default-catalogue.js';

// The contract of CATALOGUE.md: every slug the screener may report.
const CONTRACT_SLUGS = [
  'firearms',
  'controlled-instruments',
  'explosives',
  'gases',
  'flammable-liquids',
  'flammable-solids',
  'oxidizers',
  'toxic',
  'infectious',
  'radioactive',
  'corrosive',
  'narcotics',
  'illegal-publications',
  'spy-equipment',
  'forgeries',
  'counterfeit-goods',
  'endangered-wildlife',
  'border-prohibited',
  'other-prohibited',
  'state-secrets',
  'alien-species',
  'biological-resources',
  'strategic-minerals',
  'tobacco',
  'alcohol',
  'batteries',
  'medicines',
];

function minimalDocument(): Record<string, unknown> {
  return {
    version: 'test-1',
    categories: [
      {
        slug: 'firearms',
        name: '枪支',
        nameEn: 'Firearms',
        group: 'official',
        verdicts: { domestic: 'prohibited', inbound: 'prohibited', outbound: 'prohibited' },
        reportTo: ['police'],
        crimeRelated: true,
        terms: { zh: ['手枪'], en: ['pistol'], slang: [] },
        overrides: [],
        limits: [],
      },
    ],
    exceptions: ['手枪钻'],
    vagueWords: ['礼品'],
  };
}

// A deep copy of the minimal document with one change, for the error-path tests.
function documentWith(
  change: (document: { categories: Record<string, unknown>[] } & Record<string, unknown>) => void,
) {
  const document = structuredClone(minimalDocument()) as { categories: Record<string, unknown>[] } & Record<
    string,
    unknown
  >;
  change(document);
  return document;
}

function errorOf(document: unknown): CatalogueError {
  try {
    parseCatalogue(document);
  } catch (error) {
    if (error instanceof CatalogueError) return error;
    throw error;
  }
  throw new Error('expected parseCatalogue to throw');
}

describe('the bundled catalogue', () => {
  const catalogue = loadDefaultCatalogue();

  it('has a version label and every slug of the contract', () => {
    expect(catalogue.version).toMatch(/\S/);
    expect(catalogue.categories.map((category) => category.slug).sort()).toEqual([...CONTRACT_SLUGS].sort());
  });

  it('gives every category terms in Chinese and English and somebody to report to unless restricted', () => {
    for (const category of catalogue.categories) {
      expect(category.terms.zh.length, category.slug).toBeGreaterThan(10);
      expect(category.terms.en.length, category.slug).toBeGreaterThan(10);
      if (category.group !== 'restricted') expect(category.reportTo.length, category.slug).toBeGreaterThan(0);
    }
  });

  it('carries the hard-case exception phrases and vague words of CATALOGUE.md', () => {
    for (const phrase of [
      '手枪钻',
      '大麻绳',
      '象牙白',
      '保密协议',
      '仿真花',
      '假发',
      '冰糖',
      '火锅底料',
      '爆米花',
      'glue gun',
      'bullet journal',
    ]) {
      expect(catalogue.exceptions).toContain(phrase);
    }
    for (const word of ['礼品', '配件', '样品', '物品', 'gift', 'parts', 'sample', '东西', 'goods', 'item']) {
      expect(catalogue.vagueWords).toContain(word);
    }
  });

  it('sets the tobacco limits of the postal rules', () => {
    const tobacco = catalogue.categories.find((category) => category.slug === 'tobacco');
    const limits = Object.fromEntries((tobacco?.limits ?? []).map((limit) => [limit.id, limit.max]));
    expect(limits).toMatchObject({
      cigarettes: 400,
      'cut-tobacco': 5000,
      'e-cigarette-devices': 2,
      'e-cigarette-cartridges': 6,
    });
  });

  it('lists override and limit terms among a category terms', () => {
    const minerals = catalogue.categories.find((category) => category.slug === 'strategic-minerals');
    expect(minerals && findCategoryTerms(minerals)).toEqual(
      expect.arrayContaining(['solder paste', 'nickel powder', 'ferro-alloy', 'refractory']),
    );
  });
});

describe('parseCatalogue', () => {
  it('accepts a minimal valid document', () => {
    const catalogue = parseCatalogue(minimalDocument());
    expect(catalogue.categories[0]?.terms.zh).toEqual(['手枪']);
  });

  it.each([
    ['a document that is not an object', [], 'catalogue'],
    ['a missing version', documentWith((document) => delete document.version), 'catalogue.version'],
    [
      'an unknown verdict',
      documentWith((document) => {
        (document.categories[0] as { verdicts: Record<string, string> }).verdicts.inbound = 'banned';
      }),
      'catalogue.categories[0].verdicts.inbound',
    ],
    [
      'a missing route',
      documentWith((document) => {
        delete (document.categories[0] as { verdicts: Record<string, string> }).verdicts.outbound;
      }),
      'catalogue.categories[0].verdicts.outbound',
    ],
    [
      'an unknown authority',
      documentWith((document) => {
        (document.categories[0] as Record<string, unknown>).reportTo = ['police', 'fbi'];
      }),
      'catalogue.categories[0].reportTo[1]',
    ],
    [
      'a bad slug',
      documentWith((document) => {
        (document.categories[0] as Record<string, unknown>).slug = 'Fire Arms';
      }),
      'catalogue.categories[0].slug',
    ],
    [
      'an empty term',
      documentWith((document) => {
        (document.categories[0] as { terms: Record<string, unknown> }).terms.en = ['pistol', ''];
      }),
      'catalogue.categories[0].terms.en[1]',
    ],
    [
      'a term of punctuation only',
      documentWith((document) => {
        document.exceptions = ['---'];
      }),
      'catalogue.exceptions[0]',
    ],
    [
      'a non-numeric limit',
      documentWith((document) => {
        (document.categories[0] as Record<string, unknown>).limits = [
          { id: 'x', label: 'x', measure: 'sticks', max: 'two', units: { 条: 200 } },
        ];
      }),
      'catalogue.categories[0].limits[0].max',
    ],
    [
      'a charge unit that is not a unit of the limit',
      documentWith((document) => {
        (document.categories[0] as Record<string, unknown>).limits = [
          {
            id: 'x',
            label: 'x',
            measure: 'Wh',
            max: 100,
            units: { wh: 1 },
            nominalVoltage: 3.7,
            chargeUnits: ['mah'],
          },
        ];
      }),
      'catalogue.categories[0].limits[0].chargeUnits[0]',
    ],
    [
      'an unknown field',
      documentWith((document) => {
        (document.categories[0] as Record<string, unknown>).colour = 'red';
      }),
      'catalogue.categories[0].colour',
    ],
    [
      'a repeated slug',
      documentWith((document) => {
        document.categories.push(structuredClone(document.categories[0] as Record<string, unknown>));
      }),
      'catalogue.categories[1].slug',
    ],
  ])('rejects %s and names the path', (_case, document, path) => {
    const error = errorOf(document);
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
  });
});

describe('diffCatalogues', () => {
  it('reports nothing between a catalogue and itself', () => {
    const catalogue = loadDefaultCatalogue();
    const diff = diffCatalogues(catalogue, catalogue);
    expect(diff.addedCategories).toEqual([]);
    expect(diff.removedCategories).toEqual([]);
    expect(diff.changedCategories).toEqual([]);
    expect(diff.addedExceptions).toEqual([]);
  });

  it('reports added and removed categories, terms, exceptions and changed fields', () => {
    const before: Catalogue = parseCatalogue(minimalDocument());
    const after: Catalogue = parseCatalogue(
      documentWith((document) => {
        document.version = 'test-2';
        const firearms = document.categories[0] as {
          verdicts: Record<string, string>;
          terms: { zh: string[] };
          limits: unknown[];
        };
        firearms.verdicts.inbound = 'watch';
        firearms.terms.zh = ['步枪'];
        firearms.limits = [{ id: 'rounds', label: 'rounds', measure: 'rounds', max: 10, units: { 发: 1 } }];
        document.categories.push({
          slug: 'explosives',
          name: '爆炸物品',
          nameEn: 'Explosives',
          group: 'official',
          verdicts: { domestic: 'prohibited', inbound: 'prohibited', outbound: 'prohibited' },
          reportTo: ['police'],
          crimeRelated: true,
          terms: { zh: ['炸药'], en: ['dynamite'], slang: [] },
        });
        document.exceptions = ['手枪钻', '枪王'];
        document.vagueWords = [];
        document.depictionWords = ['造型'];
      }),
    );
    expect(diffCatalogues(before, after)).toMatchObject({
      fromVersion: 'test-1',
      toVersion: 'test-2',
      addedCategories: ['explosives'],
      removedCategories: [],
      changedCategories: [
        {
          slug: 'firearms',
          changedFields: ['verdicts.inbound', 'limits.rounds'],
          addedTerms: ['步枪'],
          removedTerms: ['手枪'],
        },
      ],
      addedExceptions: ['枪王'],
      removedExceptions: [],
      addedVagueWords: [],
      removedVagueWords: ['礼品'],
      addedDepictionWords: ['造型'],
      removedDepictionWords: [],
    });
    expect(diffCatalogues(after, before).removedCategories).toEqual(['explosives']);
  });

  it('reports the segmenter, combination and media changes, and prints them readably', () => {
    const before = parseCatalogue(minimalDocument());
    const after = parseCatalogue({
      ...minimalDocument(),
      version: 'test-2',
      notes: ['test-2: hemp smoke combination'],
      dictionary: [{ label: 'place names', words: ['烟台'] }],
      insideWordTerms: ['冰毒'],
      combinations: [{ id: 'c1', category: 'firearms', groups: [['仿真'], ['枪']] }],
      mediaWords: ['书'],
      mediaCategories: ['firearms'],
    });
    const diff = diffCatalogues(before, after);
    expect(diff).toMatchObject({
      addedNotes: ['test-2: hemp smoke combination'],
      addedDictionaryWords: ['place names: 烟台'],
      addedInsideWordTerms: ['冰毒'],
      addedCombinations: ['c1'],
      addedMediaWords: ['书'],
      addedMediaCategories: ['firearms'],
    });
    const changed = diffCatalogues(after, {
      ...after,
      combinations: [{ ...after.combinations[0]!, groups: [['仿真', '玩具'], ['枪']], unless: ['水'] }],
    });
    expect(changed.changedCombinations).toEqual(['c1: group 1 + 玩具; unless + 水']);
    const text = formatCatalogueDiff(diff);
    expect(text).toContain('Catalogue test-1 → test-2');
    expect(text).toContain('  + place names: 烟台');
    expect(text).toContain('Combinations:\n  + c1');
    expect(formatCatalogueDiff(diffCatalogues(before, before))).toContain('No differences.');
  });
});
