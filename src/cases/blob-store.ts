// Evidence bytes, stored content-addressed (hex SHA-256) behind one interface. The data directory is the default;
// an S3-compatible store (s3-blob-store.ts, PARCELGUARD_EVIDENCE_S3_URL) implements the same three methods.
//
// Crash safety: a blob is written to a temporary file, fsynced, renamed into place and its directory fsynced before
// the evidence row is inserted (in the caller's transaction). A crash before the insert leaves an orphan blob,
// which nothing counts as evidence and a later upload of the same bytes reuses; a row never points at no file.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { ensurePrivateDirectory, PRIVATE_FILE_MODE } from '../platform/private-files.js';
import { randomToken } from '../platform/ids.js';

const SHA256 = /^[0-9a-f]{64}$/;

export interface BlobStore {
  /** Stores `bytes` under their SHA-256 (no-op when already stored) and returns it. Durable on return. */
  put(bytes: Buffer): Promise<string>;
  /** The bytes stored under `sha256`, or undefined when there are none. Not verified: see `readVerified`. */
  get(sha256: string): Promise<Buffer | undefined>;
  /** Whether a blob is stored under `sha256`. */
  has(sha256: string): Promise<boolean>;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Blobs as files `<dir>/<first two hex>/<sha256>`, 0600 in 0700 directories. */
export class DirectoryBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  async put(bytes: Buffer): Promise<string> {
    const sha256 = sha256Hex(bytes);
    const file = this.pathOf(sha256);
    if (existsSync(file)) return sha256;
    const shard = path.dirname(file);
    ensurePrivateDirectory(this.dir);
    ensurePrivateDirectory(shard);
    const temporary = path.join(shard, `.${sha256}.${randomToken(6)}.tmp`);
    const fd = openSync(temporary, 'wx', PRIVATE_FILE_MODE);
    try {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      rmSync(temporary, { force: true });
      throw error;
    }
    closeSync(fd);
    renameSync(temporary, file);
    syncDirectory(shard);
    return sha256;
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    const file = this.pathOf(sha256);
    return existsSync(file) ? readFileSync(file) : undefined;
  }

  async has(sha256: string): Promise<boolean> {
    return existsSync(this.pathOf(sha256));
  }

  /** The file of a blob (tests tamper with it). */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a SHA-256 hex digest');
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
