import { canonicalJson } from '../platform/canonical-json.js';
import type { Clock } from '../platform/clock.js';
import type { Signer } from '../platform/crypto/signing.js';
import { verifySignature } from '../platform/crypto/signing.js';
import type { Vault } from '../platform/crypto/vault.js';
import type { AuditCheckpointTable, AuditEntryTable, AuditLeafTable } from '../platform/database/schema.js';
import type { Executor, Store } from '../platform/database/store.js';
import { unitOfWorkOf, type UnitOfWork } from '../platform/database/unit-of-work.js';
import { AppError } from '../platform/errors.js';
import type { RequestContext } from '../people/actor.js';
import type { AuditAction } from './audit-actions.js';
import {
  BATCH_ACTION,
  batchRecordMacInput,
  checkpointMessage,
  GENESIS_HASH,
  hashBatchRecord,
  hashEntry,
  inclusionPath,
  merkleRoot,
  type BatchRecord,
  type ChainedEntry,
  type CheckpointStatement,
} from './audit-chain.js';
import type { InclusionProof, RecordProof } from './audit-proof.js';
import type { AuditWitness, WitnessedCheckpoint, WitnessTail } from './audit-witness.js';
import type { AuditRepository } from './audit.repository.js';
import type { EntryMac } from './entry-mac.js';

/** One state change to record. `data` is digested (keyed), never stored: it may hold personal data. */
export interface AuditRecord {
  action: AuditAction;
  subject: { type: string; id: string };
  data?: unknown;
}

export interface AuditEntry extends ChainedEntry {
  hash: string;
}

/** A record as read back: an entry of its own, or one of a batch entry's records (then `position` is set). */
export interface AuditRecordView extends Omit<ChainedEntry, 'prevHash'> {
  /** Its place in its batch entry (seq), or null for an entry of its own. */
  position: number | null;
}

export interface VerificationReport {
  ok: boolean;
  entries: number;
  /** Records the entries hold: an entry of its own is one, a batch entry as many as it batches. */
  records: number;
  checkpoints: number;
  /** The first sequence number where the chain or a checkpoint fails; null when ok or no entry is to blame. */
  firstBadSeq: number | null;
  problem: string | null;
  /** Records after the last checkpoint (not yet covered by a signature; a batch entry counts its records). */
  uncheckpointed: number;
  /** The most `uncheckpointed` may be: the policy's count plus CHECKPOINT_SLACK. */
  uncheckpointedAllowed: number;
  /** Whether entry MACs were checked (that needs the key material, not just a public key). */
  macsChecked: boolean;
  /** The witness file read, how many checkpoints its tail holds and the newest entry they cover. */
  witness: { file: string; checkpoints: number; latestToSeq: number | null } | null;
  /** What verification could not vouch for without failing (a missing witness unless required, MACs unchecked). */
  warnings: string[];
}

/**
 * Unsigned entries verify tolerates beyond the policy's count: a checkpoint is triggered by the transaction that
 * crosses the count and signs it once committed, so for a moment the tail holds up to the policy's count plus
 * that transaction (bulk intake commits 500 parcels at a time) and whatever commits while the checkpoint is
 * being signed. Far more than that means a writer did not sign or checkpoints were deleted.
 */
export const CHECKPOINT_SLACK = 500;

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
  /** The signing policy verification holds the chain to (PARCELGUARD_AUDIT_CHECKPOINT_EVERY). */
  checkpointEvery?: number;
  /** Where every signed checkpoint is also written, outside the database (null: nowhere). */
  witness?: AuditWitness | null;
  /** Whether verification fails, rather than warns, when the witness file is missing. */
  witnessRequired?: boolean;
}

/** What `verifyAuditLog` checks the store against. */
export interface VerifyOptions {
  /** Public keys (PEM) by key id: checkpoints and witness lines must be signed by one of them. */
  trustedKeys: ReadonlyMap<string, string>;
  /** The signing policy: at most this many entries (plus CHECKPOINT_SLACK) may follow the last checkpoint. */
  checkpointEvery: number;
  /** Null when the key material is not at hand: MACs are then not checked, and the report says so. */
  entryMac: EntryMac | null;
  witness: AuditWitness | null;
  witnessRequired: boolean;
}

const VERIFY_PAGE = 5000;

/** The append-only audit log: hash-chained entries written in the caller's transaction, signed checkpoints. */
export class AuditService {
  private readonly maxCheckpointRange: number;
  private readonly checkpointEvery: number;
  private readonly witness: AuditWitness | null;
  private readonly witnessRequired: boolean;
  /** The last entry known to be signed (by any process): appends count what is pending from it. */
  private signedThrough = 0;
  /**
   * Records beyond one per entry in this process's batch entries after `signedThrough` (a batch of 500 is one
   * entry but 500 records): the signing policy counts records, so a batch brings its checkpoint as near as 500
   * entries of their own would.
   */
  private batchedSinceSigned = { throughSeq: 0, extra: 0 };
  /** Checkpoints signed and stored but not yet witnessed (the witness could not be written): retried first. */
  private unwitnessed: Checkpoint[] = [];
  private readonly appendListeners: ((pendingCount: number) => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly repository: AuditRepository,
    private readonly vault: Vault,
    private readonly entryMac: EntryMac,
    private readonly signer: Signer,
    private readonly clock: Clock,
    options: AuditServiceOptions = {},
  ) {
    this.maxCheckpointRange = options.maxCheckpointRange ?? 100_000;
    this.checkpointEvery = options.checkpointEvery ?? 1000;
    this.witness = options.witness ?? null;
    this.witnessRequired = options.witnessRequired ?? false;
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
    const unit = unitOfWorkOf(trx);
    if (unit !== undefined) {
      // A group transaction: its records become one batch entry when it is written (sealBatch).
      this.stageRecords(trx, unit, context, list);
      return [];
    }
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
      return toRow(entry, prevHash, this.entryMac.mac(prevHash));
    });
    await this.repository.insertEntries(trx, rows);
    // Counted from the chain's head, not from this process's appends: what other processes left unsigned
    // counts too, and a rolled-back append's numbers are given out again rather than counted twice.
    const batched =
      this.batchedSinceSigned.throughSeq > this.signedThrough ? this.batchedSinceSigned.extra : 0;
    const pending = seq - this.signedThrough + batched;
    for (const listener of this.appendListeners) listener(pending);
    return rows.map((row) => row.seq);
  }

  /**
   * Keeps a group transaction's records as the leaves of one batch entry (unit-of-work.ts): each record's hash now,
   * its place and MAC when the batch is sealed. A parcel that fails drops its records with the rest of its rows.
   */
  private stageRecords(
    trx: Executor,
    unit: UnitOfWork,
    context: RequestContext,
    records: readonly AuditRecord[],
  ): void {
    const leaves = unit.rows('audit_leaves');
    const at = this.clock.now();
    for (const record of records) {
      const leaf: BatchRecord = {
        at,
        actorType: context.actor.type,
        actorId: context.actor.id,
        action: record.action,
        subjectType: record.subject.type,
        subjectId: record.subject.id,
        requestId: context.requestId,
        dataDigest: this.vault.digest(canonicalJson(record.data ?? null)),
      };
      leaves.add({ ...toLeafRow(leaf), seq: 0, position: 0, hash: hashBatchRecord(leaf), mac: '' });
    }
    unit.beforeFlush(BATCH_ACTION, () => this.sealBatch(trx, unit));
  }

  /**
   * One chain entry for the group's staged records: its data digest is the RFC 6962 root over their hashes in
   * order, its subject id how many there are; each record gets its place and a MAC over (entry, place, hash).
   */
  private async sealBatch(trx: Executor, unit: UnitOfWork): Promise<void> {
    const leaves = unit.rows('audit_leaves').all();
    if (leaves.length === 0) return;
    const head = await this.repository.lockHead(trx);
    const seq = (head?.seq ?? 0) + 1;
    leaves.forEach((leaf, position) => {
      leaf.seq = seq;
      leaf.position = position;
      leaf.mac = this.entryMac.mac(batchRecordMacInput(seq, position, leaf.hash));
    });
    const entry: ChainedEntry = {
      seq,
      at: this.clock.now(),
      actorType: 'system',
      actorId: 'group-commit',
      action: BATCH_ACTION,
      subjectType: 'audit-batch',
      subjectId: String(leaves.length),
      requestId: leaves[0]!.request_id,
      dataDigest: merkleRoot(leaves.map((leaf) => leaf.hash)),
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const hash = hashEntry(entry);
    await this.repository.insertEntries(trx, [toRow(entry, hash, this.entryMac.mac(hash))]);
    if (this.batchedSinceSigned.throughSeq <= this.signedThrough) this.batchedSinceSigned.extra = 0;
    this.batchedSinceSigned = { throughSeq: seq, extra: this.batchedSinceSigned.extra + leaves.length - 1 };
    const pending = seq - this.signedThrough + this.batchedSinceSigned.extra;
    for (const listener of this.appendListeners) listener(pending);
  }

  /**
   * Takes the chain's append lock now rather than at the first append, for a transaction that will append for
   * many changes (group intake). Taken before any row lock, it keeps two such transactions (or one and a
   * single change) from each holding what the other waits for.
   */
  async lockChainWithin(trx: Executor): Promise<void> {
    await this.repository.lockChain(trx);
  }

  /**
   * Called inside each append's transaction with the number of entries after the last known checkpoint,
   * counting the ones just appended (the checkpointer's trigger).
   */
  onAppend(listener: (pendingCount: number) => void): void {
    this.appendListeners.push(listener);
  }

  /**
   * Signs checkpoints over every committed entry not yet covered, in ranges of at most maxCheckpointRange, and
   * appends each to the witness. The Merkle root is computed outside any transaction; the insert re-checks that
   * nobody else checkpointed the same range meanwhile. Throws (after signing) when the witness cannot be written.
   */
  async createCheckpoints(): Promise<Checkpoint[]> {
    const created: Checkpoint[] = [];
    let witnessFailure = await this.witnessPending();
    // Wait for the write transactions in flight (each holds the writer lock until it commits): a run triggered
    // from inside an append then signs that append too, instead of leaving it for the next trigger. It writes
    // nothing, so it does not wait for durability either: the checkpoint's own commit comes after those entries
    // in the log and is made durable (and only then witnessed) below.
    await this.store.db.transaction().execute((trx) => this.repository.lockHead(trx));
    for (;;) {
      const last = await this.repository.findLastCheckpoint(this.store.db);
      this.signedThrough = Math.max(this.signedThrough, last?.to_seq ?? 0);
      const fromSeq = (last?.to_seq ?? 0) + 1;
      const headSeq = await this.repository.findHeadSeq(this.store.db);
      if (headSeq < fromSeq) {
        if (witnessFailure !== null) throw witnessFailure;
        return created;
      }
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
      if (inserted) {
        created.push(checkpoint);
        this.signedThrough = Math.max(this.signedThrough, toSeq);
        this.unwitnessed.push(checkpoint);
        witnessFailure = (await this.witnessPending()) ?? witnessFailure;
      }
    }
  }

  /** Appends the checkpoints not yet witnessed, in order; the failure to report, if any (they are kept). */
  private async witnessPending(): Promise<AppError | null> {
    if (this.witness === null) {
      this.unwitnessed = [];
      return null;
    }
    while (this.unwitnessed.length > 0) {
      const checkpoint = this.unwitnessed[0]!;
      try {
        await this.witness.append(checkpoint);
      } catch (error) {
        return new AppError(
          'unavailable',
          `checkpoint ${checkpoint.fromSeq}–${checkpoint.toSeq} is signed but the audit witness ${this.witness.file} cannot be written (${error instanceof Error ? error.message : String(error)})`,
          { cause: error },
        );
      }
      this.unwitnessed.shift();
    }
    return null;
  }

  /**
   * Witnesses the database's newest checkpoint when the witness holds nothing that far: a store signed before
   * the witness existed, or a writer stopped between storing a checkpoint and witnessing it. Only a checkpoint
   * whose signature verifies with the configured keys is taken; one behind the witness is never taken (that is
   * a cut the verifier must see). Returns whether a line was written.
   */
  async catchUpWitness(): Promise<boolean> {
    if (this.witness === null) return false;
    const last = await this.repository.findLastCheckpoint(this.store.db);
    if (last === undefined) return false;
    const tail = await this.witness.readTail();
    if (tail.checkpoints.some((line) => line.toSeq >= last.to_seq)) return false;
    const checkpoint = fromCheckpointRow(last);
    const trusted = new Map(this.signer.publicKeys().map((key) => [key.keyId, key.publicKeyPem]));
    if (!isSignedByTrustedKey(checkpoint, trusted)) {
      throw new AppError(
        'internal',
        `checkpoint ${checkpoint.fromSeq}–${checkpoint.toSeq} has no valid signature: not witnessed (run audit verify)`,
      );
    }
    await this.witness.append(checkpoint);
    return true;
  }

  /** Verifies the chain, MACs, checkpoints, witness and signing policy (see verifyAuditLog). */
  verify(trustedKeys: ReadonlyMap<string, string>): Promise<VerificationReport> {
    return verifyAuditLog(this.store.db, this.repository, {
      trustedKeys,
      checkpointEvery: this.checkpointEvery,
      entryMac: this.entryMac,
      witness: this.witness,
      witnessRequired: this.witnessRequired,
    });
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

  /**
   * What was recorded after entry `afterSeq`, in order: entries of their own as they are, batch entries as their
   * records (each with its place in the batch). At most `limit` entries are read.
   */
  /** Every record about these subjects, in chain order (entries of their own and records inside batches). */
  async findRecordsAbout(subjectType: string, subjectIds: readonly string[]): Promise<AuditRecordView[]> {
    const records: AuditRecordView[] = [];
    for (let start = 0; start < subjectIds.length; start += 500) {
      const { entries, leaves } = await this.repository.findAbout(
        this.store.db,
        subjectType,
        subjectIds.slice(start, start + 500),
      );
      for (const row of entries) {
        const { prevHash: _prevHash, ...entry } = fromRow(row);
        records.push({ ...entry, position: null });
      }
      for (const leaf of leaves)
        records.push({ seq: leaf.seq, position: leaf.position, ...fromLeafRow(leaf) });
    }
    return records.sort((a, b) => a.seq - b.seq || (a.position ?? -1) - (b.position ?? -1));
  }

  async findRecords(afterSeq: number, limit: number): Promise<AuditRecordView[]> {
    const rows = await this.repository.findEntriesAfter(this.store.db, afterSeq, limit);
    const batches = rows.filter((row) => row.action === BATCH_ACTION);
    const leaves =
      batches.length === 0
        ? []
        : await this.repository.findLeavesInRange(this.store.db, batches[0]!.seq, batches.at(-1)!.seq);
    const records: AuditRecordView[] = [];
    for (const row of rows) {
      if (row.action !== BATCH_ACTION) {
        const { prevHash: _prevHash, ...entry } = fromRow(row);
        records.push({ ...entry, position: null });
        continue;
      }
      for (const leaf of leaves.filter((candidate) => candidate.seq === row.seq))
        records.push({ seq: leaf.seq, position: leaf.position, ...fromLeafRow(leaf) });
    }
    return records;
  }

  /**
   * A proof that one record of a batch entry is in the log (record → batch root → entry → signed checkpoint),
   * for the record of `subject` (its first, or its first of `action`). Checkpoints first when needed.
   */
  async proveRecord(
    subject: { type: string; id: string },
    action: string | undefined,
    publicKeyFor: (keyId: string) => string | undefined,
  ): Promise<RecordProof> {
    const found = await this.repository.findLeafOfSubject(this.store.db, subject, action);
    if (found === undefined) throw AppError.notFound('audit entry');
    const batch = await this.repository.findLeavesInRange(this.store.db, found.seq, found.seq);
    const entryProof = await this.prove(found.seq, publicKeyFor);
    return {
      format: 'parcelguard.audit-record-proof.v1',
      record: { ...fromLeafRow(found), hash: found.hash },
      position: found.position,
      batchSize: batch.length,
      batchPath: inclusionPath(
        batch.map((leaf) => leaf.hash),
        found.position,
      ),
      entryProof,
    };
  }

  async findCheckpoints(afterToSeq: number, limit: number): Promise<Checkpoint[]> {
    return (await this.repository.findCheckpointsAfter(this.store.db, afterToSeq, limit)).map(
      fromCheckpointRow,
    );
  }
}

/**
 * Checks the whole chain (contiguous sequence, each previous-hash link, each entry's hash and keyed MAC), every
 * checkpoint (contiguous ranges, Merkle root, head hash, Ed25519 signature against trusted public keys), the
 * witness (each checkpoint in its tail still in the database, unchanged, and the chain reaching it) and the
 * signing policy (not more entries after the last checkpoint than it allows). Names the first bad sequence number.
 */
export async function verifyAuditLog(
  db: Executor,
  repository: AuditRepository,
  options: VerifyOptions,
): Promise<VerificationReport> {
  const { trustedKeys, entryMac } = options;
  let firstBad: { seq: number | null; problem: string } | null = null;
  // Problems tied to an entry rank by its sequence number; one tied to none (a missing witness) comes last.
  const rank = (seq: number | null) => seq ?? Number.POSITIVE_INFINITY;
  const fail = (seq: number | null, problem: string): void => {
    if (firstBad === null || rank(seq) < rank(firstBad.seq)) firstBad = { seq, problem };
  };
  const warnings: string[] = [];

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  let records = 0;
  // Entries from before MACs existed have none, and they all come before the first entry that has one.
  let firstWithMac = 0;
  let lastWithoutMac = 0;
  chain: for (let after = 0; ;) {
    const page = await repository.findEntriesAfter(db, after, VERIFY_PAGE);
    if (page.length === 0) break;
    const batchRows = page.filter((row) => row.action === BATCH_ACTION);
    const leavesOfPage =
      batchRows.length === 0
        ? []
        : await repository.findLeavesInRange(db, batchRows[0]!.seq, batchRows.at(-1)!.seq);
    const leavesBySeq = new Map<number, AuditLeafTable[]>();
    for (const leaf of leavesOfPage) {
      const list = leavesBySeq.get(leaf.seq);
      if (list === undefined) leavesBySeq.set(leaf.seq, [leaf]);
      else list.push(leaf);
    }
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
      if (row.mac === null) {
        if (firstWithMac !== 0) {
          fail(row.seq, `entry ${row.seq} has no MAC although entry ${firstWithMac} before it has one`);
          break chain;
        }
        lastWithoutMac = row.seq;
      } else {
        if (firstWithMac === 0) firstWithMac = row.seq;
        if (entryMac !== null && !entryMac.matches(row.hash, row.mac)) {
          fail(
            row.seq,
            `entry ${row.seq} was rewritten: its keyed MAC does not match (hashes can be recomputed, the MAC not without the key)`,
          );
          break chain;
        }
      }
      if (row.action === BATCH_ACTION) {
        const problem = batchProblem(row, leavesBySeq.get(row.seq) ?? [], entryMac);
        if (problem !== null) {
          fail(row.seq, problem);
          break chain;
        }
        records += leavesBySeq.get(row.seq)!.length;
      } else {
        records += 1;
      }
      prevHash = row.hash;
      expectedSeq += 1;
      entries += 1;
    }
    after = page[page.length - 1]!.seq;
  }
  const headSeq = expectedSeq - 1;
  if (entryMac === null && firstWithMac !== 0) {
    warnings.push(
      'entry MACs were not checked (no key material): entries after the last checkpoint rest on the unkeyed hash chain alone',
    );
  }

  // The witness's tail, checked line by line before the database's checkpoints are compared with it.
  let tail: WitnessTail | null = null;
  const witnessed = new Map<number, WitnessedCheckpoint>();
  if (options.witness !== null) {
    tail = await options.witness.readTail();
    for (const line of tail.checkpoints) {
      if (!isSignedByTrustedKey(line, trustedKeys)) {
        fail(
          line.fromSeq,
          `the witness line for checkpoint ${line.fromSeq}–${line.toSeq} has no valid signature from a trusted key`,
        );
        continue;
      }
      const earlier = witnessed.get(line.toSeq);
      if (earlier !== undefined && !sameCheckpoint(earlier, line)) {
        fail(
          line.fromSeq,
          `the witness holds two different signed checkpoints ending at entry ${line.toSeq}: the chain was rewritten and signed again`,
        );
      }
      witnessed.set(line.toSeq, line);
    }
    if (tail.unreadable > 0) {
      warnings.push(
        `${tail.unreadable} line(s) of the witness file ${tail.file} could not be read (a line torn by a crash, or an edit)`,
      );
    }
  }

  let checkpoints = 0;
  let coveredTo = 0;
  const found = new Set<number>();
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
      if (!isSignedByTrustedKey(checkpoint, trustedKeys)) {
        fail(
          checkpoint.fromSeq,
          `checkpoint ${checkpoint.fromSeq}–${checkpoint.toSeq} has no valid signature from a trusted key`,
        );
      }
      const witness = witnessed.get(checkpoint.toSeq);
      if (witness !== undefined) {
        found.add(checkpoint.toSeq);
        if (!sameCheckpoint(witness, checkpoint)) {
          fail(
            checkpoint.fromSeq,
            `checkpoint ${checkpoint.fromSeq}–${checkpoint.toSeq} differs from the one witnessed outside the database`,
          );
        }
      }
      const hashes = await repository.findHashesInRange(db, checkpoint.fromSeq, checkpoint.toSeq);
      const missing = firstMissing(hashes, checkpoint.fromSeq, checkpoint.toSeq);
      // A chain failure inside this range already names the exact entry; the root can only say "somewhere here".
      const chainFailure = firstBad as { seq: number | null } | null;
      if (
        chainFailure !== null &&
        chainFailure.seq !== null &&
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

  let latestWitnessed: number | null = null;
  if (tail !== null) {
    for (const line of witnessed.values()) {
      latestWitnessed = Math.max(latestWitnessed ?? 0, line.toSeq);
      if (!found.has(line.toSeq)) {
        fail(
          line.fromSeq,
          `checkpoint ${line.fromSeq}–${line.toSeq} was witnessed outside the database but is missing from it: checkpoints were deleted or the chain was cut back`,
        );
      }
    }
    if (latestWitnessed !== null && latestWitnessed > headSeq) {
      fail(
        headSeq + 1,
        `the chain ends at entry ${headSeq} but a witnessed checkpoint covers entries up to ${latestWitnessed}: the tail was cut`,
      );
    }
    if (witnessed.size === 0 && checkpoints > 0) {
      const problem = `${tail.exists ? 'the witness file holds no checkpoint' : 'no witness file'} at ${tail.file}: the database's ${checkpoints} checkpoints are not confirmed outside it (another PARCELGUARD_AUDIT_WITNESS_DIR, a deleted witness, or a store signed before witnessing began)`;
      if (options.witnessRequired) fail(null, problem);
      else warnings.push(problem);
    }
  } else if (checkpoints > 0) {
    warnings.push('no witness was read: checkpoints were compared with the database alone');
  }

  if (lastWithoutMac > coveredTo) {
    fail(
      coveredTo + 1,
      `entry ${coveredTo + 1} has no MAC and no signed checkpoint covers it (written before entry MACs existed? run parcelguard audit checkpoint)`,
    );
  }
  // The policy counts records: a batch entry after the last checkpoint counts as many as it holds.
  const uncheckpointed = headSeq > coveredTo ? await repository.countRecordsAfter(db, coveredTo) : 0;
  if (uncheckpointed > options.checkpointEvery + CHECKPOINT_SLACK) {
    fail(
      coveredTo + 1,
      `${uncheckpointed} records after the last checkpoint: the policy allows ${options.checkpointEvery}; a writer did not sign or checkpoints were deleted`,
    );
  }

  const bad = firstBad as { seq: number | null; problem: string } | null;
  return {
    ok: bad === null,
    entries,
    records,
    checkpoints,
    firstBadSeq: bad?.seq ?? null,
    problem: bad?.problem ?? null,
    uncheckpointed,
    uncheckpointedAllowed: options.checkpointEvery + CHECKPOINT_SLACK,
    macsChecked: entryMac !== null,
    witness:
      tail === null ? null : { file: tail.file, checkpoints: witnessed.size, latestToSeq: latestWitnessed },
    warnings,
  };
}

/**
 * What is wrong with a batch entry's records, or null: each in its place, each record matching its hash and (with
 * the key) its MAC, and together matching the entry's root. Names the record where it can (a record edited, or
 * moved, is found by its own hash or MAC; one deleted by the gap in the places).
 */
function batchProblem(
  entry: AuditEntryTable,
  leaves: readonly AuditLeafTable[],
  entryMac: EntryMac | null,
): string | null {
  const expected = Number(entry.subject_id);
  const name = (leaf: AuditLeafTable) =>
    `record ${leaf.position} of entry ${entry.seq} (${leaf.action}, ${leaf.subject_type} ${leaf.subject_id})`;
  for (let position = 0; position < leaves.length; position += 1) {
    const leaf = leaves[position]!;
    if (leaf.position !== position) {
      return `record ${position} of entry ${entry.seq} is missing (a record of the batch was deleted)`;
    }
    if (hashBatchRecord(fromLeafRow(leaf)) !== leaf.hash) {
      return `${name(leaf)} was altered (its content does not match its hash)`;
    }
    if (
      entryMac !== null &&
      !entryMac.matches(batchRecordMacInput(entry.seq, position, leaf.hash), leaf.mac)
    ) {
      return `${name(leaf)} was moved or rewritten: its keyed MAC does not match`;
    }
  }
  if (leaves.length !== expected) {
    return `entry ${entry.seq} batches ${expected} records but ${leaves.length} are stored (a record was deleted or added)`;
  }
  if (merkleRoot(leaves.map((leaf) => leaf.hash)) !== entry.data_digest) {
    return `the records of entry ${entry.seq} do not match its root (a record was edited, deleted or reordered)`;
  }
  return null;
}

function toLeafRow(record: BatchRecord): Omit<AuditLeafTable, 'seq' | 'position' | 'hash' | 'mac'> {
  return {
    at: record.at,
    actor_type: record.actorType,
    actor_id: record.actorId,
    action: record.action,
    subject_type: record.subjectType,
    subject_id: record.subjectId,
    request_id: record.requestId,
    data_digest: record.dataDigest,
  };
}

function fromLeafRow(row: AuditLeafTable): BatchRecord {
  return {
    at: row.at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    requestId: row.request_id,
    dataDigest: row.data_digest,
  };
}

function isSignedByTrustedKey(
  checkpoint: CheckpointStatement & { signature: string },
  trustedKeys: ReadonlyMap<string, string>,
): boolean {
  const publicKey = trustedKeys.get(checkpoint.keyId);
  return (
    publicKey !== undefined &&
    verifySignature(
      checkpointMessage({
        fromSeq: checkpoint.fromSeq,
        toSeq: checkpoint.toSeq,
        merkleRoot: checkpoint.merkleRoot,
        headHash: checkpoint.headHash,
        signedAt: checkpoint.signedAt,
        keyId: checkpoint.keyId,
      }),
      checkpoint.signature,
      publicKey,
    )
  );
}

function sameCheckpoint(a: WitnessedCheckpoint, b: WitnessedCheckpoint): boolean {
  return (
    a.fromSeq === b.fromSeq &&
    a.toSeq === b.toSeq &&
    a.merkleRoot === b.merkleRoot &&
    a.headHash === b.headHash &&
    a.signedAt === b.signedAt &&
    a.keyId === b.keyId &&
    a.signature === b.signature
  );
}

function firstMissing(rows: readonly { seq: number }[], fromSeq: number, toSeq: number): number | null {
  for (let i = 0; i < rows.length; i += 1) if (rows[i]!.seq !== fromSeq + i) return fromSeq + i;
  return rows.length === toSeq - fromSeq + 1 ? null : fromSeq + rows.length;
}

function toRow(entry: ChainedEntry, hash: string, mac: string): AuditEntryTable {
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
    mac,
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
