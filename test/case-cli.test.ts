import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { seedDemoCases } from '../src/cases/demo-cases.js';
import { cliContext } from '../src/people/actor.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { PNG } from '../src/testing/case-factories.js';
import { cliEnv, runCli } from './cli-runner.js';

interface Listed {
  id: string;
  status: string;
  sealed: boolean;
  waybillNo: string;
}

describe('parcelguard case (list, show, triage, status, evidence add/get)', () => {
  let dir: string;
  let db: string;
  const env = cliEnv({});
  const cli = (...args: string[]) => runCli(['--db', db, ...args], env);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-case-'));
    db = path.join(dir, 'store.db');
    const app = await createApp(loadConfig({ PARCELGUARD_DATA_DIR: dir, DATABASE_URL: `sqlite:${db}` }), {
      logger: createLogger('silent'),
    });
    try {
      const context = cliContext('setup');
      const hub = await app.sites.createSite(context, {
        code: 'CLI-HUB',
        name: 'Hub',
        kind: 'hub',
        regionCode: '310104',
      });
      const outlet = await app.sites.createSite(context, {
        code: 'CLI-OUT',
        name: 'Outlet',
        kind: 'outlet',
        regionCode: '310104',
      });
      const { staff } = await app.staff.createStaff(context, {
        username: 'officer',
        name: 'Officer',
        siteId: hub.id,
        roles: ['security-officer'],
        password: 'correct horse battery',
      });
      await seedDemoCases(app, { hubId: hub.id, outletId: outlet.id }, staff.id);
    } finally {
      await app.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists and shows cases, triages a clue, moves a case, adds evidence and gets it back verified', async () => {
    const listed = await cli('case', 'list', '--json');
    expect(listed.code).toBe(0);
    const cases = JSON.parse(listed.stdout) as Listed[];
    expect(cases).toHaveLength(5);
    const open = cases.find((c) => c.status === 'open')!;

    const shown = await cli('case', 'show', open.id);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('prohibited-found-at-hub');
    expect(shown.stdout).toContain('unmarked-parcel-at-hub');

    const clues = JSON.parse((await cli('case', 'clues', '--json')).stdout) as { id: string }[];
    expect(clues).toHaveLength(1);
    const triaged = await cli('case', 'triage', clues[0]!.id, '--attach', open.id);
    expect(triaged.stdout).toContain(`is in case ${open.id}`);

    const moved = await cli('case', 'status', open.id, 'investigating', '--reason', 'looking into it');
    expect(moved.stdout).toContain('is investigating');
    const refused = await cli('case', 'status', open.id, 'closed', '--reason', 'done');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('/outcome');

    const photo = path.join(dir, 'photo.png');
    writeFileSync(photo, PNG);
    const added = await cli(
      'case',
      'evidence',
      'add',
      open.id,
      '--file',
      photo,
      '--description',
      'belt photo',
    );
    expect(added.code).toBe(0);
    const evidenceId = /Evidence (\S+) added/.exec(added.stdout)![1]!;
    const out = path.join(dir, 'back.png');
    const got = await cli('case', 'evidence', 'get', open.id, evidenceId, '--out', out);
    expect(got.code).toBe(0);
    expect(readFileSync(out).equals(PNG)).toBe(true);

    const blob = path.join(dir, 'evidence', /sha256 ([0-9a-f]{64})/.exec(added.stdout)![1]!.slice(0, 2));
    const sha = /sha256 ([0-9a-f]{64})/.exec(added.stdout)![1]!;
    writeFileSync(path.join(blob, sha), 'altered');
    const tampered = await cli('case', 'evidence', 'get', open.id, evidenceId, '--out', out);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('integrity-failed');
    // Ten CLI processes, each starting the app.
  }, 180_000);
});
