// Coverage attestations, pure: the per-parcel gate record (no personal data), the signed day statement, and
// inclusion proofs a regulator checks with the public key alone (modelled on audit/audit-proof.ts). No I/O.
import { createHash } from 'node:crypto';
import { inclusionPath, merkleRoot, rootFromInclusionPath } from '../audit/audit-chain.js';
import { canonicalJson } from '../platform/canonical-json.js';
import { verifySignature } from '../platform/crypto/signing.js';
import type { CoverageCounts } from './coverage.js';

export const GATE_RECORD_FORMAT = 'parcelguard.gate-record.v1';
export const STATEMENT_FORMAT = 'parcelguard.coverage-attestation.v1';
export const SIGNED_STATEMENT_FORMAT = 'parcelguard.signed-coverage-attestation.v1';
export const PROOF_FORMAT = 'parcelguard.attestation-inclusion-proof.v1';

/**
 * What an attestation says about one parcel. Deliberately without personal data: no names, document or phone
 * numbers, addresses, not even the sender id (which would link a sender's parcels across statements); the
 * mark only as its SHA-256 digest, since the mark itself names the inspector.
 */
export interface GateRecord {
  format: typeof GATE_RECORD_FORMAT;
  waybillNo: string;
  siteId: string;
  /** The China calendar day of intake, YYYY-MM-DD. */
  day: string;
  intakeAt: number;
  /** The parcel's state when attested. */
  state: string;
  gate: { kind: string; decision: string };
  inspection: { outcome: string | null; markSha256: string | null };
  screening: { screenedAt: number | null; scanEventId: string | null };
  dispatchedAt: number | null;
}

/** The parcel row fields a gate record is made of. */
export interface GateRecordSource {
  waybillNo: string;
  siteId: string;
  day: string;
  createdAt: number;
  state: string;
  gateKind: string;
  gateDecision: string;
  inspectionOutcome: string | null;
  inspectionMark: string | null;
  screenedAt: number | null;
  screenedByScan: string | null;
  dispatchedAt: number | null;
}

export function gateRecord(source: GateRecordSource): GateRecord {
  return {
    format: GATE_RECORD_FORMAT,
    waybillNo: source.waybillNo,
    siteId: source.siteId,
    day: source.day,
    intakeAt: source.createdAt,
    state: source.state,
    gate: { kind: source.gateKind, decision: source.gateDecision },
    inspection: {
      outcome: source.inspectionOutcome,
      markSha256: source.inspectionMark === null ? null : sha256Hex(source.inspectionMark),
    },
    screening: { screenedAt: source.screenedAt, scanEventId: source.screenedByScan },
    dispatchedAt: source.dispatchedAt,
  };
}

/**
 * The Merkle leaf value of a record: SHA-256 of its canonical JSON. The tree (audit-chain.ts, RFC 6962)
 * hashes it again as a leaf, SHA-256(0x00 ‖ digest), exactly as it does audit entry hashes.
 */
export function recordDigest(record: GateRecord | string): string {
  return sha256Hex(typeof record === 'string' ? record : canonicalJson(record));
}

/** Records in leaf order: by waybill number, compared as code units (the same on every database). */
export function sortRecords(records: GateRecord[]): GateRecord[] {
  return records.sort((a, b) => (a.waybillNo < b.waybillNo ? -1 : a.waybillNo > b.waybillNo ? 1 : 0));
}

export function recordsRoot(records: readonly GateRecord[]): string {
  return merkleRoot(records.map(recordDigest));
}

/** What an attestation's signature covers. */
export interface AttestationStatement {
  format: typeof STATEMENT_FORMAT;
  attestationId: string;
  /** The China calendar day attested. */
  day: string;
  /** The site attested, or null for every site. */
  siteId: string | null;
  /** The day's coverage counts for that scope (coverage.ts defines each). */
  counts: CoverageCounts;
  /** RFC 6962 root over the gate records of the parcels taken in that day, sorted by waybill. */
  merkleRoot: string;
  treeSize: number;
  leafFormat: typeof GATE_RECORD_FORMAT;
  signedAt: number;
  keyId: string;
}

export interface SignedStatement {
  format: typeof SIGNED_STATEMENT_FORMAT;
  statement: AttestationStatement;
  /** Ed25519 over canonicalJson(statement), base64url. */
  signature: string;
}

export function statementMessage(statement: AttestationStatement): string {
  return canonicalJson(statement);
}

export interface AttestationProof {
  format: typeof PROOF_FORMAT;
  record: GateRecord;
  leafIndex: number;
  treeSize: number;
  /** Sibling hashes from the leaf up to the root (RFC 9162 audit path). */
  path: string[];
  attestation: SignedStatement;
  /** The signer's public key (SPKI PEM), for convenience: a verifier trusts only its own copy. */
  publicKeyPem: string;
}

/** Builds the proof for leaf `leafIndex` of `digests` (the stored records' digests, in leaf order). */
export function buildProof(
  record: GateRecord,
  leafIndex: number,
  digests: readonly string[],
  attestation: SignedStatement,
  publicKeyPem: string,
): AttestationProof {
  return {
    format: PROOF_FORMAT,
    record,
    leafIndex,
    treeSize: digests.length,
    path: inclusionPath(digests, leafIndex),
    attestation,
    publicKeyPem,
  };
}

export type Check = { valid: true } | { valid: false; reason: string };

/** Checks a signed statement against a trusted public key. */
export function verifySignedStatement(signed: SignedStatement, trustedPublicKeyPem: string): Check {
  if (typeof signed !== 'object' || signed === null || signed.format !== SIGNED_STATEMENT_FORMAT) {
    return { valid: false, reason: `not a signed statement (format ${SIGNED_STATEMENT_FORMAT} expected)` };
  }
  const { statement } = signed;
  if (typeof statement !== 'object' || statement === null || statement.format !== STATEMENT_FORMAT) {
    return { valid: false, reason: 'the statement is missing or of an unknown format' };
  }
  if (typeof signed.signature !== 'string') return { valid: false, reason: 'the signature is missing' };
  if (!verifySignature(statementMessage(statement), signed.signature, trustedPublicKeyPem)) {
    return { valid: false, reason: 'the statement signature does not verify with the public key' };
  }
  return { valid: true };
}

/**
 * Checks that a gate record is under a signed statement's root. With `expected` (a statement the verifier
 * already holds), the proof must carry that very statement.
 */
export function verifyAttestationProof(
  proof: AttestationProof,
  trustedPublicKeyPem: string,
  expected?: SignedStatement,
): Check {
  if (typeof proof !== 'object' || proof === null || proof.format !== PROOF_FORMAT) {
    return { valid: false, reason: `not an inclusion proof (format ${PROOF_FORMAT} expected)` };
  }
  const signed = verifySignedStatement(proof.attestation, trustedPublicKeyPem);
  if (!signed.valid) return signed;
  const { statement } = proof.attestation;
  if (expected !== undefined && canonicalJson(expected) !== canonicalJson(proof.attestation)) {
    return { valid: false, reason: 'the proof is for another statement than the one given' };
  }
  const { record } = proof;
  if (typeof record !== 'object' || record === null || record.format !== GATE_RECORD_FORMAT) {
    return { valid: false, reason: 'the record is missing or of an unknown format' };
  }
  if (record.day !== statement.day) return { valid: false, reason: 'the record is of another day' };
  if (statement.siteId !== null && record.siteId !== statement.siteId) {
    return { valid: false, reason: 'the record is of another site' };
  }
  if (proof.treeSize !== statement.treeSize) {
    return { valid: false, reason: 'the tree size does not match the statement' };
  }
  if (!Number.isInteger(proof.leafIndex) || !Array.isArray(proof.path)) {
    return { valid: false, reason: 'the leaf index or the audit path is malformed' };
  }
  const root = rootFromInclusionPath(recordDigest(record), proof.leafIndex, proof.treeSize, proof.path);
  if (root !== statement.merkleRoot) {
    return { valid: false, reason: 'the record and audit path do not lead to the signed root' };
  }
  return { valid: true };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
