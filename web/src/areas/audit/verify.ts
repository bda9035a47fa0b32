// Verifying attestations in the browser, with the public keys alone: the same checks as the server's
// src/reports/attestation.ts (verifySignedStatement, verifyAttestationProof), over the same bytes (canonical
// JSON), with WebCrypto's Ed25519 and SHA-256. Every check is reported, so the page can say why.
import { canonicalJson } from './canonicalJson';
import { rootFromInclusionPath, sha256Hex } from './merkle';

export const GATE_RECORD_FORMAT = 'parcelguard.gate-record.v1';
export const STATEMENT_FORMAT = 'parcelguard.coverage-attestation.v1';
export const SIGNED_STATEMENT_FORMAT = 'parcelguard.signed-coverage-attestation.v1';
export const PROOF_FORMAT = 'parcelguard.attestation-inclusion-proof.v1';
export const CHECKPOINT_FORMAT = 'parcelguard.audit-checkpoint.v1';

export interface TrustedKey {
  keyId: string;
  publicKeyPem: string;
}

/** One check and its outcome; `code` names it (the page words it), `params` fill the words in. */
export interface CheckResult {
  code: CheckCode;
  ok: boolean;
  params?: Record<string, string | number>;
}

export type CheckCode =
  | 'json'
  | 'crypto'
  | 'signedFormat'
  | 'statementFormat'
  | 'key'
  | 'signature'
  | 'listed'
  | 'proofFormat'
  | 'sameStatement'
  | 'recordFormat'
  | 'waybill'
  | 'recordDay'
  | 'recordSite'
  | 'treeSize'
  | 'root';

export interface Verdict {
  verified: boolean;
  checks: CheckResult[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The verdict on text that is not JSON at all. */
export const NOT_JSON: Verdict = { verified: false, checks: [{ code: 'json', ok: false }] };

function verdict(checks: CheckResult[]): Verdict {
  return { verified: checks.length > 0 && checks.every((check) => check.ok), checks };
}

/**
 * The bytes of base64 or base64url text, or null when it is not the one canonical spelling of some bytes. atob
 * ignores the unused low bits of the last character, so several texts would give one signature; as on the
 * server (src/platform/crypto/signing.ts), only the text the signer wrote is accepted.
 */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  const normal = text.replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normal)) return null;
  try {
    const binary = atob(normal.padEnd(Math.ceil(normal.length / 4) * 4, '='));
    if (btoa(binary).replace(/=+$/, '') !== normal.replace(/=+$/, '')) return null;
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The DER bytes of a PEM (SubjectPublicKeyInfo). */
export function pemToDer(pem: string): Uint8Array<ArrayBuffer> | null {
  const body = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
  return body === '' ? null : base64ToBytes(body);
}

/** Whether this browser can check signatures at all (WebCrypto needs a secure context: HTTPS or localhost). */
export function cryptoAvailable(): boolean {
  return typeof globalThis.crypto !== 'undefined' && typeof globalThis.crypto.subtle !== 'undefined';
}

/** Checks an Ed25519 signature (base64url) over a text with a public key (SPKI PEM). */
export async function verifyEd25519(
  message: string,
  signature: string,
  publicKeyPem: string,
): Promise<boolean> {
  const der = pemToDer(publicKeyPem);
  const signatureBytes = base64ToBytes(signature);
  if (der === null || signatureBytes === null || signatureBytes.length !== 64) return false;
  try {
    const key = await crypto.subtle.importKey('spki', der, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify(
      { name: 'Ed25519' },
      key,
      signatureBytes,
      new TextEncoder().encode(message),
    );
  } catch {
    return false;
  }
}

/** What the attestation list says of an attestation: the statement must say the same. */
export interface ListedAttestation {
  id: string;
  day: string;
  siteId: string | null;
  merkleRoot: string;
  leafCount: number;
}

/**
 * Checks a signed statement (GET /reports/attestations/:id) with the trusted public keys: its format, the key
 * it names, its Ed25519 signature over canonicalJson(statement), and, when given, that it is the attestation
 * the list shows.
 */
export async function verifySignedStatement(
  signed: unknown,
  keys: readonly TrustedKey[],
  listed?: ListedAttestation,
): Promise<Verdict> {
  const checks: CheckResult[] = [];
  if (!cryptoAvailable()) return verdict([{ code: 'crypto', ok: false }]);
  const signedFormat = isObject(signed) && signed.format === SIGNED_STATEMENT_FORMAT;
  checks.push({ code: 'signedFormat', ok: signedFormat, params: { format: SIGNED_STATEMENT_FORMAT } });
  if (!signedFormat) return verdict(checks);
  const statement = signed.statement;
  const statementFormat = isObject(statement) && statement.format === STATEMENT_FORMAT;
  checks.push({ code: 'statementFormat', ok: statementFormat, params: { format: STATEMENT_FORMAT } });
  if (!statementFormat) return verdict(checks);
  const keyId = String(statement.keyId);
  const key = keys.find((candidate) => candidate.keyId === keyId);
  checks.push({ code: 'key', ok: key !== undefined, params: { keyId } });
  if (key === undefined) return verdict(checks);
  let message: string | null;
  try {
    message = canonicalJson(statement);
  } catch {
    message = null;
  }
  const valid =
    message !== null &&
    typeof signed.signature === 'string' &&
    (await verifyEd25519(message, signed.signature, key.publicKeyPem));
  checks.push({ code: 'signature', ok: valid, params: { keyId } });
  if (listed !== undefined) {
    const same =
      statement.attestationId === listed.id &&
      statement.day === listed.day &&
      statement.siteId === listed.siteId &&
      statement.merkleRoot === listed.merkleRoot &&
      statement.treeSize === listed.leafCount;
    checks.push({ code: 'listed', ok: same, params: { id: listed.id } });
  }
  return verdict(checks);
}

/** The SHA-256 (hex) of a gate record's canonical JSON: the Merkle leaf value. */
export async function recordDigest(record: unknown): Promise<string> {
  return sha256Hex(canonicalJson(record));
}

/**
 * Checks a parcel's inclusion proof (GET /reports/attestations/:id/proof): the signed statement it carries
 * (as verifySignedStatement), that it is the statement expected (when given), that the record is the
 * waybill asked for (when given), of the statement's day and site, and that the record and its audit path
 * lead to the signed Merkle root.
 */
export async function verifyInclusionProof(
  proof: unknown,
  keys: readonly TrustedKey[],
  expected?: { signed?: unknown; waybillNo?: string },
): Promise<Verdict> {
  if (!cryptoAvailable()) return verdict([{ code: 'crypto', ok: false }]);
  const proofFormat = isObject(proof) && proof.format === PROOF_FORMAT;
  const checks: CheckResult[] = [{ code: 'proofFormat', ok: proofFormat, params: { format: PROOF_FORMAT } }];
  if (!proofFormat) return verdict(checks);
  const signed = await verifySignedStatement(proof.attestation, keys);
  checks.push(...signed.checks);
  if (!signed.checks.every((check) => check.ok)) return verdict(checks);
  const statement = (proof.attestation as Json).statement as Json;
  if (expected?.signed !== undefined) {
    checks.push({
      code: 'sameStatement',
      ok: canonicalJson(expected.signed) === canonicalJson(proof.attestation),
    });
  }
  const record = proof.record;
  const recordFormat = isObject(record) && record.format === GATE_RECORD_FORMAT;
  checks.push({ code: 'recordFormat', ok: recordFormat, params: { format: GATE_RECORD_FORMAT } });
  if (!recordFormat) return verdict(checks);
  if (expected?.waybillNo !== undefined) {
    const wanted = expected.waybillNo.trim().toUpperCase();
    checks.push({ code: 'waybill', ok: record.waybillNo === wanted, params: { waybillNo: wanted } });
  }
  checks.push({
    code: 'recordDay',
    ok: record.day === statement.day,
    params: { day: String(statement.day) },
  });
  if (statement.siteId !== null) {
    checks.push({ code: 'recordSite', ok: record.siteId === statement.siteId });
  }
  const sizeOk = proof.treeSize === statement.treeSize;
  checks.push({ code: 'treeSize', ok: sizeOk, params: { size: String(statement.treeSize) } });
  if (!sizeOk) return verdict(checks);
  const path = proof.path;
  let root: string | null = null;
  if (
    typeof proof.leafIndex === 'number' &&
    typeof proof.treeSize === 'number' &&
    Array.isArray(path) &&
    path.every((step) => typeof step === 'string')
  ) {
    root = await rootFromInclusionPath(await recordDigest(record), proof.leafIndex, proof.treeSize, path);
  }
  checks.push({ code: 'root', ok: root !== null && root === statement.merkleRoot });
  return verdict(checks);
}

/** A signed audit checkpoint (GET /audit/checkpoints). */
export interface Checkpoint {
  fromSeq: number;
  toSeq: number;
  merkleRoot: string;
  headHash: string;
  signedAt: number;
  keyId: string;
  signature: string;
}

/** Checks an audit checkpoint's signature, as src/audit/audit-chain.ts's checkpointMessage signs it. */
export async function verifyCheckpoint(
  checkpoint: Checkpoint,
  keys: readonly TrustedKey[],
): Promise<boolean> {
  if (!cryptoAvailable()) return false;
  const key = keys.find((candidate) => candidate.keyId === checkpoint.keyId);
  if (key === undefined) return false;
  const { signature, ...statement } = checkpoint;
  return verifyEd25519(canonicalJson({ type: CHECKPOINT_FORMAT, ...statement }), signature, key.publicKeyPem);
}
