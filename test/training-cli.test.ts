import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { adminContext, createSite, createStaffMember } from '../src/testing/test-app.js';
import { createCourse } from '../src/testing/training-factories.js';
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

describe('parcelguard training (on a store)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-training-'));
  const db = path.join(dir, 'store.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => runCli(['--db', db, ...args], cliEnv({}));

  it('imports attendance with per-line errors, and exports a certificate that verifies until revoked', async () => {
    // The store and its demo key file, as the CLI will find them beside --db.
    const app = await createApp(loadConfig({ PARCELGUARD_DATA_DIR: dir, DATABASE_URL: `sqlite:${db}` }), {
      logger: createLogger('silent'),
    });
    let sessionId: string;
    let username: string;
    let certificateId: string;
    try {
      const site = await createSite(app);
      const { staff } = await createStaffMember(app, ['courier'], site.id);
      username = staff.username;
      const course = await createCourse(app, 'national-security-awareness');
      const now = app.clock.now();
      sessionId = (
        await app.training.scheduleSession(adminContext(), {
          courseId: course.id,
          siteId: site.id,
          trainerId: staff.id,
          startsAt: now,
          endsAt: now + 3_600_000,
          mode: 'online',
        })
      ).id;
      certificateId = (
        await app.training.issueManualCertificate(adminContext(), {
          staffId: staff.id,
          courseId: course.id,
          validFrom: new Date(now + 8 * 3_600_000).toISOString().slice(0, 10),
          reason: 'trained at the previous employer, record on file',
        })
      ).id;
    } finally {
      await app.close();
    }

    const sheet = path.join(dir, 'sheet.csv');
    writeFileSync(
      sheet,
      `session,username,status\n${sessionId},${username},attended\n${sessionId},ghost,attended\n`,
    );
    const imported = await cli('training', 'import-attendance', sheet);
    expect(imported.code).toBe(1);
    expect(imported.stdout).toContain('1 recorded, 1 refused');
    expect(imported.stderr).toContain('line 3: unknown-reference');

    const file = path.join(dir, 'cert.json');
    expect((await cli('training', 'export-certificate', certificateId, '--out', file)).code).toBe(0);
    const valid = await cli('training', 'verify-certificate', file);
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({ valid: true, revoked: false });
    expect(
      (await cli('training', 'revoke', certificateId, '--reason', 'record found to be forged')).code,
    ).toBe(0);
    const revoked = await cli('training', 'verify-certificate', file);
    expect(revoked.code).toBe(1);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ valid: true, revoked: true });
  });
});
