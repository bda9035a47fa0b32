// The identity commands of the real CLI, on a SQLite file: senders, agreements expiring, watchlist, retention.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { cliContext } from '../src/people/actor.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { createAgreementCustomer, daysFromToday, presentation } from '../src/testing/identity-factories.js';
import { cliEnv, runCli } from './cli-runner.js';

describe('parcelguard identity commands (SQLite file)', () => {
  let dir: string;
  let db: string;
  let env: NodeJS.ProcessEnv;
  let senderId: string;
  let agreementNumber: string;
  const cli = (...args: string[]) => runCli(['--db', db, ...args], env);
  const shown = presentation({ name: '郑十', phone: '13612345678' });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-identity-cli-'));
    db = path.join(dir, 'store.db');
    env = cliEnv({});
    expect(
      (
        await cli(
          'site',
          'add',
          '--code',
          'HZ-OUT-9',
          '--name',
          'Outlet',
          '--kind',
          'outlet',
          '--region',
          '330106',
        )
      ).code,
    ).toBe(0);
    // Put a sender and an agreement in the store the way the server would (same file, same key file).
    const app = await createApp(loadConfig({ DATABASE_URL: `sqlite:${db}`, PARCELGUARD_DATA_DIR: dir }), {
      logger: createLogger('silent'),
    });
    try {
      const site = await app.sites.getSiteByIdOrCode('HZ-OUT-9');
      const decision = await app.identityGate.decide(cliContext('setup'), {
        kind: 'document',
        siteId: site.id,
        ...shown,
      });
      senderId = decision.senderId!;
      agreementNumber = (await createAgreementCustomer(app, site.id, { validUntil: daysFromToday(12) }))
        .number;
    } finally {
      await app.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows a sender masked, and unmasks only with a purpose', async () => {
    const masked = await cli('sender', 'show', senderId);
    expect(masked.code).toBe(0);
    expect(JSON.parse(masked.stdout)).toMatchObject({
      id: senderId,
      nameMasked: '郑*',
      phonesMasked: ['136****5678'],
    });
    expect(masked.stdout).not.toContain(shown.number);
    const noPurpose = await cli('sender', 'show', senderId, '--unmask');
    expect(noPurpose.code).toBe(1);
    expect(noPurpose.stderr).toContain('/purpose');
    const unmasked = await cli(
      'sender',
      'show',
      senderId,
      '--unmask',
      '--reason',
      'counter-dispute',
      '--text',
      'customer complaint 2026-114 review',
    );
    expect(JSON.parse(unmasked.stdout)).toMatchObject({ documentNumber: shown.number, name: '郑十' });
  });

  it('lists agreements expiring within N days', async () => {
    const soon = await cli('agreement', 'expiring', '--days', '30');
    expect(soon.code).toBe(0);
    expect(soon.stdout).toContain(agreementNumber);
    expect(soon.stdout).toMatch(/days left/);
    expect((await cli('agreement', 'expiring', '--days', '5')).stdout).not.toContain(agreementNumber);
    const bad = await cli('agreement', 'expiring', '--days', 'soon');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/days');
  });

  it('adds, lists and removes watchlist entries, reading the number from stdin', async () => {
    const added = await runCli(
      [
        '--db',
        db,
        'watchlist',
        'add',
        '--document-type',
        'resident-id',
        '--number',
        '-',
        '--reason',
        'case 12',
      ],
      env,
      `${shown.number}\n`,
    );
    expect(added.code).toBe(0);
    const id = /entry (\S+) added/.exec(added.stdout)![1]!;
    expect(added.stdout).not.toContain(shown.number);
    const listed = await cli('watchlist', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id, kind: 'document', active: true }]);
    expect((await cli('watchlist', 'add', '--reason', 'nothing given')).code).toBe(2);
    expect((await cli('watchlist', 'remove', id)).code).toBe(0);
    expect((await cli('watchlist', 'list')).stdout).toContain('(none)');
  });

  it('runs retention, and the audit chain still verifies', async () => {
    const run = await cli('retention', 'run', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ senders: 0, refusals: 0 });
    expect((await cli('audit', 'verify')).code).toBe(0);
  });
});
