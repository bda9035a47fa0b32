// The inspection mark (验视标识): who inspected a parcel, where and when, printed on the waybill as a code any
// hub verifies offline with the public key alone. Pure: no I/O, no clock; the caller supplies every value.
//
// Wire format, version 1 (all integers big-endian):
//   u8  format version (1)
//   u32 inspectedAt, epoch seconds (seconds, not milliseconds: two bytes less on paper, and no one needs the
//       inspection time to the millisecond)
//   field waybillNo · field siteCode · field inspectorId · field catalogueVersion · field keyId
//   64 bytes Ed25519 signature over SIGNING_CONTEXT ‖ everything above
// A field is one header byte, mode (2 high bits) and length (6 low bits), then its bytes:
//   mode 0  printable ASCII, one byte per character
//   mode 1  packed: characters of PACKED_ALPHABET, six bits each, zero-padded to a whole byte
//   mode 2  a canonical lower-case UUID as its 16 raw bytes (length bits 0); staff ids are UUIDv7
// The encoder always picks the shortest mode, so one payload has one encoding.
//
// Text encoding: RFC 4648 base32, upper case, no padding. Its 32 characters all belong to the QR alphanumeric
// set, which costs 5.5 bits per character against 8 for base64url in QR byte mode: 192 base32 characters
// (1,056 bits) make a smaller QR code than the 160 base64url characters of the same bytes (1,280 bits).
// A typical mark (15-character waybill, 8-character site code, UUID inspector, "2025.1", "sign-2025") is
// 120 bytes, 192 characters. Decoding is strict (upper case only, no padding, zero trailing bits), so no
// two strings decode to the same mark and any altered character is rejected.
import { createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** What a mark says, as decoded; `inspectedAt` is in epoch seconds. */
export interface InspectionMark {
  waybillNo: string;
  /** The inspecting site's code (or id). */
  siteCode: string;
  /** The inspector's staff id. */
  inspectorId: string;
  inspectedAt: number;
  /** Version of the prohibited-items catalogue the inspector worked from. */
  catalogueVersion: string;
  /** The signing key's id: verifiers pick the public key by it. */
  keyId: string;
}

/** What the caller supplies to create a mark; the key id comes from the signer. */
export type InspectionMarkInput = Omit<InspectionMark, 'keyId'>;

/** The key that signs marks: an Ed25519 private key and the id hubs know its public key by. */
export interface InspectionMarkSigner {
  keyId: string;
  privateKey: KeyObject;
}

/** The result of decoding a mark without checking its signature. */
export type DecodedInspectionMark =
  { ok: true; mark: InspectionMark } | { ok: false; reason: 'malformed'; message: string };

/** Why a mark does not vouch for a parcel. */
export type InspectionMarkRejection =
  'malformed' | 'bad-signature' | 'wrong-waybill' | 'unknown-key' | 'revoked-key';

/** The result of verifying a mark. */
export type InspectionMarkCheck =
  { valid: true; mark: InspectionMark } | { valid: false; reason: InspectionMarkRejection; message: string };

/** What a verifier trusts: public keys (SPKI PEM) by key id, and the ids of keys no longer trusted. */
export interface InspectionMarkTrust {
  expectedWaybillNo: string;
  publicKeys: ReadonlyMap<string, string>;
  revokedKeyIds: ReadonlySet<string>;
}

/** Longest waybill number a mark carries. */
export const MAX_WAYBILL_LENGTH = 40;
/** Longest value of any other text field (six length bits). */
export const MAX_MARK_FIELD_LENGTH = 63;

const FORMAT_VERSION = 1;
const SIGNATURE_BYTES = 64;
// Domain separation: the same Ed25519 keys sign audit checkpoints (canonical JSON). Prefixing what a mark
// signs means no checkpoint signature can ever pass for a mark, nor the reverse.
const SIGNING_CONTEXT = Buffer.from('parcelguard.inspection-mark.v1\n', 'ascii');

const MODE_TEXT = 0;
const MODE_PACKED = 1;
const MODE_UUID = 2;
const UUID_BYTES = 16;
const PACKED_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-.';
const PACKED_VALUE = new Map([...PACKED_ALPHABET].map((character, index) => [character, index]));
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Printable ASCII without the space: waybill numbers, codes and ids never contain one.
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE32_VALUE = new Map([...BASE32_ALPHABET].map((character, index) => [character, index]));
// The longest possible mark: every field at its longest, one byte per character.
const MAX_MARK_BYTES = 1 + 4 + (1 + MAX_WAYBILL_LENGTH) + 4 * (1 + MAX_MARK_FIELD_LENGTH) + SIGNATURE_BYTES;
const MAX_CODE_LENGTH = Math.ceil((MAX_MARK_BYTES * 8) / 5);

/** Encodes bytes as RFC 4648 base32, upper case, without padding. */
export function encodeBase32(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      output += BASE32_ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) output += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return output;
}

/** Decodes strict base32 (upper case, no padding, zero trailing bits); null for anything else. */
export function decodeBase32(text: string): Buffer | null {
  // Lengths 1, 3 and 6 (mod 8) cannot come from whole bytes.
  if ([1, 3, 6].includes(text.length % 8)) return null;
  const output = Buffer.alloc(Math.floor((text.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let offset = 0;
  for (const character of text) {
    const value = BASE32_VALUE.get(character);
    if (value === undefined) return null;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      output[offset++] = (buffer >> bits) & 0xff;
    }
  }
  // Non-zero leftover bits would let two strings carry the same bytes.
  if ((buffer & ((1 << bits) - 1)) !== 0) return null;
  return output;
}

// Thrown inside the decoder only; decodeInspectionMark turns it into a `malformed` answer.
class MalformedMarkError extends Error {}

function encodeField(value: string, name: string, maxLength: number): Buffer {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new RangeError(`inspection mark ${name} must be 1-${maxLength} characters`);
  }
  if (CANONICAL_UUID.test(value)) {
    return Buffer.concat([Buffer.of(MODE_UUID << 6), Buffer.from(value.replaceAll('-', ''), 'hex')]);
  }
  if (!PRINTABLE_ASCII.test(value)) {
    throw new RangeError(`inspection mark ${name} must be printable ASCII without spaces`);
  }
  if ([...value].every((character) => PACKED_VALUE.has(character))) {
    const packed = Buffer.alloc(Math.ceil((value.length * 6) / 8));
    let buffer = 0;
    let bits = 0;
    let offset = 0;
    for (const character of value) {
      buffer = ((buffer << 6) | (PACKED_VALUE.get(character) as number)) & 0xffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        packed[offset++] = (buffer >> bits) & 0xff;
      }
    }
    if (bits > 0) packed[offset] = (buffer << (8 - bits)) & 0xff;
    return Buffer.concat([Buffer.of((MODE_PACKED << 6) | value.length), packed]);
  }
  return Buffer.concat([Buffer.of((MODE_TEXT << 6) | value.length), Buffer.from(value, 'ascii')]);
}

// Reads a mark's bytes front to back; every read checks its bounds.
class MarkReader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  get position(): number {
    return this.offset;
  }

  take(count: number, what: string): Buffer {
    if (count > this.remaining) throw new MalformedMarkError(`the mark ends inside ${what}`);
    const slice = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }

  field(name: string, maxLength: number): string {
    const header = this.take(1, name)[0] as number;
    const mode = header >> 6;
    const length = header & 0x3f;
    if (mode === MODE_UUID) {
      if (length !== 0) throw new MalformedMarkError(`${name} has a UUID header with a length`);
      const hex = this.take(UUID_BYTES, name).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
    if (length === 0 || length > maxLength) {
      throw new MalformedMarkError(`${name} is ${length} characters long; 1-${maxLength} are allowed`);
    }
    if (mode === MODE_TEXT) {
      const text = this.take(length, name).toString('latin1');
      if (!PRINTABLE_ASCII.test(text)) throw new MalformedMarkError(`${name} is not printable ASCII`);
      return text;
    }
    if (mode === MODE_PACKED) {
      const packed = this.take(Math.ceil((length * 6) / 8), name);
      let text = '';
      let buffer = 0;
      let bits = 0;
      for (const byte of packed) {
        buffer = ((buffer << 8) | byte) & 0xffff;
        bits += 8;
        while (bits >= 6 && text.length < length) {
          bits -= 6;
          text += PACKED_ALPHABET[(buffer >> bits) & 0x3f];
        }
      }
      if ((buffer & ((1 << bits) - 1)) !== 0) throw new MalformedMarkError(`${name} has stray padding bits`);
      return text;
    }
    throw new MalformedMarkError(`${name} uses an unknown encoding mode ${mode}`);
  }
}

/** Creates the printable code of an inspection mark, signed with the signer's Ed25519 key. */
export function createInspectionMark(input: InspectionMarkInput, signer: InspectionMarkSigner): string {
  if (signer.privateKey.type !== 'private' || signer.privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('inspection marks are signed with an Ed25519 private key');
  }
  const { inspectedAt } = input;
  if (!Number.isInteger(inspectedAt) || inspectedAt < 0 || inspectedAt > 0xffffffff) {
    throw new RangeError('inspection mark inspectedAt must be whole epoch seconds between 1970 and 2106');
  }
  const time = Buffer.alloc(4);
  time.writeUInt32BE(inspectedAt);
  const payload = Buffer.concat([
    Buffer.of(FORMAT_VERSION),
    time,
    encodeField(input.waybillNo, 'waybillNo', MAX_WAYBILL_LENGTH),
    encodeField(input.siteCode, 'siteCode', MAX_MARK_FIELD_LENGTH),
    encodeField(input.inspectorId, 'inspectorId', MAX_MARK_FIELD_LENGTH),
    encodeField(input.catalogueVersion, 'catalogueVersion', MAX_MARK_FIELD_LENGTH),
    encodeField(signer.keyId, 'keyId', MAX_MARK_FIELD_LENGTH),
  ]);
  const signature = sign(null, Buffer.concat([SIGNING_CONTEXT, payload]), signer.privateKey);
  return encodeBase32(Buffer.concat([payload, signature]));
}

interface ParsedMark {
  mark: InspectionMark;
  signedMessage: Buffer;
  signature: Buffer;
}

function parseMark(code: string): ParsedMark {
  if (typeof code !== 'string' || code.length === 0) throw new MalformedMarkError('the mark is empty');
  if (code.length > MAX_CODE_LENGTH) {
    throw new MalformedMarkError(`the mark is ${code.length} characters long; at most ${MAX_CODE_LENGTH}`);
  }
  const bytes = decodeBase32(code);
  if (bytes === null) {
    throw new MalformedMarkError('the mark is not upper-case base32 without padding');
  }
  const reader = new MarkReader(bytes);
  const version = reader.take(1, 'the format version')[0];
  if (version !== FORMAT_VERSION) throw new MalformedMarkError(`unknown mark format version ${version}`);
  const inspectedAt = reader.take(4, 'inspectedAt').readUInt32BE(0);
  const waybillNo = reader.field('waybillNo', MAX_WAYBILL_LENGTH);
  const siteCode = reader.field('siteCode', MAX_MARK_FIELD_LENGTH);
  const inspectorId = reader.field('inspectorId', MAX_MARK_FIELD_LENGTH);
  const catalogueVersion = reader.field('catalogueVersion', MAX_MARK_FIELD_LENGTH);
  const keyId = reader.field('keyId', MAX_MARK_FIELD_LENGTH);
  const payloadLength = reader.position;
  if (reader.remaining !== SIGNATURE_BYTES) {
    throw new MalformedMarkError(
      `expected a ${SIGNATURE_BYTES}-byte signature after the payload, found ${reader.remaining} bytes`,
    );
  }
  return {
    mark: { waybillNo, siteCode, inspectorId, inspectedAt, catalogueVersion, keyId },
    signedMessage: Buffer.concat([SIGNING_CONTEXT, bytes.subarray(0, payloadLength)]),
    signature: bytes.subarray(payloadLength),
  };
}

/** Reads a mark WITHOUT checking its signature: for display only; trust only verifyInspectionMark. */
export function decodeInspectionMark(code: string): DecodedInspectionMark {
  try {
    return { ok: true, mark: parseMark(code).mark };
  } catch (error) {
    if (error instanceof MalformedMarkError)
      return { ok: false, reason: 'malformed', message: error.message };
    throw error;
  }
}

// Parsing a PEM costs more than verifying a signature; a hub checks thousands of marks with a handful of keys.
const parsedKeys = new Map<string, KeyObject>();
const PARSED_KEY_CACHE_LIMIT = 64;

function publicKeyFrom(pem: string, keyId: string): KeyObject {
  let key = parsedKeys.get(pem);
  if (key === undefined) {
    try {
      key = createPublicKey(pem);
    } catch {
      throw new TypeError(`trusted key ${keyId} is not a valid public key (SPKI PEM)`);
    }
    // A misconfigured trust store is the verifier's fault, not the mark's: fail loudly instead of rejecting.
    if (key.asymmetricKeyType !== 'ed25519')
      throw new TypeError(`trusted key ${keyId} is not an Ed25519 key`);
    if (parsedKeys.size >= PARSED_KEY_CACHE_LIMIT) parsedKeys.clear();
    parsedKeys.set(pem, key);
  }
  return key;
}

/**
 * Verifies a mark offline: well-formed, signed by a trusted key that is not revoked, for the expected waybill.
 * Throws only when a trusted public key is not a valid Ed25519 key (a configuration error).
 */
export function verifyInspectionMark(code: string, trust: InspectionMarkTrust): InspectionMarkCheck {
  let parsed: ParsedMark;
  try {
    parsed = parseMark(code);
  } catch (error) {
    if (error instanceof MalformedMarkError)
      return { valid: false, reason: 'malformed', message: error.message };
    throw error;
  }
  const { mark } = parsed;
  const revoked = trust.revokedKeyIds.has(mark.keyId);
  const pem = trust.publicKeys.get(mark.keyId);
  if (pem === undefined) {
    return revoked
      ? { valid: false, reason: 'revoked-key', message: `key ${mark.keyId} is revoked` }
      : { valid: false, reason: 'unknown-key', message: `key ${mark.keyId} is not a trusted key` };
  }
  // The signature comes before the revocation and waybill checks: until it verifies, nothing the mark says
  // (its waybill, even its key id) is known to be true.
  if (!verify(null, parsed.signedMessage, publicKeyFrom(pem, mark.keyId), parsed.signature)) {
    return { valid: false, reason: 'bad-signature', message: 'the signature does not match the mark' };
  }
  if (revoked) {
    return { valid: false, reason: 'revoked-key', message: `key ${mark.keyId} is revoked` };
  }
  if (mark.waybillNo !== trust.expectedWaybillNo) {
    return { valid: false, reason: 'wrong-waybill', message: 'the mark was issued for another waybill' };
  }
  return { valid: true, mark };
}
