import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { Keyring, writeKeyFile } from '../platform/crypto/keyring.js';
import { Vault } from '../platform/crypto/vault.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  createStaffMember,
  describeEachDialect,
  keyRotationFor,
} from '../testing/test-app.js';
import { STAFF_PHONE_CONTEXT } from '../people/staff.service.js';

describeEachDialect('key rotation', (env) => {
  it('re-encrypts every stored value under a new key while old values stay readable, and audits it', async () => {
    const { app } = env();
    // Rotation writes a key file: give this suite a file-backed keyring holding the app's current keys.
    const dir = mkdtempSync(path.join(tmpdir(), 'pg-rotate-'));
    try {
      const file = path.join(dir, 'keys.json');
      writeKeyFile(file, app.keyring.snapshot());
      const keyring = Keyring.fromKeyFile(file);
      const vault = new Vault(keyring);
      const liveServerVault = new Vault(Keyring.fromKeyFile(file));
      const members = [];
      for (let i = 0; i < 3; i += 1) {
        const { staff } = await createStaffMember(app, ['courier']);
        members.push(await app.staff.updateStaff(adminContext(), staff.id, { phone: `1391234567${i}` }));
      }
      const oldKey = vault.activeKeyId;
      const before = await auditHead(app);
      const report = await keyRotationFor(app, keyring, vault).rotate(adminContext());
      expect(report.createdKey).toBe(true);
      expect(report.activeKeyId).not.toBe(oldKey);
      expect(report.reencrypted.staff).toBeGreaterThanOrEqual(3);
      const rows = await app.store.db
        .selectFrom('staff')
        .select(['id', 'phone_enc'])
        .where('phone_enc', 'is not', null)
        .execute();
      for (const row of rows) {
        expect(Vault.keyIdOf(row.phone_enc!)).toBe(report.activeKeyId);
        expect(vault.decrypt(row.phone_enc!, STAFF_PHONE_CONTEXT)).toMatch(/^1391234567\d$/);
      }
      // The app's own vault (opened before the rotation, old key only) cannot read the new values, but a
      // file-backed vault opened before the rotation reloads the file and can: a live server's view.
      expect(() => app.vault.decrypt(rows[0]!.phone_enc!, STAFF_PHONE_CONTEXT)).toThrow(/unknown key id/);
      expect(liveServerVault.decrypt(rows[0]!.phone_enc!, STAFF_PHONE_CONTEXT)).toMatch(/^139/);
      const entries = await auditEntriesAfter(app, before);
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((e) => e.action === 'vault.reencrypted')).toBe(true);
      expect(members).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
