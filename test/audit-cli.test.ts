// Every CLI writer signs what it wrote before it exits, on the configured policy while it runs, and witnesses
// each checkpoint outside the database; `audit verify` then notices checkpoints deleted behind its back.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { residentIdCheckCharacter } from '../src/identity/documents/check-characters.js';
import { cliEnv, onboardByCli, runCli } from './cli-runner.js';

function residentId(body17: string): string {
  return body17 + residentIdCheckCharacter(body17);
}

describe('parcelguard CLI writers sign the audit log', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-audit-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const db = path.join(dir, 'store.db');
  const witness = path.join(dir, 'audit-witness', 'checkpoints.jsonl');
  // A small policy so the import, not only its end, has to sign as it goes.
  const env = cliEnv({ PARCELGUARD_AUDIT_CHECKPOINT_EVERY: '100' });
  const cli = (...args: string[]) => runCli(['--db', db, ...args], env);

  const signedState = () => {
    const sqlite = new Database(db, { readonly: true });
    try {
      const head = (sqlite.prepare('select max(seq) as seq from audit_entries').get() as { seq: number }).seq;
      // Records: entries of their own, and each record of the batch entries group intakes write.
      const records = (
        sqlite
          .prepare(
            `select (select count(*) from audit_entries where action <> 'audit.batch')
                  + (select count(*) from audit_leaves) as n`,
          )
          .get() as { n: number }
      ).n;
      const checkpoints = sqlite
        .prepare('select from_seq, to_seq from audit_checkpoints order by to_seq')
        .all() as { from_seq: number; to_seq: number }[];
      return { head, records, checkpoints, signedTo: checkpoints.at(-1)?.to_seq ?? 0 };
    } finally {
      sqlite.close();
    }
  };
  const witnessed = () =>
    readFileSync(witness, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { fromSeq: number; toSeq: number });

  it('a short command signs its entries before it exits', async () => {
    const site = await cli(
      'site',
      'add',
      '--code',
      'AUD-1',
      '--name',
      'Audit outlet',
      '--kind',
      'outlet',
      '--region',
      '310104',
    );
    expect(site.code).toBe(0);
    const user = await cli(
      'user',
      'add',
      '--username',
      'auditcourier',
      '--name',
      'Au Dit',
      '--site',
      'AUD-1',
      '--roles',
      'courier',
    );
    expect(user.code).toBe(0);
    await onboardByCli(cli, 'auditcourier');
    const state = signedState();
    expect(state.signedTo).toBe(state.head);
    expect(witnessed().at(-1)!.toSeq).toBe(state.head);
  });

  it('`parcelguard import` leaves every entry signed and witnessed, signing on the policy as it goes', async () => {
    const sites = JSON.parse((await cli('site', 'list', '--json')).stdout) as { code: string; id: string }[];
    const siteId = sites.find((s) => s.code === 'AUD-1')!.id;
    const file = path.join(dir, 'parcels.ndjson');
    const total = 300;
    const lines = Array.from({ length: total }, (_, i) =>
      JSON.stringify({
        waybillNo: `AUD${String(i).padStart(6, '0')}`,
        siteId,
        route: 'domestic',
        origin: { country: 'CN', address: '上海市徐汇区' },
        destination: { country: 'CN', address: '北京市朝阳区' },
        sender: {
          documentType: 'resident-id',
          number: residentId(`310104198001${String(1000 + (i % 40)).padStart(4, '0')}1`),
          name: '张三',
          verification: { method: 'visual' },
        },
        recipient: { name: '李四', phone: '13987654321', address: '北京市朝阳区建国路1号' },
        items: [{ description: '纯棉T恤' }],
        weightGrams: 500,
        noticeAcknowledged: true,
      }),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const before = signedState();
    const imported = await cli('import', file, '--courier', 'auditcourier', '--quiet', '--batch-size', '50');
    expect(imported.code).toBe(0);
    expect((JSON.parse(imported.stdout) as { takenIn: number }).takenIn).toBe(total);

    const after = signedState();
    expect(after.records - before.records).toBeGreaterThanOrEqual(total);
    expect(after.head - after.signedTo).toBe(0);
    // Signed while running, not only at the end: the policy counts records, so the import's batch entries (50
    // parcels each, with their senders) bring a checkpoint every two or three batches.
    const during = after.checkpoints.filter((c) => c.from_seq > before.signedTo);
    expect(during.length).toBeGreaterThan(1);
    expect(Math.max(...during.map((c) => c.to_seq - c.from_seq + 1))).toBeLessThanOrEqual(4);
    expect(witnessed().map((line) => line.toSeq)).toEqual(after.checkpoints.map((c) => c.to_seq));
    expect(statSync(witness).mode & 0o777).toBe(0o600);

    // One parcel's record, proved on its own out of its batch and checked offline with the public key.
    const proofFile = path.join(dir, 'record-proof.json');
    const proved = await cli('audit', 'prove-record', 'parcel', 'AUD000007', '--out', proofFile);
    expect(proved.code).toBe(0);
    const keyFile = path.join(dir, 'public-key.pem');
    writeFileSync(keyFile, (await cli('audit', 'public-key')).stdout);
    const offline = await runCli(['audit', 'verify-proof', proofFile, '--public-key', keyFile], env);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain('Proof valid: the parcel.taken-in record of parcel AUD000007');

    const verified = await cli('audit', 'verify', '--json');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      ok: true,
      uncheckpointed: 0,
      macsChecked: true,
      witness: { latestToSeq: after.head },
      warnings: [],
    });
  });

  it('`audit verify` fails once checkpoints are deleted behind its back', async () => {
    const sqlite = new Database(db);
    sqlite.prepare('delete from audit_checkpoints').run();
    sqlite.close();
    const result = await cli('audit', 'verify');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /FAILED verification at sequence number 1: checkpoint 1–\d+ was witnessed outside the database but is missing from it/,
    );
  });
});
