import { describe, expect, it } from 'vitest';
import { readyChunks } from './ready-chunks.js';

async function collect<T>(source: AsyncIterable<T[]>): Promise<T[][]> {
  const chunks: T[][] = [];
  for await (const chunk of source) chunks.push(chunk);
  return chunks;
}

describe('readyChunks', () => {
  it('cuts items already there into chunks of at most max, in order', async () => {
    async function* ready() {
      for (let i = 1; i <= 7; i += 1) yield i;
    }
    expect(await collect(readyChunks(ready(), 3))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('does not hold back what has arrived while waiting for more', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: number[][] = [];
    async function* stalled() {
      yield 1;
      yield 2;
      await gate; // the sender pauses: 1 and 2 must be answered before it goes on
      yield 3;
    }
    for await (const chunk of readyChunks(stalled(), 10)) {
      seen.push(chunk);
      if (seen.length === 1) release();
    }
    expect(seen).toEqual([[1, 2], [3]]);
  });

  it('yields nothing for an empty source and stops the source when the consumer stops', async () => {
    async function* empty() {}
    expect(await collect(readyChunks(empty(), 5))).toEqual([]);
    let finished = false;
    async function* endless() {
      try {
        for (let i = 0; ; i += 1) yield i;
      } finally {
        finished = true;
      }
    }
    for await (const chunk of readyChunks(endless(), 4)) {
      expect(chunk).toEqual([0, 1, 2, 3]);
      break;
    }
    expect(finished).toBe(true);
  });
});
