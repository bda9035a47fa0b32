// `parcelguard case report-*` through the real CLI: draft, four eyes (the author's approval refused), approval,
// the package written to a file, and `case report-verify` checking it offline with the public key (a tampered copy
// refused, exit 1).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { acceptedParcel, certifiedStaff } from '../src/testing/parcel-factories.js';
import { adminContext, createSite, createStaffMember } from '../src/testing/test-app.js';
import { cliEnv, runCli } from './cli-runner.js';

describe('parcelguard case report-* (draft, approve, package, verify offline)', () => {
  let dir: string;
  let db: string;
  let caseId: string;
  let officers: { a: string; b: string };
  const env = cliEnv({});
  const cli = (...args: string[]) => runCli(['--db', db, ...args], env);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-case-report-'));
    db = path.join(dir, 'store.db');
    const app = await createApp(loadConfig({ PARCELGUARD_DATA_DIR: dir, DATABASE_URL: `sqlite:${db}` }), {
      logger: createLogger('silent'),
    });
    try {
      const site = await createSite(app);
      const courier = (await certifiedStaff(app, ['courier'], site.id, ['prohibited-items-identification']))
        .staff;
      const waybillNo = await acceptedParcel(app, site.id, courier.id, {
        overrides: { route: 'outbound', destination: { country: 'JP', address: '東京都港区1-1' } },
      });
      await app.store.transaction((trx) =>
        app.clues.raiseWithin(trx, adminContext(), {
          source: 'hubs',
          kind: 'prohibited-found-at-hub',
          severity: 'high',
          subjectType: 'parcel',
          subjectIndex: null,
          siteId: site.id,
          details: { waybillNo, category: 'strategic-minerals' },
          refs: [{ type: 'parcel', id: waybillNo }],
        }),
      );
      caseId = (await app.cases.findCases(adminContext(), { waybillNo }))[0]!.id;
      officers = {
        a: (await createStaffMember(app, ['security-officer'])).staff.username,
        b: (await createStaffMember(app, ['security-officer'])).staff.username,
      };
    } finally {
      await app.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('drafts, refuses the author as approver, approves, writes the package and verifies it offline', async () => {
    const route = await cli('case', 'report-route', caseId);
    expect(route.code).toBe(0);
    expect(JSON.parse(route.stdout)).toMatchObject({ authority: 'commerce', direction: 'outbound' });

    const drafted = await cli(
      'case',
      'report-draft',
      caseId,
      '--as',
      officers.a,
      '--summary',
      '出境包裹申报为合金粉末，查验为高纯锗锭，疑似违规出口两用物项。',
    );
    expect(drafted.code).toBe(0);
    const reportId = (JSON.parse(drafted.stdout) as { id: string }).id;

    const own = await cli('case', 'report-approve', reportId, '--as', officers.a);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain('never by its own author');
    const approved = await cli('case', 'report-approve', reportId, '--as', officers.b);
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ status: 'approved' });

    const packageFile = path.join(dir, 'report.json');
    const pdfFile = path.join(dir, 'report.pdf');
    const written = await cli('case', 'report-package', reportId, '--out', packageFile, '--pdf', pdfFile);
    expect(written.code).toBe(0);
    expect(readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');

    const key = await cli('audit', 'public-key');
    const keyFile = path.join(dir, 'public.pem');
    writeFileSync(keyFile, key.stdout);
    // Offline: no --db, no data directory.
    const verified = await runCli(['case', 'report-verify', packageFile, '--public-key', keyFile], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`Package valid: report ${reportId} to commerce`);

    const tampered = JSON.parse(readFileSync(packageFile, 'utf8')) as {
      document: { facts: { summary: string } };
    };
    tampered.document.facts.summary = '普通合金粉末，无异常。';
    const tamperedFile = path.join(dir, 'tampered.json');
    writeFileSync(tamperedFile, JSON.stringify(tampered));
    const refused = await runCli(['case', 'report-verify', tamperedFile, '--public-key', keyFile], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('INVALID: the document does not match its signed hash');

    const submitted = await cli('case', 'report-submit', reportId, '--as', officers.a, '--channel', 'letter');
    expect(submitted.code).toBe(0);
    expect(JSON.parse(submitted.stdout)).toMatchObject({ status: 'submitted', channel: 'letter' });
  });
});
