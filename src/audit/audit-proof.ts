// An inclusion proof: everything needed to show, with the public key alone, that one audit entry is part of
// a signed checkpoint. Pure: no database, no key material beyond the public key.
import { verifySignature } from '../platform/crypto/signing.js';
import {
  BATCH_ACTION,
  checkpointMessage,
  hashBatchRecord,
  hashEntry,
  rootFromInclusionPath,
  type BatchRecord,
  type ChainedEntry,
  type CheckpointStatement,
} from './audit-chain.js';

export interface InclusionProof {
  format: 'parcelguard.audit-inclusion-proof.v1';
  entry: ChainedEntry & { hash: string };
  /** Position of the entry within the checkpoint's range (0-based) and the range's size. */
  leafIndex: number;
  treeSize: number;
  /** Sibling hashes from the leaf up to the root (RFC 9162 audit path). */
  path: string[];
  checkpoint: CheckpointStatement & { signature: string };
  /** The signer's public key (SPKI PEM); a verifier should compare it with the one it trusts. */
  publicKeyPem: string;
}

export type ProofCheck = { valid: true } | { valid: false; reason: string };

/** Verifies an inclusion proof against a trusted public key. */
export function verifyInclusionProof(proof: InclusionProof, trustedPublicKeyPem: string): ProofCheck {
  const { entry, checkpoint } = proof;
  if (hashEntry(entry) !== entry.hash) return { valid: false, reason: 'the entry does not match its hash' };
  if (entry.seq < checkpoint.fromSeq || entry.seq > checkpoint.toSeq) {
    return { valid: false, reason: 'the entry lies outside the checkpoint range' };
  }
  if (
    proof.leafIndex !== entry.seq - checkpoint.fromSeq ||
    proof.treeSize !== checkpoint.toSeq - checkpoint.fromSeq + 1
  ) {
    return { valid: false, reason: 'the leaf position does not match the checkpoint range' };
  }
  const root = rootFromInclusionPath(entry.hash, proof.leafIndex, proof.treeSize, proof.path);
  if (root !== checkpoint.merkleRoot)
    return { valid: false, reason: 'the audit path does not lead to the signed root' };
  const { signature, ...statement } = checkpoint;
  if (!verifySignature(checkpointMessage(statement), signature, trustedPublicKeyPem)) {
    return { valid: false, reason: 'the checkpoint signature does not verify with the public key' };
  }
  return { valid: true };
}

/**
 * A proof that one record of a batch entry is in the log: the record, its place in the batch and the audit path to
 * the batch's root (the entry's data digest), then the entry's own inclusion proof up to a signed checkpoint.
 */
export interface RecordProof {
  format: 'parcelguard.audit-record-proof.v1';
  record: BatchRecord & { hash: string };
  position: number;
  batchSize: number;
  batchPath: string[];
  entryProof: InclusionProof;
}

/** Verifies a record proof against a trusted public key: record → batch root → entry → signed checkpoint. */
export function verifyRecordProof(proof: RecordProof, trustedPublicKeyPem: string): ProofCheck {
  const { record, entryProof } = proof;
  if (hashBatchRecord(record) !== record.hash) {
    return { valid: false, reason: 'the record does not match its hash' };
  }
  const entry = entryProof.entry;
  if (entry.action !== BATCH_ACTION || Number(entry.subjectId) !== proof.batchSize) {
    return { valid: false, reason: 'the entry is not a batch of that size' };
  }
  const root = rootFromInclusionPath(record.hash, proof.position, proof.batchSize, proof.batchPath);
  if (root !== entry.dataDigest) {
    return { valid: false, reason: "the record's path does not lead to its batch entry's root" };
  }
  return verifyInclusionProof(entryProof, trustedPublicKeyPem);
}
