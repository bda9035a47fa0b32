// Screening throughput: the full pipeline (normalise + match + exceptions + route + verdict) against a plain
// Aho–Corasick baseline (@monyone/aho-corasick over the same raw terms, no normalisation), side by side, one core.
import { AhoCorasick } from '@monyone/aho-corasick';
import { Converter } from 'opencc-js';
import type { Report } from './run.ts';
import { createScreener, findCategoryTerms, loadDefaultCatalogue } from '../src/screening/index.js';
import type { Route, Screener } from '../src/screening/index.js';
import { Segmenter } from '../src/screening/segmenter.js';

const DESCRIPTION_COUNT = 1_000_000;
const TERM_SHARE = 0.02;
const TRADITIONAL_SHARE = 0.05;
const FULL_WIDTH_SHARE = 0.03;
const ROUNDS = 3;

const CHINESE_WORDS =
  `手机壳 数据线 充电器 蓝牙耳机 保温杯 雨伞 毛巾 床单 被套 枕头 拖鞋 运动鞋 帆布鞋 羽绒服 卫衣 衬衫 牛仔裤
 连衣裙 袜子 内衣 围巾 帽子 手套 书包 钱包 化妆包 口红 面膜 洗面奶 乳液 防晒霜 洗发水 沐浴露 牙刷 牙膏 梳子 镜子 台灯 插线板
 键盘 鼠标 显示器 路由器 音箱 相机包 三脚架 手机支架 平板保护套 笔记本 中性笔 文件夹 订书机 便利贴 胶带 剪刀 尺子 橡皮 铅笔
 绘本 小说 教材 练习册 拼图 积木 毛绒玩具 遥控车 球拍 篮球 足球 瑜伽垫 跳绳 哑铃 水杯 饭盒 筷子 勺子 碗 盘子 锅铲 砧板 保鲜盒
 茶叶 咖啡豆 饼干 坚果 巧克力 月饼 粽子 酱油 醋 香料 调料包 方便面 螺蛳粉 零食 大米 面粉 红枣 枸杞 蜂蜜 奶粉 纸尿裤 湿巾
 窗帘 地毯 衣架 收纳箱 置物架 花瓶 相框 挂钟 香薰 蜡烛 装饰画 灯串 工艺品 摆件 钥匙扣 手链 项链 耳环 戒指 发夹 头绳 眼镜
 太阳镜 手表 表带 汽车坐垫 方向盘套 脚垫 车载支架 行车记录仪 宠物粮 猫砂 狗绳 鱼食 花盆 园艺剪 水管 螺丝刀 扳手 卷尺
 电钻 灯泡 开关 插座 门锁 合页 胶水 油画棒 颜料 画笔 吉他弦 口琴 尤克里里 乐谱 证书 合同 发票 样册 名片 宣传册`
    .split(/\s+/)
    .filter((word) => word !== '');
const ENGLISH_WORDS =
  `phone case cable charger earbuds bottle umbrella towel sheet pillow slippers sneakers jacket hoodie shirt jeans
 dress socks scarf hat gloves backpack wallet lipstick cream lotion shampoo toothbrush comb mirror lamp keyboard mouse monitor
 router speaker tripod stand notebook pen folder stapler tape scissors ruler pencil book novel puzzle blocks plush toy car ball
 racket yoga mat rope bottle lunch box spoon bowl plate tea coffee beans cookies nuts chocolate noodles snacks rice flour honey
 curtain rug hanger storage box shelf vase frame clock candle painting lights craft keychain bracelet necklace earrings ring
 glasses watch strap seat cover dash cam pet food leash flower pot hose screwdriver wrench tape measure drill bulb switch socket
 lock hinge crayons brushes guitar strings harmonica sheet music cotton wool leather plastic metal wooden ceramic glass blue red
 black white large small set of pack new spare replacement`
    .split(/\s+/)
    .filter((word) => word !== '');

// Deterministic PRNG (mulberry32): the same descriptions on every run and machine.
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0));
}

export function generateDescriptions(terms: readonly string[]): string[] {
  const random = createRandom(20_250_101);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const toTraditional = Converter({ from: 'cn', to: 'tw' });
  const descriptions: string[] = new Array<string>(DESCRIPTION_COUNT);
  for (let index = 0; index < DESCRIPTION_COUNT; index++) {
    const target = 10 + Math.floor(random() * 51);
    const english = random() < 0.4;
    const parts: string[] = [];
    let length = 0;
    while (length < target) {
      // A tenth of the words come from the other language: descriptions mix Chinese and English.
      const word = (english ? random() < 0.9 : random() < 0.1) ? pick(ENGLISH_WORDS) : pick(CHINESE_WORDS);
      parts.push(word);
      length += word.length + (english ? 1 : 0);
    }
    if (random() < TERM_SHARE) parts.splice(Math.floor(random() * (parts.length + 1)), 0, pick(terms));
    if (random() < 0.15)
      parts.push(`${1 + Math.floor(random() * 20)}${pick(['个', '件', 'pcs', '条', '盒', 'kg'])}`);
    let description = parts.join(english ? ' ' : random() < 0.3 ? ' ' : '').slice(0, 60);
    if (random() < TRADITIONAL_SHARE) description = toTraditional(description);
    if (random() < FULL_WIDTH_SHARE) description = toFullWidth(description);
    descriptions[index] = description;
  }
  return descriptions;
}

const ROUTE_CYCLE: readonly Route[] = [
  'domestic',
  'domestic',
  'domestic',
  'domestic',
  'inbound',
  'domestic',
  'domestic',
  'outbound',
];

function runPipeline(screener: Screener, descriptions: readonly string[]): number {
  let flagged = 0;
  for (let index = 0; index < descriptions.length; index++) {
    const result = screener.screen({
      description: descriptions[index] as string,
      route: ROUTE_CYCLE[index & 7],
    });
    if (result.verdict !== 'clear') flagged++;
  }
  return flagged;
}

function runBaseline(automaton: AhoCorasick, descriptions: readonly string[]): number {
  let matched = 0;
  for (const description of descriptions) matched += automaton.matchInText(description).length;
  return matched;
}

function timePerSecond(run: () => number, count: number): { perSecond: number; checksum: number } {
  const started = process.hrtime.bigint();
  const checksum = run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: count / seconds, checksum };
}

export default async function screeningBench(report: Report): Promise<void> {
  const before = process.memoryUsage();
  const catalogue = loadDefaultCatalogue();
  const screener = createScreener(catalogue);
  const after = process.memoryUsage();
  const rawTerms = [...new Set(catalogue.categories.flatMap((category) => findCategoryTerms(category)))];
  const baseline = new AhoCorasick(rawTerms);
  const descriptions = generateDescriptions(rawTerms);

  const warmUp = descriptions.slice(0, 100_000);
  runPipeline(screener, warmUp);
  runBaseline(baseline, warmUp);

  let pipelineBest = 0;
  let baselineBest = 0;
  let flagged = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const pipeline = timePerSecond(() => runPipeline(screener, descriptions), descriptions.length);
    const plain = timePerSecond(() => runBaseline(baseline, descriptions), descriptions.length);
    pipelineBest = Math.max(pipelineBest, pipeline.perSecond);
    baselineBest = Math.max(baselineBest, plain.perSecond);
    flagged = pipeline.checksum;
  }

  report('pipeline_descriptions_per_s', pipelineBest, 'descriptions/s');
  report('baseline_descriptions_per_s', baselineBest, 'descriptions/s');
  report('pipeline_vs_baseline_ratio', pipelineBest / baselineBest, 'ratio');
  report('build_ms', screener.buildMs, 'ms');
  report('heap_mb', Math.max(after.heapUsed - before.heapUsed, 0) / 1_048_576, 'MB');
  // The automaton's typed arrays live outside the JavaScript heap.
  report('array_buffers_mb', Math.max(after.arrayBuffers - before.arrayBuffers, 0) / 1_048_576, 'MB');
  report('patterns', screener.patternCount, 'patterns');
  report('flagged_share', flagged / descriptions.length, 'ratio');

  // The segmenter's own cost: loading jieba with the catalogue's words (once per catalogue version, on the first
  // flagged description) and cutting one description (paid by flagged descriptions only).
  const segmenter = new Segmenter(catalogue.dictionary.flatMap((group) => group.words));
  const loadStarted = process.hrtime.bigint();
  segmenter.segment('烟台苹果');
  report('segmenter_load_ms', Number(process.hrtime.bigint() - loadStarted) / 1e6, 'ms');
  const sample = descriptions.slice(0, 100_000);
  const segmentStarted = process.hrtime.bigint();
  for (const description of sample) segmenter.segment(description);
  report(
    'segment_us',
    Number(process.hrtime.bigint() - segmentStarted) / 1e3 / sample.length,
    'µs/description',
  );
  await Promise.resolve();
}
