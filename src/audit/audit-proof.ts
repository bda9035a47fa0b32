// An inclusion proof: everything needed to show, with the public key alone, that one audit entry is part of
// a signed checkpoint. Pure: no database, no key material beyond the public key.
import { verifySignature } from '../platform/crypto/signing.js';
import {
  checkpointMessage,
  hashEntry,
  rootFromInclusionPath,
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
