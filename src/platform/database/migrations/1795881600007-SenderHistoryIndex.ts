// The risk facts of a sender's recent parcels are read at every intake. With screening_verdict in the index the
// read never touches the table, and it stops after the most recent RECENT_PARCELS_CAP rows: a bounded read even
// for a sender with thousands of parcels a month. Replaces the (sender_id, created_at) index it extends.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('parcels_sender_history_idx')
    .on('parcels')
    .columns(['sender_id', 'created_at', 'screening_verdict'])
    .execute();
  await db.schema.dropIndex('parcels_sender_created_idx').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('parcels_sender_created_idx')
    .on('parcels')
    .columns(['sender_id', 'created_at'])
    .execute();
  await db.schema.dropIndex('parcels_sender_history_idx').execute();
}
