// Kill -9 the server during a burst of writes: after restart every acknowledged write is there and the audit
// log verifies.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, startCli, closed } from './cli-runner.js';

function waitForAddress(child: ReturnType<typeof startCli>): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match !== null) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
}

describe('crash safety', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged write after kill -9, and the audit chain verifies', async () => {
    // No demo traffic: this test is about its own burst of writes (the demo simulation has its own test).
    const env = cliEnv({ PARCELGUARD_DATA_DIR: dir, PORT: '0', PARCELGUARD_DEMO_SIMULATION_PARCELS: '0' });
    const server = startCli(['serve'], env);
    const base = await waitForAddress(server);
    const admin = readFileSync(path.join(dir, 'demo-credentials.txt'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('demo-admin'))!
      .split(/\s+/)[1]!;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo-admin', password: admin }),
    });
    const { token } = (await login.json()) as { token: string };

    const acknowledged: string[] = [];
    let killed = false;
    const write = async (index: number) => {
      const code = `CRASH-${index}`;
      try {
        const response = await fetch(`${base}/api/v1/sites`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ code, name: `Crash test ${index}`, kind: 'outlet', regionCode: '310104' }),
        });
        if (response.status === 201) acknowledged.push(code);
      } catch {
        // the connection died with the server: not acknowledged
      }
      if (!killed && acknowledged.length >= 60) {
        killed = true;
        server.kill('SIGKILL');
      }
    };
    // 20 writers in flight at a time, bounded in count.
    for (let batch = 0; batch < 30 && !killed; batch += 1) {
      await Promise.all(Array.from({ length: 20 }, (_, i) => write(batch * 20 + i)));
    }
    if (!killed) server.kill('SIGKILL');
    await closed(server);
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);

    const listed = await runCli(['site', 'list', '--json'], env);
    const stored = new Set((JSON.parse(listed.stdout) as { code: string }[]).map((site) => site.code));
    const lost = acknowledged.filter((code) => !stored.has(code));
    expect(lost).toEqual([]);
    const verified = await runCli(['audit', 'verify'], env);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
  });
});
