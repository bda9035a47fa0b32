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
    return verify(
      null,
      Buffer.from(message),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, 'base64url'),
    );
  } catch {
    return false;
  }
}
