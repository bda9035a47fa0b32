import { describe, expect, it } from 'vitest';
import type { Route, Verdict } from './catalogue.js';
import { parseCatalogue } from './catalogue.js';
import { loadDefaultCatalogue } from './default-catalogue.js';
import { createScreener, VAGUE_DESCRIPTION } from './screener.js';
import type { ScreeningInput } from './screener.js';

const catalogue = loadDefaultCatalogue();
const screener = createScreener(catalogue);
const screen = (description: string, route: Route = 'domestic') => screener.screen({ description, route });

describe('the hard cases of CATALOGUE.md', () => {
  it.each([
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
  ])('clears the benign phrase %s', (description) => {
    const result = screen(description);
    expect(result.verdict).toBe('clear');
    expect(result.matches).toEqual([]);
  });

  it('explains which term a benign phrase cancelled', () => {
    expect(screen('手枪钻 一把').reasons).toContain(
      'exception: "手枪" is part of the benign phrase "手枪钻"',
    );
  });

  it.each([
    ['traditional characters', '手槍', '手枪', 'firearms', 0, 2],
    ['traditional characters', '子彈 50发', '子弹', 'firearms', 0, 2],
    ['full-width letters', 'Ｋ粉', 'K粉', 'narcotics', 0, 2],
    ['a space inside a word', '大 麻', '大麻', 'narcotics', 0, 3],
    ['punctuation inside a word', '象-牙', '象牙', 'endangered-wildlife', 0, 3],
    ['pinyin mixed with characters', 'qiang支', '枪支', 'firearms', 0, 6],
    ['pinyin mixed with characters', 'da麻 一包', '大麻', 'narcotics', 0, 3],
    ['dots between letters', '玩具 a.k.4.7', 'ak47', 'firearms', 3, 10],
    ['leetspeak', 'p1stol', 'pistol', 'firearms', 0, 6],
    ['leetspeak', 'c0caine 5g', 'cocaine', 'narcotics', 0, 7],
    ['an underscore inside a word', 'k_粉', 'K粉', 'narcotics', 0, 3],
    ['English mixed with Chinese', 'heroin 一包', 'heroin', 'narcotics', 0, 6],
  ])('catches %s: %s', (_evasion, description, term, category, start, end) => {
    const result = screen(description);
    expect(result.verdict).toBe('prohibited');
    expect(result.category).toBe(category);
    expect(result.matches).toContainEqual({ term, category, start, end });
    expect(description.slice(start, end).length).toBe(end - start);
  });

  it('does not see a short Latin term inside a longer word', () => {
    expect(screen('it has begun').verdict).toBe('clear');
    expect(screen('make up kit').verdict).toBe('clear');
    expect(screen('4K显示器').verdict).toBe('clear');
  });
});

describe('every category is reachable', () => {
  it.each<[string, string, Route, Verdict]>([
    ['firearms', '猎枪', 'domestic', 'prohibited'],
    ['controlled-instruments', '蝴蝶刀', 'domestic', 'prohibited'],
    ['explosives', '雷管', 'domestic', 'prohibited'],
    ['gases', 'butane canister', 'domestic', 'prohibited'],
    ['flammable-liquids', '天那水', 'domestic', 'prohibited'],
    ['flammable-solids', '红磷', 'domestic', 'prohibited'],
    ['oxidizers', '高锰酸钾', 'domestic', 'prohibited'],
    ['toxic', 'sodium cyanide', 'domestic', 'prohibited'],
    ['infectious', '医疗废物', 'domestic', 'prohibited'],
    ['radioactive', 'uranium ore', 'domestic', 'prohibited'],
    ['corrosive', '氢氟酸', 'domestic', 'prohibited'],
    ['narcotics', 'ketamine', 'domestic', 'prohibited'],
    ['illegal-publications', '邪教传单', 'domestic', 'prohibited'],
    ['spy-equipment', '针孔摄像头', 'domestic', 'prohibited'],
    ['forgeries', '假身份证', 'domestic', 'prohibited'],
    ['counterfeit-goods', 'knockoff handbags', 'domestic', 'prohibited'],
    ['endangered-wildlife', '犀牛角', 'domestic', 'prohibited'],
    ['border-prohibited', '旧衣服', 'inbound', 'prohibited'],
    ['other-prohibited', '赌博机', 'domestic', 'prohibited'],
    ['state-secrets', '涉密文件', 'outbound', 'prohibited'],
    ['alien-species', '活体昆虫', 'inbound', 'prohibited'],
    ['biological-resources', 'germplasm', 'outbound', 'watch'],
    ['strategic-minerals', '金属镓', 'outbound', 'restricted'],
    ['tobacco', '香烟', 'domestic', 'restricted'],
    ['alcohol', '白酒', 'domestic', 'restricted'],
    ['batteries', '充电宝', 'domestic', 'restricted'],
    ['medicines', '布洛芬', 'domestic', 'restricted'],
  ])('%s: %s on the %s route is %s', (category, description, route, verdict) => {
    const result = screen(description, route);
    expect(result.verdict).toBe(verdict);
    expect(result.category).toBe(category);
  });

  it('covers every category of the catalogue in the table above', () => {
    expect(catalogue.categories).toHaveLength(27);
  });
});

describe('routes', () => {
  it('seeds: clear at home, alien species on entry, biological resources on exit', () => {
    expect(screen('蔬菜种子', 'domestic').verdict).toBe('clear');
    expect(screen('蔬菜种子', 'inbound')).toMatchObject({ verdict: 'prohibited', category: 'alien-species' });
    expect(screen('蔬菜种子', 'outbound')).toMatchObject({
      verdict: 'watch',
      category: 'biological-resources',
    });
  });

  it('strategic minerals and their disguises matter on exit only', () => {
    expect(screen('germanium ingot', 'domestic').verdict).toBe('clear');
    expect(screen('germanium ingot', 'outbound')).toMatchObject({
      verdict: 'restricted',
      category: 'strategic-minerals',
    });
    for (const disguise of ['solder paste', 'nickel powder', 'ferro-alloy', 'refractory']) {
      expect(screen(disguise, 'domestic').verdict, disguise).toBe('clear');
      expect(screen(disguise, 'outbound'), disguise).toMatchObject({
        verdict: 'watch',
        category: 'strategic-minerals',
      });
    }
  });

  it('state secrets are prohibited on every route', () => {
    for (const route of ['domestic', 'inbound', 'outbound'] as const) {
      expect(screen('绝密资料', route)).toMatchObject({ verdict: 'prohibited', category: 'state-secrets' });
    }
  });

  it('border prohibitions depend on the direction', () => {
    expect(screen('牛肉干', 'domestic').verdict).toBe('clear');
    expect(screen('牛肉干', 'inbound')).toMatchObject({
      verdict: 'prohibited',
      category: 'border-prohibited',
    });
    expect(screen('牛肉干', 'outbound').verdict).toBe('clear');
    expect(screen('恐龙化石', 'outbound')).toMatchObject({
      verdict: 'prohibited',
      category: 'border-prohibited',
    });
    expect(screen('恐龙化石', 'inbound').verdict).toBe('clear');
  });

  it('defaults to the domestic route', () => {
    expect(screener.screen({ description: '蔬菜种子' }).verdict).toBe('clear');
  });
});

describe('restricted quantities', () => {
  const tobacco = (input: ScreeningInput) => screener.screen(input);

  it('keeps tobacco within two cartons restricted', () => {
    expect(tobacco({ description: '香烟 2条' })).toMatchObject({
      verdict: 'restricted',
      category: 'tobacco',
    });
    expect(tobacco({ description: 'cigarettes 2 cartons' }).verdict).toBe('restricted');
    expect(tobacco({ description: '雪茄 5盒' }).verdict).toBe('restricted');
  });

  it('makes tobacco above the limit prohibited and says which limit', () => {
    const result = tobacco({ description: '香烟 3条' });
    expect(result).toMatchObject({ verdict: 'prohibited', category: 'tobacco' });
    expect(
      result.reasons.some((reason) => reason.startsWith('over-limit:') && reason.includes('400 sticks')),
    ).toBe(true);
    expect(tobacco({ description: '香烟 10条' }).verdict).toBe('prohibited');
    expect(tobacco({ description: 'cigarettes 3 cartons' }).verdict).toBe('prohibited');
    expect(tobacco({ description: '卷烟 500支' }).verdict).toBe('prohibited');
    expect(tobacco({ description: '烟丝 6kg' }).verdict).toBe('prohibited');
    expect(tobacco({ description: '电子烟 3支' }).verdict).toBe('prohibited');
    expect(tobacco({ description: '烟弹 10颗' }).verdict).toBe('prohibited');
  });

  it('reads the quantity and unit fields of the item', () => {
    expect(tobacco({ description: '香烟', quantity: 2, unit: '条' }).verdict).toBe('restricted');
    expect(tobacco({ description: '香烟', quantity: 3, unit: 'cartons' }).verdict).toBe('prohibited');
    expect(tobacco({ description: '香烟', quantity: 3 }).verdict).toBe('prohibited'); // a bare quantity is cartons
    expect(tobacco({ description: '香烟', quantity: 10, unit: '包' }).verdict).toBe('restricted');
  });

  it('limits power banks by capacity', () => {
    expect(screen('充电宝 20000mAh')).toMatchObject({ verdict: 'restricted', category: 'batteries' });
    expect(screen('移动电源 30000mAh')).toMatchObject({ verdict: 'prohibited', category: 'batteries' });
    expect(screen('power bank 100Wh').verdict).toBe('restricted');
    expect(screen('power bank 160Wh').verdict).toBe('prohibited');
  });

  it('uses a stated voltage to turn amp-hours into watt-hours', () => {
    expect(screen('锂电池 12V 5Ah').verdict).toBe('restricted'); // 60 Wh
    expect(screen('电动车锂电池 48V 20Ah')).toMatchObject({ verdict: 'prohibited', category: 'batteries' }); // 960 Wh
  });

  it('leaves alcohol restricted when no numeric limit is configured, and enforces one when set', () => {
    expect(screen('红酒 24瓶')).toMatchObject({ verdict: 'restricted', category: 'alcohol' });
    const strict = parseCatalogue(
      JSON.parse(
        JSON.stringify(catalogue).replace(
          '"id":"alcohol-bottles","label":"bottles of alcoholic drink","measure":"bottles","max":null',
          '"id":"alcohol-bottles","label":"bottles of alcoholic drink","measure":"bottles","max":12',
        ),
      ),
    );
    expect(createScreener(strict).screen({ description: '红酒 24瓶' }).verdict).toBe('prohibited');
  });
});

describe('vague descriptions', () => {
  it.each(['礼品', '配件一批', 'gift', 'parts x3', 'sample', 'Goods', '东西', '物品 2件', '全新 配件', '  '])(
    'watches %j',
    (description) => {
      const result = screen(description);
      expect(result.verdict).toBe('watch');
      expect(result.category).toBeNull();
      expect(result.reasons[0]?.startsWith(`${VAGUE_DESCRIPTION}:`)).toBe(true);
    },
  );

  it('is not vague once something concrete is said', () => {
    expect(screen('礼品 茶叶').verdict).toBe('clear');
    expect(screen('gift: wool scarf').verdict).toBe('clear');
    expect(screen('稀土 样品', 'outbound').category).toBe('strategic-minerals');
  });
});

describe('depictions, detectors and accessories', () => {
  it('watches a term followed by a word that makes it a picture, detector or accessory', () => {
    const result = screen('炸弹造型抱枕');
    expect(result).toMatchObject({ verdict: 'watch', category: 'explosives' });
    expect(result.reasons.some((reason) => reason.startsWith('depiction:'))).toBe(true);
    expect(screen('农药 残留 检测卡').verdict).toBe('watch');
    expect(screen('充电宝 保护套').verdict).toBe('watch');
  });

  it('still refuses the thing itself when the depiction word is about something else', () => {
    expect(screen('手雷造型打火机')).toMatchObject({ verdict: 'prohibited', category: 'gases' });
  });
});

describe('the result', () => {
  it('reports every match, the winning category and the catalogue version', () => {
    const result = screen('手枪 和 子弹');
    expect(result).toEqual({
      verdict: 'prohibited',
      category: 'firearms',
      matches: [
        { term: '手枪', category: 'firearms', start: 0, end: 2 },
        { term: '子弹', category: 'firearms', start: 5, end: 7 },
      ],
      reasons: expect.arrayContaining([expect.stringContaining('report to police')]) as string[],
      catalogueVersion: catalogue.version,
    });
  });

  it('prefers the stricter verdict: prohibited beats restricted', () => {
    const result = screen('香烟 和 雷管');
    expect(result).toMatchObject({ verdict: 'prohibited', category: 'explosives' });
    expect(result.matches.map((match) => match.category)).toEqual(['tobacco', 'explosives']);
  });

  it('reads a term inside a longer term as part of it', () => {
    expect(screen('玩具手枪')).toMatchObject({ verdict: 'watch', category: 'firearms' });
    expect(screen('硝酸钾 5kg').category).toBe('oxidizers');
  });

  it('clears ordinary goods', () => {
    for (const description of [
      '羽绒服',
      '笔记本电脑',
      'ice cube tray',
      'snow globe',
      '象棋',
      '枪王 游戏手柄',
    ]) {
      expect(screen(description).verdict, description).not.toMatch(/prohibited|restricted/);
    }
  });

  it('exposes the build time and pattern count', () => {
    expect(screener.buildMs).toBeGreaterThan(0);
    expect(screener.patternCount).toBeGreaterThan(10_000);
  });
});
