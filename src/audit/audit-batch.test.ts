// Batched audit leaves: a group intake's records share one chain entry (the Merkle root over them), each record
// kept and provable on its own; verification names a record edited, moved or deleted inside its batch.
import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import type { App } from '../app.js';
import { cliContext } from '../people/actor.js';
import { newId } from '../platform/ids.js';
import { createSite, createStaffMember, createTestApp, DIALECTS } from '../testing/test-app.js';
import { intakeBody } from '../testing/parcel-factories.js';
import { BATCH_ACTION, hashBatchRecord } from './audit-chain.js';
import { verifyRecordProof, type RecordProof } from './audit-proof.js';
import { AuditRepository } from './audit.repository.js';
import { verifyAuditLog } from './audit.service.js';
import { trustedSigningKeys } from './trusted-keys.js';

for (const dialect of DIALECTS) {
  const skip = dialect === 'postgres' && inject('postgresUrl') === null;
  (skip ? describe.skip : describe)(`batched audit records [${dialect}]`, () => {
    /** A fresh store with one group intake of five parcels; answers the app, the batch entry and the waybills. */
    async function withBatch(
      work: (app: App, batch: { seq: number; waybills: string[] }) => Promise<void>,
    ): Promise<void> {
      const environment = await createTestApp(dialect, { scheduleCheckpoints: false });
      try {
        const { app } = environment;
        const site = await createSite(app);
        const { staff } = await createStaffMember(app, ['courier'], site.id);
        const inputs = Array.from({ length: 5 }, () => intakeBody(site.id, { courierId: staff.id }));
        const outcomes = await app.parcels.intakeMany(cliContext(newId(), 'test'), inputs);
        expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
        const batch = await app.store.db
          .selectFrom('audit_entries')
          .select(['seq', 'subject_id'])
          .where('action', '=', BATCH_ACTION)
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow();
        await work(app, { seq: batch.seq, waybills: inputs.map((input) => input.waybillNo) });
      } finally {
        await environment.dispose();
      }
    }

    const verify = async (app: App) => app.audit.verify(await trustedSigningKeys(app));
    const positionOf = async (app: App, seq: number, waybill: string) =>
      (
        await app.store.db
          .selectFrom('audit_leaves')
          .select('position')
          .where('seq', '=', seq)
          .where('subject_id', '=', waybill)
          .where('action', '=', 'parcel.taken-in')
          .executeTakeFirstOrThrow()
      ).position;

    it('chains a group as one entry holding every record, in order; each record proves on its own', async () => {
      await withBatch(async (app, batch) => {
        const records = await app.audit.findRecords(batch.seq - 1, 10);
        expect(
          records.filter((record) => record.action === 'parcel.taken-in').map((r) => r.subjectId),
        ).toEqual(batch.waybills);
        expect(records.every((record) => record.seq === batch.seq && record.position !== null)).toBe(true);
        const report = await verify(app);
        expect(report).toMatchObject({ ok: true, problem: null });
        expect(report.records).toBeGreaterThan(report.entries);

        const publicKey = app.signer.publicKeys()[0]!.publicKeyPem;
        const proof = await app.audit.proveRecord(
          { type: 'parcel', id: batch.waybills[3]! },
          'parcel.taken-in',
          () => publicKey,
        );
        expect(proof.entryProof.entry.seq).toBe(batch.seq);
        expect(verifyRecordProof(proof, publicKey)).toEqual({ valid: true });
        // A record changed in the proof, or moved to another place, no longer leads to the signed root.
        const forged: RecordProof = { ...proof, record: { ...proof.record, subjectId: 'FORGED' } };
        forged.record.hash = hashBatchRecord(forged.record);
        expect(verifyRecordProof(forged, publicKey)).toMatchObject({ valid: false });
        expect(
          verifyRecordProof({ ...proof, position: (proof.position + 1) % proof.batchSize }, publicKey),
        ).toMatchObject({ valid: false });
        await expect(
          app.audit.proveRecord({ type: 'parcel', id: 'NO-SUCH-WAYBILL' }, undefined, () => publicKey),
        ).rejects.toMatchObject({ code: 'not-found' });
      });
    });

    it("names a parcel's record edited inside its batch", async () => {
      await withBatch(async (app, batch) => {
        const position = await positionOf(app, batch.seq, batch.waybills[2]!);
        await sql`update audit_leaves set data_digest = ${'0'.repeat(64)}
          where seq = ${batch.seq} and position = ${position}`.execute(app.store.db);
        const report = await verify(app);
        expect(report.ok).toBe(false);
        expect(report.firstBadSeq).toBe(batch.seq);
        expect(report.problem).toBe(
          `record ${position} of entry ${batch.seq} (parcel.taken-in, parcel ${batch.waybills[2]}) was altered (its content does not match its hash)`,
        );
      });
    });

    it('names a record rewritten with its hash recomputed (the MAC), and catches it without the key (the root)', async () => {
      await withBatch(async (app, batch) => {
        const position = await positionOf(app, batch.seq, batch.waybills[1]!);
        const leaf = await app.store.db
          .selectFrom('audit_leaves')
          .selectAll()
          .where('seq', '=', batch.seq)
          .where('position', '=', position)
          .executeTakeFirstOrThrow();
        const rewritten = {
          at: leaf.at,
          actorType: leaf.actor_type,
          actorId: 'intruder',
          action: leaf.action,
          subjectType: leaf.subject_type,
          subjectId: leaf.subject_id,
          requestId: leaf.request_id,
          dataDigest: leaf.data_digest,
        };
        await sql`update audit_leaves set actor_id = 'intruder', hash = ${hashBatchRecord(rewritten)}
          where seq = ${batch.seq} and position = ${position}`.execute(app.store.db);
        expect((await verify(app)).problem).toBe(
          `record ${position} of entry ${batch.seq} (parcel.taken-in, parcel ${batch.waybills[1]}) was moved or rewritten: its keyed MAC does not match`,
        );
        const withoutKey = await verifyAuditLog(app.store.db, new AuditRepository(app.store.dialect), {
          trustedKeys: await trustedSigningKeys(app),
          checkpointEvery: 1000,
          entryMac: null,
          witness: null,
          witnessRequired: false,
        });
        expect(withoutKey.problem).toBe(
          `the records of entry ${batch.seq} do not match its root (a record was edited, deleted or reordered)`,
        );
      });
    });

    it('names the place of a record deleted from its batch, and of two records swapped', async () => {
      await withBatch(async (app, batch) => {
        const position = await positionOf(app, batch.seq, batch.waybills[0]!);
        await sql`delete from audit_leaves where seq = ${batch.seq} and position = ${position}`.execute(
          app.store.db,
        );
        const report = await verify(app);
        expect(report.firstBadSeq).toBe(batch.seq);
        expect(report.problem).toMatch(
          new RegExp(
            `^record ${position} of entry ${batch.seq} is missing|^entry ${batch.seq} batches \\d+ records but \\d+ are stored`,
          ),
        );
      });
      await withBatch(async (app, batch) => {
        const [first, second] = [
          await positionOf(app, batch.seq, batch.waybills[3]!),
          await positionOf(app, batch.seq, batch.waybills[4]!),
        ];
        // Swap the two records' places: each still matches its own hash, but not its MAC, nor the root.
        const db = app.store.db;
        await sql`update audit_leaves set position = -1 where seq = ${batch.seq} and position = ${first}`.execute(
          db,
        );
        await sql`update audit_leaves set position = ${first} where seq = ${batch.seq} and position = ${second}`.execute(
          db,
        );
        await sql`update audit_leaves set position = ${second} where seq = ${batch.seq} and position = -1`.execute(
          db,
        );
        expect((await verify(app)).problem).toBe(
          `record ${first} of entry ${batch.seq} (parcel.taken-in, parcel ${batch.waybills[4]}) was moved or rewritten: its keyed MAC does not match`,
        );
      });
    });
  });
}
