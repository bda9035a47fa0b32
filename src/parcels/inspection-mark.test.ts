import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createInspectionMark,
  decodeBase32,
  decodeInspectionMark,
  encodeBase32,
  MAX_WAYBILL_LENGTH,
  verifyInspectionMark,
} from './inspection-mark.js';
import type { InspectionMarkInput, InspectionMarkTrust } from './inspection-mark.js';

// Keys from fixed seeds, so every mark (Ed25519 signatures are deterministic) is the same on every run.
function keyFromSeed(seedByte: number): { privateKey: KeyObject; publicKeyPem: string } {
  const pkcs8 = Buffer.concat([
    Buffer.from('302e020100300506032b657004220420', 'hex'),
    Buffer.alloc(32, seedByte),
  ]);
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const publicKeyPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
  return { privateKey, publicKeyPem };
}

const current = keyFromSeed(1);
const retired = keyFromSeed(2);
const stranger = keyFromSeed(3);
const signer = { keyId: 'sign-2025', privateKey: current.privateKey };
const retiredSigner = { keyId: 'sign-2024', privateKey: retired.privateKey };

const INPUT: InspectionMarkInput = {
  waybillNo: 'SF1234567890123',
  siteCode: 'SH-PD-01',
  inspectorId: '0192f3c4-5b6a-7c8d-9e0f-a1b2c3d4e5f6',
  inspectedAt: 1_764_316_800,
  catalogueVersion: '2025.1',
};

function trust(overrides: Partial<InspectionMarkTrust> = {}): InspectionMarkTrust {
  return {
    expectedWaybillNo: INPUT.waybillNo,
    publicKeys: new Map([
      ['sign-2025', current.publicKeyPem],
      ['sign-2024', retired.publicKeyPem],
    ]),
    revokedKeyIds: new Set(),
    ...overrides,
  };
}

// Builds raw mark bytes by hand, for the malformed cases the encoder can never produce.
function rawMark(parts: (number[] | Buffer)[]): string {
  return encodeBase32(Buffer.concat(parts.map((part) => (Buffer.isBuffer(part) ? part : Buffer.from(part)))));
}
const VERSION_AND_TIME = [1, 0x69, 0x29, 0x8b, 0x80];
// Five one-character text fields ("A"): a complete payload up to the signature.
const FIVE_FIELDS = Array.from({ length: 5 }, () => [0x01, 0x41]);

describe('inspection mark', () => {
  it('verifies a fresh mark and gives back what it says', () => {
    const code = createInspectionMark(INPUT, signer);
    expect(verifyInspectionMark(code, trust())).toEqual({
      valid: true,
      mark: { ...INPUT, keyId: 'sign-2025' },
    });
    expect(decodeInspectionMark(code)).toEqual({ ok: true, mark: { ...INPUT, keyId: 'sign-2025' } });
  });

  it('fits a typical mark in 192 QR-alphanumeric characters', () => {
    const code = createInspectionMark(INPUT, signer);
    expect(code).toHaveLength(192);
    expect(code).toMatch(/^[A-Z2-7]+$/);
  });

  // Hubs in the field decode this format: a change here is a new format version, never an edit. The payload
  // reads 01 | 69295680 (inspectedAt) | 4f+12 packed bytes (waybill) | 48+6 (site) | 80+16 (UUID inspector) |
  // 46+5 (catalogue version) | 49+7 (key id), then the 64-byte signature.
  it('keeps the wire format stable', () => {
    expect(createInspectionMark(INPUT, signer)).toBe(
      'AFUSSVUAJ5YPAQQMIFDBZASAAQQMASDRD6MTPYABQAAZF46ELNVHZDM6B6Q3FQ6U4X3EMCAAQX6BASO2ZKY7QIACCTRJELZZFLOPR465C5O6HINSWAAJL4WR6KPQNQ3UOC62J53GWTGVVGDWNF6WOO7MV6G5OBQM4GC2CPI4GZIIZ4Z46PICJ7QACORS6ZYI',
    );
  });

  // Waybills of 15 to 19 characters make marks of 120 to 124 bytes: every remainder modulo 5, so the last
  // character carries 0 to 4 unused bits, and changing those must be caught too.
  it.each([
    'SF1234567890123',
    'SF12345678901234',
    'SF123456789012345',
    'SF1234567890123456',
    'SF12345678901234567',
  ])('rejects the mark of %s after any one character is changed', (waybillNo) => {
    const code = createInspectionMark({ ...INPUT, waybillNo }, signer);
    expect(verifyInspectionMark(code, trust({ expectedWaybillNo: waybillNo })).valid).toBe(true);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    for (let index = 0; index < code.length; index++) {
      const original = code[index] as string;
      const replacement = alphabet[(alphabet.indexOf(original) + 1) % alphabet.length] as string;
      const altered = code.slice(0, index) + replacement + code.slice(index + 1);
      const result = verifyInspectionMark(altered, trust({ expectedWaybillNo: waybillNo }));
      expect(result.valid, `character ${index}`).toBe(false);
    }
  });

  it('rejects a mark issued for another waybill', () => {
    const code = createInspectionMark({ ...INPUT, waybillNo: 'SF9999999999999' }, signer);
    expect(verifyInspectionMark(code, trust())).toMatchObject({ valid: false, reason: 'wrong-waybill' });
  });

  it('rejects a mark signed with a revoked key, known or forgotten', () => {
    const code = createInspectionMark(INPUT, retiredSigner);
    expect(verifyInspectionMark(code, trust()).valid).toBe(true);
    const revoked = new Set(['sign-2024']);
    expect(verifyInspectionMark(code, trust({ revokedKeyIds: revoked }))).toMatchObject({
      valid: false,
      reason: 'revoked-key',
    });
    const forgotten = new Map([['sign-2025', current.publicKeyPem]]);
    expect(
      verifyInspectionMark(code, trust({ revokedKeyIds: revoked, publicKeys: forgotten })),
    ).toMatchObject({
      valid: false,
      reason: 'revoked-key',
    });
  });

  it('calls a forgery under a revoked key id a bad signature, not a revocation', () => {
    const forged = createInspectionMark(INPUT, { keyId: 'sign-2024', privateKey: stranger.privateKey });
    expect(verifyInspectionMark(forged, trust({ revokedKeyIds: new Set(['sign-2024']) }))).toMatchObject({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a mark signed by a key the verifier does not know', () => {
    const code = createInspectionMark(INPUT, { keyId: 'rogue', privateKey: stranger.privateKey });
    expect(verifyInspectionMark(code, trust())).toMatchObject({ valid: false, reason: 'unknown-key' });
  });

  it('rejects a mark signed by another key under a trusted key id', () => {
    const code = createInspectionMark(INPUT, { keyId: 'sign-2025', privateKey: stranger.privateKey });
    expect(verifyInspectionMark(code, trust())).toMatchObject({ valid: false, reason: 'bad-signature' });
  });

  it('reports a wrong waybill only once the signature holds', () => {
    const code = createInspectionMark(
      { ...INPUT, waybillNo: 'YT0000000000001' },
      { keyId: 'sign-2025', privateKey: stranger.privateKey },
    );
    expect(verifyInspectionMark(code, trust())).toMatchObject({ valid: false, reason: 'bad-signature' });
  });

  it.each([
    ['empty', ''],
    ['lower case', createInspectionMark(INPUT, signer).toLowerCase()],
    ['padded', `${createInspectionMark(INPUT, signer)}====`],
    ['digits outside base32', `0${createInspectionMark(INPUT, signer).slice(1)}`],
    ['truncated', createInspectionMark(INPUT, signer).slice(0, -8)],
    ['extended', `${createInspectionMark(INPUT, signer)}AAAAAAAA`],
    ['impossible base32 length', 'AAA'],
    ['non-zero trailing bits', 'MZ'],
    ['a spaced copy', createInspectionMark(INPUT, signer).replace(/(.{8})/g, '$1 ')],
    ['far too long', 'A'.repeat(5000)],
    ['unknown version', rawMark([[2, 0, 0, 0, 0], Buffer.alloc(80)])],
    ['payload without signature', rawMark([VERSION_AND_TIME, ...FIVE_FIELDS])],
    ['short signature', rawMark([VERSION_AND_TIME, ...FIVE_FIELDS, Buffer.alloc(63)])],
    ['zero-length field', rawMark([VERSION_AND_TIME, [0x00], Buffer.alloc(80)])],
    ['unknown field mode', rawMark([VERSION_AND_TIME, [0xc1, 0x41], Buffer.alloc(80)])],
    ['UUID header with a length', rawMark([VERSION_AND_TIME, [0x81], Buffer.alloc(80)])],
    ['control character in a text field', rawMark([VERSION_AND_TIME, [0x01, 0x07], Buffer.alloc(80)])],
    ['waybill longer than 40', rawMark([VERSION_AND_TIME, [0x29], Buffer.alloc(41, 0x41), Buffer.alloc(80)])],
    // One packed character ("A" = 10 = 001010) leaves two padding bits; set them.
    ['stray packed padding bits', rawMark([VERSION_AND_TIME, [0x41, 0b00101011], Buffer.alloc(80)])],
  ])('rejects as malformed: %s', (_name, code) => {
    expect(verifyInspectionMark(code, trust())).toMatchObject({ valid: false, reason: 'malformed' });
    expect(decodeInspectionMark(code)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('round-trips waybill numbers of every length up to 40, packed or plain', () => {
    const packable = 'JT0123456789abcdefghijklmnopqrstuvwxyz-.';
    const plain = 'ZTO_7734/01#A+B:C(1)*[x]!~@$%^&=?<>,;|{}';
    for (const source of [packable, plain]) {
      for (let length = 1; length <= MAX_WAYBILL_LENGTH; length++) {
        const waybillNo = source.slice(0, length);
        const code = createInspectionMark({ ...INPUT, waybillNo }, signer);
        const result = verifyInspectionMark(code, trust({ expectedWaybillNo: waybillNo }));
        expect(result).toEqual({ valid: true, mark: { ...INPUT, waybillNo, keyId: 'sign-2025' } });
      }
    }
  });

  it('round-trips ids that are not canonical UUIDs, and time at both ends of its range', () => {
    const values: Partial<InspectionMarkInput>[] = [
      { inspectorId: '0192F3C4-5B6A-7C8D-9E0F-A1B2C3D4E5F6' },
      { inspectorId: 'staff_42', siteCode: '0192f3c4-5b6a-7c8d-9e0f-a1b2c3d4e5f6' },
      { catalogueVersion: 'x'.repeat(63) },
      { inspectedAt: 0 },
      { inspectedAt: 0xffffffff },
    ];
    for (const change of values) {
      const input = { ...INPUT, ...change };
      const code = createInspectionMark(input, signer);
      expect(decodeInspectionMark(code)).toEqual({ ok: true, mark: { ...input, keyId: 'sign-2025' } });
    }
  });

  it('refuses to create a mark that could not be read back', () => {
    const bad: Partial<InspectionMarkInput>[] = [
      { waybillNo: '' },
      { waybillNo: 'A'.repeat(41) },
      { waybillNo: 'SF 123' },
      { waybillNo: '顺丰123' },
      { siteCode: 'S'.repeat(64) },
      { inspectedAt: -1 },
      { inspectedAt: 1.5 },
      { inspectedAt: 2 ** 32 },
      { inspectedAt: Date.now() * 1000 },
    ];
    for (const change of bad) {
      expect(() => createInspectionMark({ ...INPUT, ...change }, signer)).toThrow(RangeError);
    }
    expect(() =>
      createInspectionMark(INPUT, { keyId: 'k', privateKey: createPublicKey(current.privateKey) }),
    ).toThrow(TypeError);
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect(() => createInspectionMark(INPUT, { keyId: 'k', privateKey: ec.privateKey })).toThrow(TypeError);
  });

  it('fails loudly when a trusted key is not an Ed25519 public key', () => {
    const code = createInspectionMark(INPUT, signer);
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const ecPem = ec.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(() => verifyInspectionMark(code, trust({ publicKeys: new Map([['sign-2025', ecPem]]) }))).toThrow(
      /sign-2025 is not an Ed25519 key/,
    );
    expect(() => verifyInspectionMark(code, trust({ publicKeys: new Map([['sign-2025', 'nope']]) }))).toThrow(
      /sign-2025 is not a valid public key/,
    );
  });
});

describe('base32', () => {
  // RFC 4648 section 10 test vectors, without padding.
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes %j as %s and back', (plain, encoded) => {
    expect(encodeBase32(Buffer.from(plain))).toBe(encoded);
    expect(decodeBase32(encoded)?.toString()).toBe(plain);
  });

  it('rejects what strict base32 does not allow', () => {
    for (const text of ['my', 'MY==', 'M', 'MZX', 'MZXW6Y', 'MZ', 'MZXR'])
      expect(decodeBase32(text)).toBeNull();
  });
});
