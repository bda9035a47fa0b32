import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from './cli-runner.js';

describe('parcelguard CLI (SQLite file)', () => {
  let dir: string;
  let db: string;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCli(['--db', db, ...args], env);

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-cli-'));
    db = path.join(dir, 'store.db');
    env = cliEnv({});
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates, registers sites, users and API keys', async () => {
    expect((await cli('migrate')).stdout).toMatch(/Migrations applied|up to date/);
    expect((await cli('migrate')).stdout).toContain('up to date');
    const site = await cli(
      'site',
      'add',
      '--code',
      'hz-out-1',
      '--name',
      'Hangzhou outlet',
      '--kind',
      'outlet',
      '--region',
      '330106',
    );
    expect(site.code).toBe(0);
    expect(site.stdout).toContain('HZ-OUT-1');
    const user = await cli(
      'user',
      'add',
      '--username',
      'wang.wu',
      '--name',
      '王五',
      '--site',
      'HZ-OUT-1',
      '--roles',
      'courier',
    );
    expect(user.code).toBe(0);
    expect(user.stdout).toMatch(/Password \(shown once\): \S+/);
    const list = await cli('user', 'list');
    expect(list.stdout).toContain('wang.wu');
    const key = await cli(
      'apikey',
      'create',
      '--name',
      'order system',
      '--site',
      'HZ-OUT-1',
      '--role',
      'order-system',
    );
    expect(key.stdout).toMatch(/Key \(shown once\): pgk_/);
    const id = /API key (\w+) issued/.exec(key.stdout)![1]!;
    expect((await cli('apikey', 'revoke', id)).code).toBe(0);
    expect(readFileSync(path.join(dir, 'keys.json'), 'utf8')).toContain('"encryption"');
  }, 240_000); // A dozen CLI processes, each starting the app: minutes on a busy machine.

  it('answers bad input with exit code 1 and a message naming the field', async () => {
    const result = await cli(
      'site',
      'add',
      '--code',
      'x',
      '--name',
      'n',
      '--kind',
      'depot',
      '--region',
      '31',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\/kind: must be one of outlet, hub/);
    expect(result.stderr).toMatch(/\/regionCode/);
  });

  it('verifies the audit log, proves an entry offline, and rotates keys', async () => {
    const verified = await cli('audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Audit log intact');
    const proofFile = path.join(dir, 'proof.json');
    expect((await cli('audit', 'prove', '3', '--out', proofFile)).code).toBe(0);
    const publicKey = await cli('audit', 'public-key');
    const keyFile = path.join(dir, 'public.pem');
    (await import('node:fs')).writeFileSync(keyFile, publicKey.stdout);
    const offline = await runCli(['audit', 'verify-proof', proofFile, '--public-key', keyFile], env);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain('Proof valid');
    const rotated = await cli('keys', 'rotate');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/staff: \d+ value/);
    expect((await cli('user', 'list')).stdout).toContain('wang.wu');
    expect((await cli('audit', 'verify')).code).toBe(0);
  });

  it('exits 1 and names the first bad sequence number when a row is edited', async () => {
    const sqlite = new Database(db);
    sqlite.prepare("update audit_entries set actor_id = 'intruder' where seq = 4").run();
    sqlite.close();
    const result = await cli('audit', 'verify');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('sequence number 4');
    const json = await cli('audit', 'verify', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('screens NDJSON in order, answering a malformed line for itself, and one description', async () => {
    const input = [
      '{"description":"仿真手枪"}',
      'not json',
      '',
      '{"description":"蔬菜种子","route":"inbound"}',
      '{"route":"x"}',
    ].join('\n');
    const result = await runCli(['screen'], env, `${input}\n`);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ verdict: 'prohibited', category: 'firearms' });
    expect(lines[0]!.catalogueVersion).toEqual(expect.any(String));
    expect(lines[1]).toHaveProperty('error');
    expect(lines[2]).toMatchObject({ verdict: 'prohibited', category: 'alien-species' });
    expect(lines[3]).toHaveProperty('error');
    const one = await runCli(['screen', '手枪钻'], env);
    expect(JSON.parse(one.stdout)).toMatchObject({ verdict: 'clear' });
  });

  it('checks identity documents as NDJSON, in order', async () => {
    const input = [
      '{"type":"resident-id","number":"11010519491231002X"}',
      '{oops',
      '{"type":"library-card","number":"1"}',
    ].join('\n');
    const result = await runCli(['id', 'check'], env, `${input}\n`);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line.valid, line.reason])).toEqual([
      [true, null],
      [false, 'bad-input'],
      [false, 'unknown-type'],
    ]);
  });

  it('publishes, lists and diffs catalogue versions from the CLI', async () => {
    const exported = await runCli(['catalogue', 'export-bundled'], env);
    const catalogue = JSON.parse(exported.stdout) as { version: string; exceptions: string[] };
    const bundled = catalogue.version;
    catalogue.version = `${bundled}-cli`;
    catalogue.exceptions.push('测试例外短语');
    const file = path.join(dir, 'catalogue.json');
    (await import('node:fs')).writeFileSync(file, JSON.stringify(catalogue));
    const published = await cli('catalogue', 'publish', file, '--notes', 'test');
    expect(published.code).toBe(0);
    expect((await cli('catalogue', 'list')).stdout).toMatch(new RegExp(`${catalogue.version}\\s+active`));
    const diff = JSON.parse(
      (await cli('catalogue', 'diff', bundled, catalogue.version, '--json')).stdout,
    ) as {
      addedExceptions: string[];
    };
    expect(diff.addedExceptions).toEqual(['测试例外短语']);
    // Read by a person: the text form names the added exception.
    expect((await cli('catalogue', 'diff', bundled, catalogue.version)).stdout).toContain('测试例外短语');
  });

  it('shows help for every command group', async () => {
    const help = await runCli(['--help'], env);
    for (const command of [
      'serve',
      'migrate',
      'user',
      'site',
      'apikey',
      'audit',
      'keys',
      'id',
      'screen',
      'catalogue',
    ])
      expect(help.stdout).toContain(command);
  });
});
