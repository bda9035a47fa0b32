// Commands that only read never create key material: beside no data directory they would otherwise print (or check
// against) a key nobody uses, with no word of warning.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from './cli-runner.js';

describe('read-only CLI commands and key material', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-read-only-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fail naming the missing key file and variables, and create nothing', async () => {
    const dataDir = path.join(dir, 'no-such-data');
    const env = cliEnv({ PARCELGUARD_DATA_DIR: dataDir });
    for (const args of [
      ['audit', 'public-key'],
      ['sender', 'show', 'x'],
      ['site', 'list'],
    ]) {
      const result = await runCli(args, env);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(path.join(dataDir, 'keys.json'));
      expect(result.stderr).toContain('PARCELGUARD_KEY_FILE');
      expect(result.stderr).toContain('PARCELGUARD_KEYS');
      expect(existsSync(dataDir)).toBe(false);
    }
  });

  it('print the key a writer created, the same each time', async () => {
    const db = path.join(dir, 'store.db');
    const env = cliEnv({});
    const cli = (...args: string[]) => runCli(['--db', db, ...args], env);
    const added = await cli(
      'site',
      'add',
      '--code',
      'RO-1',
      '--name',
      'Outlet',
      '--kind',
      'outlet',
      '--region',
      '310104',
    );
    expect(added.code, added.stderr).toBe(0);
    const first = await cli('audit', 'public-key');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('BEGIN PUBLIC KEY');
    expect((await cli('audit', 'public-key')).stdout).toBe(first.stdout);
  });
});
