// `parcelguard webhook add|list|rotate|deliveries|verify`: an endpoint registered from the CLI receives a signed
// case event, and `verify` checks the saved body and headers offline (and refuses a tampered body).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { cliContext } from '../src/people/actor.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { startReceiver, type WebhookReceiver } from '../src/testing/webhook-receiver.js';
import { cliEnv, runCli } from './cli-runner.js';

describe('parcelguard webhook (add, list, deliveries, verify, rotate)', () => {
  let dir: string;
  let db: string;
  let receiver: WebhookReceiver;
  const env = cliEnv({});
  const cli = (...args: string[]) => runCli(['--db', db, ...args], env);
  const openApp = () =>
    createApp(loadConfig({ PARCELGUARD_DATA_DIR: dir, DATABASE_URL: `sqlite:${db}` }), {
      logger: createLogger('silent'),
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-webhook-'));
    db = path.join(dir, 'store.db');
    receiver = await startReceiver();
    await (await openApp()).close();
  });
  afterAll(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers an endpoint, delivers a case event to it, and verifies the saved delivery offline', async () => {
    const added = await cli(
      'webhook',
      'add',
      '--name',
      'Order system',
      '--url',
      receiver.url,
      '--events',
      'all',
    );
    expect(added.code, added.stderr).toBe(0);
    const secret = /Signing secret \(shown once[^:]*\): (whsec_\S+)/.exec(added.stdout)![1]!;
    const listed = JSON.parse((await cli('webhook', 'list', '--json')).stdout) as {
      id: string;
      url: string;
    }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]!.url).toBe(receiver.url);
    expect((await cli('webhook', 'list')).stdout).not.toContain(secret);

    // A case event, queued by the app and sent by its dispatcher (the server's loop, run once here).
    const app = await openApp();
    try {
      const clue = await app.store.transaction((trx) =>
        app.clues.raiseWithin(trx, cliContext('setup'), {
          source: 'test',
          kind: 'risk-hold',
          severity: 'medium',
          subjectType: 'parcel',
          subjectIndex: null,
          siteId: null,
          details: { waybillNo: 'WBCLI0001' },
          refs: [{ type: 'parcel', id: 'WBCLI0001' }],
        }),
      );
      await app.cases.triage(cliContext('setup'), clue.id, { action: 'open' });
      expect(await app.webhookDispatcher.deliverDue()).toMatchObject({ delivered: 1 });
    } finally {
      await app.close();
    }
    const [request] = receiver.received;
    writeFileSync(path.join(dir, 'body.json'), request!.body);
    writeFileSync(path.join(dir, 'headers.json'), JSON.stringify(request!.headers));
    writeFileSync(
      path.join(dir, 'headers.txt'),
      Object.entries(request!.headers)
        .map(([name, value]) => `${name}: ${String(value)}`)
        .join('\n'),
    );
    writeFileSync(path.join(dir, 'secret'), `${secret}\n`);
    writeFileSync(path.join(dir, 'tampered.json'), request!.body.replace('"open"', '"closed"'));
    const verify = (body: string, headers: string) =>
      cli(
        'webhook',
        'verify',
        '--body',
        path.join(dir, body),
        '--headers',
        path.join(dir, headers),
        '--secret-file',
        path.join(dir, 'secret'),
      );
    const valid = await verify('body.json', 'headers.json');
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toContain('valid: delivery');
    expect((await verify('body.json', 'headers.txt')).code).toBe(0);
    const tampered = await verify('tampered.json', 'headers.json');
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('NOT valid: bad-signature');

    const deliveries = JSON.parse((await cli('webhook', 'deliveries', listed[0]!.id, '--json')).stdout) as {
      status: string;
      kind: string;
    }[];
    expect(deliveries).toMatchObject([{ status: 'delivered', kind: 'case.opened' }]);

    const rotated = await cli('webhook', 'rotate', listed[0]!.id, '--grace-hours', '2');
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/New signing secret \(shown once\): whsec_/);
    expect(rotated.stdout).toContain('The previous secret signs too until');
  });

  it('refuses plain http to another host, naming the field and the rule', async () => {
    const refused = await cli(
      'webhook',
      'add',
      '--name',
      'Remote',
      '--url',
      'http://orders.example.com/hook',
      '--events',
      'case.opened',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('plain http is allowed only for localhost and 127.0.0.1');
  });
});
