// `parcelguard import`: a kill -9 mid-file loses nothing acknowledged, the re-run completes the rest without
// taking anything in twice, and the lines an interrupted run found bad are still reported (and fail the run).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, startCli, type CliResult, closed, onboardByCli } from './cli-runner.js';
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
    const siteId = await setUpImporter(cli);
    const total = 400;
    const file = path.join(dir, 'parcels.ndjson');
    const lines = Array.from({ length: total }, (_, i) => intakeLine('IMP', i, siteId));
    writeFileSync(file, `${lines.join('\n')}\n`);

    const acknowledged = await importUntilKilled(db, env, file, 100);
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

  it('reports the lines an interrupted run found bad on every re-run, and fails until they are dealt with', async () => {
    const db = path.join(dir, 'failures.db');
    const env = cliEnv({});
    const cli = (...args: string[]) => runCli(['--db', db, ...args], env);
    const siteId = await setUpImporter(cli);
    const total = 600;
    const file = path.join(dir, 'with-failures.ndjson');
    const lines = Array.from({ length: total }, (_, i) => intakeLine('BAD', i, siteId));
    // Line 10 is not JSON; intake refuses line 50 (no such site); line 590 is not JSON either, and lies past
    // where the first run is stopped.
    lines[9] = '{"waybillNo": "BAD000009", "siteId":';
    lines[49] = intakeLine('BAD', 49, 'no-such-site');
    lines[589] = 'not json at all';
    writeFileSync(file, `${lines.join('\n')}\n`);

    const acknowledged = await importUntilKilled(db, env, file, 100);
    expect(acknowledged).toBeGreaterThanOrEqual(100);
    // Killed before the end: the re-run is a resume, not a fresh import.
    expect(acknowledged).toBeLessThan(590);
    const state = JSON.parse(readFileSync(`${file}.progress`, 'utf8')) as { failedLines: number[] };
    expect(state.failedLines).toEqual([10, 50]);

    const rerun = await cli('import', file, '--courier', 'importer', '--quiet');
    expect(rerun.code).toBe(1);
    const summary = JSON.parse(rerun.stdout) as {
      skippedAsDone: number;
      takenIn: number;
      replayed: number;
      failed: number;
      failedEarlier: number;
      failedLines: number[];
      failures: { line: number; code: string }[];
    };
    expect(summary).toMatchObject({ failed: 3, failedEarlier: 2, failedLines: [10, 50, 590] });
    expect(summary.failures.map(({ line, code }) => ({ line, code }))).toEqual([
      { line: 10, code: 'malformed-json' },
      { line: 50, code: 'unknown-reference' },
      { line: 590, code: 'malformed-json' },
    ]);
    expect(summary.skippedAsDone).toBe(acknowledged);
    expect(summary.skippedAsDone + summary.takenIn + summary.replayed + 1).toBe(total);
    expect(rerun.stderr).toContain('3 line(s) failed (2 in an earlier, interrupted run)');

    // Nothing is left to take in, and the failures are still reported: the file is not done until they are.
    const again = await cli('import', file, '--courier', 'importer', '--quiet');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ failed: 3, failedEarlier: 3, takenIn: 0 });

    const count = () => {
      const sqlite = new Database(db, { readonly: true });
      const stored = sqlite.prepare('select count(*) as n from parcels').get() as { n: number };
      sqlite.close();
      return stored.n;
    };
    expect(count()).toBe(total - 3);
    expect(again.stderr).toContain('run again with --retry-failed');

    // Two of the lines fixed in place; the retry reads those three again, takes the two in and still reports one.
    lines[9] = intakeLine('BAD', 9, siteId);
    lines[589] = intakeLine('BAD', 589, siteId);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const retried = await cli('import', file, '--courier', 'importer', '--quiet', '--retry-failed');
    expect(retried.code).toBe(1);
    expect(JSON.parse(retried.stdout)).toMatchObject({
      takenIn: 2,
      replayed: 0,
      skippedAsDone: total - 3,
      failed: 1,
      failedEarlier: 0,
      failedLines: [50],
    });
    expect(count()).toBe(total - 1);
    lines[49] = intakeLine('BAD', 49, siteId);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const last = await cli('import', file, '--courier', 'importer', '--quiet', '--retry-failed');
    expect(last.code).toBe(0);
    expect(JSON.parse(last.stdout)).toMatchObject({ takenIn: 1, failed: 0, failedLines: [] });
    expect(count()).toBe(total);
    // Done: a plain run finds nothing to do and succeeds.
    expect((await cli('import', file, '--courier', 'importer', '--quiet')).code).toBe(0);
  }, 300_000); // Several CLI processes, each starting the app: minutes on a busy machine.

  it('refuses a --courier without onboarding before reading the file, and imports once it is recorded', async () => {
    const db = path.join(dir, 'untrained.db');
    const cli = (...args: string[]) => runCli(['--db', db, ...args], cliEnv({}));
    const siteId = await setUpImporter(cli, { onboard: false });
    const file = path.join(dir, 'untrained.ndjson');
    writeFileSync(file, `${Array.from({ length: 5 }, (_, i) => intakeLine('UNT', i, siteId)).join('\n')}\n`);

    const refused = await cli('import', file, '--courier', 'importer', '--quiet');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--courier importer has not passed onboarding safety training');
    expect(existsSync(`${file}.progress`)).toBe(false);

    await onboardByCli(cli, 'importer');
    const taken = await cli('import', file, '--courier', 'importer', '--quiet');
    expect(taken.code).toBe(0);
    expect(JSON.parse(taken.stdout)).toMatchObject({ takenIn: 5, failed: 0 });
  }, 240_000);
});

/** A site and a courier to import as, onboarded unless told; answers the site's id. */
async function setUpImporter(
  cli: (...args: string[]) => Promise<CliResult>,
  { onboard = true } = {},
): Promise<string> {
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
  if (onboard) await onboardByCli(cli, 'importer');
  const sites = JSON.parse((await cli('site', 'list', '--json')).stdout) as { code: string; id: string }[];
  return sites.find((s) => s.code === 'IMP-1')!.id;
}

/** One intake request as an NDJSON line: waybill `<prefix><i>`, at `siteId`. */
function intakeLine(prefix: string, i: number, siteId: string): string {
  return JSON.stringify({
    waybillNo: `${prefix}${String(i).padStart(6, '0')}`,
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
  });
}

/**
 * Starts `parcelguard import FILE` in small transactions and kills it (-9) once the progress file counts
 * `killAfter` lines; answers how many lines the progress file acknowledges then.
 */
async function importUntilKilled(
  db: string,
  env: NodeJS.ProcessEnv,
  file: string,
  killAfter: number,
): Promise<number> {
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
      if (done >= killAfter) {
        clearInterval(timer);
        child.kill('SIGKILL');
        resolve();
      }
    }, 20);
    child.on('exit', () => {
      clearInterval(timer);
      resolve();
    });
  });
  await closed(child);
  return (JSON.parse(readFileSync(`${file}.progress`, 'utf8')) as { linesDone: number }).linesDone;
}
