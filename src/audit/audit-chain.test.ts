import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../platform/canonical-json.js';
import {
  canonicalEntryJson,
  hashEntry,
  inclusionPath,
  merkleRoot,
  rootFromInclusionPath,
  type ChainedEntry,
} from './audit-chain.js';

// RFC 6962's recursive definition, written independently of the bottom-up implementation under test.
function referenceRoot(leaves: string[]): string {
  const leaf = (h: string) =>
    createHash('sha256')
      .update(Buffer.from([0]))
      .update(Buffer.from(h, 'hex'))
      .digest();
  const node = (l: Buffer, r: Buffer) =>
    createHash('sha256')
      .update(Buffer.from([1]))
      .update(l)
      .update(r)
      .digest();
  const mth = (items: string[]): Buffer => {
    if (items.length === 1) return leaf(items[0]!);
    let k = 1;
    while (k * 2 < items.length) k *= 2;
    return node(mth(items.slice(0, k)), mth(items.slice(k)));
  };
  return mth(leaves).toString('hex');
}

const leaves = (n: number) =>
  Array.from({ length: n }, (_, i) => createHash('sha256').update(`entry ${i}`).digest('hex'));

describe('Merkle tree (RFC 6962)', () => {
  it('matches the recursive definition for every size from 1 to 33', () => {
    for (let n = 1; n <= 33; n += 1) expect(merkleRoot(leaves(n))).toBe(referenceRoot(leaves(n)));
  });

  it('gives an inclusion path for every leaf that leads back to the root', () => {
    for (const n of [1, 2, 3, 5, 7, 8, 13, 32, 33]) {
      const items = leaves(n);
      const root = merkleRoot(items);
      items.forEach((item, index) => {
        expect(rootFromInclusionPath(item, index, n, inclusionPath(items, index))).toBe(root);
      });
    }
  });

  it('rejects a path used for another leaf, index or size', () => {
    const items = leaves(11);
    const root = merkleRoot(items);
    const path = inclusionPath(items, 4);
    expect(rootFromInclusionPath(items[5]!, 4, 11, path)).not.toBe(root);
    expect(rootFromInclusionPath(items[4]!, 5, 11, path)).not.toBe(root);
    expect(rootFromInclusionPath(items[4]!, 11, 11, path)).toBeNull();
  });
});

describe('entry hash', () => {
  const entry: ChainedEntry = {
    seq: 1,
    at: 1,
    actorType: 'cli',
    actorId: 'op',
    action: 'site.created',
    subjectType: 'site',
    subjectId: 's1',
    requestId: 'r1',
    dataDigest: 'd',
    prevHash: '0'.repeat(64),
  };

  it('serialises exactly as the generic canonical JSON does', () => {
    expect(canonicalEntryJson(entry)).toBe(canonicalJson({ ...entry }));
  });

  it('changes when any covered field changes', () => {
    const base = hashEntry(entry);
    for (const key of Object.keys(entry) as (keyof ChainedEntry)[]) {
      const altered = {
        ...entry,
        [key]: typeof entry[key] === 'number' ? Number(entry[key]) + 1 : `${entry[key]}x`,
      };
      expect(hashEntry(altered), key).not.toBe(base);
    }
  });
});
