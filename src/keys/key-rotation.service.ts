import { sql } from 'kysely';
import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../people/actor.js';
import { ENCRYPTED_COLUMNS } from '../platform/crypto/encrypted-columns.js';
import { newKeyId, writeKeyFile, type Keyring } from '../platform/crypto/keyring.js';
import { Vault } from '../platform/crypto/vault.js';
import type { Store } from '../platform/database/store.js';
import { randomBytes } from 'node:crypto';

export interface RotationReport {
  activeKeyId: string;
  /** Whether this run created the new key (file-backed keys) or used the configured active key. */
  createdKey: boolean;
  reencrypted: Record<string, number>;
}

const BATCH = 500;

/**
 * Rotates the data-encryption key without downtime: the new key becomes active (old keys stay readable), then
 * every stored value under an older key is re-encrypted in small transactions, each audited. Readers keep
 * working throughout because every value names the key that wrote it.
 */
export class KeyRotationService {
  constructor(
    private readonly store: Store,
    private readonly keyring: Keyring,
    private readonly vault: Vault,
    private readonly audit: AuditService,
  ) {}

  async rotate(
    context: RequestContext,
    onProgress?: (table: string, done: number) => void,
  ): Promise<RotationReport> {
    let createdKey = false;
    if (this.keyring.file !== null) {
      const keys = this.keyring.snapshot();
      const id = newKeyId('k');
      keys.encryption.keys[id] = randomBytes(32).toString('base64');
      keys.encryption.active = id;
      writeKeyFile(this.keyring.file, keys);
      this.keyring.reloadIfChanged();
      createdKey = true;
    }
    const active = this.vault.activeKeyId;
    const reencrypted: Record<string, number> = {};
    for (const spec of ENCRYPTED_COLUMNS) {
      const columns = Object.keys(spec.columns);
      let after = '';
      let done = 0;
      for (;;) {
        const page = await sql<Record<string, string | null>>`
          select ${sql.ref(spec.keyColumn)} as row_key, ${sql.join(columns.map((column) => sql.ref(column)))}
          from ${sql.table(spec.table)}
          where ${sql.ref(spec.keyColumn)} > ${after}
          order by ${sql.ref(spec.keyColumn)}
          limit ${BATCH}`.execute(this.store.db);
        if (page.rows.length === 0) break;
        const stale = page.rows.filter((row) =>
          columns.some((column) => isPresent(row[column]) && Vault.keyIdOf(row[column]) !== active),
        );
        if (stale.length > 0) {
          await this.store.transaction(async (trx) => {
            for (const row of stale) {
              const updates = columns
                .filter((column) => isPresent(row[column]))
                .map((column) => {
                  const context = spec.columns[column]!;
                  return sql`${sql.ref(column)} = ${this.vault.encrypt(this.vault.decrypt(row[column]!, context), context)}`;
                });
              await sql`update ${sql.table(spec.table)} set ${sql.join(updates)}
                where ${sql.ref(spec.keyColumn)} = ${row.row_key}`.execute(trx);
            }
            await this.audit.append(trx, context, {
              action: 'vault.reencrypted',
              subject: { type: 'table', id: spec.table },
              data: { keyId: active, rows: stale.length },
            });
          });
          done += stale.length;
          onProgress?.(spec.table, done);
        }
        after = page.rows[page.rows.length - 1]!.row_key!;
      }
      reencrypted[spec.table] = done;
    }
    return { activeKeyId: active, createdKey, reencrypted };
  }
}

function isPresent(value: string | null | undefined): value is string {
  return value !== null && value !== undefined;
}
