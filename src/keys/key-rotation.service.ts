import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../people/actor.js';
import { ENCRYPTED_COLUMNS } from '../platform/crypto/encrypted-columns.js';
import { newKeyId, writeKeyFile, type Keyring } from '../platform/crypto/keyring.js';
import { Vault } from '../platform/crypto/vault.js';
import type { Store } from '../platform/database/store.js';
import type { KeyRotationRepository } from './key-rotation.repository.js';
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
    private readonly repository: KeyRotationRepository,
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
        const page = await this.repository.findPage(this.store.db, spec, after, BATCH);
        if (page.length === 0) break;
        const stale = page.filter((row) =>
          columns.some((column) => isPresent(row[column]) && Vault.keyIdOf(row[column]) !== active),
        );
        if (stale.length > 0) {
          await this.store.transaction(async (trx) => {
            for (const row of stale) {
              const values = Object.fromEntries(
                columns
                  .filter((column) => isPresent(row[column]))
                  .map((column) => {
                    const context = spec.columns[column]!;
                    return [column, this.vault.encrypt(this.vault.decrypt(row[column]!, context), context)];
                  }),
              );
              await this.repository.updateColumns(trx, spec.table, spec.keyColumn, row.row_key, values);
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
        after = page[page.length - 1]!.row_key;
      }
      reencrypted[spec.table] = done;
    }
    return { activeKeyId: active, createdKey, reencrypted };
  }
}

function isPresent(value: string | null | undefined): value is string {
  return value !== null && value !== undefined;
}
