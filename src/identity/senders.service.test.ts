import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { Keyring, writeKeyFile } from '../platform/crypto/keyring.js';
import { Vault } from '../platform/crypto/vault.js';
import { ManualClock } from '../platform/clock.js';
import { presentation, uniquePhone } from '../testing/identity-factories.js';
import { nameIndex } from './subject-index.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  createSite,
  describeEachDialect,
  keyRotationFor,
} from '../testing/test-app.js';
import { SENDER_NAME_CONTEXT, SENDER_NUMBER_CONTEXT } from './senders.service.js';

describeEachDialect('senders and the gate as a service', (env) => {
  it('registers one sender when two counters verify the same new document at once', async () => {
    const { app } = env();
    const site = await createSite(app);
    const shown = presentation();
    const decisions = await Promise.all(
      [uniquePhone(), uniquePhone()].map((phone) =>
        app.identityGate.decide(adminContext(), { kind: 'document', siteId: site.id, ...shown, phone }),
      ),
    );
    expect(decisions.map((d) => d.decision)).toEqual(['pass', 'pass']);
    expect(decisions[0]!.senderId).toBe(decisions[1]!.senderId);
    expect((await app.senders.getSender(adminContext(), decisions[0]!.senderId!)).phonesMasked).toHaveLength(
      2,
    );
  });

  it("recognises a returning sender's name by its index, as written in other forms, and by decrypting it when the row has none", async () => {
    const { app } = env();
    const site = await createSite(app);
    const shown = presentation({ name: '陳 大文' });
    const decide = (name: string) =>
      app.identityGate.decide(adminContext(), { kind: 'document', siteId: site.id, ...shown, name });
    const first = await decide('陳 大文');
    expect(first.decision).toBe('pass');
    const row = await app.store.db
      .selectFrom('senders')
      .selectAll()
      .where('id', '=', first.senderId!)
      .executeTakeFirstOrThrow();
    // Indexed in the form names are compared in: a vault that never saw it computes the same index.
    expect(row.name_index).toBe(nameIndex(new Vault(app.keyring), '陈大文'));
    expect((await decide('陈大文')).decision).toBe('pass');
    expect((await decide('ＣＨＥＮ')).reason).toBe('name-mismatch');
    expect((await decide('陈大')).reason).toBe('name-mismatch');
    // A sender registered before names were indexed is checked by decrypting the registered name.
    await app.store.db.updateTable('senders').set({ name_index: null }).where('id', '=', row.id).execute();
    expect((await decide('陳大文')).decision).toBe('pass');
    expect((await decide('陈小文')).reason).toBe('name-mismatch');
    const nameIndexNow = async () =>
      (
        await app.store.db
          .selectFrom('senders')
          .select('name_index')
          .where('id', '=', row.id)
          .executeTakeFirstOrThrow()
      ).name_index;
    expect(await nameIndexNow()).toBeNull();
    // Its next refresh (here: another verification method) gives it the index.
    const refreshed = await app.identityGate.decide(adminContext(), {
      kind: 'document',
      siteId: site.id,
      ...shown,
      name: '陈大文',
      verification: { method: 'visual' },
    });
    expect(refreshed.decision).toBe('pass');
    expect(await nameIndexNow()).toBe(row.name_index);
  });

  it('gives the name index to senders registered before it, in audited batches, and nothing on a second run', async () => {
    const { app } = env();
    const site = await createSite(app);
    const names = ['王小明', '李 娜', '歐陽 修', 'Anna Müller', '赵六'];
    const shown = names.map((name) => presentation({ name }));
    const ids: string[] = [];
    for (const presented of shown) {
      const decision = await app.identityGate.decide(adminContext(), {
        kind: 'document',
        siteId: site.id,
        ...presented,
      });
      ids.push(decision.senderId!);
    }
    await app.store.db.updateTable('senders').set({ name_index: null }).where('id', 'in', ids).execute();
    const before = await auditHead(app);

    const progress: number[] = [];
    const result = await app.senders.indexLegacyNames(adminContext(), {
      batchSize: 2,
      onProgress: (indexed) => progress.push(indexed),
    });
    expect(result.indexed).toBeGreaterThanOrEqual(names.length);
    expect(progress.at(-1)).toBe(result.indexed);
    const rows = await app.store.db
      .selectFrom('senders')
      .select(['id', 'name_index'])
      .where('id', 'in', ids)
      .execute();
    const vault = new Vault(app.keyring);
    for (const [index, id] of ids.entries())
      expect(rows.find((row) => row.id === id)!.name_index).toBe(nameIndex(vault, names[index]!));
    // One audited entry per batch of at most two (the entries keep a digest of their data, not the data).
    const batches = (await auditEntriesAfter(app, before)).filter(
      (entry) => entry.action === 'sender.names-indexed',
    );
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(names.length / 2));
    expect(batches.every((entry) => entry.subjectType === 'sender')).toBe(true);

    expect(await app.senders.indexLegacyNames(adminContext())).toEqual({ indexed: 0, unindexable: 0 });
    // Returning senders are now recognised by the index.
    const again = await app.identityGate.decide(adminContext(), {
      kind: 'document',
      siteId: site.id,
      ...shown[2]!,
      name: '欧阳修',
    });
    expect(again.decision).toBe('pass');
  });

  it("writes nothing when the caller's transaction rolls back (parcel intake calls it inside its own)", async () => {
    const { app } = env();
    const site = await createSite(app);
    const shown = presentation();
    const before = await auditHead(app);
    await expect(
      app.store.transaction(async (trx) => {
        const decision = await app.identityGate.decideWithin(trx, adminContext(), {
          kind: 'document',
          siteId: site.id,
          ...shown,
        });
        expect(decision.decision).toBe('pass');
        throw new Error('the parcel could not be stored');
      }),
    ).rejects.toThrow('the parcel could not be stored');
    expect(await app.senders.findRowByDocument(app.store.db, shown)).toBeUndefined();
    expect(await auditEntriesAfter(app, before)).toEqual([]);
  });

  it('re-encrypts sender and watchlist columns on key rotation, and they stay readable', async () => {
    const { app } = env();
    const site = await createSite(app);
    const shown = presentation({ name: '吴九' });
    const { senderId } = await app.identityGate.decide(adminContext(), {
      kind: 'document',
      siteId: site.id,
      ...shown,
    });
    await app.watchlist.addEntry(adminContext(), {
      kind: 'phone',
      phone: uniquePhone(),
      reason: 'rotation test',
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'pg-identity-rotate-'));
    try {
      const file = path.join(dir, 'keys.json');
      writeKeyFile(file, app.keyring.snapshot());
      const keyring = Keyring.fromKeyFile(file);
      const vault = new Vault(keyring);
      const report = await keyRotationFor(app, keyring, vault).rotate(adminContext());
      expect(report.reencrypted).toMatchObject({
        senders: expect.any(Number) as number,
        sender_phones: expect.any(Number) as number,
        watchlist_entries: expect.any(Number) as number,
      });
      expect(report.reencrypted.senders).toBeGreaterThanOrEqual(1);
      expect(report.reencrypted.watchlist_entries).toBeGreaterThanOrEqual(1);
      const row = await app.store.db
        .selectFrom('senders')
        .selectAll()
        .where('id', '=', senderId!)
        .executeTakeFirstOrThrow();
      expect(Vault.keyIdOf(row.name_enc)).toBe(report.activeKeyId);
      expect(vault.decrypt(row.name_enc, SENDER_NAME_CONTEXT)).toBe('吴九');
      expect(vault.decrypt(row.number_enc, SENDER_NUMBER_CONTEXT)).toBe(shown.number);
      const phones = await app.store.db.selectFrom('sender_phones').select('phone_enc').execute();
      expect(phones.every((phone) => Vault.keyIdOf(phone.phone_enc) === report.activeKeyId)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const refreshClock = new ManualClock(Date.now());

describeEachDialect(
  'a returning sender',
  (env) => {
    it('is refreshed when the verification differs or an hour has passed, and a new phone is always kept', async () => {
      const { app } = env();
      const site = await createSite(app);
      const otherSite = await createSite(app);
      const shown = presentation({ phone: uniquePhone() });
      const present = (overrides: Partial<typeof shown> & { siteId?: string } = {}) =>
        app.identityGate.decide(adminContext(), {
          kind: 'document',
          siteId: site.id,
          ...shown,
          ...overrides,
        });
      const { senderId } = await present();
      const registered = await app.senders.getSender(adminContext(), senderId!);

      // Again within the hour, same method and site: nothing is written, nothing audited.
      refreshClock.advance(10 * 60_000);
      let before = await auditHead(app);
      expect((await present()).decision).toBe('pass');
      expect(await auditEntriesAfter(app, before)).toEqual([]);
      expect((await app.senders.getSender(adminContext(), senderId!)).lastSeenAt).toBe(registered.lastSeenAt);

      // A phone not seen before is recorded (and audited) even then.
      before = await auditHead(app);
      await present({ phone: uniquePhone() });
      expect((await app.senders.getSender(adminContext(), senderId!)).phonesMasked).toHaveLength(2);
      expect((await auditEntriesAfter(app, before)).map((entry) => entry.action)).toEqual(['sender.updated']);

      // Another site, another method, or an hour later: the sender row is refreshed.
      await present({ siteId: otherSite.id });
      expect((await app.senders.getSender(adminContext(), senderId!)).lastSeenSiteId).toBe(otherSite.id);
      await present({ verification: { method: 'face-match', deviceScore: 0.97 } });
      expect((await app.senders.getSender(adminContext(), senderId!)).verification.method).toBe('face-match');
      refreshClock.advance(60 * 60_000);
      await present({ verification: { method: 'face-match', deviceScore: 0.97 } });
      const refreshed = await app.senders.getSender(adminContext(), senderId!);
      expect(refreshed.lastSeenAt).toBe(refreshClock.now());
      expect(refreshed.lastSeenSiteId).toBe(site.id);
    });
  },
  { clock: refreshClock },
);
