// Kill -9 the server on PostgreSQL during a burst of single intakes, which the server commits in groups (staged in
// a unit of work, written a statement per table): after the kill every acknowledged parcel is stored exactly once
// and the audit chain verifies. (crash.test.ts and import.test.ts do the same on the embedded store.)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { residentIdCheckCharacter } from '../src/identity/documents/check-characters.js';
import { cliEnv, runCli, startCli, closed } from './cli-runner.js';

const postgresUrl = inject('postgresUrl');

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

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function parcel(index: number, siteId: string) {
  const body = `310104198002${String(1000 + (index % 40)).padStart(4, '0')}1`;
  return {
    waybillNo: `KILL${String(index).padStart(8, '0')}`,
    siteId,
    route: 'domestic',
    origin: { country: 'CN', regionCode: '310104', address: '上海市徐汇区漕溪北路88号' },
    destination: { country: 'CN', regionCode: '110105', address: '北京市朝阳区建国路1号' },
    sender: {
      documentType: 'resident-id',
      number: body + residentIdCheckCharacter(body),
      name: '张三',
      phone: '13812345678',
      verification: { method: 'card-reader' },
    },
    recipient: { name: '李四', phone: '13987654321', address: '北京市朝阳区建国路1号' },
    items: [{ description: index % 25 === 0 ? '仿真手枪' : '纯棉T恤', quantity: 1 }],
    weightGrams: 500,
    noticeAcknowledged: true,
  };
}

(postgresUrl === null ? describe.skip : describe)('crash safety on PostgreSQL', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-crash-pg-'));
  const database = `crash_${process.pid}_${Date.now().toString(36)}`;
  const url = new URL(postgresUrl ?? 'postgres://localhost/test');
  url.pathname = `/${database}`;
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await withClient(postgresUrl!, (client) =>
      client.query(`drop database if exists ${database} with (force)`),
    );
  });

  it(
    'keeps every parcel acknowledged during group intake after kill -9, once each, and the chain verifies',
    { timeout: 240_000 },
    async () => {
      await withClient(postgresUrl!, (client) => client.query(`create database ${database}`));
      const env = cliEnv({ PARCELGUARD_DATA_DIR: dir, PORT: '0', PARCELGUARD_DEMO_SIMULATION_PARCELS: '0' });
      env.DATABASE_URL = url.toString();
      const server = startCli(['serve'], env);
      const base = await waitForAddress(server);
      const password = readFileSync(path.join(dir, 'demo-credentials.txt'), 'utf8')
        .split('\n')
        .find((line) => line.startsWith('demo-courier'))!
        .split(/\s+/)[1]!;
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'demo-courier', password }),
      });
      const { token } = (await login.json()) as { token: string };
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
      const me = (await (await fetch(`${base}/api/v1/auth/me`, { headers })).json()) as {
        site: { id: string };
      };

      const acknowledged: string[] = [];
      let killed = false;
      const send = async (index: number) => {
        const body = parcel(index, me.site.id);
        try {
          const response = await fetch(`${base}/api/v1/parcels`, {
            method: 'POST',
            headers,
            body: JSON.stringify(body),
          });
          if (response.status === 201) acknowledged.push(body.waybillNo);
          else if (!killed) throw new Error(`intake answered ${response.status}: ${await response.text()}`);
        } catch (error) {
          // The connection died with the server: not acknowledged. Anything else before the kill is a failure.
          if (!killed) throw error;
        }
        if (!killed && acknowledged.length >= 150) {
          killed = true;
          server.kill('SIGKILL');
        }
      };
      // 40 intakes in flight at a time: the server commits the ones arriving together as one group.
      for (let round = 0; round < 40 && !killed; round += 1) {
        await Promise.all(Array.from({ length: 40 }, (_, i) => send(round * 40 + i)));
      }
      if (!killed) server.kill('SIGKILL');
      await closed(server);
      expect(acknowledged.length).toBeGreaterThanOrEqual(150);

      const stored = await withClient(url.toString(), async (client) => {
        const { rows } = await client.query<{ waybill_no: string }>(
          "select waybill_no from parcels where waybill_no like 'KILL%'",
        );
        return rows.map((row) => row.waybill_no);
      });
      expect(new Set(stored).size).toBe(stored.length);
      const lost = acknowledged.filter((waybill) => !stored.includes(waybill));
      expect(lost).toEqual([]);

      const verified = await runCli(['audit', 'verify'], env);
      expect(verified.stderr).toBe('');
      expect(verified.code).toBe(0);
    },
  );
});
