// What a refusal was measured against, when the reason alone does not say (a failed face match: the device's score
// and the minimum in force, which is configurable). JSON without personal data; null for every other refusal.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('refusals').addColumn('details', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('refusals').dropColumn('details').execute();
}
