// The browser's verifiers against the server's own code: canonical JSON byte for byte (and known outputs),
// RFC 6962 roots and inclusion paths, Ed25519 statements and parcel proofs, and tampering of each part.
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inclusionPath, merkleRoot as serverRoot } from '../../../../src/audit/audit-chain';
import { canonicalJson as serverCanonicalJson } from '../../../../src/platform/canonical-json';
import {
  buildProof,
  gateRecord,
  recordDigest as serverRecordDigest,
  recordsRoot,
  sortRecords,
  statementMessage,
  type AttestationStatement,
  type SignedStatement,
} from '../../../../src/reports/attestation';
import { emptyCounts } from '../../../../src/reports/coverage';
import { canonicalJson } from './canonicalJson';
import { merkleRoot, rootFromInclusionPath, sha256Hex } from './merkle';
import {
  base64ToBytes,
  recordDigest,
  verifyCheckpoint,
  verifyInclusionProof,
  verifySignedStatement,
} from './verify';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('canonical JSON', () => {
  const known: [unknown, string][] = [
    [null, 'null'],
    [true, 'true'],
    [0, '0'],
    [-1.5, '-1.5'],
    [1e21, '1e+21'],
    ['a"b\\c\n\u2028', '"a\\"b\\\\c\\n\u2028"'],
    ['中文', '"中文"'],
    [[1, undefined, 'x'], '[1,null,"x"]'],
    [{ b: 1, a: 2, c: undefined }, '{"a":2,"b":1}'],
    [{ Z: 1, a: 2, _: 3, '10': 4, '9': 5 }, '{"10":4,"9":5,"Z":1,"_":3,"a":2}'],
    [
      { nested: { y: [], x: {} }, list: [{ b: null, a: false }] },
      '{"list":[{"a":false,"b":null}],"nested":{"x":{},"y":[]}}',
    ],
    [{ é: 1, e: 2, '\u{1F600}': 3, '\uFFFF': 4 }, '{"e":2,"é":1,"\u{1F600}":3,"\uFFFF":4}'],
  ];
  it('gives the known outputs', () => {
    for (const [value, text] of known) expect(canonicalJson(value)).toBe(text);
  });
  it('gives the same bytes as the server', () => {
    for (const [value] of known) expect(canonicalJson(value)).toBe(serverCanonicalJson(value));
  });
  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });
});

describe('RFC 6962 Merkle tree', () => {
  it('gives the server’s root and verifies every inclusion path, for every size up to 17', async () => {
    for (let size = 0; size <= 17; size += 1) {
      const leaves = await Promise.all(Array.from({ length: size }, (_, i) => sha256Hex(`leaf ${i}`)));
      const root = serverRoot(leaves);
      expect(await merkleRoot(leaves)).toBe(root);
      for (let index = 0; index < size; index += 1) {
        const path = inclusionPath(leaves, index);
        expect(await rootFromInclusionPath(leaves[index]!, index, size, path)).toBe(root);
        if (size > 1) {
          expect(await rootFromInclusionPath(leaves[(index + 1) % size]!, index, size, path)).not.toBe(root);
          expect(await rootFromInclusionPath(leaves[index]!, index, size, path.slice(1))).not.toBe(root);
        }
      }
    }
  });
  it('knows the empty tree and refuses impossible positions', async () => {
    expect(await merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const leaf = await sha256Hex('x');
    expect(await rootFromInclusionPath(leaf, 1, 1, [])).toBeNull();
    expect(await rootFromInclusionPath(leaf, -1, 2, [leaf])).toBeNull();
    expect(await rootFromInclusionPath('not hex', 0, 1, [])).toBeNull();
    expect(await rootFromInclusionPath(leaf, 0, 2, ['zz'])).toBeNull();
  });
});

describe('attestations verified with the public key', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const keys = [{ keyId: 'k1', publicKeyPem }];
  const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const records = sortRecords(
    ['SF1003', 'SF1001', 'SF1002', 'SF1005', 'SF1004'].map((waybillNo, i) =>
      gateRecord({
        waybillNo,
        siteId: 'site-1',
        day: '2026-12-04',
        createdAt: 1_796_000_000_000 + i,
        state: i === 2 ? 'dispatched' : 'accepted',
        gateKind: 'sender',
        gateDecision: 'pass',
        inspectionOutcome: 'consistent',
        inspectionMark: `mark-${i}`,
        screenedAt: i === 2 ? 1_796_000_100_000 : null,
        screenedByScan: i === 2 ? 'scan-1' : null,
        dispatchedAt: i === 2 ? 1_796_000_200_000 : null,
      }),
    ),
  );
  const statement: AttestationStatement = {
    format: 'parcelguard.coverage-attestation.v1',
    attestationId: 'att-1',
    day: '2026-12-04',
    siteId: 'site-1',
    counts: { ...emptyCounts(), presented: 5, accepted: 5, refusedByReason: { 'identity:expired': 0 } },
    merkleRoot: recordsRoot(records),
    treeSize: records.length,
    leafFormat: 'parcelguard.gate-record.v1',
    signedAt: 1_796_100_000_000,
    keyId: 'k1',
  };
  const signed: SignedStatement = {
    format: 'parcelguard.signed-coverage-attestation.v1',
    statement,
    signature: sign(null, Buffer.from(statementMessage(statement)), privateKey).toString('base64url'),
  };
  // What the browser receives: the JSON of it, parsed.
  const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const listed = {
    id: 'att-1',
    day: '2026-12-04',
    siteId: 'site-1',
    merkleRoot: statement.merkleRoot,
    leafCount: 5,
  };
  const digests = records.map((record) => serverRecordDigest(record));

  it('hashes a gate record as the server does', async () => {
    expect(await recordDigest(wire(records[0]))).toBe(digests[0]);
  });

  it('verifies a signed statement and says which checks passed', async () => {
    const result = await verifySignedStatement(wire(signed), keys, listed);
    expect(result.verified).toBe(true);
    expect(result.checks.map((check) => check.code)).toEqual([
      'signedFormat',
      'statementFormat',
      'key',
      'signature',
      'listed',
    ]);
  });

  it('does not verify a changed count, a changed signature, another key or an unknown key', async () => {
    const changed = wire(signed);
    changed.statement.counts.presented = 6;
    const failed = await verifySignedStatement(changed, keys);
    expect(failed.verified).toBe(false);
    expect(failed.checks.find((check) => !check.ok)?.code).toBe('signature');

    const badSignature = wire(signed);
    const at = 10;
    const changedChar = BASE64URL[(BASE64URL.indexOf(badSignature.signature[at]!) + 1) % 64];
    badSignature.signature = `${badSignature.signature.slice(0, at)}${changedChar}${badSignature.signature.slice(at + 1)}`;
    expect((await verifySignedStatement(badSignature, keys)).verified).toBe(false);

    // The same 64 bytes spelled otherwise (an unused low bit of the last character set): atob accepts it.
    const respelled = wire(signed);
    const last = BASE64URL.indexOf(respelled.signature.at(-1)!);
    respelled.signature = `${respelled.signature.slice(0, -1)}${BASE64URL[last ^ 1]}`;
    expect(base64ToBytes(respelled.signature)).toBeNull();
    expect((await verifySignedStatement(respelled, keys)).verified).toBe(false);

    expect((await verifySignedStatement(wire(signed), [{ keyId: 'k1', publicKeyPem: other }])).verified).toBe(
      false,
    );
    const unknown = await verifySignedStatement(wire(signed), [{ keyId: 'k2', publicKeyPem }]);
    expect(unknown.checks.find((check) => !check.ok)?.code).toBe('key');
    const notListed = await verifySignedStatement(wire(signed), keys, { ...listed, leafCount: 4 });
    expect(notListed.checks.find((check) => !check.ok)?.code).toBe('listed');
    expect((await verifySignedStatement({ format: 'other' }, keys)).verified).toBe(false);
    expect((await verifySignedStatement('nonsense', keys)).verified).toBe(false);
  });

  it('verifies every parcel’s inclusion proof, and not a tampered one', async () => {
    for (let index = 0; index < records.length; index += 1) {
      const proof = wire(buildProof(records[index]!, index, digests, signed, publicKeyPem));
      const result = await verifyInclusionProof(proof, keys, {
        signed: wire(signed),
        waybillNo: records[index]!.waybillNo.toLowerCase(),
      });
      expect(result.verified).toBe(true);
    }
    const proof = wire(buildProof(records[2]!, 2, digests, signed, publicKeyPem));
    const failing = async (change: (copy: typeof proof) => void, code: string, waybillNo = 'SF1003') => {
      const copy = wire(proof);
      change(copy);
      const result = await verifyInclusionProof(copy, keys, { signed: wire(signed), waybillNo });
      expect(result.verified).toBe(false);
      expect(result.checks.find((check) => !check.ok)?.code).toBe(code);
    };
    await failing((copy) => (copy.record.state = 'delivered'), 'root');
    await failing((copy) => (copy.record.intakeAt += 1), 'root');
    await failing((copy) => (copy.leafIndex = 3), 'root');
    await failing(
      (copy) => (copy.path[0] = copy.path[0]!.replace(/^./, (c) => (c === '0' ? '1' : '0'))),
      'root',
    );
    await failing((copy) => copy.path.pop(), 'root');
    await failing((copy) => (copy.treeSize = 6), 'treeSize');
    await failing((copy) => (copy.record.day = '2026-12-05'), 'recordDay');
    await failing((copy) => (copy.record.siteId = 'site-2'), 'recordSite');
    await failing((copy) => (copy.attestation.statement.merkleRoot = '00'.repeat(32)), 'signature');
    await failing(() => undefined, 'waybill', 'SF1004');
    await failing((copy) => ((copy as { format: string }).format = 'x'), 'proofFormat');
    const elsewhere = await verifyInclusionProof(wire(proof), keys, {
      signed: { ...wire(signed), signature: 'x' },
    });
    expect(elsewhere.checks.find((check) => !check.ok)?.code).toBe('sameStatement');
  });

  it('verifies an audit checkpoint signature as the server signs it', async () => {
    const body = {
      fromSeq: 1,
      toSeq: 9,
      merkleRoot: 'ab'.repeat(32),
      headHash: 'cd'.repeat(32),
      signedAt: 5,
      keyId: 'k1',
    };
    const signature = sign(
      null,
      Buffer.from(serverCanonicalJson({ type: 'parcelguard.audit-checkpoint.v1', ...body })),
      privateKey,
    ).toString('base64url');
    expect(await verifyCheckpoint({ ...body, signature }, keys)).toBe(true);
    expect(await verifyCheckpoint({ ...body, toSeq: 10, signature }, keys)).toBe(false);
  });
});
