// `parcelguard import`: a kill -9 mid-file loses nothing acknowledged, and the re-run completes the rest
// without taking anything in twice.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, startCli } from './cli-runner.js';
import { residentIdCheckCharacter } from '../src/identity/documents/check-characters.js';

function residentId(body17: string): string {
  return body17 + residentIdCheckCharacter(body17);
}

describe('parcelguard import', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resumes after kill -9 and completes the rest exactly once', async () => {
    const db = path.join(dir, 'store.db');
    const env = cliEnv({});
    const cli = (...args: string[]) => runCli(['--db', db, ...args], env);
    expect(
      (
        await cli(
          'site',
          'add',
          '--code',
          'IMP-1',
          '--name',
          'Import outlet',
          '--kind',
          'outlet',
          '--region',
          '310104',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await cli(
          'user',
          'add',
          '--username',
          'importer',
          '--name',
          'Im Porter',
          '--site',
          'IMP-1',
          '--roles',
          'courier',
        )
      ).code,
    ).toBe(0);
    const sites = JSON.parse((await cli('site', 'list', '--json')).stdout) as { code: string; id: string }[];
    const siteId = sites.find((s) => s.code === 'IMP-1')!.id;
    const total = 400;
    const file = path.join(dir, 'parcels.ndjson');
    const lines = Array.from({ length: total }, (_, i) =>
      JSON.stringify({
        waybillNo: `IMP${String(i).padStart(6, '0')}`,
        siteId,
        route: 'domestic',
        origin: { country: 'CN', address: '上海市徐汇区' },
        destination: { country: 'CN', address: '北京市朝阳区' },
        sender: {
          documentType: 'resident-id',
          number: residentId(`310104198001${String(1000 + (i % 50)).padStart(4, '0')}1`),
          name: '张三',
          verification: { method: 'visual' },
        },
        recipient: { name: '李四', phone: '13987654321', address: '北京市朝阳区建国路1号' },
        items: [{ description: i % 40 === 0 ? '仿真手枪' : '纯棉T恤' }],
        weightGrams: 500,
        noticeAcknowledged: true,
      }),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);

    // Small transactions, so the kill lands mid-file with some chunks acknowledged.
    const child = startCli(['--db', db, 'import', file, '--courier', 'importer', '--batch-size', '20'], env);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        let done = 0;
        try {
          done = (JSON.parse(readFileSync(`${file}.progress`, 'utf8')) as { linesDone: number }).linesDone;
        } catch {
          // not written yet
        }
        if (done >= 100) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 50);
      child.on('exit', () => {
        clearInterval(timer);
        resolve();
      });
    });
    await new Promise((resolve) => child.once('close', resolve));
    const acknowledged = (JSON.parse(readFileSync(`${file}.progress`, 'utf8')) as { linesDone: number })
      .linesDone;
    expect(acknowledged).toBeGreaterThanOrEqual(100);

    const rerun = await cli('import', file, '--courier', 'importer', '--quiet');
    expect(rerun.code).toBe(0);
    const summary = JSON.parse(rerun.stdout) as {
      skippedAsDone: number;
      takenIn: number;
      replayed: number;
      failed: number;
      decisions: Record<string, number>;
    };
    expect(summary.failed).toBe(0);
    expect(summary.skippedAsDone).toBe(acknowledged);
    expect(summary.skippedAsDone + summary.takenIn + summary.replayed).toBe(total);

    const sqlite = new Database(db, { readonly: true });
    const stored = sqlite
      .prepare('select count(*) as n, count(distinct waybill_no) as d from parcels')
      .get() as { n: number; d: number };
    const refused = sqlite.prepare("select count(*) as n from parcels where decision = 'refuse'").get() as {
      n: number;
    };
    sqlite.close();
    expect(stored).toEqual({ n: total, d: total });
    expect(refused.n).toBe(total / 40);
    expect((await cli('audit', 'verify')).code).toBe(0);
  });
});
