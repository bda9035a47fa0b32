import { describe, expect, it } from 'vitest';
import { GroupCommitQueue } from './group-commit.js';
import type { Outcome } from './outcome.js';

const OPTIONS = { maxGroup: 3, gatherTurns: 8, maxInFlight: 2 };

/** A queue whose groups are recorded and answered `request * 10`, or an error for negative requests. */
function recordingQueue(options = OPTIONS) {
  const groups: number[][] = [];
  const queue = new GroupCommitQueue<number, number>(async (requests) => {
    groups.push([...requests]);
    return requests.map((request): Outcome<number> =>
      request < 0 ? { ok: false, error: new Error(`bad ${request}`) } : { ok: true, value: request * 10 },
    );
  }, options);
  return { queue, groups };
}

describe('GroupCommitQueue', () => {
  it('stores requests that arrive together as one group, each caller getting its own answer or error', async () => {
    const { queue, groups } = recordingQueue();
    const answers = [1, -2, 3].map((request) => queue.submit(request));
    await expect(answers[0]).resolves.toBe(10);
    await expect(answers[1]).rejects.toThrow('bad -2');
    await expect(answers[2]).resolves.toBe(30);
    expect(groups).toEqual([[1, -2, 3]]);
  });

  it('starts at once when idle, and splits what waits into groups of at most maxGroup, in order', async () => {
    const { queue, groups } = recordingQueue();
    await expect(queue.submit(1)).resolves.toBe(10);
    expect(groups).toEqual([[1]]);
    await Promise.all([2, 3, 4, 5, 6, 7, 8].map((request) => queue.submit(request)));
    expect(groups.slice(1).flat()).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(groups.every((group) => group.length <= OPTIONS.maxGroup)).toBe(true);
  });

  it('answers every caller of a group that failed as a whole with that error', async () => {
    const queue = new GroupCommitQueue<number, number>(() => Promise.reject(new Error('disk full')), OPTIONS);
    const answers = [1, 2].map((request) => queue.submit(request));
    for (const answer of answers) await expect(answer).rejects.toThrow('disk full');
  });

  it('keeps at most maxInFlight groups open, and forms the next group while one is open', async () => {
    let open = 0;
    let mostOpen = 0;
    const releases: (() => void)[] = [];
    const queue = new GroupCommitQueue<number, number>(
      async (requests) => {
        open += 1;
        mostOpen = Math.max(mostOpen, open);
        await new Promise<void>((resolve) => releases.push(resolve));
        open -= 1;
        return requests.map((request) => ({ ok: true, value: request }));
      },
      { maxGroup: 1, gatherTurns: 1, maxInFlight: 2 },
    );
    const answers = [1, 2, 3, 4].map((request) => queue.submit(request));
    // Release the open groups one at a time until every request is answered.
    const all = Promise.all(answers);
    let settled = false;
    void all.then(() => (settled = true));
    while (!settled) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    await expect(all).resolves.toEqual([1, 2, 3, 4]);
    expect(mostOpen).toBe(2);
  });
});
