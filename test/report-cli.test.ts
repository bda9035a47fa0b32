import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { buildCoverageScenario, SENDER, type CoverageScenario } from '../src/testing/coverage-scenario.js';
import { cliEnv, runCli } from './cli-runner.js';

describe('parcelguard report (coverage, attest, prove, verify)', () => {
  let dir: string;
  let db: string;
  let scenario: CoverageScenario;
  let day: string;
  const env = cliEnv({});
  const cli = (...args: string[]) => runCli(['--db', db, ...args], env);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-report-'));
    db = path.join(dir, 'store.db');
    // The store and its demo key file, as the CLI will find them beside --db.
    const app = await createApp(loadConfig({ PARCELGUARD_DATA_DIR: dir, DATABASE_URL: `sqlite:${db}` }), {
      logger: createLogger('silent'),
    });
    try {
      scenario = await buildCoverageScenario(app);
    } finally {
      await app.close();
    }
    day = new Date(scenario.at + 8 * 3_600_000).toISOString().slice(0, 10);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the coverage report as JSON and as CSV', async () => {
    const json = await cli('report', 'coverage', '--from', day, '--to', day, '--site', scenario.outletId);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      rows: { presented: number; xrayGaps: number }[];
      gaps: { waybillNo: string; gates: string[] }[];
    };
    expect(report.rows).toMatchObject([{ presented: 10, xrayGaps: 2 }]);
    expect(
      report.gaps.find((gap) => gap.waybillNo === scenario.waybills.dispatchedUnscreened)?.gates,
    ).toEqual(['x-ray']);
    const csv = await cli('report', 'coverage', '--from', day, '--to', day, '--format', 'csv');
    expect(csv.code).toBe(0);
    const [header, ...lines] = csv.stdout.trim().split('\n');
    const columns = header!.split(',');
    expect(columns.slice(0, 3)).toEqual(['site_id', 'day', 'presented']);
    expect(columns).toContain('refused:identity:refused-to-show');
    const outlet = lines.map((line) => line.split(',')).find((cells) => cells[0] === scenario.outletId)!;
    expect(outlet[columns.indexOf('presented')]).toBe('10');
    expect(outlet[columns.indexOf('xrayGaps')]).toBe('2');
    const hub = lines.map((line) => line.split(',')).find((cells) => cells[0] === scenario.hubId)!;
    expect(hub[columns.indexOf('hubUnknownParcel')]).toBe('1');
    expect(csv.stderr).toMatch(/^\d+ gaps: --gaps-out FILE writes them as CSV/);

    // The gaps as CSV beside the day table: the same list as the JSON report's.
    const gapsFile = path.join(dir, 'gaps.csv');
    const withGaps = await cli(
      'report',
      'coverage',
      '--from',
      day,
      '--to',
      day,
      '--site',
      scenario.outletId,
      '--format',
      'csv',
      '--gaps-out',
      gapsFile,
    );
    expect(withGaps.code).toBe(0);
    const [gapHeader, ...gapLines] = readFileSync(gapsFile, 'utf8').trim().split('\n');
    expect(gapHeader).toBe('day,site_id,waybill_no,source,missing_gates,state,scan_outcome');
    expect(gapLines.map((line) => line.split(',')[2]).sort()).toEqual(
      report.gaps.map((gap) => gap.waybillNo).sort(),
    );
    expect(gapLines).toContain(
      `${day},${scenario.outletId},${scenario.waybills.dispatchedUnscreened},parcel,x-ray,dispatched,`,
    );
    const misplaced = await cli('report', 'coverage', '--from', day, '--to', day, '--gaps-out', gapsFile);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('--gaps-out goes with --format csv');

    const bad = await cli('report', 'coverage', '--from', day, '--to', '2020-01-01');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/to');
  });

  it('attests, proves and verifies offline; tampering is caught', async () => {
    const statement = path.join(dir, 'statement.json');
    const proof = path.join(dir, 'proof.json');
    const key = path.join(dir, 'key.pem');
    const attest = await cli(
      'report',
      'attest',
      '--date',
      day,
      '--site',
      scenario.outletId,
      '--out',
      statement,
    );
    expect(attest.code).toBe(0);
    const prove = await cli(
      'report',
      'prove',
      scenario.waybills.dispatchedClean,
      '--date',
      day,
      '--site',
      scenario.outletId,
      '--out',
      proof,
    );
    expect(prove.code).toBe(0);
    const publicKey = await cli('audit', 'public-key');
    writeFileSync(key, publicKey.stdout);
    for (const file of [statement, proof]) {
      const text = readFileSync(file, 'utf8');
      for (const secret of [SENDER.name, SENDER.number, SENDER.phone]) expect(text).not.toContain(secret);
    }

    // Offline: no --db, no keys, only the files.
    const verify = (...args: string[]) => runCli(['report', 'verify', ...args, '--public-key', key], env);
    const ok = await verify('--statement', statement, '--proof', proof);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Proof valid');

    const altered = JSON.parse(readFileSync(proof, 'utf8')) as { record: { state: string } };
    altered.record.state = 'accepted';
    const alteredFile = path.join(dir, 'altered.json');
    writeFileSync(alteredFile, JSON.stringify(altered));
    const bad = await verify('--statement', statement, '--proof', alteredFile);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('INVALID');

    const signed = JSON.parse(readFileSync(statement, 'utf8')) as {
      statement: { counts: { presented: number } };
    };
    signed.statement.counts.presented += 1;
    const tamperedFile = path.join(dir, 'tampered.json');
    writeFileSync(tamperedFile, JSON.stringify(signed));
    const tampered = await verify('--statement', tamperedFile);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('signature');
  });
});
