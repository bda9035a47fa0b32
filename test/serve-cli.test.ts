// The start banner names the address the server is bound to, so what it prints can be pasted and reached.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, startCli, closed } from './cli-runner.js';

describe('parcelguard serve', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-serve-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the host and port it listens on', async () => {
    const env = cliEnv({
      PARCELGUARD_DATA_DIR: dir,
      HOST: '127.0.0.1',
      PORT: '0',
      PARCELGUARD_DEMO_SIMULATION_PARCELS: '0',
    });
    const server = startCli(['serve'], env);
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let output = '';
        server.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('health:')) resolve(output);
        });
        server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        server.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
      });
      const address = /serving on (http:\/\/\S+)/.exec(banner)?.[1];
      expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(banner).not.toContain('localhost');
      const health = await fetch(`${address}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      server.kill('SIGTERM');
      await closed(server);
    }
  });
});
