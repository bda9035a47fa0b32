// Real-name collection: verified senders (encrypted, found by blind index), their phones, refusals at the identity
// gate, clues for security officers, watchlists, and agreement customers (organisations, security agreements,
// the accounts that ship under them).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per verified person. The gate finds them by `document_index` on every parcel: unique and indexed.
  await db.schema
    .createTable('senders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_type', 'text', (c) => c.notNull())
    .addColumn('document_index', 'text', (c) => c.notNull().unique())
    .addColumn('nationality', 'text')
    .addColumn('number_enc', 'text', (c) => c.notNull())
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('verification_method', 'text', (c) => c.notNull())
    .addColumn('verification_score', 'double precision')
    .addColumn('verified_by_type', 'text', (c) => c.notNull())
    .addColumn('verified_by', 'text', (c) => c.notNull())
    .addColumn('verified_site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('verified_at', 'bigint', (c) => c.notNull())
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_site_id', 'text', (c) => c.notNull().references('sites.id'))
    .execute();
  // Retention purges by last seen.
  await db.schema.createIndex('senders_last_seen_idx').on('senders').column('last_seen_at').execute();

  await db.schema
    .createTable('sender_phones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sender_id', 'text', (c) => c.notNull().references('senders.id'))
    .addColumn('phone_index', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('sender_phones_sender_phone_key', ['sender_id', 'phone_index'])
    .execute();
  await db.schema.createIndex('sender_phones_phone_idx').on('sender_phones').column('phone_index').execute();

  // Refusals carry blind indexes only: repeated refusals of one document or phone are counted by index and time.
  await db.schema
    .createTable('refusals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('document_reason', 'text')
    .addColumn('gate_kind', 'text', (c) => c.notNull())
    .addColumn('document_type', 'text')
    .addColumn('document_index', 'text')
    .addColumn('phone_index', 'text')
    .addColumn('agreement_id', 'text')
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('refusals_document_idx')
    .on('refusals')
    .columns(['document_index', 'created_at'])
    .execute();
  await db.schema
    .createIndex('refusals_phone_idx')
    .on('refusals')
    .columns(['phone_index', 'created_at'])
    .execute();
  await db.schema
    .createIndex('refusals_site_idx')
    .on('refusals')
    .columns(['site_id', 'created_at'])
    .execute();
  await db.schema.createIndex('refusals_created_idx').on('refusals').column('created_at').execute();

  // General enough for the cases capability: which capability raised it, what kind, about what, with references.
  await db.schema
    .createTable('clues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_index', 'text')
    .addColumn('site_id', 'text', (c) => c.references('sites.id'))
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('refs', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clues_status_idx').on('clues').columns(['status', 'created_at']).execute();
  await db.schema
    .createIndex('clues_subject_idx')
    .on('clues')
    .columns(['subject_index', 'kind', 'created_at'])
    .execute();

  await db.schema
    .createTable('watchlist_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('document_type', 'text')
    .addColumn('nationality', 'text')
    .addColumn('subject_index', 'text', (c) => c.notNull())
    .addColumn('value_enc', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text')
    .addColumn('created_by_type', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('removed_at', 'bigint')
    .addColumn('removed_by', 'text')
    .execute();
  // The gate asks the watchlist on every parcel.
  await db.schema
    .createIndex('watchlist_entries_subject_idx')
    .on('watchlist_entries')
    .column('subject_index')
    .execute();

  // Organisation data (name, credit code) is not personal: stored in plaintext.
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('uscc', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    // Null once retention has purged the responsible person of an agreement that no longer runs.
    .addColumn('responsible_sender_id', 'text', (c) => c.references('senders.id'))
    .addColumn('permitted_goods', 'text', (c) => c.notNull())
    .addColumn('permitted_site_ids', 'text', (c) => c.notNull())
    .addColumn('signed_site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agreements_valid_until_idx').on('agreements').column('valid_until').execute();
  await db.schema
    .createIndex('agreements_organisation_idx')
    .on('agreements')
    .column('organisation_id')
    .execute();
  await db.schema
    .createIndex('agreements_responsible_idx')
    .on('agreements')
    .column('responsible_sender_id')
    .execute();

  await db.schema
    .createTable('agreement_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('agreement_accounts_code_key', ['agreement_id', 'code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'agreement_accounts',
    'agreements',
    'organisations',
    'watchlist_entries',
    'clues',
    'refusals',
    'sender_phones',
    'senders',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
