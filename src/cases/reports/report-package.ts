// The report package an authority receives: the report as a canonical JSON document, its printable PDF, and a
// manifest over both hashes signed with the company's Ed25519 key. Verifiable offline with the public key alone
// (`parcelguard case report-verify`), modelled on reports/attestation.ts. Pure: no I/O.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../platform/canonical-json.js';
import { verifySignature } from '../../platform/crypto/signing.js';
import type { Authority, PersonalField, SubmissionChannel } from './authorities.js';

export const DOCUMENT_FORMAT = 'parcelguard.authority-report.v1';
export const MANIFEST_FORMAT = 'parcelguard.authority-report-manifest.v1';
export const PACKAGE_FORMAT = 'parcelguard.authority-report-package.v1';

export interface ReportEvidenceItem {
  id: string;
  kind: string;
  /** What it is, in words (a file name, "gate record", "X-ray image"). */
  label: string;
  /** SHA-256 (hex) of the file or of the record's canonical JSON, as the case's evidence store holds it. */
  sha256: string;
  sizeBytes: number | null;
  mediaType: string | null;
  recordedAt: number;
}

/** Personal data of the case's parcel, unmasked: only the fields the authority needs (authorities.ts). */
export interface ReportPersonalData {
  /** Which fields the authority needs; only those are present below. */
  fields: PersonalField[];
  sender: {
    name?: string;
    documentType?: string;
    documentNumber?: string;
    phones?: string[];
  } | null;
  originAddress?: string;
  recipient: { name?: string; phone?: string; address?: string } | null;
}

export interface ReportDocument {
  format: typeof DOCUMENT_FORMAT;
  reportId: string;
  caseId: string;
  /** The case's human reference, as the company files it. */
  caseReference: string;
  authority: {
    code: Authority;
    nameZh: string;
    nameEn: string;
    /** The routed authority and the rule; when overridden, the officer's reason. */
    routed: Authority;
    rule: string;
    overridden: boolean;
    overrideReason: string | null;
  };
  /** The reporting unit: the company and the site where the find was made. The finder is not named. */
  reportingUnit: { company: string; siteId: string | null; siteCode: string | null; siteName: string | null };
  /** The catalogue category of what was found (slug and Chinese name), when known. */
  category: { slug: string; nameZh: string | null } | null;
  facts: {
    /** The officer's account, in Chinese as a rule. */
    summary: string;
    waybillNo: string | null;
    direction: string | null;
    /** When the first clue was raised, when the parcel was held (epoch ms; null if not). */
    clueAt: number | null;
    heldAt: number | null;
    /** Where the item is kept and in whose custody, as recorded. */
    custody: string | null;
  };
  evidence: ReportEvidenceItem[];
  personalData: ReportPersonalData | null;
  /** Four eyes: who drafted the report and who approved it (staff ids and names: the company's officers). */
  draftedBy: { staffId: string; name: string };
  draftedAt: number;
  approvedBy: { staffId: string; name: string };
  approvedAt: number;
}

/** What the signature covers: the hashes of both parts and what they are about. */
export interface ReportManifest {
  format: typeof MANIFEST_FORMAT;
  reportId: string;
  caseId: string;
  authority: Authority;
  /** SHA-256 (hex) of canonicalJson(document). */
  documentSha256: string;
  /** SHA-256 (hex) of the PDF bytes. */
  pdfSha256: string;
  pdfBytes: number;
  signedAt: number;
  keyId: string;
}

export interface ReportPackage {
  format: typeof PACKAGE_FORMAT;
  manifest: ReportManifest;
  /** Ed25519 over canonicalJson(manifest), base64url. */
  signature: string;
  document: ReportDocument;
  /** The PDF, base64. */
  pdf: string;
  /** The signer's public key (SPKI PEM), for convenience: a verifier trusts only its own copy. */
  publicKeyPem: string;
}

/** What a report's submission recorded (kept beside the package, not in it: it happens after signing). */
export interface SubmissionRecord {
  channel: SubmissionChannel;
  authorityReference: string | null;
  submittedBy: string;
  submittedAt: number;
}

export function documentSha256(document: ReportDocument): string {
  return sha256Hex(canonicalJson(document));
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function manifestMessage(manifest: ReportManifest): string {
  return canonicalJson(manifest);
}

export interface PackageSigner {
  activeKeyId: string;
  sign(message: string): { keyId: string; signature: string };
}

/** Hashes both parts, signs the manifest. */
export function buildReportPackage(
  document: ReportDocument,
  pdf: Buffer,
  signer: PackageSigner,
  publicKeyPem: string,
  signedAt: number,
): ReportPackage {
  const manifest: ReportManifest = {
    format: MANIFEST_FORMAT,
    reportId: document.reportId,
    caseId: document.caseId,
    authority: document.authority.code,
    documentSha256: documentSha256(document),
    pdfSha256: sha256Hex(pdf),
    pdfBytes: pdf.length,
    signedAt,
    keyId: signer.activeKeyId,
  };
  const { signature } = signer.sign(manifestMessage(manifest));
  return {
    format: PACKAGE_FORMAT,
    manifest,
    signature,
    document,
    pdf: pdf.toString('base64'),
    publicKeyPem,
  };
}

export type PackageCheck =
  | { valid: true; reportId: string; authority: Authority; documentSha256: string; pdfSha256: string }
  | { valid: false; reason: string };

/**
 * Checks a package against a trusted public key: the manifest's signature, the document's and the PDF's hashes,
 * and that the manifest speaks of the same report and authority as the document. Never throws.
 */
export function verifyReportPackage(candidate: unknown, trustedPublicKeyPem: string): PackageCheck {
  if (!isObject(candidate) || candidate.format !== PACKAGE_FORMAT) {
    return { valid: false, reason: `not a report package (format ${PACKAGE_FORMAT} expected)` };
  }
  const { manifest, document, pdf, signature } = candidate;
  if (!isObject(manifest) || manifest.format !== MANIFEST_FORMAT) {
    return { valid: false, reason: 'the manifest is missing or of an unknown format' };
  }
  if (!isObject(document) || document.format !== DOCUMENT_FORMAT) {
    return { valid: false, reason: 'the document is missing or of an unknown format' };
  }
  if (typeof signature !== 'string' || typeof pdf !== 'string') {
    return { valid: false, reason: 'the signature or the PDF is missing' };
  }
  let message: string;
  let documentHash: string;
  try {
    message = canonicalJson(manifest);
    documentHash = sha256Hex(canonicalJson(document));
  } catch {
    return { valid: false, reason: 'the manifest or the document holds values JSON cannot carry' };
  }
  if (!verifySignature(message, signature, trustedPublicKeyPem)) {
    return { valid: false, reason: 'the manifest signature does not verify with the public key' };
  }
  if (documentHash !== manifest.documentSha256) {
    return { valid: false, reason: 'the document does not match its signed hash (altered after signing)' };
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(pdf)) return { valid: false, reason: 'the PDF is not base64' };
  const pdfBytes = Buffer.from(pdf, 'base64');
  if (pdfBytes.length !== manifest.pdfBytes || sha256Hex(pdfBytes) !== manifest.pdfSha256) {
    return { valid: false, reason: 'the PDF does not match its signed hash (altered after signing)' };
  }
  const authority = isObject(document.authority) ? document.authority.code : undefined;
  if (document.reportId !== manifest.reportId || document.caseId !== manifest.caseId) {
    return { valid: false, reason: 'the manifest speaks of another report than the document' };
  }
  if (authority !== manifest.authority) {
    return { valid: false, reason: 'the manifest names another authority than the document' };
  }
  return {
    valid: true,
    reportId: String(manifest.reportId),
    authority: manifest.authority as Authority,
    documentSha256: documentHash,
    pdfSha256: String(manifest.pdfSha256),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
