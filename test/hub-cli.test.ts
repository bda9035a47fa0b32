// `parcelguard machine` and `parcelguard scans`: the hub gate from the command line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from './cli-runner.js';

describe('parcelguard machine / scans', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-hub-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('registers a machine, lists it, and answers each scan line (an unregistered machine is rejected)', async () => {
    const db = path.join(dir, 'store.db');
    const env = cliEnv({});
    const cli = (args: string[], input?: string) => runCli(['--db', db, ...args], env, input);
    const hub = ['site', 'add', '--code', 'HUB-1', '--name', 'Hub', '--kind', 'hub', '--region', '310104'];
    expect((await cli(hub)).code).toBe(0);
    const sites = JSON.parse((await cli(['site', 'list', '--json'])).stdout) as {
      code: string;
      id: string;
    }[];
    const siteId = sites.find((s) => s.code === 'HUB-1')!.id;
    const register = await cli([
      'machine',
      'register',
      '--code',
      'XR-CLI-1',
      '--site',
      siteId,
      '--maker',
      'Nuctech',
      '--model',
      'CX6040BI',
      '--certificate',
      'CNAS-123',
      '--certified-until',
      '2099-12-31',
      '--calibrated-on',
      '2026-01-01',
    ]);
    expect(register.code, register.stderr).toBe(0);
    expect(JSON.parse(register.stdout)).toMatchObject({ machineCode: 'XR-CLI-1', certifiedToday: true });
    const badStandard = await cli([
      'machine',
      'register',
      '--code',
      'XR-2',
      '--site',
      siteId,
      '--maker',
      'X',
      '--model',
      'Y',
      '--standard',
      'ISO 1',
      '--certificate',
      'C',
      '--certified-until',
      '2099-01-01',
      '--calibrated-on',
      '2026-01-01',
    ]);
    expect(badStandard.code).toBe(1);
    expect(badStandard.stderr).toContain('/standard');
    // The site by its code, as the README writes it (any case); the machine is stored with the site's id.
    const byCode = await cli([
      'machine',
      'register',
      '--code',
      'XR-CLI-3',
      '--site',
      'hub-1',
      '--maker',
      'X',
      '--model',
      'Y',
      '--certificate',
      'C3',
      '--certified-until',
      '2099-01-01',
      '--calibrated-on',
      '2026-01-01',
    ]);
    expect(byCode.code, byCode.stderr).toBe(0);
    expect(JSON.parse(byCode.stdout)).toMatchObject({ machineCode: 'XR-CLI-3', siteId });
    expect((await cli(['machine', 'list', '--site', 'HUB-1'])).stdout).toContain('XR-CLI-3');
    expect((await cli(['machine', 'list'])).stdout).toContain('XR-CLI-1');

    const file = path.join(dir, 'scans.ndjson');
    const scan = (eventId: string, machineCode: string) =>
      JSON.stringify({
        eventId,
        waybillNo: 'SF00000001',
        machineCode,
        operatorId: 'nobody',
        scannedAt: '2026-11-28T09:00:00+08:00',
        result: 'clear',
      });
    writeFileSync(file, `${scan('e1', 'XR-UNKNOWN')}\nnot json\n${scan('e2', 'XR-CLI-1')}\n`);
    const result = await cli(['scans', file]);
    expect(result.code).toBe(1);
    const answers = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(answers.map((answer) => answer.status)).toEqual([422, 400, 422]);
    expect(answers[0]).toMatchObject({ eventId: 'e1', problem: { code: 'machine-not-certified' } });
    expect(answers[2]).toMatchObject({ eventId: 'e2', problem: { code: 'unknown-reference' } });
    expect(result.stderr).toContain('0 recorded, 0 already recorded, 3 rejected');
    // Not a terminal here: the progress line is written once, at the end.
    expect(result.stderr).toMatch(/\] 3\/3 lines {2}\d+\/s\n/);
  });
});
