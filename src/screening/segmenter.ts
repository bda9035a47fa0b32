// Chinese word segmentation for the descriptions the matcher flagged. Chinese writes no spaces, so a listed word
// can sit inside an ordinary longer word (烟 in 烟台, 枪 in 水枪, 硫酸 in 硫酸软骨素); a segmenter with a real
// dictionary says where the words are. jieba (the dictionary-driven segmenter most Chinese search engines use) is
// loaded on the first flagged description only: most descriptions match nothing and never pay for it.
import { createRequire } from 'node:module';
import { getFoldTable, SEPARATOR } from './normalise.js';

interface JiebaInstance {
  cut(sentence: string, hmm?: boolean | null): string[];
  loadDict(dict: Uint8Array): void;
}
interface JiebaModule {
  Jieba: { withDict(dict: Uint8Array): JiebaInstance };
}

// Frequency given to catalogue words: high enough that the segmenter prefers them to the pieces they are made of
// (枪王 over 枪|王), the way jieba's own user dictionaries are weighted.
const CATALOGUE_WORD_FREQUENCY = 100_000;

// How many recent cuts a segmenter remembers before it starts afresh (a few hundred kilobytes at most).
const RECENT_CUTS = 4096;

const requireModule = createRequire(import.meta.url);
let baseJieba: JiebaInstance | undefined;

// Loaded synchronously because screening is synchronous; the native module and its 5 MB dictionary cost about
// 200 ms once per process (per catalogue version with words of its own).
function loadJieba(words: readonly string[]): JiebaInstance {
  const { Jieba } = requireModule('@node-rs/jieba') as JiebaModule;
  const { dict } = requireModule('@node-rs/jieba/dict') as { dict: Uint8Array };
  if (words.length === 0) {
    baseJieba ??= Jieba.withDict(dict);
    return baseJieba;
  }
  const jieba = Jieba.withDict(dict);
  jieba.loadDict(Buffer.from(words.map((word) => `${word} ${CATALOGUE_WORD_FREQUENCY}\n`).join('')));
  return jieba;
}

/** The words of one description, in UTF-16 offsets into the original text. */
export class Segmentation {
  constructor(
    private readonly text: string,
    /** Original offsets where each word starts and ends (separators between words belong to neither). */
    private readonly wordStarts: readonly number[],
    private readonly wordEnds: readonly number[],
    /** 1 where an offset falls between two words (or at either end of the text). */
    private readonly boundaries: Uint8Array,
  ) {}

  /** True when `start` and `end` both fall between words: the span is one or more whole words. */
  isWhole(start: number, end: number): boolean {
    return this.boundaries[start] === 1 && this.boundaries[end] === 1;
  }

  /**
   * True when the span ends a longer word it lies inside: Chinese compounds put the head last, so the span names
   * what the word is (火腿 in 金华火腿 is ham; 烟 in 烟台 only starts a place name).
   */
  isHead(start: number, end: number): boolean {
    if (this.boundaries[end] !== 1) return false;
    for (let offset = start; offset < end; offset++) if (this.boundaries[offset] === 1) return false;
    return true;
  }

  /** The words a span touches, as one span: [start of the first, end of the last]. */
  spanAround(start: number, end: number): [number, number] {
    let from = start;
    let to = end;
    for (let index = 0; index < this.wordStarts.length; index++) {
      const wordStart = this.wordStarts[index] as number;
      const wordEnd = this.wordEnds[index] as number;
      if (wordEnd <= start || wordStart >= end) continue;
      from = Math.min(from, wordStart);
      to = Math.max(to, wordEnd);
    }
    return [from, to];
  }

  /** The words around a span, for reasons ("烟" is part of "烟台"). */
  wordAround(start: number, end: number): string {
    const [from, to] = this.spanAround(start, end);
    return this.text.slice(from, to);
  }
}

/** A segmenter with jieba's dictionary plus the catalogue's own words; loads jieba on first use. */
export class Segmenter {
  private jieba: JiebaInstance | undefined;
  private readonly words: readonly string[];
  private readonly recent = new Map<string, string[]>();

  constructor(words: readonly string[]) {
    this.words = words.map((word) => word.toLowerCase());
  }

  /**
   * Splits a description, or the window [from, to) of it, into words; null when the segmenter's words do not add
   * up to the text. Offsets outside the window read as boundaries.
   */
  segment(text: string, from = 0, to = text.length): Segmentation | null {
    this.jieba ??= loadJieba(this.words);
    // Segment the folded spelling (simplified, lower case) so 手槍 is cut like 手枪. Separators stay as spaces:
    // a space the sender wrote is a word boundary the segmenter must not join across (某部队 内部资料).
    const table = getFoldTable();
    let folded = '';
    const original: number[] = [];
    for (let index = from; index < to; index++) {
      const unit = table[text.charCodeAt(index)] ?? SEPARATOR;
      folded += unit === SEPARATOR ? ' ' : String.fromCharCode(unit);
      original.push(index);
    }
    // Without the HMM the segmenter only joins characters into words its dictionary knows, so a name it has
    // never seen stays apart and cannot swallow a listed term by guesswork.
    // Parcel descriptions repeat (the same product is posted all day): remember recent cuts.
    let words = this.recent.get(folded);
    if (words === undefined) {
      words = folded === '' ? [] : this.jieba.cut(folded, false);
      if (this.recent.size >= RECENT_CUTS) this.recent.clear();
      this.recent.set(folded, words);
    }
    const boundaries = new Uint8Array(text.length + 1);
    const wordStarts: number[] = [];
    const wordEnds: number[] = [];
    let offset = 0;
    for (const word of words) {
      const first = original[offset];
      const last = original[offset + word.length - 1];
      if (first === undefined || last === undefined) return null;
      wordStarts.push(first);
      wordEnds.push(last + 1);
      offset += word.length;
    }
    if (offset !== folded.length) return null;
    // Every offset outside a word (at a word's edge or among the separators between words) is a boundary.
    boundaries.fill(1);
    for (let index = 0; index < wordStarts.length; index++) {
      boundaries.fill(0, (wordStarts[index] as number) + 1, wordEnds[index]);
    }
    return new Segmentation(text, wordStarts, wordEnds, boundaries);
  }
}
