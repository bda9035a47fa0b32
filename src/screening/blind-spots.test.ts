import { describe, expect, it } from 'vitest';
import {
  BENIGN_SUBSTRINGS,
  PROBED,
  CLASSIFIED_WITH_ORGAN,
  INBOUND_PRODUCE,
  LABORATORY_MATERIAL,
  PINYIN_NARCOTICS,
  WILDLIFE_PARTS,
} from './blind-spots.fixtures.js';
import { parseCatalogue } from './catalogue.js';
import type { Route } from './catalogue.js';
import { loadDefaultCatalogue } from './default-catalogue.js';
import { createScreener } from './screener.js';

const catalogue = loadDefaultCatalogue();
const screener = createScreener(catalogue);
const screen = (description: string, route: Route = 'domestic') => screener.screen({ description, route });

describe('held-out-like descriptions of the issue 18 classes', () => {
  it.each([
    ['laboratory material', LABORATORY_MATERIAL],
    ['wildlife parts', WILDLIFE_PARTS],
    ['classified markings with organs', CLASSIFIED_WITH_ORGAN],
    ['inbound produce', INBOUND_PRODUCE],
    ['pinyin narcotics', PINYIN_NARCOTICS],
  ])('has at least 40 varied %s', (_class, list) => {
    expect(new Set(list).size).toBeGreaterThanOrEqual(40);
  });

  it.each(LABORATORY_MATERIAL)('refuses laboratory material: %s', (description) => {
    const result = screen(description);
    expect(result.verdict).toBe('prohibited');
    expect(['infectious', 'biological-resources']).toContain(result.category);
  });

  it.each(WILDLIFE_PARTS)('refuses a wildlife product named by its part: %s', (description) => {
    expect(screen(description)).toMatchObject({ verdict: 'prohibited', category: 'endangered-wildlife' });
  });

  it.each(CLASSIFIED_WITH_ORGAN)('refuses a classified carrier of an issuing organ: %s', (description) => {
    expect(screen(description)).toMatchObject({ verdict: 'prohibited', category: 'state-secrets' });
  });

  it.each(INBOUND_PRODUCE)('refuses fresh produce and live organisms on entry: %s', (description) => {
    const result = screen(description, 'inbound');
    expect(result.verdict).toBe('prohibited');
    expect(['alien-species', 'border-prohibited']).toContain(result.category);
  });

  it.each(PINYIN_NARCOTICS)('refuses narcotics written in pinyin: %s', (description) => {
    expect(screen(description)).toMatchObject({ verdict: 'prohibited', category: 'narcotics' });
  });

  it.each(BENIGN_SUBSTRINGS)('clears ordinary goods and books: $description', ({ description, route }) => {
    const result = screen(description, route);
    expect(result.verdict).toBe('clear');
  });

  it.each(PROBED)(
    'reads $description on the $route route as $verdict',
    ({ description, route, verdict, category }) => {
      expect(screen(description, route)).toMatchObject({ verdict, category });
    },
  );
});

describe('terms of different categories inside one another', () => {
  // Seeds are two categories at once: alien species entering China, biological resources leaving it. A longer term
  // of one that the route clears must not hide a shorter term of the other that the route flags.
  it('never lets a seed or seedling term of one category hide one of the other', () => {
    const slugs = ['alien-species', 'biological-resources'];
    const terms = catalogue.categories
      .filter((category) => slugs.includes(category.slug))
      .flatMap((category) => [...category.terms.zh, ...category.terms.en]);
    const folded = new Map(terms.map((term) => [term.toLowerCase(), term]));
    const hidden: string[] = [];
    for (const term of new Set(terms)) {
      const lower = term.toLowerCase();
      const inside = [...folded.keys()].filter((other) => other !== lower && lower.includes(other));
      if (inside.length === 0) continue;
      for (const route of ['inbound', 'outbound'] as const) {
        if (screen(term, route).verdict !== 'clear') continue;
        for (const other of inside) {
          const alone = screen(folded.get(other)!, route);
          if (alone.verdict !== 'clear' && slugs.includes(alone.category!) && isWordInside(lower, other))
            hidden.push(`${route}: ${term} hides ${folded.get(other)!}`);
        }
      }
    }
    expect(hidden).toEqual([]);
  });

  it('keeps a term spelled as an exception: the exception cancels only what is inside it', () => {
    expect(screen('砷化镓', 'outbound')).toMatchObject({
      verdict: 'restricted',
      category: 'strategic-minerals',
    });
    // The arsenic inside it is still cancelled on every route.
    expect(screen('砷化镓', 'domestic').verdict).toBe('clear');
    expect(screen('砷', 'domestic')).toMatchObject({ verdict: 'prohibited', category: 'toxic' });
  });
});

/** Whether `inner` sits in `outer` as whole words (Latin letters) or anywhere (Chinese). */
function isWordInside(outer: string, inner: string): boolean {
  if (!/[a-z]/.test(inner)) return true;
  return new RegExp(`(^|[^a-z])${inner.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z])`).test(outer);
}

describe('word segmentation', () => {
  it('does not read a term inside a longer word, and says which word', () => {
    const result = screen('烟台 苹果 一箱');
    expect(result.verdict).toBe('clear');
    expect(result.reasons).toContain('word: "烟" is part of the word "烟台"');
  });

  it('still reads the term as a word of its own', () => {
    expect(screen('烟 两条').category).toBe('tobacco');
    expect(screen('手槍 一把')).toMatchObject({ verdict: 'prohibited', category: 'firearms' });
  });

  it('keeps a term that ends the longer word: the head of a Chinese compound names the thing', () => {
    expect(screen('金华火腿', 'inbound')).toMatchObject({
      verdict: 'prohibited',
      category: 'border-prohibited',
    });
    expect(screen('烟熏火腿 1kg', 'inbound')).toMatchObject({ verdict: 'prohibited' });
    expect(screen('熊猫烟花')).toMatchObject({ verdict: 'prohibited', category: 'explosives' });
  });

  it('lets a longer listed term speak for the term inside it', () => {
    expect(screen('蔬菜种子', 'inbound')).toMatchObject({ verdict: 'prohibited', category: 'alien-species' });
  });

  it('keeps insideWordTerms even inside a longer word', () => {
    expect(catalogue.insideWordTerms).toContain('冰毒');
    expect(screen('冰毒片')).toMatchObject({ verdict: 'prohibited', category: 'narcotics' });
  });

  it('learns the catalogue dictionary words (a part named after a fuel is not the fuel)', () => {
    expect(screen('汽油滤芯 丰田').verdict).toBe('clear');
    expect(screen('汽油 一桶').verdict).toBe('prohibited');
    const withoutWords = createScreener({ ...catalogue, dictionary: [], exceptions: [] });
    expect(withoutWords.screen({ description: '燃油泵 汽油泵' }).verdict).not.toBe('clear');
    expect(screener.screen({ description: '燃油泵 汽油泵' }).verdict).toBe('clear');
  });

  it('segments the text as the matcher reads it, across spaces', () => {
    expect(screen('汽油 滤芯 大众').verdict).toBe('clear');
    expect(screen('虎皮 蛋糕').verdict).toBe('clear');
    expect(screen('冰 毒 一包')).toMatchObject({ verdict: 'prohibited', category: 'narcotics' });
  });
});

describe('combinations', () => {
  it('needs a word of every group', () => {
    expect(screen('部队 内部资料')).toMatchObject({ verdict: 'prohibited', category: 'state-secrets' });
    expect(screen('内部资料').verdict).toBe('watch');
    expect(screen('部队 迷彩帽').verdict).toBe('clear');
  });

  it('names both words in the match', () => {
    const result = screen('沙门氏菌 菌株');
    expect(result.matches).toContainEqual({
      term: '沙门氏菌 + 菌株',
      category: 'infectious',
      start: 0,
      end: 7,
    });
  });

  it('is cancelled by its unless words', () => {
    expect(screen('沙门氏菌 检测试剂盒').verdict).not.toBe('prohibited');
    expect(screen('leopard skin print scarf').verdict).not.toBe('prohibited');
  });

  it('takes its verdict per route', () => {
    expect(screen('新鲜芒果 3斤', 'inbound').verdict).toBe('prohibited');
    expect(screen('新鲜芒果 3斤', 'domestic').verdict).toBe('clear');
    expect(screen('新鲜芒果 3斤', 'outbound').verdict).toBe('clear');
  });

  it('does not join a word that belongs to a longer word', () => {
    expect(screen('小熊 皮鞋').verdict).toBe('clear');
  });
});

describe('media about a listed thing', () => {
  it('clears a book about a listed thing', () => {
    const result = screen('关于稀土的书', 'outbound');
    expect(result.verdict).toBe('clear');
    expect(result.reasons.some((reason) => reason.startsWith('subject: "稀土"'))).toBe(true);
  });

  it('keeps media categories: an obscene book is the item', () => {
    expect(screen('淫秽 书籍')).toMatchObject({ verdict: 'prohibited', category: 'illegal-publications' });
  });

  it('takes a media word written apart as a word of its own', () => {
    expect(screen('大麻 历史 书籍').verdict).toBe('clear');
  });

  it('does not take 书 inside a longer word for a book', () => {
    expect(screen('手枪 书包挂件').verdict).toBe('prohibited');
  });
});

describe('parseCatalogue of the issue 18 fields', () => {
  const base = {
    version: 't',
    categories: [
      {
        slug: 'narcotics',
        name: '毒品',
        nameEn: 'Narcotics',
        group: 'official',
        verdicts: { domestic: 'prohibited', inbound: 'prohibited', outbound: 'prohibited' },
        reportTo: ['police'],
        crimeRelated: true,
        terms: { zh: ['大麻'], en: ['cannabis'] },
      },
    ],
    exceptions: [],
    vagueWords: [],
  };

  it('defaults the new fields for older documents', () => {
    expect(parseCatalogue(base)).toMatchObject({
      notes: [],
      dictionary: [],
      insideWordTerms: [],
      combinations: [],
      mediaWords: [],
      mediaCategories: [],
    });
  });

  it.each([
    [
      { combinations: [{ id: 'x', category: 'nope', groups: [['a'], ['b']] }] },
      'catalogue.combinations[0].category',
    ],
    [
      { combinations: [{ id: 'x', category: 'narcotics', groups: [['a']] }] },
      'catalogue.combinations[0].groups',
    ],
    [{ dictionary: [{ label: 'l', words: ['two words'] }] }, 'catalogue.dictionary[0].words[0]'],
    [{ mediaCategories: ['nope'] }, 'catalogue.mediaCategories[0]'],
  ])('rejects a bad field and names it', (extra, path) => {
    expect(() => parseCatalogue({ ...base, ...extra })).toThrow(path);
  });

  it('screens with a combination of its own', () => {
    const own = createScreener(
      parseCatalogue({
        ...base,
        combinations: [{ id: 'hemp-smoke', category: 'narcotics', groups: [['叶子'], ['烟']] }],
      }),
    );
    expect(own.screen({ description: '叶子 烟' }).verdict).toBe('prohibited');
  });
});
