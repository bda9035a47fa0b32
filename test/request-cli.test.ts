// `parcelguard request …` through the real CLI: the register, a package written to a file and checked offline with
// the public key alone (`request verify-package`; a tampered copy refused, exit 1), and the figures.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { intakeBody } from '../src/testing/parcel-factories.js';
import { adminContext, createSite, createStaffMember } from '../src/testing/test-app.js';
import { CHECK_ITEMS } from '../src/requests/requests.tables.js';
import { chinaDate } from '../src/platform/clock.js';
import { cliEnv, runCli } from './cli-runner.js';

describe('parcelguard request (list, show, package, verify-package, figures)', () => {
  let dir: string;
  let db: string;
  let requestId: string;
  let waybillNo: string;
  const env = cliEnv({});
  const cli = (...args: string[]) => runCli(['--db', db, ...args], env);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-request-'));
    db = path.join(dir, 'store.db');
    const app = await createApp(loadConfig({ PARCELGUARD_DATA_DIR: dir, DATABASE_URL: `sqlite:${db}` }), {
      logger: createLogger('silent'),
    });
    try {
      const site = await createSite(app);
      const { staff: courier } = await createStaffMember(app, ['courier'], site.id);
      const body = intakeBody(site.id, { courierId: courier.id });
      await app.parcels.intake(adminContext(), body);
      waybillNo = body.waybillNo;
      const liaison = async () => {
        const { staff } = await createStaffMember(app, ['legal-liaison'], site.id);
        return {
          actor: { type: 'staff' as const, id: staff.id, roles: ['legal-liaison' as const], siteId: site.id },
          requestId: staff.id,
        };
      };
      const registrar = await liaison();
      const approver = await liaison();
      const today = chinaDate(app.clock.now());
      const request = await app.requests.register(registrar, {
        agencyKind: 'customs',
        issuingOrgan: '上海海关',
        organLevel: 'districted-city',
        documentKind: 'inspection-notice',
        documentNumber: '沪关查〔2026〕12号',
        documentDate: today,
        officers: [{ name: '陈关员', workIdNo: 'HG-3100-01' }],
        arrivedVia: 'letter',
        deadlineAt: app.clock.now() + 86_400_000,
        scope: { waybills: [waybillNo], from: today, to: today, categories: ['parcel-records'] },
      });
      requestId = request.id;
      const entry = await app.requests.addDirectoryEntry(adminContext(), {
        agencyKind: 'customs',
        organ: '上海海关',
        phone: '12360',
      });
      for (const item of CHECK_ITEMS)
        await app.requests.recordCheck(registrar, request.id, {
          item,
          passed: true,
          ...(item === 'agency-called-back' ? { directoryEntryId: entry.id } : {}),
        });
      await app.requests.designateApprover(adminContext(), approver.actor.id, true);
      await app.requests.approve(approver, request.id, 'one waybill, customs inspection notice');
      await app.requests.exportPackage(registrar, request.id);
    } finally {
      await app.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists and shows the request, writes its package and verifies it offline; a tampered copy is refused', async () => {
    const listed = await cli('request', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { id: requestId, status: 'approved', agencyKind: 'customs' },
    ]);
    const shown = await cli('request', 'show', requestId);
    expect(JSON.parse(shown.stdout)).toMatchObject({ officers: [{ name: '陈关员' }], missingStep: null });

    const packageFile = path.join(dir, 'package.json');
    expect((await cli('request', 'package', requestId, '--out', packageFile)).code).toBe(0);
    const key = await cli('audit', 'public-key');
    const keyFile = path.join(dir, 'public.pem');
    writeFileSync(keyFile, key.stdout);
    // Offline: no --db.
    const verified = await runCli(['request', 'verify-package', packageFile, '--public-key', keyFile], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^Package valid: LR-\d{4}-0001 .*1 files/);

    const pkg = JSON.parse(readFileSync(packageFile, 'utf8')) as { files: Record<string, string> };
    const parcels = JSON.parse(Buffer.from(pkg.files['parcels.json']!, 'base64').toString()) as unknown[];
    expect(parcels).toMatchObject([{ waybillNo }]);
    pkg.files['parcels.json'] = Buffer.from('[]').toString('base64');
    const tamperedFile = path.join(dir, 'tampered.json');
    writeFileSync(tamperedFile, JSON.stringify(pkg));
    const refused = await runCli(['request', 'verify-package', tamperedFile, '--public-key', keyFile], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('INVALID: parcels.json does not match its signed hash');

    const figures = await cli('request', 'figures', '--from', '2026-01-01', '--to', '2030-12-31');
    expect(JSON.parse(figures.stdout)).toMatchObject({ rows: [{ agencyKind: 'customs', received: 1 }] });
  }, 240_000);
});
