// Ed25519 signatures over canonical JSON: checkpoints, inspection marks, attestations.
import { createPublicKey, sign, verify } from 'node:crypto';
import type { Keyring } from './keyring.js';

export interface Signature {
  keyId: string;
  /** base64url */
  signature: string;
}

export class Signer {
  constructor(private readonly keyring: Keyring) {}

  sign(message: string | Buffer): Signature {
    const key = this.keyring.activeSigningKey;
    return {
      keyId: key.id,
      signature: sign(null, Buffer.from(message), key.privateKey).toString('base64url'),
    };
  }

  get activeKeyId(): string {
    return this.keyring.activeSigningKey.id;
  }

  publicKeys(): { keyId: string; publicKeyPem: string }[] {
    return this.keyring.allSigningKeys().map((key) => ({ keyId: key.id, publicKeyPem: key.publicKeyPem }));
  }
}

/** Checks a signature with a public key alone (PEM, SPKI). */
export function verifySignature(message: string | Buffer, signature: string, publicKeyPem: string): boolean {
  try {
    return verify(null, Buffer.from(message), createPublicKey(publicKeyPem), signatureBytes(signature));
  } catch {
    return false;
  }
}

const ED25519_SIGNATURE_BYTES = 64;

/**
 * The 64 bytes of an Ed25519 signature written in base64url, or an empty buffer (which never verifies) when the
 * text is anything else. Node's decoder is lenient: it skips characters outside the alphabet and ignores the
 * unused low bits of the last character, so several texts would decode to one signature. Only the text the
 * signer wrote is accepted, with or without the `==` padding some encoders add: any altered character fails.
 */
export function signatureBytes(signature: string): Buffer {
  const unpadded = signature.endsWith('==') ? signature.slice(0, -2) : signature;
  const bytes = Buffer.from(unpadded, 'base64url');
  const canonical = bytes.length === ED25519_SIGNATURE_BYTES && bytes.toString('base64url') === unpadded;
  return canonical ? bytes : Buffer.alloc(0);
}
