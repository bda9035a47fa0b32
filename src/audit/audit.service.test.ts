import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { adminContext, auditHead, createSite, describeEachDialect } from '../testing/test-app.js';
import { verifyInclusionProof } from './audit-proof.js';
import { trustedSigningKeys } from './trusted-keys.js';

describeEachDialect('audit log', (env) => {
  it('appends in the same transaction as the change: a rolled-back change leaves no entry', async () => {
    const { app } = env();
    const before = await auditHead(app);
    await expect(
      app.store.transaction(async (trx) => {
        await app.audit.append(trx, adminContext(), {
          action: 'site.updated',
          subject: { type: 'site', id: 'x' },
        });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await auditHead(app)).toBe(before);
  });

  it('chains entries, never stores the raw data, and verifies intact', async () => {
    const { app } = env();
    const before = await auditHead(app);
    await createSite(app);
    await createSite(app);
    const entries = await app.audit.findEntries(before, 10);
    expect(entries.map((e) => e.action)).toEqual(['site.created', 'site.created']);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries[0]!.dataDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(entries)).not.toContain('Test site');
    const report = await app.audit.verify(await trustedSigningKeys(app));
    expect(report).toMatchObject({ ok: true, firstBadSeq: null });
  });

  it('signs checkpoints and proves an entry with the public key alone', async () => {
    const { app } = env();
    for (let i = 0; i < 5; i += 1) await createSite(app);
    const created = await app.audit.createCheckpoints();
    expect(created.length).toBeGreaterThan(0);
    await createSite(app); // not yet checkpointed: prove() must checkpoint it first
    const head = await auditHead(app);
    const publicKeyPem = app.signer.publicKeys()[0]!.publicKeyPem;
    for (const seq of [1, 2, head - 1, head]) {
      const proof = await app.audit.prove(seq, () => publicKeyPem);
      expect(verifyInclusionProof(JSON.parse(JSON.stringify(proof)) as typeof proof, publicKeyPem)).toEqual({
        valid: true,
      });
    }
    const proof = await app.audit.prove(2, () => publicKeyPem);
    expect(
      verifyInclusionProof({ ...proof, entry: { ...proof.entry, actorId: 'someone-else' } }, publicKeyPem)
        .valid,
    ).toBe(false);
    expect(verifyInclusionProof({ ...proof, path: proof.path.slice(1) }, publicKeyPem).valid).toBe(false);
    const otherKey = (await import('node:crypto'))
      .generateKeyPairSync('ed25519')
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString();
    expect(verifyInclusionProof(proof, otherKey)).toEqual({
      valid: false,
      reason: expect.stringContaining('signature') as unknown,
    });
    const report = await app.audit.verify(await trustedSigningKeys(app));
    expect(report.ok).toBe(true);
    expect(report.uncheckpointed).toBe(0);
  });
});

describeEachDialect('audit log tampering', (env) => {
  async function tamperAndVerify(statement: (seq: number) => ReturnType<typeof sql>, target: number) {
    const { app } = env();
    await statement(target).execute(app.store.db);
    return app.audit.verify(await trustedSigningKeys(app));
  }

  it('names the first bad sequence number after an edit, a delete and a reorder', async () => {
    const { app } = env();
    for (let i = 0; i < 8; i += 1) await createSite(app);
    await app.audit.createCheckpoints();
    for (let i = 0; i < 4; i += 1) await createSite(app);
    const head = await auditHead(app);
    expect((await app.audit.verify(await trustedSigningKeys(app))).ok).toBe(true);

    // Edit an uncheckpointed entry: caught by the chain.
    const edited = head - 1;
    let report = await tamperAndVerify(
      (seq) => sql`update audit_entries set actor_id = 'intruder' where seq = ${seq}`,
      edited,
    );
    expect(report).toMatchObject({ ok: false, firstBadSeq: edited });
    await sql`update audit_entries set actor_id = 'test-admin' where seq = ${edited}`.execute(app.store.db);
    expect((await app.audit.verify(await trustedSigningKeys(app))).ok).toBe(true);

    // Swap two checkpointed entries' positions.
    await sql`update audit_entries set seq = -1 where seq = 4`.execute(app.store.db);
    await sql`update audit_entries set seq = 4 where seq = 5`.execute(app.store.db);
    await sql`update audit_entries set seq = 5 where seq = -1`.execute(app.store.db);
    report = await app.audit.verify(await trustedSigningKeys(app));
    expect(report).toMatchObject({ ok: false, firstBadSeq: 4 });
    await sql`update audit_entries set seq = -1 where seq = 4`.execute(app.store.db);
    await sql`update audit_entries set seq = 4 where seq = 5`.execute(app.store.db);
    await sql`update audit_entries set seq = 5 where seq = -1`.execute(app.store.db);
    expect((await app.audit.verify(await trustedSigningKeys(app))).ok).toBe(true);

    // Delete the newest entry of the chain: only a signed checkpoint can tell, so checkpoint first.
    await app.audit.createCheckpoints();
    report = await tamperAndVerify((seq) => sql`delete from audit_entries where seq = ${seq}`, head);
    expect(report).toMatchObject({ ok: false, firstBadSeq: head });

    // Delete one in the middle.
    report = await tamperAndVerify((seq) => sql`delete from audit_entries where seq = ${seq}`, 3);
    expect(report).toMatchObject({ ok: false, firstBadSeq: 3 });
  });
});

describe('audit actions', () => {
  it('is a closed list with a meaning for each', async () => {
    const { AUDIT_ACTIONS, isAuditAction } = await import('./audit-actions.js');
    for (const [action, meaning] of Object.entries(AUDIT_ACTIONS)) {
      expect(action).toMatch(/^[a-z-]+\.[a-z-]+$/);
      expect(meaning.length).toBeGreaterThan(5);
    }
    expect(isAuditAction('site.created')).toBe(true);
    expect(isAuditAction('site.vanished')).toBe(false);
  });
});
