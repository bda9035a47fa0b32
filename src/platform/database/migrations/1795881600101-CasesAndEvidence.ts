// Cases (clue → case → evidence → custody): clues gain their triage (dismissed with a reason, or attached to a
// case); cases gather the signals about one key, with a timeline, evidence (files and record snapshots stored
// content-addressed outside the database), custody hand-overs of held parcels, deadlines per category, and the
// sealed-case clearance. One open case per key: `open_key` is unique and null once the case is finished.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_key', 'text', (c) => c.notNull())
    .addColumn('open_key', 'text', (c) => c.unique())
    .addColumn('waybill_no', 'text')
    .addColumn('subject_type', 'text')
    .addColumn('subject_index', 'text')
    .addColumn('site_id', 'text', (c) => c.references('sites.id'))
    .addColumn('category', 'text')
    .addColumn('categories', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('sealed', 'integer', (c) => c.notNull())
    .addColumn('assignee_id', 'text', (c) => c.references('staff.id'))
    .addColumn('deadline_at', 'bigint', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('reported_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('cases_status_idx').on('cases').columns(['status', 'deadline_at']).execute();
  await db.schema.createIndex('cases_key_idx').on('cases').columns(['case_key', 'opened_at']).execute();
  await db.schema.createIndex('cases_waybill_idx').on('cases').column('waybill_no').execute();
  await db.schema.createIndex('cases_site_idx').on('cases').columns(['site_id', 'opened_at']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_events_case_idx').on('case_events').columns(['case_id', 'at']).execute();

  await db.schema
    .createTable('evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('record_kind', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_at', 'bigint')
    .addColumn('locked_by', 'text')
    .addColumn('withdrawn_at', 'bigint')
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdrawn_reason', 'text')
    .execute();
  await db.schema.createIndex('evidence_case_idx').on('evidence').columns(['case_id', 'added_at']).execute();

  await db.schema
    .createTable('custody_handovers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('waybill_no', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_custodian', 'text')
    .addColumn('to_name', 'text', (c) => c.notNull())
    .addColumn('to_unit', 'text')
    .addColumn('to_officer_no', 'text')
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('handed_at', 'bigint', (c) => c.notNull())
    .addColumn('proof_kind', 'text')
    .addColumn('proof_sha256', 'text')
    .addColumn('proof_evidence_id', 'text', (c) => c.references('evidence.id'))
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('custody_handovers_waybill_idx')
    .on('custody_handovers')
    .columns(['waybill_no', 'recorded_at'])
    .execute();

  await db.schema
    .createTable('case_deadlines')
    .addColumn('category', 'text', (c) => c.primaryKey())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('case_clearances')
    .addColumn('staff_id', 'text', (c) => c.primaryKey().references('staff.id'))
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('clues').addColumn('case_id', 'text').execute();
  await db.schema.alterTable('clues').addColumn('triaged_by', 'text').execute();
  await db.schema.alterTable('clues').addColumn('triaged_at', 'bigint').execute();
  await db.schema.alterTable('clues').addColumn('triage_note', 'text').execute();
  await db.schema.createIndex('clues_case_idx').on('clues').column('case_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('clues_case_idx').execute();
  for (const column of ['triage_note', 'triaged_at', 'triaged_by', 'case_id']) {
    await db.schema.alterTable('clues').dropColumn(column).execute();
  }
  for (const table of [
    'case_clearances',
    'case_deadlines',
    'custody_handovers',
    'evidence',
    'case_events',
    'cases',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
