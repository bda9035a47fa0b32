import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { seedDemoCases } from '../src/cases/demo-cases.js';
import { cliContext } from '../src/people/actor.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { parcelFoundAtHub, PNG } from '../src/testing/case-factories.js';
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

  it('hands a held parcel to an authority with a receipt, and lists its hand-overs', async () => {
    // A parcel held at the hub after an open inspection found a knife (the demo cases have no parcels).
    const app = await createApp(loadConfig({ PARCELGUARD_DATA_DIR: dir, DATABASE_URL: `sqlite:${db}` }), {
      logger: createLogger('silent'),
    });
    let waybillNo: string;
    try {
      ({ waybillNo } = await parcelFoundAtHub(app));
    } finally {
      await app.close();
    }
    const receipt = path.join(dir, 'receipt.pdf');
    writeFileSync(receipt, '%PDF-1.4\n% receipt signed by the receiving officer\n%%EOF\n');
    const handTo = (...extra: string[]) =>
      cli(
        'case',
        'handover',
        'hand-to-authority',
        waybillNo,
        '--to-name',
        '王警官',
        '--location',
        'hub security room',
        ...extra,
      );
    // An authority's receiving unit and a receipt are required: named, and nothing is recorded.
    const missing = await handTo();
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('/toUnit');
    expect(missing.stderr).toContain('/proof');
    const unknownKind = await cli('case', 'handover', 'lose', waybillNo, '--to-name', 'x', '--location', 'y');
    expect(unknownKind.code).not.toBe(0);
    expect(unknownKind.stderr).toContain('<kind> must be one of seize, hand-to-authority, deliver');

    const handed = await handTo('--to-unit', '上海市公安局', '--officer-no', 'SH-0451', '--proof', receipt);
    expect(handed.code).toBe(0);
    expect(handed.stdout).toMatch(/hand-to-authority to 王警官 \(上海市公安局\) at hub security room/);
    expect(handed.stdout).toMatch(/proof sha256 [0-9a-f]{64}/);

    const listed = await cli('case', 'handovers', waybillNo, '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { kind: 'hand-to-authority', toName: '王警官', toUnit: '上海市公安局', toOfficerNo: 'SH-0451' },
    ]);
    // Handed over once, it is no longer held: a second hand-over is refused by the state machine.
    const again = await handTo('--to-unit', '上海市公安局', '--proof', receipt);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/invalid-transition|parcel-held/);
  }, 120_000);
});
