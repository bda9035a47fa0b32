// Pure hash-chain and Merkle logic: no I/O, shared by the service, the verifier and offline proof checking.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../platform/canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers, exactly as stored. */
export interface ChainedEntry {
  seq: number;
  at: number;
  actorType: string;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  requestId: string;
  dataDigest: string;
  prevHash: string;
}

/** SHA-256 (hex) over the canonical JSON of the entry, which includes the previous entry's hash. */
export function hashEntry(entry: ChainedEntry): string {
  return createHash('sha256').update(canonicalEntryJson(entry)).digest('hex');
}

/**
 * The entry's canonical JSON. Equal to canonicalJson() of the same fields (a test holds it to that), built
 * directly because it runs on every write: an object literal with its keys already in sorted order
 * serialises canonically.
 */
export function canonicalEntryJson(entry: ChainedEntry): string {
  return JSON.stringify({
    action: entry.action,
    actorId: entry.actorId,
    actorType: entry.actorType,
    at: entry.at,
    dataDigest: entry.dataDigest,
    prevHash: entry.prevHash,
    requestId: entry.requestId,
    seq: entry.seq,
    subjectId: entry.subjectId,
    subjectType: entry.subjectType,
  });
}

/** One record of a batch entry: what an entry of its own would have held, but for its place in the chain. */
export interface BatchRecord {
  at: number;
  actorType: string;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  requestId: string;
  dataDigest: string;
}

/** The action of an entry that stands for a batch of records (its subject id is how many). */
export const BATCH_ACTION = 'audit.batch';

/** SHA-256 (hex) over a batch record's canonical JSON: the leaf its batch's Merkle root is built from. */
export function hashBatchRecord(record: BatchRecord): string {
  // Keys in sorted order: canonical JSON of exactly these fields (a test holds it to canonicalJson).
  return createHash('sha256')
    .update(
      JSON.stringify({
        action: record.action,
        actorId: record.actorId,
        actorType: record.actorType,
        at: record.at,
        dataDigest: record.dataDigest,
        requestId: record.requestId,
        subjectId: record.subjectId,
        subjectType: record.subjectType,
      }),
    )
    .digest('hex');
}

/** What a batch record's MAC covers: its batch entry, its place in it and its hash (so a move is seen too). */
export function batchRecordMacInput(seq: number, position: number, hash: string): string {
  return `parcelguard.audit-batch-record.v1:${seq}:${position}:${hash}`;
}

// RFC 6962 Merkle tree hashing: leaves and nodes are domain-separated so a node cannot pose as a leaf.
function leafHash(entryHash: string): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(Buffer.from(entryHash, 'hex'))
    .digest();
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();
}

/** Largest power of two strictly less than n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Merkle tree root (hex) over entry hashes, RFC 6962 shape. */
export function merkleRoot(entryHashes: readonly string[]): string {
  if (entryHashes.length === 0) return createHash('sha256').digest('hex');
  // Bottom-up over RFC 6962's left-complete tree: the left subtree of n leaves always holds 2^k of them,
  // which is what pairing adjacent nodes level by level (carrying an odd last node up) produces.
  let level = entryHashes.map(leafHash);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!.toString('hex');
}

/** The audit path (sibling hashes, leaf to root) for leaf `index` in a tree over `entryHashes`. */
export function inclusionPath(entryHashes: readonly string[], index: number): string[] {
  const path: Buffer[] = [];
  const walk = (leaves: readonly string[], offset: number, target: number): Buffer => {
    if (leaves.length === 1) return leafHash(leaves[0]!);
    const k = splitPoint(leaves.length);
    const left = leaves.slice(0, k);
    const right = leaves.slice(k);
    if (target - offset < k) {
      const leftHash = walk(left, offset, target);
      const rightRoot = subtreeRoot(right);
      path.push(rightRoot);
      return nodeHash(leftHash, rightRoot);
    }
    const rightHash = walk(right, offset + k, target);
    const leftRoot = subtreeRoot(left);
    path.push(leftRoot);
    return nodeHash(leftRoot, rightHash);
  };
  walk(entryHashes, 0, index);
  return path.map((hash) => hash.toString('hex'));
}

function subtreeRoot(leaves: readonly string[]): Buffer {
  return Buffer.from(merkleRoot(leaves), 'hex');
}

/** Recomputes the root from a leaf, its index, the tree size and its audit path (RFC 9162 §2.1.3.2). */
export function rootFromInclusionPath(
  entryHash: string,
  index: number,
  size: number,
  path: readonly string[],
): string | null {
  if (index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let hash = leafHash(entryHash);
  for (const siblingHex of path) {
    if (sn === 0) return null;
    const sibling = Buffer.from(siblingHex, 'hex');
    if (fn % 2 === 1 || fn === sn) {
      hash = nodeHash(sibling, hash);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      hash = nodeHash(hash, sibling);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 ? hash.toString('hex') : null;
}

/** What a checkpoint's signature covers. */
export interface CheckpointStatement {
  fromSeq: number;
  toSeq: number;
  merkleRoot: string;
  headHash: string;
  signedAt: number;
  keyId: string;
}

export function checkpointMessage(statement: CheckpointStatement): string {
  return canonicalJson({ type: 'parcelguard.audit-checkpoint.v1', ...statement });
}
