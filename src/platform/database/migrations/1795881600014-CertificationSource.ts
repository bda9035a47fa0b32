// Where a certification the gates read came from. Training issues them from a passed assessment (its signed
// certificate says how); an admin may type one in by hand, and then the reason is kept beside it, readable by
// an auditor, not only as a digest in the audit chain. Null for certifications recorded before this column.
// A background check's note may carry the vetting authority's findings: personal data, so from now on it is
// vault-encrypted (note_enc); notes written before stay readable in `note` until they are next recorded.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('certifications').addColumn('source', 'text').execute();
  await db.schema.alterTable('certifications').addColumn('reason', 'text').execute();
  await db.schema.alterTable('training_background_checks').addColumn('note_enc', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('training_background_checks').dropColumn('note_enc').execute();
  await db.schema.alterTable('certifications').dropColumn('reason').execute();
  await db.schema.alterTable('certifications').dropColumn('source').execute();
}
