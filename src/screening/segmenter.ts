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

/** The words of one description: where each starts, in UTF-16 offsets into the original text. */
export class Segmentation {
  constructor(
    private readonly text: string,
    /** Sorted starts of the words, followed by the text's length. */
    private readonly starts: readonly number[],
  ) {}

  /** True when `start` and `end` both fall between words: the span is one or more whole words. */
  isWhole(start: number, end: number): boolean {
    return this.isBoundary(start) && this.isBoundary(end);
  }

  /** The words a span touches, as one span: [start of the first, end of the last]. */
  spanAround(start: number, end: number): [number, number] {
    const first = this.indexAt(start);
    const last = Math.max(this.indexAt(Math.max(end - 1, start)), first);
    return [this.starts[first] as number, this.starts[last + 1] as number];
  }

  /** The words around a span, for reasons ("烟" is part of "烟台"). */
  wordAround(start: number, end: number): string {
    const [from, to] = this.spanAround(start, end);
    return this.text.slice(from, to);
  }

  private isBoundary(offset: number): boolean {
    return offset === this.text.length || this.starts[this.indexAt(offset)] === offset;
  }

  // Index of the word that contains the offset (binary search over the starts).
  private indexAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 2;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/** A segmenter with jieba's dictionary plus the catalogue's own words; loads jieba on first use. */
export class Segmenter {
  private jieba: JiebaInstance | undefined;
  private readonly words: readonly string[];

  constructor(words: readonly string[]) {
    this.words = words.map((word) => word.toLowerCase());
  }

  /** Splits a description into words; null when the segmenter's words do not add up to the text. */
  segment(text: string): Segmentation | null {
    this.jieba ??= loadJieba(this.words);
    // Segment the folded spelling (simplified, lower case, separators as spaces) so 手槍 is cut like 手枪; the
    // folding maps one code unit to one, so offsets stay those of the original text.
    const table = getFoldTable();
    let folded = '';
    for (let index = 0; index < text.length; index++) {
      const unit = table[text.charCodeAt(index)] ?? SEPARATOR;
      folded += unit === SEPARATOR ? ' ' : String.fromCharCode(unit);
    }
    // Without the HMM the segmenter only joins characters into words its dictionary knows, so a name it has
    // never seen stays apart and cannot swallow a listed term by guesswork.
    const words = this.jieba.cut(folded, false);
    const starts: number[] = [];
    let offset = 0;
    for (const word of words) {
      starts.push(offset);
      offset += word.length;
    }
    if (offset !== text.length) return null;
    starts.push(offset);
    return new Segmentation(text, starts);
  }
}
