import { canonicalJson } from '../platform/canonical-json.js';
import type { Clock } from '../platform/clock.js';
import type { Signer } from '../platform/crypto/signing.js';
import { verifySignature } from '../platform/crypto/signing.js';
import type { Vault } from '../platform/crypto/vault.js';
import type { AuditCheckpointTable, AuditEntryTable } from '../platform/database/schema.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import type { RequestContext } from '../people/actor.js';
import type { AuditAction } from './audit-actions.js';
import {
  checkpointMessage,
  GENESIS_HASH,
  hashEntry,
  inclusionPath,
  merkleRoot,
  type ChainedEntry,
} from './audit-chain.js';
import type { InclusionProof } from './audit-proof.js';
import type { AuditRepository } from './audit.repository.js';

/** One state change to record. `data` is digested (keyed), never stored: it may hold personal data. */
export interface AuditRecord {
  action: AuditAction;
  subject: { type: string; id: string };
  data?: unknown;
}

export interface AuditEntry extends ChainedEntry {
  hash: string;
}

export interface VerificationReport {
  ok: boolean;
  entries: number;
  checkpoints: number;
  /** The first sequence number where the chain or a checkpoint fails, or null. */
  firstBadSeq: number | null;
  problem: string | null;
  /** Entries after the last checkpoint (not yet covered by a signature). */
  uncheckpointed: number;
}

export interface Checkpoint {
  fromSeq: number;
  toSeq: number;
  merkleRoot: string;
  headHash: string;
  signedAt: number;
  keyId: string;
  signature: string;
}

export interface AuditServiceOptions {
  /** Largest range one checkpoint covers (bounds the memory a checkpoint or proof needs). */
  maxCheckpointRange?: number;
}

const VERIFY_PAGE = 5000;

/** The append-only audit log: hash-chained entries written in the caller's transaction, signed checkpoints. */
export class AuditService {
  private readonly maxCheckpointRange: number;
  private appendedSinceCheckpoint = 0;
  private readonly appendListeners: ((count: number) => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly repository: AuditRepository,
    private readonly vault: Vault,
    private readonly signer: Signer,
    private readonly clock: Clock,
    options: AuditServiceOptions = {},
  ) {
    this.maxCheckpointRange = options.maxCheckpointRange ?? 100_000;
  }

  /**
   * Appends entries to the chain inside `trx`, the transaction that makes the change they record: both
   * commit together or neither does. Returns the sequence numbers given.
   */
  async append(
    trx: Executor,
    context: RequestContext,
    records: AuditRecord | readonly AuditRecord[],
  ): Promise<number[]> {
    const list = Array.isArray(records) ? (records as readonly AuditRecord[]) : [records as AuditRecord];
    if (list.length === 0) return [];
    const head = await this.repository.lockHead(trx);
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const at = this.clock.now();
    const rows: AuditEntryTable[] = list.map((record) => {
      seq += 1;
      const entry: ChainedEntry = {
        seq,
        at,
        actorType: context.actor.type,
        actorId: context.actor.id,
        action: record.action,
        subjectType: record.subject.type,
        subjectId: record.subject.id,
        requestId: context.requestId,
        dataDigest: this.vault.digest(canonicalJson(record.data ?? null)),
        prevHash,
      };
      prevHash = hashEntry(entry);
      return toRow(entry, prevHash);
    });
    await this.repository.insertEntries(trx, rows);
    this.appendedSinceCheckpoint += rows.length;
    for (const listener of this.appendListeners) listener(this.appendedSinceCheckpoint);
    return rows.map((row) => row.seq);
  }

  /**
   * Takes the chain's append lock now rather than at the first append, for a transaction that will append for
   * many changes (group intake). Taken before any row lock, it keeps two such transactions (or one and a
   * single change) from each holding what the other waits for.
   */
  async lockChainWithin(trx: Executor): Promise<void> {
    await this.repository.lockChain(trx);
  }

  /** Called after appends with the count since the last checkpoint (the checkpointer's trigger). */
  onAppend(listener: (pendingCount: number) => void): void {
    this.appendListeners.push(listener);
  }

  /**
   * Signs checkpoints over every committed entry not yet covered, in ranges of at most maxCheckpointRange.
   * The Merkle root is computed outside any transaction; the insert re-checks that nobody else checkpointed
   * the same range meanwhile.
   */
  async createCheckpoints(): Promise<Checkpoint[]> {
    const created: Checkpoint[] = [];
    this.appendedSinceCheckpoint = 0;
    for (;;) {
      const last = await this.repository.findLastCheckpoint(this.store.db);
      const fromSeq = (last?.to_seq ?? 0) + 1;
      const headSeq = await this.repository.findHeadSeq(this.store.db);
      if (headSeq < fromSeq) return created;
      const toSeq = Math.min(headSeq, fromSeq + this.maxCheckpointRange - 1);
      const hashes = await this.repository.findHashesInRange(this.store.db, fromSeq, toSeq);
      if (hashes.length !== toSeq - fromSeq + 1) {
        throw new AppError(
          'internal',
          `audit entries ${fromSeq}–${toSeq} are not contiguous: run audit verify`,
        );
      }
      const statement = {
        fromSeq,
        toSeq,
        merkleRoot: merkleRoot(hashes.map((row) => row.hash)),
        headHash: hashes[hashes.length - 1]!.hash,
        signedAt: this.clock.now(),
        keyId: this.signer.activeKeyId,
      };
      const { signature } = this.signer.sign(checkpointMessage(statement));
      const checkpoint: Checkpoint = { ...statement, signature };
      const inserted = await this.store.transaction(async (trx) => {
        await this.repository.lockCheckpoints(trx);
        const current = await this.repository.findLastCheckpoint(trx);
        if ((current?.to_seq ?? 0) !== fromSeq - 1) return false;
        await this.repository.insertCheckpoint(trx, toCheckpointRow(checkpoint));
        return true;
      });
      if (inserted) created.push(checkpoint);
    }
  }

  /** Verifies the chain and every checkpoint against trusted public keys (see verifyAuditLog). */
  verify(trustedKeys: ReadonlyMap<string, string>): Promise<VerificationReport> {
    return verifyAuditLog(this.store.db, this.repository, trustedKeys);
  }

  /** An inclusion proof for entry `seq`, checkpointing first when the entry is not yet covered. */
  async prove(seq: number, publicKeyFor: (keyId: string) => string | undefined): Promise<InclusionProof> {
    const row = await this.repository.findEntry(this.store.db, seq);
    if (row === undefined) throw AppError.notFound(`audit entry ${seq}`);
    let checkpointRow = await this.repository.findCheckpointCovering(this.store.db, seq);
    if (checkpointRow === undefined) {
      await this.createCheckpoints();
      checkpointRow = await this.repository.findCheckpointCovering(this.store.db, seq);
    }
    if (checkpointRow === undefined) throw new AppError('internal', `no checkpoint covers entry ${seq}`);
    const checkpoint = fromCheckpointRow(checkpointRow);
    const hashes = await this.repository.findHashesInRange(
      this.store.db,
      checkpoint.fromSeq,
      checkpoint.toSeq,
    );
    const publicKeyPem = publicKeyFor(checkpoint.keyId);
    if (publicKeyPem === undefined)
      throw new AppError('internal', `the public key ${checkpoint.keyId} is unknown`);
    return {
      format: 'parcelguard.audit-inclusion-proof.v1',
      entry: { ...fromRow(row), hash: row.hash },
      leafIndex: seq - checkpoint.fromSeq,
      treeSize: checkpoint.toSeq - checkpoint.fromSeq + 1,
      path: inclusionPath(
        hashes.map((h) => h.hash),
        seq - checkpoint.fromSeq,
      ),
      checkpoint,
      publicKeyPem,
    };
  }

  async findEntries(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    const rows = await this.repository.findEntriesAfter(this.store.db, afterSeq, limit);
    return rows.map((row) => ({ ...fromRow(row), hash: row.hash }));
  }

  async findCheckpoints(afterToSeq: number, limit: number): Promise<Checkpoint[]> {
    return (await this.repository.findCheckpointsAfter(this.store.db, afterToSeq, limit)).map(
      fromCheckpointRow,
    );
  }
}

/**
 * Checks the whole chain (contiguous sequence, each previous-hash link, each entry's hash) and every
 * checkpoint (contiguous ranges, Merkle root, head hash, Ed25519 signature against trusted public keys).
 */
export async function verifyAuditLog(
  db: Executor,
  repository: AuditRepository,
  trustedKeys: ReadonlyMap<string, string>,
): Promise<VerificationReport> {
  let firstBad: { seq: number; problem: string } | null = null;
  const fail = (seq: number, problem: string): void => {
    if (firstBad === null || seq < firstBad.seq) firstBad = { seq, problem };
  };

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  chain: for (let after = 0; ;) {
    const page = await repository.findEntriesAfter(db, after, VERIFY_PAGE);
    if (page.length === 0) break;
    for (const row of page) {
      if (row.seq !== expectedSeq) {
        fail(expectedSeq, `entry ${expectedSeq} is missing (found ${row.seq} next)`);
        break chain;
      }
      if (row.prev_hash !== prevHash) {
        fail(row.seq, `entry ${row.seq} does not link to entry ${row.seq - 1} (previous hash differs)`);
        break chain;
      }
      if (hashEntry(fromRow(row)) !== row.hash) {
        fail(row.seq, `entry ${row.seq} was altered (its content does not match its hash)`);
        break chain;
      }
      prevHash = row.hash;
      expectedSeq += 1;
      entries += 1;
    }
    after = page[page.length - 1]!.seq;
  }
  const headSeq = expectedSeq - 1;

  let checkpoints = 0;
  let coveredTo = 0;
  for (let afterTo = 0; ;) {
    const page = await repository.findCheckpointsAfter(db, afterTo, 100);
    if (page.length === 0) break;
    for (const row of page) {
      checkpoints += 1;
      const checkpoint = fromCheckpointRow(row);
      if (checkpoint.fromSeq !== coveredTo + 1) {
        fail(
          Math.min(checkpoint.fromSeq, coveredTo + 1),
          `checkpoint ${checkpoint.fromSeq}–${checkpoint.toSeq} does not follow the previous one`,
        );
      }
      const publicKey = trustedKeys.get(checkpoint.keyId);
      const { signature, ...statement } = checkpoint;
      if (publicKey === undefined || !verifySignature(checkpointMessage(statement), signature, publicKey)) {
        fail(
          checkpoint.fromSeq,
          `checkpoint ${checkpoint.fromSeq}–${checkpoint.toSeq} has no valid signature from a trusted key`,
        );
      }
      const hashes = await repository.findHashesInRange(db, checkpoint.fromSeq, checkpoint.toSeq);
      const missing = firstMissing(hashes, checkpoint.fromSeq, checkpoint.toSeq);
      // A chain failure inside this range already names the exact entry; the root can only say "somewhere here".
      const chainFailure = firstBad as { seq: number } | null;
      if (
        chainFailure !== null &&
        chainFailure.seq >= checkpoint.fromSeq &&
        chainFailure.seq <= checkpoint.toSeq
      ) {
        // already reported, more precisely
      } else if (missing !== null) {
        fail(missing, `entry ${missing} is missing but was covered by a signed checkpoint`);
      } else if (merkleRoot(hashes.map((h) => h.hash)) !== checkpoint.merkleRoot) {
        fail(
          checkpoint.fromSeq,
          `entries ${checkpoint.fromSeq}–${checkpoint.toSeq} differ from their signed checkpoint`,
        );
      } else if (hashes[hashes.length - 1]!.hash !== checkpoint.headHash) {
        fail(checkpoint.toSeq, `entry ${checkpoint.toSeq} differs from the signed head hash`);
      }
      coveredTo = checkpoint.toSeq;
    }
    afterTo = page[page.length - 1]!.to_seq;
  }

  const bad = firstBad as { seq: number; problem: string } | null;
  return {
    ok: bad === null,
    entries,
    checkpoints,
    firstBadSeq: bad?.seq ?? null,
    problem: bad?.problem ?? null,
    uncheckpointed: Math.max(0, headSeq - coveredTo),
  };
}

function firstMissing(rows: readonly { seq: number }[], fromSeq: number, toSeq: number): number | null {
  for (let i = 0; i < rows.length; i += 1) if (rows[i]!.seq !== fromSeq + i) return fromSeq + i;
  return rows.length === toSeq - fromSeq + 1 ? null : fromSeq + rows.length;
}

function toRow(entry: ChainedEntry, hash: string): AuditEntryTable {
  return {
    seq: entry.seq,
    at: entry.at,
    actor_type: entry.actorType,
    actor_id: entry.actorId,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    request_id: entry.requestId,
    data_digest: entry.dataDigest,
    prev_hash: entry.prevHash,
    hash,
  };
}

function fromRow(row: AuditEntryTable): ChainedEntry {
  return {
    seq: row.seq,
    at: row.at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    requestId: row.request_id,
    dataDigest: row.data_digest,
    prevHash: row.prev_hash,
  };
}

function toCheckpointRow(checkpoint: Checkpoint): AuditCheckpointTable {
  return {
    from_seq: checkpoint.fromSeq,
    to_seq: checkpoint.toSeq,
    merkle_root: checkpoint.merkleRoot,
    head_hash: checkpoint.headHash,
    signed_at: checkpoint.signedAt,
    key_id: checkpoint.keyId,
    signature: checkpoint.signature,
  };
}

function fromCheckpointRow(row: AuditCheckpointTable): Checkpoint {
  return {
    fromSeq: row.from_seq,
    toSeq: row.to_seq,
    merkleRoot: row.merkle_root,
    headHash: row.head_hash,
    signedAt: row.signed_at,
    keyId: row.key_id,
    signature: row.signature,
  };
}
