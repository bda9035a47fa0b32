// Tampering by someone who can write the database but holds no key: cutting the tail, deleting checkpoints,
// rewriting the newest entries and recomputing the unkeyed hashes. Each test gets a store of its own, with the
// background schedule off so what is signed is what the test signs.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { App } from '../app.js';
import type { Config } from '../platform/config.js';
import { adminContext, auditHead, createTestApp, DIALECTS } from '../testing/test-app.js';
import { hashEntry } from './audit-chain.js';
import { AuditRepository } from './audit.repository.js';
import { verifyAuditLog, type AuditRecord } from './audit.service.js';
import { AuditWitness, WITNESS_FILE } from './audit-witness.js';
import { trustedSigningKeys } from './trusted-keys.js';

for (const dialect of DIALECTS) {
  const skip = dialect === 'postgres' && inject('postgresUrl') === null;
  (skip ? describe.skip : describe)(`audit tamper evidence [${dialect}]`, () => {
    const opened: { dispose(): Promise<void> }[] = [];
    afterEach(async () => {
      for (const environment of opened.splice(0)) await environment.dispose();
    });

    async function freshApp(config: Partial<Config> = {}) {
      const environment = await createTestApp(dialect, { scheduleCheckpoints: false, config });
      opened.push(environment);
      return environment;
    }

    async function append(app: App, count: number): Promise<void> {
      for (let done = 0; done < count;) {
        const size = Math.min(500, count - done);
        const records: AuditRecord[] = Array.from({ length: size }, (_, i) => ({
          action: 'site.updated',
          subject: { type: 'site', id: `s${done + i}` },
          data: { i: done + i },
        }));
        await app.store.transaction((trx) => app.audit.append(trx, adminContext(), records));
        done += size;
      }
    }

    const verify = async (app: App) => app.audit.verify(await trustedSigningKeys(app));

    async function lastCheckpointTo(app: App): Promise<number> {
      const row = await app.store.db
        .selectFrom('audit_checkpoints')
        .select('to_seq')
        .orderBy('to_seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.to_seq ?? 0;
    }

    /** Edits entry `seq` and recomputes its hash and every later one (the unkeyed chain), as an intruder can. */
    async function rewriteFrom(app: App, seq: number, macs: 'keep' | 'drop'): Promise<void> {
      const db = app.store.db;
      await sql`update audit_entries set actor_id = 'intruder' where seq = ${seq}`.execute(db);
      const previous = await db
        .selectFrom('audit_entries')
        .select('hash')
        .where('seq', '=', seq - 1)
        .executeTakeFirstOrThrow();
      let prevHash = previous.hash;
      const rows = await db
        .selectFrom('audit_entries')
        .selectAll()
        .where('seq', '>=', seq)
        .orderBy('seq')
        .execute();
      for (const row of rows) {
        const hash = hashEntry({
          seq: row.seq,
          at: row.at,
          actorType: row.actor_type,
          actorId: row.actor_id,
          action: row.action,
          subjectType: row.subject_type,
          subjectId: row.subject_id,
          requestId: row.request_id,
          dataDigest: row.data_digest,
          prevHash,
        });
        await db
          .updateTable('audit_entries')
          .set({ prev_hash: prevHash, hash, ...(macs === 'drop' ? { mac: null } : {}) })
          .where('seq', '=', row.seq)
          .execute();
        prevHash = hash;
      }
    }

    const witnessFile = (config: Config) => path.join(config.auditWitnessDir, WITNESS_FILE);

    it('passes an untampered store with a live tail, and witnesses each checkpoint (0600 in a 0700 directory)', async () => {
      const { app, config } = await freshApp();
      await append(app, 20);
      const created = await app.audit.createCheckpoints();
      await append(app, 7);
      const report = await verify(app);
      expect(report).toMatchObject({
        ok: true,
        firstBadSeq: null,
        uncheckpointed: 7,
        uncheckpointedAllowed: 1500,
        macsChecked: true,
        warnings: [],
      });
      expect(report.witness).toMatchObject({ latestToSeq: created.at(-1)!.toSeq });
      const lines = readFileSync(witnessFile(config), 'utf8').trim().split('\n');
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ toSeq: created.at(-1)!.toSeq });
      expect(statSync(witnessFile(config)).mode & 0o777).toBe(0o600);
      expect(statSync(config.auditWitnessDir).mode & 0o777).toBe(0o700);
      const macs = await app.store.db.selectFrom('audit_entries').select('mac').execute();
      expect(macs.every((row) => /^[0-9a-f]{64}$/.test(row.mac ?? ''))).toBe(true);
    });

    it('detects a tail cut back into a witnessed checkpoint, with that checkpoint deleted', async () => {
      const { app } = await freshApp();
      await append(app, 30);
      await app.audit.createCheckpoints();
      const before = await lastCheckpointTo(app);
      await append(app, 30);
      await app.audit.createCheckpoints();
      const witnessedTo = await lastCheckpointTo(app);
      await append(app, 10);
      const cut = before + 12;
      await sql`delete from audit_entries where seq > ${cut}`.execute(app.store.db);
      await sql`delete from audit_checkpoints where to_seq > ${cut}`.execute(app.store.db);
      const report = await verify(app);
      expect(report.ok).toBe(false);
      expect(report.firstBadSeq).toBe(before + 1);
      expect(report.problem).toMatch(
        new RegExp(
          `checkpoint ${before + 1}–${witnessedTo} was witnessed outside the database but is missing`,
        ),
      );
    });

    it('detects a tail cut back into a checkpoint that is still there', async () => {
      const { app } = await freshApp();
      await append(app, 30);
      await app.audit.createCheckpoints();
      const signedTo = await lastCheckpointTo(app);
      await sql`delete from audit_entries where seq > ${signedTo - 5}`.execute(app.store.db);
      expect(await verify(app)).toMatchObject({ ok: false, firstBadSeq: signedTo - 4 });
    });

    it('detects the unsigned tail cut together with every checkpoint', async () => {
      const { app } = await freshApp();
      await append(app, 25);
      await app.audit.createCheckpoints();
      await append(app, 10);
      const signedTo = await lastCheckpointTo(app);
      await sql`delete from audit_entries where seq > ${signedTo}`.execute(app.store.db);
      await sql`delete from audit_checkpoints`.execute(app.store.db);
      const report = await verify(app);
      expect(report).toMatchObject({ ok: false, firstBadSeq: 1 });
      expect(report.problem).toMatch(/witnessed outside the database but is missing from it/);
    });

    it('detects deleted checkpoints', async () => {
      const { app } = await freshApp();
      await append(app, 25);
      await app.audit.createCheckpoints();
      await append(app, 3);
      await sql`delete from audit_checkpoints`.execute(app.store.db);
      const report = await verify(app);
      expect(report).toMatchObject({ ok: false, firstBadSeq: 1, checkpoints: 0 });
      expect(report.problem).toMatch(/witnessed outside the database but is missing from it/);
    });

    it('detects the newest entry rewritten with the hashes recomputed, when no checkpoint covers it', async () => {
      const { app } = await freshApp();
      await append(app, 10);
      await app.audit.createCheckpoints();
      await append(app, 5);
      const head = await auditHead(app);
      await rewriteFrom(app, head, 'keep');
      const report = await verify(app);
      expect(report).toMatchObject({ ok: false, firstBadSeq: head });
      expect(report.problem).toMatch(/keyed MAC does not match/);
    });

    it('detects entries rewritten with the hashes recomputed and the MACs removed', async () => {
      const { app } = await freshApp();
      await append(app, 10);
      await app.audit.createCheckpoints();
      await append(app, 5);
      const head = await auditHead(app);
      await rewriteFrom(app, head - 2, 'drop');
      const report = await verify(app);
      expect(report).toMatchObject({ ok: false, firstBadSeq: head - 2 });
      expect(report.problem).toMatch(/has no MAC although entry \d+ before it has one/);
    });

    it('detects the newest entry rewritten when a checkpoint covers it, whether or not the checkpoint is deleted', async () => {
      const { app } = await freshApp();
      await append(app, 10);
      await app.audit.createCheckpoints();
      const head = await auditHead(app);
      expect(await lastCheckpointTo(app)).toBe(head);
      await rewriteFrom(app, head, 'keep');
      expect(await verify(app)).toMatchObject({ ok: false, firstBadSeq: head });
      // Deleting the checkpoint that no longer matches does not help: the witness and the MAC remain.
      await sql`delete from audit_checkpoints where to_seq = ${head}`.execute(app.store.db);
      const report = await verify(app);
      expect(report.ok).toBe(false);
      expect(report.firstBadSeq).toBeLessThanOrEqual(head);
      expect(report.problem).toMatch(/witnessed outside the database|keyed MAC/);
    });

    it('fails 1,950 entries after the last checkpoint under a policy of 1,000, and passes 1,500', async () => {
      const { app } = await freshApp({ auditCheckpointEvery: 1000 });
      const signedTo = await lastCheckpointTo(app);
      await append(app, 1500);
      expect(await verify(app)).toMatchObject({ ok: true, uncheckpointed: 1500 });
      await append(app, 450);
      const report = await verify(app);
      expect(report).toMatchObject({
        ok: false,
        firstBadSeq: signedTo + 1,
        uncheckpointed: 1950,
        problem:
          '1950 records after the last checkpoint: the policy allows 1000; a writer did not sign or checkpoints were deleted',
      });
    });

    it('fails entries without a MAC that no checkpoint covers, and accepts them under one (a store from before MACs)', async () => {
      const { app } = await freshApp();
      await append(app, 5);
      await app.audit.createCheckpoints();
      await append(app, 3);
      await sql`update audit_entries set mac = null`.execute(app.store.db);
      const signedTo = await lastCheckpointTo(app);
      const report = await verify(app);
      expect(report).toMatchObject({ ok: false, firstBadSeq: signedTo + 1 });
      expect(report.problem).toMatch(/has no MAC and no signed checkpoint covers it/);
      await app.audit.createCheckpoints();
      expect(await verify(app)).toMatchObject({ ok: true, uncheckpointed: 0 });
    });

    it('warns of a missing witness file, fails when the witness is required, and catches the witness up', async () => {
      const { app, config } = await freshApp();
      await append(app, 5);
      await app.audit.createCheckpoints();
      rmSync(witnessFile(config));
      const report = await verify(app);
      expect(report.ok).toBe(true);
      expect(report.warnings.join('\n')).toMatch(/no witness file at .*checkpoints\.jsonl/);

      const repository = new AuditRepository(app.store.dialect);
      const options = {
        trustedKeys: await trustedSigningKeys(app),
        checkpointEvery: 1000,
        entryMac: null,
        witness: new AuditWitness(config.auditWitnessDir),
        witnessRequired: true,
      };
      const required = await verifyAuditLog(app.store.db, repository, options);
      expect(required).toMatchObject({ ok: false, firstBadSeq: null, macsChecked: false });
      expect(required.problem).toMatch(/no witness file/);
      expect(required.warnings.join('\n')).toMatch(/MACs were not checked/);

      expect(await app.audit.catchUpWitness()).toBe(true);
      expect(await app.audit.catchUpWitness()).toBe(false);
      expect(await verifyAuditLog(app.store.db, repository, options)).toMatchObject({
        ok: true,
        witness: { latestToSeq: await lastCheckpointTo(app) },
      });
    });

    it('fails a witness line whose signature does not verify', async () => {
      const { app, config } = await freshApp();
      await append(app, 5);
      await app.audit.createCheckpoints();
      const file = witnessFile(config);
      const last = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1)!) as Record<
        string,
        unknown
      >;
      writeFileSync(file, `${JSON.stringify({ ...last, toSeq: Number(last.toSeq) + 100 })}\n`, { flag: 'a' });
      const report = await verify(app);
      expect(report.ok).toBe(false);
      expect(report.problem).toMatch(/witness line for checkpoint .* has no valid signature/);
    });

    it('signs, on its own, the transaction that crosses the policy count once it commits', async () => {
      const environment = await createTestApp(dialect, { config: { auditCheckpointEvery: 10 } });
      opened.push(environment);
      const { app } = environment;
      await append(app, 25);
      const head = await auditHead(app);
      for (let i = 0; i < 200 && (await lastCheckpointTo(app)) < head; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(await lastCheckpointTo(app)).toBe(head);
      expect((await verify(app)).ok).toBe(true);
    });

    it('reports a witness it cannot write, keeps the checkpoint, and witnesses it once it can', async () => {
      const { app, config } = await freshApp();
      await append(app, 3);
      // A file where the directory should be: unwritable even for root, which writes through any mode.
      const moved = `${config.auditWitnessDir}.away`;
      renameSync(config.auditWitnessDir, moved);
      writeFileSync(config.auditWitnessDir, '');
      try {
        await expect(app.audit.createCheckpoints()).rejects.toThrow(/audit witness .* cannot be written/);
        expect(await lastCheckpointTo(app)).toBe(await auditHead(app));
      } finally {
        rmSync(config.auditWitnessDir);
        renameSync(moved, config.auditWitnessDir);
      }
      await app.audit.createCheckpoints();
      expect(existsSync(witnessFile(config))).toBe(true);
      expect(await verify(app)).toMatchObject({
        ok: true,
        uncheckpointed: 0,
        witness: { latestToSeq: await lastCheckpointTo(app) },
      });
    });
  });
}
