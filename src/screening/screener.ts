// The screener: catalogue × route × quantities → verdict. Built once from a catalogue (patterns, pinyin
// variants, automaton), then screens descriptions without I/O. Pure domain logic: no database, no logging.
import { FoldingAutomaton, MatchBuffer } from './automaton.js';
import { findCategoryTerms, ROUTES } from './catalogue.js';
import type { Catalogue, Category, QuantityLimit, Route, Verdict } from './catalogue.js';
import { foldText, getFoldTable, isHan, SEPARATOR } from './normalise.js';
import { findPinyinVariants } from './pinyin-variants.js';
import { Segmenter } from './segmenter.js';
import type { Segmentation } from './segmenter.js';
import { QuantityReader } from './quantities.js';
import type { QuantityMention } from './quantities.js';

/** One item to screen. */
export interface ScreeningInput {
  description: string;
  /** Defaults to `domestic`. */
  route?: Route;
  /** Declared quantity of the item, in `unit` (or the limit's default unit when no unit is given). */
  quantity?: number;
  unit?: string;
}

/** A catalogue term found in the description; offsets are UTF-16 code units into the original text. */
export interface ScreeningMatch {
  term: string;
  category: string;
  start: number;
  /** Exclusive. */
  end: number;
}

/** The screening outcome; `category` is that of the winning match (null when clear or vague). */
export interface ScreeningResult {
  verdict: Verdict;
  category: string | null;
  matches: ScreeningMatch[];
  reasons: string[];
  catalogueVersion: string;
}

/** A screener built from one catalogue version. */
export interface Screener {
  readonly catalogue: Catalogue;
  /** Time taken to build the screener, in milliseconds. */
  readonly buildMs: number;
  /** Number of patterns in the automaton (terms, their pinyin variants, exceptions, vague words). */
  readonly patternCount: number;
  /** Screens one item. Never does I/O; throws only on a route outside the Route type. */
  screen(input: ScreeningInput): ScreeningResult;
}

/** Reason prefix that marks a vague description, for callers that branch on it (ICS2 "request for information"). */
export const VAGUE_DESCRIPTION = 'vague-description';

// Voltage units read from descriptions, for limits whose charge units depend on the cell voltage.
const VOLT_UNITS = new Set(['v', '伏', 'volt', 'volts']);

// How far after a term (in code units, spaces included) a depiction word still qualifies it: 农药 残留 检测卡.
const DEPICTION_REACH = 4;

const VERDICT_RANK: Readonly<Record<Verdict, number>> = { clear: 0, watch: 1, restricted: 2, prohibited: 3 };
const RANKED_VERDICTS: readonly Verdict[] = ['clear', 'watch', 'restricted', 'prohibited'];

// A term's reading in one category: its verdict rank per route (after overrides) and the limits that apply.
interface TermEntry {
  category: Category;
  ranks: Record<Route, number>;
  limits: QuantityLimit[];
}

interface TermInfo {
  term: string;
  entries: TermEntry[];
}

// What a pattern of the automaton stands for. One folded string can be a term, an exception and a vague word.
interface PatternInfo {
  term: TermInfo | null;
  exception: string | null;
  vague: boolean;
  depiction: string | null;
  /** False for pinyin spellings, which are not English words and take no plural ending. */
  takesPlural: boolean;
  /** Combination groups this word belongs to. */
  combos: { rule: number; group: number }[] | null;
  /** Combinations this word cancels. */
  unless: number[] | null;
  media: string | null;
  /** A word of the catalogue's dictionary: terms strictly inside it do not count, across spaces too. */
  dictionaryWord: string | null;
  /** The term counts even inside a longer word. */
  insideWord: boolean;
}

// A combination of the catalogue, ready to evaluate: its entry reads like a term's (category, ranks per route).
interface CombinationRule {
  id: string;
  groupCount: number;
  /** All group bits set. */
  fullMask: number;
  reach: number;
  entry: TermEntry;
}

interface Hit {
  word: string;
  start: number;
  end: number;
}

interface Candidate {
  term: TermInfo;
  start: number;
  end: number;
  alive: boolean;
}

interface Finding {
  match: ScreeningMatch;
  rank: number;
  entry: TermEntry;
}

// Words that may stand beside a vague word without saying anything more about the contents.
const FILLER_WORDS = new Set([
  'a',
  'an',
  'the',
  'and',
  'of',
  'for',
  'my',
  'some',
  'small',
  'misc',
  'various',
  'assorted',
  'mixed',
  'general',
  'other',
  'others',
  'free',
  'new',
  'personal',
  'pcs',
  'pc',
  'piece',
  'pieces',
  'unit',
  'units',
  'lot',
  'lots',
  'box',
  'boxes',
  'bag',
  'bags',
  'set',
  'sets',
  'x',
  'qty',
  'birthday',
  'christmas',
]);
// Single characters, because Chinese is not split into words here: quantities, measure words and the praise
// that adds nothing (全新, 正品, 精美 礼品 is still just a gift).
const FILLER_CHARACTERS = new Set([
  ...'零〇一二两三四五六七八九十百千万几多若干些个件箱包批份套只盒袋样种类小各杂其他等许全新款免费赠送正精美高档少量',
]);
const TOKEN = /[a-z]+|\d+(?:\.\d+)?|[^\s\p{P}\p{S}]/gu;

function isOnlyFiller(text: string): boolean {
  for (const [token] of text.normalize('NFKC').toLowerCase().matchAll(TOKEN)) {
    if (/^\d/.test(token)) continue;
    if (/^[a-z]/.test(token) ? !FILLER_WORDS.has(token) : !FILLER_CHARACTERS.has(token)) return false;
  }
  return true;
}

function describeVerdictAction(verdict: Verdict): string {
  switch (verdict) {
    case 'prohibited':
      return 'may not enter the network';
    case 'restricted':
      return 'accept only within limits or with documents';
    case 'watch':
      return 'open inspection and X-ray flag required';
    case 'clear':
      return 'normal inspection';
  }
}

// True when nothing but the text's edges or separators (spaces, punctuation) stands beside the span.
function isWrittenApart(text: string, start: number, end: number): boolean {
  const table = getFoldTable();
  const before = start === 0 || table[text.charCodeAt(start - 1)] === SEPARATOR;
  const after = end === text.length || table[text.charCodeAt(end)] === SEPARATOR;
  return before && after;
}

// How far around a span the segmenter looks: a word holding a short term rarely reaches further than this.
const SEGMENT_MARGIN = 4;

// Terms this long or longer are specific enough that an ordinary word rarely contains them (the catalogue's own
// dictionary words still cover those that are): only shorter terms pay for the segmenter.
const SEGMENTED_TERM_LIMIT = 4;

// True when the character just before or just after the span is Han: only then can it be part of a longer word.
function touchesHan(text: string, start: number, end: number): boolean {
  return (
    (start > 0 && isHan(text.charCodeAt(start - 1))) || (end < text.length && isHan(text.charCodeAt(end)))
  );
}

function hasHan(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) if (isHan(text.charCodeAt(index))) return true;
  return false;
}

// 炸弹造型抱枕 is a cushion: a depiction, detector or accessory right after the term caps it at watch.
function capDepiction(
  rank: number,
  match: ScreeningMatch,
  depictions: readonly { word: string; start: number }[],
  reasons: string[],
): number {
  if (rank <= VERDICT_RANK.watch) return rank;
  const depiction = depictions.find(
    (word) => word.start >= match.end && word.start - match.end <= DEPICTION_REACH,
  );
  if (depiction === undefined) return rank;
  reasons.push(
    `depiction: "${match.term}" is followed by "${depiction.word}", so the item shows, detects or accompanies it; open-inspect`,
  );
  return VERDICT_RANK.watch;
}

/** The words of a description around a span, segmented on first use (null: the segmenter's words do not fit). */
type SegmentWindow = (start: number, end: number) => Segmentation | null;

/** What one description's matches stand for, sorted by role (CatalogueScreener.collect fills it). */
interface FoundWords {
  readonly exceptions: { phrase: string; start: number; end: number }[];
  readonly depictions: { word: string; start: number }[];
  readonly candidates: Candidate[];
  readonly insideWords: { start: number; end: number }[];
  readonly media: Hit[];
  readonly dictionaryWords: Hit[];
  vagueSeen: boolean;
  /** A combination's word or an unless word was seen: the scratch masks hold something. */
  combosSeen: boolean;
}

function emptyFoundWords(): FoundWords {
  return {
    exceptions: [],
    depictions: [],
    candidates: [],
    insideWords: [],
    media: [],
    dictionaryWords: [],
    vagueSeen: false,
    combosSeen: false,
  };
}

// Whether a term means anything on the route (in one of its categories).
function isLiveOn(entries: readonly TermEntry[], route: Route): boolean {
  for (const entry of entries) if (entry.ranks[route] > 0) return true;
  return false;
}

// Takes out the candidates that are not read as terms, adding why to `reasons`: those inside an exception phrase,
// inside a longer word, or inside a longer term.
//
// Word boundaries: a Chinese term that starts or sits inside a longer word only modifies it (烟 in 烟台, 硫酸 in
// 硫酸软骨素, 汽油 in 汽油滤芯) and does not count; one that ends the word is its head and does (火腿 in 金华火腿);
// terms the catalogue lists under insideWordTerms always count. Segmenting costs microseconds, so only flagged
// descriptions pay it, and only when a Chinese term is still standing.
function cancelCandidates(
  description: string,
  found: FoundWords,
  segment: SegmentWindow,
  route: Route,
  reasons: string[],
): void {
  cancelInsideExceptions(found.candidates, found.exceptions, reasons);
  cancelInsideWords(description, found.candidates, found, segment, route, reasons);
  cancelShadowedTerms(found.candidates, route);
}

// An exception phrase cancels every term inside it: 象牙白 is a colour, not ivory. A term that is the whole
// phrase stands, since the catalogue lists it on purpose: 砷化镓 (gallium arsenide) is export-controlled gallium,
// though the 砷 inside it is no arsenic shipment.
function cancelInsideExceptions(
  candidates: readonly Candidate[],
  exceptions: readonly { phrase: string; start: number; end: number }[],
  reasons: string[],
): void {
  for (const candidate of candidates) {
    const cover = exceptions.find(
      (phrase) =>
        phrase.start <= candidate.start &&
        candidate.end <= phrase.end &&
        candidate.end - candidate.start < phrase.end - phrase.start,
    );
    if (cover !== undefined) {
      candidate.alive = false;
      reasons.push(`exception: "${candidate.term.term}" is part of the benign phrase "${cover.phrase}"`);
    }
  }
}

// A term inside a longer word of the catalogue's dictionary or of the segmenter's does not count (see
// cancelCandidates).
function cancelInsideWords(
  description: string,
  candidates: readonly Candidate[],
  {
    insideWords,
    dictionaryWords,
  }: { insideWords: readonly { start: number; end: number }[]; dictionaryWords: readonly Hit[] },
  segment: SegmentWindow,
  route: Route,
  reasons: string[],
): void {
  for (const candidate of candidates) {
    if (!candidate.alive || !hasHan(description, candidate.start, candidate.end)) continue;
    if (insideWords.some((word) => word.start === candidate.start && word.end === candidate.end)) continue;
    // The catalogue's own words hold their terms even when written with spaces (汽油 滤芯).
    const known = dictionaryWords.find(
      (word) =>
        word.start <= candidate.start &&
        // A term that ends the word is its head and still counts (烟熏火腿 is ham).
        candidate.end < word.end,
    );
    if (known !== undefined) {
      candidate.alive = false;
      reasons.push(`word: "${candidate.term.term}" is part of the word "${known.word}"`);
      continue;
    }
    // Chinese words are runs of Han characters: a term with no Han neighbour is a word of its own.
    if (!touchesHan(description, candidate.start, candidate.end)) continue;
    if (candidate.end - candidate.start >= SEGMENTED_TERM_LIMIT) continue;
    if (!isLiveOn(candidate.term.entries, route)) continue;
    const words = segment(candidate.start, candidate.end);
    if (words === null || words.isWhole(candidate.start, candidate.end)) continue;
    if (words.isHead(candidate.start, candidate.end)) continue;
    // A longer listed term that is a whole word speaks for the term inside it (蔬菜种子 holds 种子); the
    // longest-match rule below decides between them.
    const listed = candidates.some(
      (other) => holdsLonger(other, candidate) && words.isWhole(other.start, other.end),
    );
    if (listed) continue;
    candidate.alive = false;
    reasons.push(
      `word: "${candidate.term.term}" is part of the word "${words.wordAround(candidate.start, candidate.end)}"`,
    );
  }
}

// Whether `other`, still standing, is a longer term that spans all of `candidate`.
function holdsLonger(other: Candidate, candidate: Candidate): boolean {
  return (
    other !== candidate &&
    other.alive &&
    other.start <= candidate.start &&
    candidate.end <= other.end &&
    other.end - other.start > candidate.end - candidate.start
  );
}

// Longest match: a term inside a longer term is read as part of it (玩具手枪 is not 手枪). A longer term that
// means nothing on this route only shadows terms of its own categories: 蔬菜种子 is a biological resource,
// clear on entry, but its 种子 still reads as an alien species there.
function cancelShadowedTerms(candidates: readonly Candidate[], route: Route): void {
  for (const candidate of candidates) {
    if (!candidate.alive) continue;
    const longer = candidates.some(
      (other) =>
        holdsLonger(other, candidate) &&
        (isLiveOn(other.term.entries, route) ||
          other.term.entries.some((entry) =>
            candidate.term.entries.some((mine) => mine.category === entry.category),
          )),
    );
    if (longer) candidate.alive = false;
  }
}

// The finding that decides the verdict: the highest rank, then the longest match, then the first.
function strongestOf(findings: readonly Finding[]): Finding {
  let winner = findings[0] as Finding;
  for (const finding of findings) {
    const length = finding.match.end - finding.match.start;
    const winnerLength = winner.match.end - winner.match.start;
    if (finding.rank > winner.rank || (finding.rank === winner.rank && length > winnerLength))
      winner = finding;
  }
  return winner;
}

function formatAmount(amount: number): string {
  return Number.isInteger(amount) ? String(amount) : amount.toFixed(1);
}

class CatalogueScreener implements Screener {
  readonly buildMs: number;
  readonly patternCount: number;
  private readonly automaton: FoldingAutomaton;
  private readonly patterns: PatternInfo[];
  private readonly quantities: QuantityReader;
  private readonly matchBuffer = new MatchBuffer();
  private readonly secondaryAutomaton: FoldingAutomaton;
  private readonly secondaryPatterns: PatternInfo[];
  private readonly secondaryBuffer = new MatchBuffer();
  // Folded term sets of overrides and limits, computed once: matching compares folded spellings.
  private readonly foldedTerms = new Map<object, Set<string>>();
  private readonly combinations: CombinationRule[] = [];
  // Per-screen scratch: which groups of each combination were seen, and which combinations an unless word voids.
  private readonly comboMasks: Uint32Array;
  private readonly comboCancelled: Uint8Array;
  private readonly segmenter: Segmenter;
  private readonly mediaCategories: ReadonlySet<string>;

  constructor(readonly catalogue: Catalogue) {
    const started = performance.now();
    const byFolded = new Map<string, PatternInfo>();
    // Words that only qualify a finding (combination qualifiers, unless, media and dictionary words) are common
    // words (fresh, 皮, case, 书): they live in a second automaton, scanned only when a term or a combination's
    // first word was found, so they cost nothing on the common path.
    const secondaryByFolded = new Map<string, PatternInfo>();
    const patternFor = (folded: string, secondary = false): PatternInfo => {
      const map = secondary ? secondaryByFolded : byFolded;
      let info = map.get(folded);
      if (info === undefined) {
        info = {
          term: null,
          exception: null,
          vague: false,
          depiction: null,
          takesPlural: true,
          combos: null,
          unless: null,
          media: null,
          dictionaryWord: null,
          insideWord: false,
        };
        map.set(folded, info);
      }
      return info;
    };

    // Terms written the same after folding (K粉 and ｋ粉, 槍 and 枪) are one term with the entries of both.
    const termsByFolded = new Map<string, TermInfo>();
    const unitWords = new Set<string>();
    for (const category of catalogue.categories) {
      for (const limit of category.limits) {
        for (const unit of Object.keys(limit.units)) unitWords.add(unit);
        if (limit.nominalVoltage !== undefined) for (const unit of VOLT_UNITS) unitWords.add(unit);
      }
      for (const term of findCategoryTerms(category)) {
        const folded = foldText(term);
        let info = termsByFolded.get(folded);
        if (info === undefined) {
          info = { term, entries: [] };
          termsByFolded.set(folded, info);
        }
        if (info.entries.some((entry) => entry.category === category)) continue;
        info.entries.push({
          category,
          ranks: this.ranksOf(category, folded),
          limits: this.limitsOf(category, folded),
        });
      }
    }
    for (const [folded, info] of termsByFolded) patternFor(folded).term = info;
    // Pinyin spellings come second: a real term always keeps its own spelling.
    for (const info of termsByFolded.values()) {
      for (const variant of findPinyinVariants(info.term)) {
        const pattern = patternFor(foldText(variant));
        if (pattern.term === null) pattern.takesPlural = false;
        pattern.term ??= info;
      }
    }
    for (const phrase of catalogue.exceptions) {
      for (const spelling of [phrase, ...findPinyinVariants(phrase)])
        patternFor(foldText(spelling)).exception ??= phrase;
    }
    for (const word of catalogue.vagueWords) patternFor(foldText(word)).vague = true;
    for (const word of catalogue.depictionWords) patternFor(foldText(word)).depiction ??= word;
    for (const term of catalogue.insideWordTerms) {
      for (const spelling of [term, ...findPinyinVariants(term)])
        patternFor(foldText(spelling)).insideWord = true;
    }
    for (const word of catalogue.mediaWords) patternFor(foldText(word), true).media ??= word;
    for (const group of catalogue.dictionary) {
      for (const word of group.words) patternFor(foldText(word), true).dictionaryWord ??= word;
    }
    catalogue.combinations.forEach((combination, rule) => {
      const category = catalogue.categories.find((candidate) => candidate.slug === combination.category);
      if (category === undefined)
        throw new Error(`combination ${combination.id}: no category ${combination.category}`);
      const ranks = {} as Record<Route, number>;
      for (const route of ROUTES) {
        ranks[route] = VERDICT_RANK[combination.verdicts?.[route] ?? category.verdicts[route]];
      }
      this.combinations.push({
        id: combination.id,
        groupCount: combination.groups.length,
        fullMask: 2 ** combination.groups.length - 1,
        reach: combination.reach ?? Number.POSITIVE_INFINITY,
        entry: { category, ranks, limits: [] },
      });
      combination.groups.forEach((words, group) => {
        for (const word of words) {
          for (const spelling of [word, ...findPinyinVariants(word)]) {
            const pattern = patternFor(foldText(spelling), group > 0);
            pattern.combos ??= [];
            if (!pattern.combos.some((combo) => combo.rule === rule && combo.group === group)) {
              pattern.combos.push({ rule, group });
            }
          }
        }
      });
      for (const word of combination.unless) {
        const pattern = patternFor(foldText(word), true);
        pattern.unless ??= [];
        if (!pattern.unless.includes(rule)) pattern.unless.push(rule);
      }
    });
    this.comboMasks = new Uint32Array(this.combinations.length);
    this.comboCancelled = new Uint8Array(this.combinations.length);
    this.segmenter = new Segmenter(catalogue.dictionary.flatMap((group) => group.words));
    this.mediaCategories = new Set(catalogue.mediaCategories);

    const folded = [...byFolded.keys()];
    this.patterns = [...byFolded.values()];
    this.automaton = new FoldingAutomaton(
      folded,
      this.patterns.map((pattern) => pattern.takesPlural),
    );
    this.secondaryPatterns = [...secondaryByFolded.values()];
    this.secondaryAutomaton = new FoldingAutomaton(
      [...secondaryByFolded.keys()],
      this.secondaryPatterns.map((pattern) => pattern.takesPlural),
    );
    this.patternCount = folded.length + secondaryByFolded.size;
    this.quantities = new QuantityReader(unitWords);
    this.buildMs = performance.now() - started;
  }

  private foldedTermsOf(owner: { terms?: string[] }): Set<string> {
    let folded = this.foldedTerms.get(owner);
    if (folded === undefined) {
      folded = new Set((owner.terms ?? []).map((term) => foldText(term)));
      this.foldedTerms.set(owner, folded);
    }
    return folded;
  }

  private ranksOf(category: Category, foldedTerm: string): Record<Route, number> {
    const ranks = {} as Record<Route, number>;
    const overrides = category.overrides.filter((override) => this.foldedTermsOf(override).has(foldedTerm));
    for (const route of ROUTES) {
      let verdict = category.verdicts[route];
      // Later overrides win, so a catalogue can refine an earlier, broader one.
      for (const override of overrides) verdict = override.verdicts[route] ?? verdict;
      ranks[route] = VERDICT_RANK[verdict];
    }
    return ranks;
  }

  private limitsOf(category: Category, foldedTerm: string): QuantityLimit[] {
    const specific = category.limits.filter((limit) => this.foldedTermsOf(limit).has(foldedTerm));
    return specific.length > 0 ? specific : category.limits.filter((limit) => limit.terms === undefined);
  }

  screen(input: ScreeningInput): ScreeningResult {
    const route = input.route ?? 'domestic';
    if (!ROUTES.includes(route))
      throw new Error(`route must be one of ${ROUTES.join('|')}, got ${String(route)}`);
    const { description } = input;
    const buffer = this.matchBuffer;
    const count = this.automaton.scan(description, buffer);
    if (count === 0) {
      return description.trim() === '' ? this.vague(description, []) : this.clear([]);
    }

    const found = emptyFoundWords();
    this.collect(found, this.patterns, buffer, count);
    // A term that means nothing on this route (vegetable seeds at home) needs no qualifying words either.
    const live = found.candidates.some((candidate) => isLiveOn(candidate.term.entries, route));
    const secondaryCount = this.collectQualifiers(description, found, live, route);
    const fullRules = found.combosSeen ? this.completeCombinations(route) : undefined;
    // Most matches are words that decide nothing alone: without a term or a complete combination the
    // description is clear (or vague).
    if (!live && fullRules === undefined) {
      return found.vagueSeen && this.isVague(description, buffer, count)
        ? this.vague(description, [])
        : this.clear([]);
    }
    const comboHits =
      fullRules === undefined
        ? undefined
        : this.combinationHits(description, fullRules, count, secondaryCount);

    const reasons: string[] = [];
    const segment = this.segmentsOf(description);
    cancelCandidates(description, found, segment, route, reasons);
    const findings = this.termFindings(input, found, route, reasons);
    if (comboHits !== undefined)
      this.addCombinationFindings(description, findings, comboHits, found, segment, route, reasons);
    if (findings.length > 0 && found.media.length > 0)
      this.setAsideSubjects(description, findings, found.media, segment, reasons);

    if (findings.length === 0) {
      if (found.vagueSeen && this.isVague(description, buffer, count))
        return this.vague(description, reasons);
      return this.clear(reasons);
    }
    return this.resultOf(findings, route, reasons);
  }

  // Sorts what each match stands for into `found`, and marks the combination groups and unless words seen in the
  // per-screen scratch masks (completeCombinations reads and clears them).
  private collect(
    found: FoundWords,
    patterns: readonly PatternInfo[],
    matches: MatchBuffer,
    count: number,
  ): void {
    const comboMasks = this.comboMasks;
    const comboCancelled = this.comboCancelled;
    for (let index = 0; index < count; index++) {
      const info = patterns[matches.pattern[index] as number] as PatternInfo;
      const start = matches.start[index] as number;
      const end = matches.end[index] as number;
      if (info.exception !== null) found.exceptions.push({ phrase: info.exception, start, end });
      if (info.term !== null) found.candidates.push({ term: info.term, start, end, alive: true });
      if (info.vague) found.vagueSeen = true;
      if (info.depiction !== null) found.depictions.push({ word: info.depiction, start });
      if (info.insideWord) found.insideWords.push({ start, end });
      if (info.media !== null) found.media.push({ word: info.media, start, end });
      if (info.dictionaryWord !== null) found.dictionaryWords.push({ word: info.dictionaryWord, start, end });
      if (info.combos !== null) {
        found.combosSeen = true;
        for (const { rule, group } of info.combos)
          comboMasks[rule] = (comboMasks[rule] as number) | (1 << group);
      }
      if (info.unless !== null) {
        found.combosSeen = true;
        for (const rule of info.unless) comboCancelled[rule] = 1;
      }
    }
  }

  // The qualifying words (the second automaton) matter only beside a term live on this route or a combination's
  // first word: only then is the description scanned for them. Returns how many were found.
  private collectQualifiers(description: string, found: FoundWords, live: boolean, route: Route): number {
    const anchored =
      found.combosSeen &&
      this.combinations.some(
        (rule, index) => ((this.comboMasks[index] as number) & 1) === 1 && rule.entry.ranks[route] > 0,
      );
    if (!live && !anchored) return 0;
    const count = this.secondaryAutomaton.scan(description, this.secondaryBuffer);
    this.collect(found, this.secondaryPatterns, this.secondaryBuffer, count);
    return count;
  }

  // The combinations live on this route with every group seen and no unless word (undefined: none); clears the
  // scratch masks for the next description.
  private completeCombinations(route: Route): number[] | undefined {
    const { comboMasks, comboCancelled } = this;
    let fullRules: number[] | undefined;
    this.combinations.forEach((rule, index) => {
      if (comboMasks[index] === rule.fullMask && comboCancelled[index] === 0 && rule.entry.ranks[route] > 0)
        (fullRules ??= []).push(index);
    });
    comboMasks.fill(0);
    comboCancelled.fill(0);
    return fullRules;
  }

  // The words of each group of each complete combination, from both automatons' matches.
  private combinationHits(
    description: string,
    fullRules: readonly number[],
    count: number,
    secondaryCount: number,
  ): Map<number, Hit[][]> {
    const comboHits = new Map(
      fullRules.map((rule) => [
        rule,
        Array.from({ length: this.combinations[rule]!.groupCount }, (): Hit[] => []),
      ]),
    );
    for (const [patterns, matches, matchCount] of [
      [this.patterns, this.matchBuffer, count],
      [this.secondaryPatterns, this.secondaryBuffer, secondaryCount],
    ] as const) {
      for (let index = 0; index < matchCount; index++) {
        const info = patterns[matches.pattern[index] as number] as PatternInfo;
        if (info.combos === null) continue;
        const start = matches.start[index] as number;
        const end = matches.end[index] as number;
        for (const { rule, group } of info.combos) {
          comboHits.get(rule)?.[group]?.push({ word: description.slice(start, end), start, end });
        }
      }
    }
    return comboHits;
  }

  // A finding per standing candidate that means something on this route (the entry of its strongest category),
  // checked against its quantity limits and capped by a depiction after it.
  private termFindings(input: ScreeningInput, found: FoundWords, route: Route, reasons: string[]): Finding[] {
    const findings: Finding[] = [];
    let mentions: QuantityMention[] | undefined;
    for (const candidate of found.candidates) {
      if (!candidate.alive) continue;
      let best: TermEntry | undefined;
      for (const entry of candidate.term.entries) {
        if (best === undefined || entry.ranks[route] > best.ranks[route]) best = entry;
      }
      if (best === undefined || best.ranks[route] === 0) continue;
      if (
        findings.some(
          (finding) => finding.match.start === candidate.start && finding.match.end === candidate.end,
        )
      ) {
        continue;
      }
      let rank = best.ranks[route];
      const match = {
        term: candidate.term.term,
        category: best.category.slug,
        start: candidate.start,
        end: candidate.end,
      };
      if (rank === VERDICT_RANK.restricted && best.limits.length > 0) {
        mentions ??= this.quantities.read(input.description);
        const exceeded = this.checkLimits(best, input, mentions, reasons, match.term);
        if (exceeded) rank = VERDICT_RANK.prohibited;
      }
      rank = capDepiction(rank, match, found.depictions, reasons);
      findings.push({ match, rank, entry: best });
    }
    return findings;
  }

  // A finding per complete combination whose words stand together, unless a term found the same span as strongly.
  private addCombinationFindings(
    description: string,
    findings: Finding[],
    comboHits: ReadonlyMap<number, Hit[][]>,
    found: FoundWords,
    segment: SegmentWindow,
    route: Route,
    reasons: string[],
  ): void {
    for (const [index, hits] of comboHits) {
      const rule = this.combinations[index] as CombinationRule;
      const finding = this.combine(description, rule, hits, found.exceptions, segment, route);
      if (finding === null) continue;
      if (
        findings.some(
          (other) =>
            other.match.start === finding.match.start &&
            other.match.end === finding.match.end &&
            other.rank >= finding.rank,
        )
      )
        continue;
      finding.rank = capDepiction(finding.rank, finding.match, found.depictions, reasons);
      findings.push(finding);
    }
  }

  // The verdict of the strongest finding, with every finding explained, in the order they stand in the text.
  private resultOf(findings: Finding[], route: Route, reasons: string[]): ScreeningResult {
    findings.sort((a, b) => a.match.start - b.match.start || b.match.end - a.match.end);
    const winner = strongestOf(findings);
    const verdict = RANKED_VERDICTS[winner.rank] as Verdict;
    const explained = findings.map((finding) => this.explain(finding, route));
    return {
      verdict,
      category: winner.match.category,
      matches: findings.map((finding) => finding.match),
      reasons: [...explained, ...reasons],
      catalogueVersion: this.catalogue.version,
    };
  }

  // One word of every group, within the rule's reach; each Chinese word whole or inside a word the combination
  // covers (虎骨 holds 虎 and 骨; 小熊 in 小熊皮鞋 is not 熊).
  private combine(
    description: string,
    rule: CombinationRule,
    groups: Hit[][],
    exceptions: readonly { start: number; end: number }[],
    segment: SegmentWindow,
    route: Route,
  ): Finding | null {
    if (rule.entry.ranks[route] === 0) return null;
    const chosen: Hit[] = [];
    for (const hits of groups) {
      let best: Hit | undefined;
      for (const hit of hits) {
        if (exceptions.some((phrase) => phrase.start <= hit.start && hit.end <= phrase.end)) continue;
        if (best === undefined || hit.end - hit.start > best.end - best.start) best = hit;
      }
      if (best === undefined) return null;
      chosen.push(best);
    }
    const start = Math.min(...chosen.map((hit) => hit.start));
    const end = Math.max(...chosen.map((hit) => hit.end));
    if (end - start > rule.reach) return null;
    const words = chosen.some((hit) => touchesHan(description, hit.start, hit.end))
      ? segment(start, end)
      : null;
    if (words !== null) {
      for (const hit of chosen) {
        const [wordStart, wordEnd] = words.spanAround(hit.start, hit.end);
        if (wordStart < start || wordEnd > end) return null;
        // A one-character word inside a longer one counts only when that word is made of the combination's own
        // words (虎骨 is 虎 and 骨) or is the character with a noun suffix (豹子): 活 in 活动 beside 猫 is no live
        // cat, though both lie within the span.
        if (hit.end - hit.start === 1 && !isOneCharacterWord(description, hit, wordStart, wordEnd, chosen))
          return null;
      }
    }
    const ordered = [...chosen].sort((a, b) => a.start - b.start);
    return {
      match: {
        term: ordered.map((hit) => hit.word).join(' + '),
        category: rule.entry.category.slug,
        start,
        end,
      },
      rank: rule.entry.ranks[route],
      entry: rule.entry,
    };
  }

  // Segments a window around a span (jieba's cost grows with the text), reusing a window that covers it.
  private segmentsOf(description: string): SegmentWindow {
    const segmentations: { from: number; to: number; words: Segmentation | null }[] = [];
    return (start, end) => {
      const from = Math.max(0, start - SEGMENT_MARGIN);
      const to = Math.min(description.length, end + SEGMENT_MARGIN);
      let window = segmentations.find(
        (done) => (done.from === 0 || done.from <= from) && (done.to === description.length || done.to >= to),
      );
      if (window === undefined) {
        window = { from, to, words: this.segmenter.segment(description, from, to) };
        segmentations.push(window);
      }
      return window.words;
    };
  }

  // A book or film about a listed thing is not the thing: 关于稀土的书, a documentary on ivory poaching.
  private setAsideSubjects(
    description: string,
    findings: Finding[],
    media: readonly Hit[],
    segment: SegmentWindow,
    reasons: string[],
  ): void {
    // A media word counts when it is a word of its own: written apart, or whole to the segmenter.
    const medium = media.find((word) => {
      if (!hasHan(description, word.start, word.end) || !touchesHan(description, word.start, word.end))
        return true;
      if (isWrittenApart(description, word.start, word.end)) return true;
      const words = segment(word.start, word.end);
      return words === null || words.isWhole(word.start, word.end);
    });
    if (medium !== undefined) {
      for (let index = findings.length - 1; index >= 0; index--) {
        const finding = findings[index] as Finding;
        if (this.mediaCategories.has(finding.entry.category.slug)) continue;
        findings.splice(index, 1);
        reasons.push(
          `subject: "${finding.match.term}" is the subject of the ${medium.word} ("${medium.word}"), not its contents`,
        );
      }
    }
  }

  private explain(finding: Finding, route: Route): string {
    const { match, entry } = finding;
    const verdict = RANKED_VERDICTS[finding.rank] as Verdict;
    const category = entry.category;
    let reason = `${verdict}: "${match.term}" at ${match.start}-${match.end} is ${category.slug} (${category.nameEn}) on the ${route} route; ${describeVerdictAction(verdict)}`;
    if (verdict === 'prohibited' && category.crimeRelated) reason += '; crime-related: open a case';
    if (verdict !== 'clear' && category.reportTo.length > 0)
      reason += `; report to ${category.reportTo.join(', ')}`;
    return reason;
  }

  // Returns true when an amount exceeds a limit; adds a reason for every limit it could evaluate.
  private checkLimits(
    entry: TermEntry,
    input: ScreeningInput,
    mentions: QuantityMention[],
    reasons: string[],
    term: string,
  ): boolean {
    let exceeded = false;
    for (const limit of entry.limits) {
      const measured = this.measure(limit, input, mentions);
      const slug = entry.category.slug;
      if (limit.max === null) {
        reasons.push(
          `limit: ${slug} ${limit.label} has no numeric limit configured; "${term}" stays restricted`,
        );
        continue;
      }
      const ceiling = `${formatAmount(limit.max)} ${limit.measure} (${limit.label})`;
      if (measured === null) {
        reasons.push(`limit: "${term}" is allowed up to ${ceiling} per parcel; no quantity given`);
      } else if (measured.amount > limit.max) {
        exceeded = true;
        reasons.push(
          `over-limit: ${measured.source} = ${formatAmount(measured.amount)} ${limit.measure} exceeds the ${slug} limit of ${ceiling}`,
        );
      } else {
        reasons.push(
          `within-limit: ${measured.source} = ${formatAmount(measured.amount)} ${limit.measure} is within the ${slug} limit of ${ceiling}`,
        );
      }
    }
    return exceeded;
  }

  private measure(
    limit: QuantityLimit,
    input: ScreeningInput,
    mentions: QuantityMention[],
  ): { amount: number; source: string } | null {
    let best: { amount: number; source: string } | null = null;
    const consider = (amount: number, source: string): void => {
      if (best === null || amount > best.amount) best = { amount, source };
    };
    if (typeof input.quantity === 'number' && Number.isFinite(input.quantity)) {
      const unit = input.unit?.trim().toLowerCase() || limit.defaultUnit;
      const factor = unit === undefined ? undefined : limit.units[unit];
      if (factor !== undefined) consider(input.quantity * factor, `quantity ${input.quantity} ${unit}`);
    }
    // A stated voltage turns charge into energy: 48V 20Ah is 960 Wh, not 74 Wh at the nominal 3.7 V.
    const volts =
      limit.nominalVoltage === undefined ? [] : mentions.filter((mention) => VOLT_UNITS.has(mention.unit));
    const voltage = volts.length > 0 ? Math.max(...volts.map((mention) => mention.value)) : undefined;
    for (const mention of mentions) {
      const factor = limit.units[mention.unit];
      if (factor === undefined) continue;
      const scaled =
        voltage !== undefined &&
        limit.nominalVoltage !== undefined &&
        limit.chargeUnits?.includes(mention.unit)
          ? voltage / limit.nominalVoltage
          : 1;
      consider(
        mention.value * factor * scaled,
        scaled === 1 ? `"${mention.text}"` : `"${mention.text}" at ${voltage} V`,
      );
    }
    return best;
  }

  // Vague when nothing but vague words, quantities and filler remains: "礼品", "配件一批", "parts x3".
  private isVague(description: string, buffer: MatchBuffer, count: number): boolean {
    let remainder = '';
    let cursor = 0;
    const spans: [number, number][] = [];
    for (let index = 0; index < count; index++) {
      if ((this.patterns[buffer.pattern[index] as number] as PatternInfo).vague) {
        spans.push([buffer.start[index] as number, buffer.end[index] as number]);
      }
    }
    spans.sort((a, b) => a[0] - b[0]);
    for (const [start, end] of spans) {
      if (start > cursor) remainder += ` ${description.slice(cursor, start)}`;
      cursor = Math.max(cursor, end);
    }
    remainder += ` ${description.slice(cursor)}`;
    return isOnlyFiller(remainder);
  }

  private vague(description: string, reasons: string[]): ScreeningResult {
    const said = description.trim() === '' ? 'an empty description' : `"${description.trim()}"`;
    return {
      verdict: 'watch',
      category: null,
      matches: [],
      reasons: [
        `${VAGUE_DESCRIPTION}: ${said} does not say what the parcel contains; ask the sender and open-inspect`,
        ...reasons,
      ],
      catalogueVersion: this.catalogue.version,
    };
  }

  private clear(reasons: string[]): ScreeningResult {
    return {
      verdict: 'clear',
      category: null,
      matches: [],
      reasons,
      catalogueVersion: this.catalogue.version,
    };
  }
}

/** Builds a screener for a validated catalogue (patterns, pinyin variants and automaton are built once here). */
export function createScreener(catalogue: Catalogue): Screener {
  return new CatalogueScreener(catalogue);
}

/** Whether a one-character hit is its word: the whole word, the character and a noun suffix, or made of hits. */
function isOneCharacterWord(
  description: string,
  hit: { start: number; end: number },
  wordStart: number,
  wordEnd: number,
  hits: readonly { start: number; end: number }[],
): boolean {
  if (wordStart === hit.start && wordEnd === hit.end) return true;
  if (wordStart === hit.start && wordEnd === hit.end + 1 && NOUN_SUFFIXES.has(description[hit.end]!))
    return true;
  return coveredByHits(wordStart, wordEnd, hits);
}

// Read in the original text, so the traditional 兒 too.
const NOUN_SUFFIXES = new Set(['子', '儿', '兒']);

/** Whether every code unit of [from, to) lies inside one of the hits. */
function coveredByHits(from: number, to: number, hits: readonly { start: number; end: number }[]): boolean {
  for (let at = from; at < to; at++) if (!hits.some((hit) => hit.start <= at && at < hit.end)) return false;
  return true;
}
