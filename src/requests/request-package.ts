// The package a lawful request is answered with: each data category in scope as a JSON file, and a manifest
// listing every file's SHA-256, signed with the company's Ed25519 key. `parcelguard request verify-package` checks
// one offline with the public key alone: a file altered, added or removed after signing is named. Pure: no I/O.
import { sha256Hex } from '../cases/reports/report-package.js';
import { canonicalJson } from '../platform/canonical-json.js';
import { verifySignature } from '../platform/crypto/signing.js';

export const REQUEST_PACKAGE_FORMAT = 'parcelguard.lawful-request-package.v1';
export const REQUEST_MANIFEST_FORMAT = 'parcelguard.lawful-request-manifest.v1';

export interface ManifestFile {
  name: string;
  sha256: string;
  bytes: number;
  /** How many records the file holds. */
  records: number;
}

export interface RequestManifest {
  format: typeof REQUEST_MANIFEST_FORMAT;
  requestId: string;
  reference: string;
  agencyKind: string;
  issuingOrgan: string;
  documentNumber: string;
  files: ManifestFile[];
  createdAt: number;
  keyId: string;
}

export interface RequestPackage {
  format: typeof REQUEST_PACKAGE_FORMAT;
  manifest: RequestManifest;
  /** Ed25519 over canonicalJson(manifest), base64url. */
  signature: string;
  /** File name → content, base64. */
  files: Record<string, string>;
  /** The signer's public key, for convenience: a verifier trusts only its own copy. */
  publicKeyPem: string;
}

export interface PackageSigner {
  activeKeyId: string;
  sign(message: string): { keyId: string; signature: string };
}

export { sha256Hex };

/** Builds and signs the package from named record lists (each written as canonical JSON). */
export function buildRequestPackage(
  about: Omit<RequestManifest, 'format' | 'files' | 'keyId' | 'createdAt'>,
  contents: Record<string, unknown[]>,
  signer: PackageSigner,
  publicKeyPem: string,
  createdAt: number,
): RequestPackage {
  const files: Record<string, string> = {};
  const listed: ManifestFile[] = [];
  for (const [name, records] of Object.entries(contents).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const bytes = Buffer.from(canonicalJson(records));
    files[name] = bytes.toString('base64');
    listed.push({ name, sha256: sha256Hex(bytes), bytes: bytes.length, records: records.length });
  }
  const manifest: RequestManifest = {
    format: REQUEST_MANIFEST_FORMAT,
    ...about,
    files: listed,
    createdAt,
    keyId: signer.activeKeyId,
  };
  const { signature } = signer.sign(canonicalJson(manifest));
  return { format: REQUEST_PACKAGE_FORMAT, manifest, signature, files, publicKeyPem };
}

export type RequestPackageCheck =
  { valid: true; requestId: string; reference: string; files: number } | { valid: false; reason: string };

/** Checks a package against a trusted public key: the manifest's signature and every file's hash. Never throws. */
export function verifyRequestPackage(candidate: unknown, trustedPublicKeyPem: string): RequestPackageCheck {
  if (!isObject(candidate) || candidate.format !== REQUEST_PACKAGE_FORMAT)
    return {
      valid: false,
      reason: `not a lawful-request package (format ${REQUEST_PACKAGE_FORMAT} expected)`,
    };
  const { manifest, signature, files } = candidate;
  if (!isObject(manifest) || manifest.format !== REQUEST_MANIFEST_FORMAT || !Array.isArray(manifest.files))
    return { valid: false, reason: 'the manifest is missing or of an unknown format' };
  if (typeof signature !== 'string' || !isObject(files))
    return { valid: false, reason: 'the signature or the files are missing' };
  let message: string;
  try {
    message = canonicalJson(manifest);
  } catch {
    return { valid: false, reason: 'the manifest holds values JSON cannot carry' };
  }
  if (!verifySignature(message, signature, trustedPublicKeyPem))
    return { valid: false, reason: 'the manifest signature does not verify with the public key' };
  const listed = manifest.files as ManifestFile[];
  for (const file of listed) {
    const content = files[file.name];
    if (typeof content !== 'string')
      return { valid: false, reason: `${file.name} is missing from the package` };
    const bytes = Buffer.from(content, 'base64');
    if (bytes.length !== file.bytes || sha256Hex(bytes) !== file.sha256)
      return { valid: false, reason: `${file.name} does not match its signed hash (altered after signing)` };
  }
  const extra = Object.keys(files).filter((name) => !listed.some((file) => file.name === name));
  if (extra.length > 0) return { valid: false, reason: `${extra.join(', ')} is not in the signed manifest` };
  return {
    valid: true,
    requestId: String(manifest.requestId),
    reference: String(manifest.reference),
    files: listed.length,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
