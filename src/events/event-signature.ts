// How a station signs the events it publishes, and how the consumer checks them (pure: no I/O).
//
// Why Ed25519 derived from the API key rather than an HMAC: the store keeps only a hash of an API key's secret,
// so an HMAC the consumer could check would have to be keyed by something the store holds, and anyone who read
// the api_keys table could then forge a station's events. Instead the station derives an Ed25519 key pair from
// its secret (HMAC-SHA256 of the secret as the seed: the same secret gives the same pair, on any machine), the
// public half is stored when the key is issued, and the consumer verifies with it. Knowing the database gives
// no way to sign. Ed25519 signatures are deterministic, so a re-sent event carries the same signature (the
// publisher's deduplication id is built from it).
import { createHmac, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { signatureBytes } from '../platform/crypto/signing.js';

const API_KEY = /^pgk_([A-Za-z0-9]+)_(\S+)$/;
/** The DER prefix of a PKCS#8 Ed25519 private key, followed by the 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SEED_LABEL = 'parcelguard event signing v1';
const DOMAIN = 'parcelguard-event-v1';

/** Message headers the signature travels in. */
export const KEY_HEADER = 'Parcelguard-Key';
export const SIGNATURE_HEADER = 'Parcelguard-Signature';

export interface EventSigningKey {
  /** The API key's id (the part before the secret), sent with every message. */
  keyId: string;
  privateKey: KeyObject;
  /** Raw 32-byte public key, base64url: what the store keeps in api_keys.signing_public_key. */
  publicKey: string;
}

/** The event signing key pair of an API key (`pgk_<id>_<secret>`, as issued); throws on another shape. */
export function eventSigningKeyOf(apiKey: string): EventSigningKey {
  const match = API_KEY.exec(apiKey.trim());
  if (match === null) throw new Error('an API key looks like pgk_<id>_<secret>');
  return { keyId: match[1]!, ...signingPairOf(match[2]!) };
}

/** The key pair derived from an API key's secret part (the issuer stores `publicKey`). */
export function signingPairOf(secret: string): { privateKey: KeyObject; publicKey: string } {
  const seed = createHmac('sha256', secret).update(SEED_LABEL).digest();
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return { privateKey, publicKey: String(jwk.x) };
}

/** What is signed: the subject (site and kind) and the key id are bound to the body's exact bytes. */
function signedBytes(subject: string, keyId: string, body: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${DOMAIN}\n${subject}\n${keyId}\n`), body]);
}

/** The signature (base64url) a station sends in the Parcelguard-Signature header. */
export function signEvent(key: EventSigningKey, subject: string, body: Uint8Array): string {
  return sign(null, signedBytes(subject, key.keyId, body), key.privateKey).toString('base64url');
}

const publicKeys = new Map<string, KeyObject>();

/** Whether `signature` is the key's signature of this subject and body. Never throws on bad input. */
export function isEventSignatureValid(
  publicKey: string,
  keyId: string,
  subject: string,
  body: Uint8Array,
  signature: string,
): boolean {
  if (!/^[A-Za-z0-9_-]{86}$/.test(signature) || !/^[A-Za-z0-9_-]{43}$/.test(publicKey)) return false;
  let key = publicKeys.get(publicKey);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    } catch {
      return false;
    }
    // A handful of station keys per company: the cache stays small.
    if (publicKeys.size > 10_000) publicKeys.clear();
    publicKeys.set(publicKey, key);
  }
  return verify(null, signedBytes(subject, keyId, body), key, signatureBytes(signature));
}
