// Signed training certificates: the company's Ed25519 key signs the canonical JSON of what a certificate says, so
// an inspector holding only the public key can check one offline (`parcelguard training verify-certificate`).
// Pure: no I/O, no clock.
import { createPublicKey, verify } from 'node:crypto';
import { canonicalJson } from '../platform/canonical-json.js';
import { signatureBytes } from '../platform/crypto/signing.js';
import type { CertificateStatement, SignedCertificate } from './training.types.js';

// Domain separation: the same keys sign audit checkpoints, marks and attestations; nothing they sign can pass for
// a certificate, nor the reverse.
const SIGNING_CONTEXT = 'parcelguard.training-certificate.v1\n';

/** The exact bytes a certificate signature covers. */
export function certificateSigningBytes(statement: CertificateStatement): Buffer {
  return Buffer.from(SIGNING_CONTEXT + canonicalJson(statement), 'utf8');
}

export type CertificateCheck =
  | { valid: true; statement: CertificateStatement; validOn: boolean | null }
  | { valid: false; reason: 'malformed' | 'unknown-key' | 'bad-signature'; message: string };

const STATEMENT_FIELDS: Record<keyof CertificateStatement, 'string' | 'number' | 'number|null'> = {
  format: 'string',
  certificateId: 'string',
  verificationCode: 'string',
  staffId: 'string',
  username: 'string',
  courseCode: 'string',
  courseKind: 'string',
  certification: 'string',
  contentVersion: 'string',
  score: 'number|null',
  validFrom: 'string',
  validUntil: 'string',
  source: 'string',
  issuedAt: 'number',
};

/** Reads a signed certificate document (JSON text or a parsed value) strictly: every field, nothing else. */
export function parseSignedCertificate(input: unknown): SignedCertificate | string {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return 'not JSON';
    }
  }
  if (typeof value !== 'object' || value === null) return 'not an object';
  const document = value as Record<string, unknown>;
  if (typeof document.keyId !== 'string' || typeof document.signature !== 'string')
    return 'keyId and signature must be text';
  const statement = document.statement as Record<string, unknown> | undefined;
  if (typeof statement !== 'object' || statement === null) return 'statement missing';
  for (const key of Object.keys(statement))
    if (!(key in STATEMENT_FIELDS)) return `statement.${key}: not a certificate field`;
  for (const [key, type] of Object.entries(STATEMENT_FIELDS)) {
    const field = statement[key];
    const ok =
      type === 'string'
        ? typeof field === 'string'
        : type === 'number'
          ? typeof field === 'number'
          : field === null || typeof field === 'number';
    if (!ok) return `statement.${key}: must be ${type}`;
  }
  if (statement.format !== 'parcelguard.training-certificate.v1') return 'statement.format: unknown format';
  return {
    statement: statement as unknown as CertificateStatement,
    keyId: document.keyId,
    signature: document.signature,
  };
}

/**
 * Checks a certificate's signature with public keys alone (SPKI PEM by key id). `on` (YYYY-MM-DD, China calendar)
 * also says whether the certificate's dates cover that day; revocation needs the database (or a revocation list)
 * and is not judged here.
 */
export function verifySignedCertificate(
  input: unknown,
  publicKeys: ReadonlyMap<string, string>,
  on?: string,
): CertificateCheck {
  const parsed = parseSignedCertificate(input);
  if (typeof parsed === 'string') return { valid: false, reason: 'malformed', message: parsed };
  const pem = publicKeys.get(parsed.keyId);
  if (pem === undefined)
    return { valid: false, reason: 'unknown-key', message: `no trusted key ${parsed.keyId}` };
  let good = false;
  try {
    good = verify(
      null,
      certificateSigningBytes(parsed.statement),
      createPublicKey(pem),
      signatureBytes(parsed.signature),
    );
  } catch {
    good = false;
  }
  if (!good)
    return { valid: false, reason: 'bad-signature', message: 'the signature does not match the certificate' };
  const validOn =
    on === undefined ? null : parsed.statement.validFrom <= on && on <= parsed.statement.validUntil;
  return { valid: true, statement: parsed.statement, validOn };
}
