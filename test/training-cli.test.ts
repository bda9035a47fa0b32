import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { certificateSigningBytes } from '../src/training/certificate-signing.js';
import type { CertificateStatement } from '../src/training/training.types.js';
import { cliEnv, runCli } from './cli-runner.js';

describe('parcelguard training verify-certificate (offline, public key only)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-cert-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a signed certificate and refuses a tampered one', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const keyFile = path.join(dir, 'public.pem');
    writeFileSync(keyFile, publicKey.export({ format: 'pem', type: 'spki' }).toString());
    const statement: CertificateStatement = {
      format: 'parcelguard.training-certificate.v1',
      certificateId: '0193a000-0000-7000-8000-000000000001',
      verificationCode: 'TC-ABCD-EFGH-JKLM',
      staffId: '0193a000-0000-7000-8000-000000000002',
      username: 'li.courier',
      courseCode: 'PII-2026',
      courseKind: 'prohibited-items-identification',
      certification: 'prohibited-items-identification',
      contentVersion: '2026.1',
      score: 90,
      validFrom: '2026-03-01',
      validUntil: '2027-02-28',
      source: 'assessment',
      issuedAt: 1772330400000,
    };
    const signature = sign(null, certificateSigningBytes(statement), privateKey).toString('base64url');
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ statement, keyId: 's-1', signature }));
    const tampered = path.join(dir, 'tampered.json');
    writeFileSync(
      tampered,
      JSON.stringify({ statement: { ...statement, score: 100 }, keyId: 's-1', signature }),
    );
    const verify = (file: string) =>
      runCli(
        ['training', 'verify-certificate', file, '--public-key', keyFile, '--on', '2026-06-01'],
        cliEnv({}),
      );

    const ok = await verify(good);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      valid: true,
      validOn: true,
      statement: { username: 'li.courier' },
    });
    const bad = await verify(tampered);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, reason: 'bad-signature' });
  });
});
