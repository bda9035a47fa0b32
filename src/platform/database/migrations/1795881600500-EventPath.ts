// The event path (events/, NATS JetStream): a station signs what it publishes with an Ed25519 key derived from
// its API key's secret; the store keeps only the public half beside the key (null for keys issued before: they
// must be reissued to publish). `event_receipts` remembers every station event the consumer has settled, so a
// message redelivered after a crash, or published twice, is answered from it and never stored twice.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('signing_public_key', 'text').execute();
  await db.schema
    .createTable('event_receipts')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('body_sha256', 'text', (c) => c.notNull())
    .addColumn('stream_seq', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_receipts_pk', ['kind', 'event_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('event_receipts').execute();
  await db.schema.alterTable('api_keys').dropColumn('signing_public_key').execute();
}
