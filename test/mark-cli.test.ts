import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createInspectionMark } from '../src/parcels/inspection-mark.js';
import { cliEnv, runCli } from './cli-runner.js';

describe('parcelguard mark verify (offline, public key only)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-mark-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the right mark and rejects another waybill or an altered code', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const keyFile = path.join(dir, 'public.pem');
    writeFileSync(keyFile, publicKey.export({ format: 'pem', type: 'spki' }).toString());
    const mark = createInspectionMark(
      {
        waybillNo: 'SF1234567890',
        siteCode: 'SH-OUT-01',
        inspectorId: 'courier-7',
        inspectedAt: 1795890000,
        catalogueVersion: '2025.1',
      },
      { keyId: 's-1', privateKey },
    );
    const verify = (code: string, waybill: string) =>
      runCli(['mark', 'verify', code, '--waybill', waybill, '--public-key', keyFile], cliEnv({}));
    const ok = await verify(mark, 'SF1234567890');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, mark: { siteCode: 'SH-OUT-01' } });
    const other = await verify(mark, 'SF0000000000');
    expect(other.code).toBe(1);
    expect(JSON.parse(other.stdout)).toMatchObject({ valid: false, reason: 'wrong-waybill' });
    const altered = await verify(`${mark.slice(0, -1)}${mark.endsWith('A') ? 'B' : 'A'}`, 'SF1234567890');
    expect(altered.code).toBe(1);
  });
});
