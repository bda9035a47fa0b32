// A multi-pattern matcher (Aho–Corasick over typed arrays) that normalises its input as it walks: every code
// unit goes through the folding table of normalise.ts, separators are skipped, and leetspeak digits stand in
// for letters when the literal digit does not continue a term. Matches carry offsets into the original text.
import { getFoldTable, isDigit, isLatinLetter, LEET_LETTERS, SEPARATOR } from './normalise.js';

// Offsets of recently consumed code units, to turn "pattern of length n ends here" into a start offset.
const RING_SIZE = 1024;
const RING_MASK = RING_SIZE - 1;

/** Longest pattern, in folded code units, that the automaton accepts. */
export const MAX_PATTERN_LENGTH = RING_SIZE;

// Word-boundary flags of a pattern, from its first and last folded code units. CJK needs no boundaries; Latin
// does, or `gun` would match inside `begun` and `ak` inside `make`.
const STARTS_WITH_LETTER = 1;
const STARTS_WITH_DIGIT = 2;
const ENDS_WITH_LETTER = 4;
const ENDS_WITH_DIGIT = 8;
const TAKES_PLURAL = 16;
const CHECKS_LEFT = STARTS_WITH_LETTER | STARTS_WITH_DIGIT;
const CHECKS_RIGHT = ENDS_WITH_LETTER | ENDS_WITH_DIGIT;
const LOWER_S = 0x73;
const LOWER_E = 0x65;

// Folded digits and lower-case Latin letters: descriptions are ~40% English and the catalogue holds thousands of
// pinyin spellings, so most Latin characters arrive mid-term. For these 36 units every node that can see one gets a
// dense row of resolved transitions (child, leetspeak, then failure links), read in one lookup.
const DENSE_CLASSES = 36;
const denseClass = new Int8Array(0x10000).fill(-1);
for (let digit = 0; digit < 10; digit++) denseClass[0x30 + digit] = digit;
for (let letter = 0; letter < 26; letter++) denseClass[0x61 + letter] = 10 + letter;
const denseUnit = (denseIndex: number): number =>
  denseIndex < 10 ? 0x30 + denseIndex : 0x61 + denseIndex - 10;

/** Reusable storage for the matches of one scan: pattern index and [start, end) offsets in the original text. */
export class MatchBuffer {
  count = 0;
  pattern: Int32Array = new Int32Array(16);
  start: Int32Array = new Int32Array(16);
  end: Int32Array = new Int32Array(16);

  push(pattern: number, start: number, end: number): void {
    if (this.count === this.pattern.length) {
      const grow = (array: Int32Array): Int32Array => {
        const larger = new Int32Array(array.length * 2);
        larger.set(array);
        return larger;
      };
      this.pattern = grow(this.pattern);
      this.start = grow(this.start);
      this.end = grow(this.end);
    }
    this.pattern[this.count] = pattern;
    this.start[this.count] = start;
    this.end[this.count] = end;
    this.count++;
  }
}

function boundaryFlags(folded: string): number {
  const first = folded.charCodeAt(0);
  const last = folded.charCodeAt(folded.length - 1);
  return (
    (isLatinLetter(first) ? STARTS_WITH_LETTER : 0) |
    (isDigit(first) ? STARTS_WITH_DIGIT : 0) |
    (isLatinLetter(last) ? ENDS_WITH_LETTER : 0) |
    (isDigit(last) ? ENDS_WITH_DIGIT : 0)
  );
}

/** Aho–Corasick automaton over folded patterns, matching normalised input with original offsets. */
export class FoldingAutomaton {
  private readonly fold: Uint16Array;
  private readonly leetFirst = new Uint16Array(0x10000);
  private readonly leetSecond = new Uint16Array(0x10000);
  private readonly rootNext = new Int32Array(0x10000).fill(-1);
  // 1 for code units that occur in some pattern (or stand in for a letter that may): any other unit ends every
  // partial match at once, with no walk down the failure links.
  private readonly continues = new Uint8Array(0x10000);
  private readonly edgeOffset: Int32Array;
  private readonly edgeUnit: Uint16Array;
  private readonly edgeTarget: Int32Array;
  private readonly failure: Int32Array;
  private readonly depth: Int32Array;
  private readonly nodePattern: Int32Array;
  private readonly outputLink: Int32Array;
  private readonly hasOutput: Uint8Array;
  private readonly patternFlags: Uint8Array;
  // Per node, the offset in denseNext of the row it moves by: its own when it has a Latin edge, else its failure
  // target's; -1 when no node on its failure chain has one (its Latin transitions are then the root's).
  private readonly denseRow: Int32Array;
  private readonly denseNext: Int32Array;
  private readonly ring = new Int32Array(RING_SIZE);
  /** Number of trie nodes, for sizing reports. */
  readonly nodeCount: number;

  /**
   * Builds the automaton. Patterns must already be folded (see foldText) and distinct; a pattern's index in the
   * array is what scans report. `takesPlural` says which Latin patterns are English words that may take -s/-es
   * (not pinyin: "lili" must not match "lilies"); by default all of them.
   */
  constructor(patterns: readonly string[], takesPlural?: readonly boolean[]) {
    this.fold = getFoldTable();
    for (const [symbol, letters] of Object.entries(LEET_LETTERS)) {
      const unit = this.fold[symbol.charCodeAt(0)] ?? SEPARATOR;
      this.leetFirst[unit] = letters.charCodeAt(0);
      if (letters.length > 1) this.leetSecond[unit] = letters.charCodeAt(1);
    }
    const children: Map<number, number>[] = [new Map<number, number>()];
    const depths: number[] = [0];
    const patternAt: number[] = [-1];
    this.patternFlags = new Uint8Array(patterns.length);
    patterns.forEach((pattern, index) => {
      if (pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH) {
        throw new Error(`pattern ${index} has length ${pattern.length}; expected 1..${MAX_PATTERN_LENGTH}`);
      }
      let node = 0;
      for (let position = 0; position < pattern.length; position++) {
        const unit = pattern.charCodeAt(position);
        this.continues[unit] = 1;
        const map = children[node] as Map<number, number>;
        let next = map.get(unit);
        if (next === undefined) {
          next = children.length;
          map.set(unit, next);
          children.push(new Map<number, number>());
          depths.push(position + 1);
          patternAt.push(-1);
        }
        node = next;
      }
      if (patternAt[node] !== -1) throw new Error(`pattern ${index} repeats pattern ${patternAt[node]}`);
      patternAt[node] = index;
      this.patternFlags[index] = boundaryFlags(pattern) | (takesPlural?.[index] === false ? 0 : TAKES_PLURAL);
    });

    const nodeCount = children.length;
    this.nodeCount = nodeCount;
    this.depth = Int32Array.from(depths);
    this.nodePattern = Int32Array.from(patternAt);
    this.edgeOffset = new Int32Array(nodeCount + 1);
    let edges = 0;
    for (let node = 0; node < nodeCount; node++) {
      this.edgeOffset[node] = edges;
      edges += (children[node] as Map<number, number>).size;
    }
    this.edgeOffset[nodeCount] = edges;
    this.edgeUnit = new Uint16Array(edges);
    this.edgeTarget = new Int32Array(edges);
    for (let node = 0; node < nodeCount; node++) {
      // Sorted edges let wide nodes use binary search while narrow ones keep a short linear scan.
      const sorted = [...(children[node] as Map<number, number>)].sort(([a], [b]) => a - b);
      let offset = this.edgeOffset[node] as number;
      for (const [unit, target] of sorted) {
        this.edgeUnit[offset] = unit;
        this.edgeTarget[offset] = target;
        offset++;
      }
    }
    for (const [unit, target] of children[0] as Map<number, number>) this.rootNext[unit] = target;
    for (let unit = 0; unit < 0x10000; unit++) if (this.leetFirst[unit] !== 0) this.continues[unit] = 1;

    // Breadth-first failure links, and output links to the nearest shorter pattern that ends at the same place.
    this.failure = new Int32Array(nodeCount);
    this.outputLink = new Int32Array(nodeCount).fill(-1);
    this.hasOutput = new Uint8Array(nodeCount);
    const queue = new Int32Array(nodeCount);
    let head = 0;
    let tail = 0;
    for (const target of (children[0] as Map<number, number>).values()) queue[tail++] = target;
    while (head < tail) {
      const node = queue[head++] as number;
      for (const [unit, target] of children[node] as Map<number, number>) {
        let fallback = this.failure[node] as number;
        let next = this.child(fallback, unit);
        while (next < 0 && fallback !== 0) {
          fallback = this.failure[fallback] as number;
          next = this.child(fallback, unit);
        }
        const failTo = next < 0 || next === target ? 0 : next;
        this.failure[target] = failTo;
        this.outputLink[target] =
          (this.nodePattern[failTo] as number) >= 0 ? failTo : (this.outputLink[failTo] as number);
        queue[tail++] = target;
      }
    }
    [this.denseRow, this.denseNext] = this.buildDenseRows(queue, tail);
    for (let node = 0; node < nodeCount; node++) {
      this.hasOutput[node] =
        (this.nodePattern[node] as number) >= 0 || (this.outputLink[node] as number) >= 0 ? 1 : 0;
    }
  }

  // Resolves, in breadth-first order (a node's failure target is always shallower), what the scan loop would do
  // for each dense unit: the child, else a leetspeak letter's child, else the failure target's transition.
  private buildDenseRows(order: Int32Array, count: number): [Int32Array, Int32Array] {
    const rows = new Int32Array(this.depth.length).fill(-1);
    const hasDenseEdge = (node: number): boolean => {
      for (let edge = this.edgeOffset[node] as number; edge < (this.edgeOffset[node + 1] as number); edge++) {
        if ((denseClass[this.edgeUnit[edge] as number] as number) >= 0) return true;
      }
      return false;
    };
    // A node without a Latin edge of its own moves exactly as its failure target does: it shares that row.
    const ownsRow = new Uint8Array(this.depth.length);
    let rowCount = 0;
    for (let position = 0; position < count; position++) {
      const node = order[position] as number;
      if (hasDenseEdge(node)) {
        ownsRow[node] = 1;
        rows[node] = rowCount++ * DENSE_CLASSES;
      } else {
        rows[node] = rows[this.failure[node] as number] as number;
      }
    }
    const next = new Int32Array(rowCount * DENSE_CLASSES);
    const rootTransition = (unit: number): number => Math.max(this.rootNext[unit] as number, 0);
    for (let position = 0; position < count; position++) {
      const node = order[position] as number;
      if (ownsRow[node] === 0) continue;
      const row = rows[node] as number;
      const fallback = this.failure[node] as number;
      const fallbackRow = rows[fallback] as number;
      for (let denseIndex = 0; denseIndex < DENSE_CLASSES; denseIndex++) {
        const unit = denseUnit(denseIndex);
        let target = this.child(node, unit);
        const first = this.leetFirst[unit] as number;
        if (target < 0 && first !== 0) target = this.child(node, first);
        const second = this.leetSecond[unit] as number;
        if (target < 0 && second !== 0) target = this.child(node, second);
        if (target < 0) {
          target = fallbackRow >= 0 ? (next[fallbackRow + denseIndex] as number) : rootTransition(unit);
        }
        next[row + denseIndex] = target;
      }
    }
    return [rows, next];
  }

  private child(node: number, unit: number): number {
    if (node === 0) return this.rootNext[unit] as number;
    let low = this.edgeOffset[node] as number;
    let high = this.edgeOffset[node + 1] as number;
    if (high - low <= 8) {
      for (; low < high; low++) if (this.edgeUnit[low] === unit) return this.edgeTarget[low] as number;
      return -1;
    }
    while (low < high) {
      const middle = (low + high) >>> 1;
      const candidate = this.edgeUnit[middle] as number;
      if (candidate === unit) return this.edgeTarget[middle] as number;
      if (candidate < unit) low = middle + 1;
      else high = middle;
    }
    return -1;
  }

  /** Finds every pattern occurrence in `text` that respects Latin word boundaries; returns the match count. */
  scan(text: string, matches: MatchBuffer): number {
    matches.count = 0;
    // Locals rather than property loads: this loop is the hot path of every screening.
    const {
      fold,
      ring,
      hasOutput,
      failure,
      leetFirst,
      leetSecond,
      rootNext,
      continues,
      denseRow,
      denseNext,
    } = this;
    // A local copy: read through the import, the constant costs a getter call per character under tsx.
    const separator = SEPARATOR;
    const length = text.length;
    let state = 0;
    let consumed = 0;
    for (let index = 0; index < length; index++) {
      const unit = fold[text.charCodeAt(index)] as number;
      if (unit === separator) continue;
      ring[consumed & RING_MASK] = index;
      consumed++;
      if (state === 0) {
        // Most characters start nothing: one table lookup and on to the next.
        const next = rootNext[unit] as number;
        if (next < 0) continue;
        state = next;
      } else if ((denseClass[unit] as number) >= 0) {
        const row = denseRow[state] as number;
        state =
          row >= 0
            ? (denseNext[row + (denseClass[unit] as number)] as number)
            : Math.max(rootNext[unit] as number, 0);
      } else if (continues[unit] === 0) {
        // Most characters of a description belong to no pattern: the partial match simply ends.
        state = 0;
        continue;
      } else {
        let next = -1;
        for (;;) {
          if (state === 0) {
            next = rootNext[unit] as number;
            if (next < 0) next = 0;
            break;
          }
          next = this.child(state, unit);
          if (next < 0) {
            // Leetspeak only continues a term already under way (see LEET_LETTERS).
            const first = leetFirst[unit] as number;
            if (first !== 0) {
              next = this.child(state, first);
              const second = leetSecond[unit] as number;
              if (next < 0 && second !== 0) next = this.child(state, second);
            }
          }
          if (next >= 0) break;
          state = failure[state] as number;
        }
        state = next;
      }
      if (hasOutput[state] === 1) this.collect(text, state, consumed, index + 1, matches);
    }
    return matches.count;
  }

  private collect(text: string, state: number, consumed: number, end: number, matches: MatchBuffer): void {
    let node = (this.nodePattern[state] as number) >= 0 ? state : (this.outputLink[state] as number);
    while (node >= 0) {
      const pattern = this.nodePattern[node] as number;
      const start = this.ring[(consumed - (this.depth[node] as number)) & RING_MASK] as number;
      if (this.isAtWordBoundary(text, pattern, start, end)) matches.push(pattern, start, end);
      node = this.outputLink[node] as number;
    }
  }

  private isAtWordBoundary(text: string, pattern: number, start: number, end: number): boolean {
    const flags = this.patternFlags[pattern] as number;
    if ((flags & CHECKS_LEFT) !== 0 && start > 0) {
      const before = this.fold[text.charCodeAt(start - 1)] as number;
      if (isLatinLetter(before)) return false;
      if ((flags & STARTS_WITH_DIGIT) !== 0 && isDigit(before)) return false;
    }
    if ((flags & CHECKS_RIGHT) !== 0 && end < text.length) {
      const after = this.fold[text.charCodeAt(end)] as number;
      if (isLatinLetter(after)) {
        // English plurals: "guns", "grenades" still match "gun", "grenade".
        if ((flags & ENDS_WITH_LETTER) === 0 || (flags & TAKES_PLURAL) === 0) return false;
        return this.isPluralEnding(text, end);
      }
      if ((flags & ENDS_WITH_DIGIT) !== 0 && isDigit(after)) return false;
    }
    return true;
  }

  private isPluralEnding(text: string, end: number): boolean {
    const isWordEnd = (index: number): boolean => {
      if (index >= text.length) return true;
      const unit = this.fold[text.charCodeAt(index)] as number;
      return !isLatinLetter(unit) && !isDigit(unit);
    };
    const first = this.fold[text.charCodeAt(end)] as number;
    if (first === LOWER_S) return isWordEnd(end + 1);
    if (first === LOWER_E && this.fold[text.charCodeAt(end + 1)] === LOWER_S) return isWordEnd(end + 2);
    return false;
  }
}
