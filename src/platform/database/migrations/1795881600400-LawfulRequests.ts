// Lawful requests from the authorities (requests/): the register, its checklist answers (append-only), its
// timeline, the agency directory the call-back uses, and the staff designated to approve.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lawful_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('agency_kind', 'text', (c) => c.notNull())
    .addColumn('issuing_organ', 'text', (c) => c.notNull())
    .addColumn('organ_level', 'text', (c) => c.notNull())
    .addColumn('foreign_agency', 'integer', (c) => c.notNull())
    .addColumn('document_kind', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull())
    .addColumn('document_date', 'text', (c) => c.notNull())
    .addColumn('document_sha256', 'text')
    .addColumn('document_media_type', 'text')
    .addColumn('officers_enc', 'text', (c) => c.notNull())
    .addColumn('officer_count', 'integer', (c) => c.notNull())
    .addColumn('arrived_via', 'text', (c) => c.notNull())
    .addColumn('received_by', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('deadline_at', 'bigint', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_enc', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('approved_by', 'text', (c) => c.references('staff.id'))
    .addColumn('approved_at', 'bigint')
    .addColumn('legal_hold', 'integer', (c) => c.notNull())
    .addColumn('package_enc', 'text')
    .addColumn('package_sha256', 'text')
    .addColumn('exported_by', 'text')
    .addColumn('exported_at', 'bigint')
    .addColumn('receipt_enc', 'text')
    .addColumn('fulfilled_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('lawful_requests_status_idx')
    .on('lawful_requests')
    .columns(['status', 'deadline_at'])
    .execute();

  await db.schema
    .createTable('lawful_request_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('lawful_requests.id'))
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('directory_entry_id', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('lawful_request_checks_request_idx')
    .on('lawful_request_checks')
    .columns(['request_id', 'recorded_at'])
    .execute();

  await db.schema
    .createTable('lawful_request_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('lawful_requests.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('lawful_request_events_request_idx')
    .on('lawful_request_events')
    .columns(['request_id', 'at'])
    .execute();

  await db.schema
    .createTable('lawful_request_detentions')
    .addColumn('request_id', 'text', (c) => c.notNull().references('lawful_requests.id'))
    .addColumn('waybill_no', 'text', (c) => c.notNull())
    .addColumn('detained_by', 'text', (c) => c.notNull())
    .addColumn('detained_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lawful_request_detentions_pk', ['request_id', 'waybill_no'])
    .execute();
  await db.schema
    .createIndex('lawful_request_detentions_waybill_idx')
    .on('lawful_request_detentions')
    .column('waybill_no')
    .execute();

  await db.schema
    .createTable('agency_directory')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_kind', 'text', (c) => c.notNull())
    .addColumn('organ', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addColumn('retired_at', 'bigint')
    .execute();

  await db.schema
    .createTable('request_approvers')
    .addColumn('staff_id', 'text', (c) => c.primaryKey().references('staff.id'))
    .addColumn('designated_by', 'text', (c) => c.notNull())
    .addColumn('designated_at', 'bigint', (c) => c.notNull())
    .execute();
  await auditSubjectIndex(db);
}

/** A lawful request's export reads the records about its parcels (batch records have their own index). */
async function auditSubjectIndex(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('audit_entries_subject_idx')
    .on('audit_entries')
    .columns(['subject_type', 'subject_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_entries_subject_idx').execute();
  for (const table of [
    'request_approvers',
    'agency_directory',
    'lawful_request_events',
    'lawful_request_detentions',
    'lawful_request_checks',
    'lawful_requests',
  ])
    await db.schema.dropTable(table).execute();
}
