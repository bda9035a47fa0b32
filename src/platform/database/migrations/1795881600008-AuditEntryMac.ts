// A keyed MAC per audit entry (HMAC-SHA256 over its hash, under a key derived from the configured key material):
// entries not yet covered by a signed checkpoint can no longer be rewritten by recomputing the unkeyed hashes.
// Entries written before this migration keep null; only a signed checkpoint vouches for those.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_entries').addColumn('mac', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_entries').dropColumn('mac').execute();
}
