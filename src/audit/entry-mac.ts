// Keyed MACs over audit entry hashes. The chain's hashes are unkeyed: whoever can write the database can rewrite
// an entry not yet covered by a signed checkpoint and recompute every hash after it. A MAC under a key that lives
// only in the key material makes such a rewrite visible to anyone holding the keys.
import { createHmac, hkdfSync } from 'node:crypto';

// HKDF's "info": the MAC key is derived from the blind-index key but is not it, so a MAC never equals a blind
// index or an audit data digest made from the same bytes.
const MAC_KEY_LABEL = 'parcelguard.audit-entry-mac.v1';

/** The audit MAC key (32 bytes) derived from the blind-index key with HKDF-SHA256. */
export function deriveEntryMacKey(blindIndexKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', blindIndexKey, Buffer.alloc(0), MAC_KEY_LABEL, 32));
}

/** HMAC-SHA256 (hex) over entry hashes, under the derived key. Append computes one per entry. */
export class EntryMac {
  private source: Buffer | undefined;
  private key: Buffer | undefined;

  /** `keySource` returns the current blind-index key (a file-backed keyring may reload it). */
  constructor(private readonly keySource: () => Buffer) {}

  mac(entryHash: string): string {
    return createHmac('sha256', this.currentKey()).update(entryHash).digest('hex');
  }

  matches(entryHash: string, mac: string): boolean {
    return this.mac(entryHash) === mac;
  }

  // Derived once per key (HKDF costs more than the MAC). A raw Buffer key measured no slower than a KeyObject.
  private currentKey(): Buffer {
    const source = this.keySource();
    if (this.key === undefined || source !== this.source) {
      this.key = deriveEntryMacKey(source);
      this.source = source;
    }
    return this.key;
  }
}
