import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKeyFile, Keyring, parseKeyFile } from './keyring.js';
import { signatureBytes, verifySignature, Signer } from './signing.js';
import { Vault } from './vault.js';

describe('vault', () => {
  const vault = new Vault(Keyring.fromKeys(generateKeyFile()));

  it('round-trips values and names the key that wrote them', () => {
    const stored = vault.encrypt('110105194912310021', 'sender.number');
    expect(stored.startsWith(`${vault.activeKeyId}:`)).toBe(true);
    expect(stored).not.toContain('1101051949');
    expect(vault.decrypt(stored, 'sender.number')).toBe('110105194912310021');
  });

  it('uses a fresh nonce per value', () => {
    expect(vault.encrypt('same', 'c')).not.toBe(vault.encrypt('same', 'c'));
  });

  it('refuses a value moved to another column or altered', () => {
    const stored = vault.encrypt('13812345678', 'staff.phone');
    expect(() => vault.decrypt(stored, 'sender.phone')).toThrow();
    const raw = Buffer.from(stored.split(':')[1]!, 'base64url');
    raw[14] = raw[14]! ^ 1;
    expect(() => vault.decrypt(`${vault.activeKeyId}:${raw.toString('base64url')}`, 'staff.phone')).toThrow();
  });

  it('gives deterministic, domain-separated blind indexes', () => {
    expect(vault.blindIndex('resident-id', '110105194912310021')).toBe(
      vault.blindIndex('resident-id', '110105194912310021'),
    );
    expect(vault.blindIndex('resident-id', '110105194912310021')).not.toBe(
      vault.blindIndex('phone', '110105194912310021'),
    );
    const otherVault = new Vault(Keyring.fromKeys(generateKeyFile()));
    expect(otherVault.blindIndex('phone', '13812345678')).not.toBe(vault.blindIndex('phone', '13812345678'));
  });

  it('gives the HMAC of domain and value whether or not it remembers the index', () => {
    const keys = generateKeyFile();
    const fresh = new Vault(Keyring.fromKeys(keys));
    const hmac = (domain: string, value: string) =>
      createHmac('sha256', Buffer.from(keys.blindIndex, 'base64'))
        .update(`${domain}\u0000${value}`)
        .digest('hex');
    // Past the memo's size, so it is cleared and refilled along the way.
    for (let round = 0; round < 2; round++) {
      for (let n = 0; n < 5_000; n++) {
        expect(fresh.blindIndex('identity.phone', `138${n}`)).toBe(hmac('identity.phone', `138${n}`));
      }
    }
    expect(fresh.blindIndex('a', 'b\u0000c')).toBe(hmac('a', 'b\u0000c'));
  });
});

describe('indexes made by one vault and adopted by another', () => {
  const keys = generateKeyFile();
  const worker = () => new Vault(Keyring.fromKeys(keys));

  it('finds adopted indexes computed, for the same domain and value only', () => {
    const writer = new Vault(Keyring.fromKeys(keys));
    const ahead = worker();
    const work = ahead.recordKeyedWork(() => {
      ahead.blindIndex('identity.phone', '13812345678');
    });
    expect(work.indexes).toHaveLength(1);
    // A value of its own, as the writer would compute it, so a wrong adoption shows.
    work.indexes[0]![1] = 'adopted';
    writer.adopt(work);
    expect(writer.blindIndex('identity.phone', '13812345678')).toBe('adopted');
    expect(writer.adoptedUsed.indexes).toBe(1);
    expect(writer.blindIndex('identity.name', '13812345678')).toBe(
      worker().blindIndex('identity.name', '13812345678'),
    );
    expect(writer.blindIndex('identity.phone', '13812345679')).toBe(
      worker().blindIndex('identity.phone', '13812345679'),
    );
    expect(writer.adoptedUsed.indexes).toBe(1);
  });

  it('indexes a value in its canonical form, remembered by the value as given', () => {
    const vault = worker();
    const lower = (value: string) => value.trim().toLowerCase();
    expect(vault.blindIndexOfCanonical('d', ' Ab ', lower)).toBe(worker().blindIndex('d', 'ab'));
    expect(vault.blindIndexOfCanonical('d', ' Ab ', lower)).toBe(vault.blindIndex('d', 'ab'));
    expect(vault.blindIndexOfCanonical('d', 'Ab', lower)).toBe(vault.blindIndex('d', 'ab'));
    expect(vault.blindIndexOfCanonical('e', 'Ab', lower)).not.toBe(vault.blindIndex('d', 'ab'));
  });

  it('records nothing outside recordKeyedWork', () => {
    const ahead = worker();
    ahead.blindIndex('d', 'before');
    const work = ahead.recordKeyedWork(() => ahead.blindIndex('d', 'inside'));
    ahead.blindIndex('d', 'after');
    expect(work.indexes.map(([memo]) => memo)).toEqual(['d\u0000inside']);
  });

  it('ignores indexes made under another blind-index key', () => {
    const stranger = new Vault(Keyring.fromKeys(generateKeyFile()));
    const writer = new Vault(Keyring.fromKeys(keys));
    writer.adopt(stranger.recordKeyedWork(() => stranger.blindIndex('identity.phone', '1')));
    expect(writer.blindIndex('identity.phone', '1')).toBe(worker().blindIndex('identity.phone', '1'));
    expect(writer.adoptedUsed.indexes).toBe(0);
  });
});

describe('key material', () => {
  it('creates a demo key file with mode 0600 on first start and reuses it after', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pg-keys-'));
    try {
      const file = path.join(dir, 'keys.json');
      const first = Keyring.openOrCreate(file);
      expect(first.created).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const second = Keyring.openOrCreate(file);
      expect(second.created).toBe(false);
      expect(second.keyring.activeEncryptionKeyId).toBe(first.keyring.activeEncryptionKeyId);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the bad field of invalid key material', () => {
    const keys = generateKeyFile();
    expect(() => parseKeyFile({ ...keys, blindIndex: 'short' }, 'PARCELGUARD_KEYS')).toThrow(
      /blindIndex: must be 32 bytes/,
    );
    expect(() => parseKeyFile({ ...keys, encryption: { ...keys.encryption, active: 'nope' } }, 'f')).toThrow(
      /encryption.active/,
    );
    expect(() => Keyring.fromJson('{not json')).toThrow(/not valid JSON/);
  });

  it('signs with Ed25519 and verifies with the public key alone', () => {
    const signer = new Signer(Keyring.fromKeys(generateKeyFile()));
    const { signature } = signer.sign('hello');
    const publicKey = signer.publicKeys()[0]!.publicKeyPem;
    expect(verifySignature('hello', signature, publicKey)).toBe(true);
    expect(verifySignature('hellp', signature, publicKey)).toBe(false);
  });

  it('accepts a signature only as the signer spelled it', () => {
    const signer = new Signer(Keyring.fromKeys(generateKeyFile()));
    const { signature } = signer.sign('hello');
    const publicKey = signer.publicKeys()[0]!.publicKeyPem;
    // 64 bytes take 86 base64url characters; the last carries 2 bits, so its 4 low bits are unused. Setting one
    // gives another text for the same bytes, which Node's decoder would accept.
    const last = BASE64URL.indexOf(signature.at(-1)!);
    const respelled = `${signature.slice(0, -1)}${BASE64URL[last ^ 1]}`;
    expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(signatureBytes(respelled)).toHaveLength(0);
    expect(verifySignature('hello', respelled, publicKey)).toBe(false);
    for (const changed of [
      `${signature.slice(0, 10)}*${signature.slice(11)}`,
      `${signature}A`,
      signature.slice(0, -1),
    ])
      expect(verifySignature('hello', changed, publicKey)).toBe(false);
    expect(signatureBytes(signature)).toHaveLength(64);
    // Padding, which some encoders write (Java's by default), is the same spelling.
    expect(verifySignature('hello', `${signature}==`, publicKey)).toBe(true);
    expect(verifySignature('hello', `${signature}=`, publicKey)).toBe(false);
  });
});

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
