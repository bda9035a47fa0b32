// Key material: data-encryption keys (AES-256-GCM, by id), the blind-index key (HMAC-SHA256) and Ed25519
// signing keys. Keys live in configuration or a key file, never in the database.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { ensurePrivateDirectory } from '../private-files.js';
import path from 'node:path';

/** The key file's JSON shape (also accepted inline through PARCELGUARD_KEYS). */
export interface KeyFile {
  version: 1;
  encryption: { active: string; keys: Record<string, string> };
  blindIndex: string;
  signing: { active: string; keys: Record<string, string>; revoked?: string[] };
}

export interface SigningKey {
  id: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

export class KeyMaterialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyMaterialError';
  }
}

/** No key material where a command that must not create it looked (names the file and the variables). */
export class MissingKeyMaterialError extends KeyMaterialError {
  constructor(file: string) {
    super(
      `no key material: ${file} does not exist and neither PARCELGUARD_KEY_FILE nor PARCELGUARD_KEYS is set; point --db or PARCELGUARD_DATA_DIR at the server's data directory (this command never creates keys)`,
    );
    this.name = 'MissingKeyMaterialError';
  }
}

const KEY_ID = /^[A-Za-z0-9_-]{1,40}$/;

/** Parses and checks key material; every problem names the JSON path. */
export function parseKeyFile(json: unknown, source: string): KeyFile {
  const fail = (where: string, rule: string): never => {
    throw new KeyMaterialError(`${source}: ${where}: ${rule}`);
  };
  if (typeof json !== 'object' || json === null) fail('(root)', 'must be a JSON object');
  const file = json as Partial<KeyFile>;
  if (file.version !== 1) fail('version', 'must be 1');
  const checkKeys = (where: string, keys: unknown, bytes: number | null): void => {
    if (typeof keys !== 'object' || keys === null || Object.keys(keys).length === 0) {
      fail(where, 'must be an object with at least one key');
    }
    for (const [id, value] of Object.entries(keys as Record<string, unknown>)) {
      if (!KEY_ID.test(id)) fail(`${where}.${id}`, 'key id must be 1-40 letters, digits, - or _');
      if (typeof value !== 'string') fail(`${where}.${id}`, 'must be a base64 string');
      if (bytes !== null && Buffer.from(value as string, 'base64').length !== bytes) {
        fail(`${where}.${id}`, `must be ${bytes} bytes, base64-encoded`);
      }
    }
  };
  checkKeys('encryption.keys', file.encryption?.keys, 32);
  if (!file.encryption?.active || !(file.encryption.active in file.encryption.keys)) {
    fail('encryption.active', 'must name one of encryption.keys');
  }
  if (typeof file.blindIndex !== 'string' || Buffer.from(file.blindIndex, 'base64').length !== 32) {
    fail('blindIndex', 'must be 32 bytes, base64-encoded');
  }
  checkKeys('signing.keys', file.signing?.keys, null);
  if (!file.signing?.active || !(file.signing.active in file.signing.keys)) {
    fail('signing.active', 'must name one of signing.keys');
  }
  return file as KeyFile;
}

/** Fresh key material: one encryption key, a blind-index key, one signing key. */
export function generateKeyFile(now = new Date()): KeyFile {
  const encryptionId = newKeyId('k', now);
  const signingId = newKeyId('s', now);
  return {
    version: 1,
    encryption: { active: encryptionId, keys: { [encryptionId]: randomBytes(32).toString('base64') } },
    blindIndex: randomBytes(32).toString('base64'),
    signing: { active: signingId, keys: { [signingId]: newSigningKeyBase64() } },
  };
}

export function newKeyId(prefix: string, now = new Date()): string {
  return `${prefix}-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
}

export function newSigningKeyBase64(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

/** Writes a key file atomically with mode 0600 (owner read/write only). */
export function writeKeyFile(file: string, keys: KeyFile): void {
  ensurePrivateDirectory(path.dirname(file));
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

export function readKeyFile(file: string): KeyFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KeyMaterialError(`${file}: cannot read the key file (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyMaterialError(`${file}: not valid JSON`);
  }
  return parseKeyFile(json, file);
}

/**
 * The keys in use. A file-backed keyring re-reads its file when it changes on disk, so `keys rotate` run
 * beside a live server is picked up without a restart (reads of re-encrypted rows never fail).
 */
export class Keyring {
  private keys!: KeyFile;
  private encryptionKeys = new Map<string, Buffer>();
  private signingKeys = new Map<string, SigningKey>();
  private blindIndexKey!: Buffer;
  private loadedMtimeMs = 0;

  private constructor(
    keys: KeyFile,
    readonly file: string | null,
  ) {
    this.install(keys);
  }

  static fromKeyFile(file: string): Keyring {
    const keyring = new Keyring(readKeyFile(file), file);
    keyring.loadedMtimeMs = statSync(file).mtimeMs;
    return keyring;
  }

  static fromJson(json: string, source = 'PARCELGUARD_KEYS'): Keyring {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new KeyMaterialError(`${source}: not valid JSON`);
    }
    return new Keyring(parseKeyFile(parsed, source), null);
  }

  static fromKeys(keys: KeyFile): Keyring {
    return new Keyring(parseKeyFile(keys, 'keys'), null);
  }

  /** Demo mode: use the data dir's key file, creating it on first start. */
  static openOrCreate(file: string): { keyring: Keyring; created: boolean } {
    if (existsSync(file)) return { keyring: Keyring.fromKeyFile(file), created: false };
    writeKeyFile(file, generateKeyFile());
    return { keyring: Keyring.fromKeyFile(file), created: true };
  }

  private install(keys: KeyFile): void {
    this.keys = keys;
    this.encryptionKeys = new Map(
      Object.entries(keys.encryption.keys).map(([id, value]) => [id, Buffer.from(value, 'base64')]),
    );
    this.blindIndexKey = Buffer.from(keys.blindIndex, 'base64');
    this.signingKeys = new Map(
      Object.entries(keys.signing.keys).map(([id, value]) => {
        const privateKey = createPrivateKey({
          key: Buffer.from(value, 'base64'),
          format: 'der',
          type: 'pkcs8',
        });
        if (privateKey.asymmetricKeyType !== 'ed25519') {
          throw new KeyMaterialError(
            `signing.keys.${id}: must be an Ed25519 private key (PKCS#8 DER, base64)`,
          );
        }
        const publicKeyPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
        return [id, { id, privateKey, publicKeyPem }];
      }),
    );
  }

  /** Re-reads the key file when it changed on disk; returns whether anything was reloaded. */
  reloadIfChanged(): boolean {
    if (this.file === null) return false;
    const mtimeMs = statSync(this.file).mtimeMs;
    if (mtimeMs === this.loadedMtimeMs) return false;
    this.install(readKeyFile(this.file));
    this.loadedMtimeMs = mtimeMs;
    return true;
  }

  get activeEncryptionKeyId(): string {
    return this.keys.encryption.active;
  }

  encryptionKey(id: string): Buffer | undefined {
    return this.encryptionKeys.get(id);
  }

  get blindIndex(): Buffer {
    return this.blindIndexKey;
  }

  get activeSigningKey(): SigningKey {
    return this.signingKeys.get(this.keys.signing.active)!;
  }

  allSigningKeys(): SigningKey[] {
    return [...this.signingKeys.values()];
  }

  revokedSigningKeyIds(): string[] {
    return this.keys.signing.revoked ?? [];
  }

  /** A copy of the key material (for rotation, which writes a new version of it). */
  snapshot(): KeyFile {
    return structuredClone(this.keys);
  }
}
