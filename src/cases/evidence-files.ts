// Checks an evidence file before anything is stored (pure): a name without a path, a type from the allowlist whose
// first bytes agree with it, a size within the limit. Files arrive base64 in JSON (one body format for the API).
import { AppError, type ErrorCode } from '../platform/errors.js';

/** Media types accepted as evidence files, with the bytes each must start with. */
const ALLOWED: Readonly<Record<string, (bytes: Buffer) => boolean>> = {
  'image/jpeg': (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'image/tiff': (b) => ['II*\u0000', 'MM\u0000*'].includes(b.subarray(0, 4).toString('latin1')),
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

export const EVIDENCE_MEDIA_TYPES = Object.keys(ALLOWED);

export interface EvidenceFileInput {
  fileName: string;
  mediaType: string;
  /** The file's bytes, base64 (standard alphabet, padded). */
  contentBase64: string;
}

export interface CheckedFile {
  fileName: string;
  mediaType: string;
  bytes: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The file's bytes, or an error naming the field: 415 for a type outside the allowlist (or bytes that are not of
 * the type named), 413 over `maxBytes` (measured from the base64 length, before decoding anything large), 400 for
 * a bad name or encoding. `prefix` is where the file sits in the caller's input (`/proof/`).
 */
export function checkEvidenceFile(input: EvidenceFileInput, maxBytes: number, prefix = '/'): CheckedFile {
  const fileName = input.fileName.trim();
  if (
    fileName.length === 0 ||
    fileName.length > 200 ||
    /[/\\]/.test(fileName) ||
    [...fileName].some((character) => character.charCodeAt(0) < 0x20) ||
    fileName === '.' ||
    fileName === '..'
  ) {
    throw fieldError(
      'validation-failed',
      `${prefix}fileName`,
      'must be a file name without a path (1 to 200 characters)',
    );
  }
  const mediaType = input.mediaType.trim().toLowerCase();
  const matches = ALLOWED[mediaType];
  if (matches === undefined || !Object.hasOwn(ALLOWED, mediaType)) {
    throw fieldError(
      'unsupported-media-type',
      `${prefix}mediaType`,
      `must be one of ${EVIDENCE_MEDIA_TYPES.join(', ')}`,
    );
  }
  const encoded = input.contentBase64;
  const padding = encoded.endsWith('==') ? 2 : encoded.endsWith('=') ? 1 : 0;
  const size = Math.floor((encoded.length * 3) / 4) - padding;
  if (size > maxBytes) {
    throw fieldError(
      'body-too-large',
      `${prefix}contentBase64`,
      `is larger than the limit of ${maxBytes} bytes`,
    );
  }
  if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) {
    throw fieldError('validation-failed', `${prefix}contentBase64`, 'must be standard base64');
  }
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length === 0) throw fieldError('validation-failed', `${prefix}contentBase64`, 'is empty');
  if (!matches(bytes)) {
    throw fieldError('unsupported-media-type', `${prefix}contentBase64`, `is not a ${mediaType} file`);
  }
  return { fileName, mediaType, bytes };
}

function fieldError(code: ErrorCode, path: string, message: string): AppError {
  return new AppError(code, `${path}: ${message}`, { errors: [{ path, message }] });
}
