// A sender's name as a blind index beside its ciphertext: the gate checks a returning sender's presented name
// against it instead of decrypting the registered name on every parcel. Senders registered before keep null and
// are checked by decrypting, as before.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('senders').addColumn('name_index', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('senders').dropColumn('name_index').execute();
}
