// Field encryption and blind indexes for personal data.
import { createCipheriv, createDecipheriv, createHmac, randomFillSync } from 'node:crypto';
import type { Keyring } from './keyring.js';

/** What the vault reads of a keyring (a worker thread gets a vault over just these, not the signing keys). */
export type VaultKeys = Pick<
  Keyring,
  'activeEncryptionKeyId' | 'encryptionKey' | 'reloadIfChanged' | 'blindIndex'
>;

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
// Nonces are cut from a buffer of random bytes filled 4 KiB at a time: a call into the CSPRNG per value cost
// more than the encryption itself. Each nonce is still fresh random bytes, used once.
const NONCE_POOL_BYTES = NONCE_BYTES * 341;
const RECENT_INDEXES = 2_048;
// What a vault indexes to show which blind-index key it holds (two vaults agree on it only under the same key).
const KEY_PROBE = ['vault.key-probe', ''] as const;

/** HMAC-SHA256 of `data` under `key`, in hex. */
function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/**
 * Blind indexes one vault made for values another is about to index (the intake worker indexes a sender's
 * document, name and phone ahead of the writer's thread). Each is keyed by the exact domain and value, so the
 * adopting vault uses it only for that same value: a value given differently is indexed afresh.
 */
export interface KeyedWork {
  /** The recording vault's index of KEY_PROBE: its indexes are adopted only under the same blind-index key. */
  keyProbe: string;
  indexes: [memo: string, index: string][];
}

/**
 * Encrypts personal data field by field: AES-256-GCM with a random nonce per value, stored as text
 * `<key id>:<base64url(nonce | ciphertext | tag)>` so rotation knows which key wrote each value.
 * The column name is bound in as additional data: a ciphertext copied into another column does not decrypt.
 */
export class Vault {
  private readonly noncePool = Buffer.alloc(NONCE_POOL_BYTES);
  private nonceOffset = NONCE_POOL_BYTES;
  // Blind indexes computed lately, by domain and value: a group intake indexes each sender's document and phone
  // once to read ahead and again to decide. Sized for a group or two, not for a day's senders.
  private readonly recentIndexes = new Map<string, string>();
  private recentIndexesKey: Buffer | undefined;
  // Adopted indexes not yet asked for (to count those used).
  private readonly adoptedIndexes = new Set<string>();
  private recording: KeyedWork | null = null;
  /** Adopted indexes used instead of being computed here (for tests and metrics). */
  readonly adoptedUsed = { indexes: 0 };

  constructor(private readonly keyring: VaultKeys) {}

  /**
   * Runs `work` and answers what it indexed, for another vault to `adopt`: the intake worker thread indexes the
   * sender's document, name and phone so the writer's thread finds them done.
   */
  recordKeyedWork(work: () => void): KeyedWork {
    const recording: KeyedWork = { keyProbe: this.blindIndex(...KEY_PROBE), indexes: [] };
    this.recording = recording;
    try {
      work();
    } finally {
      this.recording = null;
    }
    return recording;
  }

  /**
   * Takes in another vault's recorded indexes: they join the recent ones when both vaults hold the same
   * blind-index key (else they are ignored and computed here when asked for).
   */
  adopt(work: KeyedWork): void {
    if (work.keyProbe !== this.blindIndex(...KEY_PROBE)) return;
    for (const [memo, index] of work.indexes) {
      if (this.recentIndexes.size >= RECENT_INDEXES) this.clearRecentIndexes();
      this.recentIndexes.set(memo, index);
      this.adoptedIndexes.add(memo);
    }
  }

  /** 12 fresh random bytes (a copy: the pool is refilled later). */
  private nextNonce(): Buffer {
    if (this.nonceOffset + NONCE_BYTES > NONCE_POOL_BYTES) {
      randomFillSync(this.noncePool);
      this.nonceOffset = 0;
    }
    const nonce = Buffer.from(this.noncePool.subarray(this.nonceOffset, this.nonceOffset + NONCE_BYTES));
    // Wiped as it is handed out, so a nonce never stays behind in the pool.
    this.noncePool.fill(0, this.nonceOffset, this.nonceOffset + NONCE_BYTES);
    this.nonceOffset += NONCE_BYTES;
    return nonce;
  }

  encrypt(plaintext: string, context: string): string {
    const keyId = this.keyring.activeEncryptionKeyId;
    const key = this.keyring.encryptionKey(keyId)!;
    const nonce = this.nextNonce();
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${keyId}:${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  decrypt(stored: string, context: string): string {
    const separator = stored.indexOf(':');
    if (separator < 1) throw new Error('vault: not an encrypted value');
    const keyId = stored.slice(0, separator);
    let key = this.keyring.encryptionKey(keyId);
    if (key === undefined && this.keyring.reloadIfChanged()) key = this.keyring.encryptionKey(keyId);
    if (key === undefined) throw new Error(`vault: unknown key id ${keyId}`);
    const raw = Buffer.from(stored.slice(separator + 1), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  encryptOptional(plaintext: string | null | undefined, context: string): string | null {
    return plaintext === null || plaintext === undefined ? null : this.encrypt(plaintext, context);
  }

  decryptOptional(stored: string | null, context: string): string | null {
    return stored === null ? null : this.decrypt(stored, context);
  }

  /** The id of the key a stored value was encrypted under. */
  static keyIdOf(stored: string): string {
    return stored.slice(0, stored.indexOf(':'));
  }

  get activeKeyId(): string {
    return this.keyring.activeEncryptionKeyId;
  }

  /**
   * HMAC-SHA256 blind index (hex) for exact lookups without decrypting: the same `domain` and value always
   * give the same index; without the key, the index reveals nothing about the value.
   */
  blindIndex(domain: string, value: string): string {
    return this.rememberedIndex(`${domain}\u0000${value}`, hmacHex);
  }

  /**
   * The blind index of `canonical(value)` in `domain` (the same as `blindIndex(domain, canonical(value))`),
   * remembered by the value as given: a value seen again, or adopted from the intake worker, skips working out
   * its canonical form too, not only the HMAC.
   */
  blindIndexOfCanonical(domain: string, value: string, canonical: (value: string) => string): string {
    return this.rememberedIndex(`${domain}\u0001${value}`, () => this.blindIndex(domain, canonical(value)));
  }

  /** The index remembered under `memo`, else `compute`d under the current blind-index key and remembered. */
  private rememberedIndex(memo: string, compute: (key: Buffer, memo: string) => string): string {
    const key = this.keyring.blindIndex;
    if (key !== this.recentIndexesKey) {
      this.clearRecentIndexes();
      this.recentIndexesKey = key;
    }
    let index = this.recentIndexes.get(memo);
    if (index === undefined) {
      index = compute(key, memo);
      if (this.recentIndexes.size >= RECENT_INDEXES) this.clearRecentIndexes();
      this.recentIndexes.set(memo, index);
    } else if (this.adoptedIndexes.size > 0 && this.adoptedIndexes.delete(memo)) {
      this.adoptedUsed.indexes += 1;
    }
    this.recording?.indexes.push([memo, index]);
    return index;
  }

  private clearRecentIndexes(): void {
    this.recentIndexes.clear();
    this.adoptedIndexes.clear();
  }

  /** A keyed digest of arbitrary data (audit entries): proves what was recorded without exposing it. */
  digest(data: string): string {
    return createHmac('sha256', this.keyring.blindIndex)
      .update('audit-data\u0000')
      .update(data)
      .digest('hex');
  }
}
