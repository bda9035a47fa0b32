// Batched audit leaves: a group intake's records share one chain entry whose data digest is the RFC 6962 Merkle
// root over their hashes; each record is kept here, in order, so one parcel's record can still be proved (record
// → batch root → entry → signed checkpoint) and verification still finds an edited, deleted or reordered one.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_leaves')
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('data_digest', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('mac', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_leaves_pk', ['seq', 'position'])
    .execute();
  await db.schema
    .createIndex('audit_leaves_subject_idx')
    .on('audit_leaves')
    .columns(['subject_type', 'subject_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_leaves').execute();
}
