// Reports of cases to the authorities (12339, public security, customs, commerce, the postal administration):
// the draft, its four-eyes approval, the signed package (encrypted: it carries the personal data the authority
// needs), its submission (channel, the authority's reference) and acknowledgement.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('site_id', 'text', (c) => c.references('sites.id'))
    .addColumn('authority', 'text', (c) => c.notNull())
    .addColumn('routed_authority', 'text', (c) => c.notNull())
    .addColumn('route_rule', 'text', (c) => c.notNull())
    .addColumn('override_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('custody_note', 'text')
    .addColumn('evidence_ids', 'text', (c) => c.notNull())
    .addColumn('drafted_by', 'text', (c) => c.notNull())
    .addColumn('drafted_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'bigint')
    .addColumn('package_enc', 'text')
    .addColumn('document_sha256', 'text')
    .addColumn('pdf_sha256', 'text')
    .addColumn('signature', 'text')
    .addColumn('key_id', 'text')
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'bigint')
    .addColumn('channel', 'text')
    .addColumn('authority_reference', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('acknowledgement_note', 'text')
    .execute();
  await db.schema
    .createIndex('case_reports_case_idx')
    .on('case_reports')
    .columns(['case_id', 'drafted_at'])
    .execute();
  await db.schema
    .createIndex('case_reports_site_idx')
    .on('case_reports')
    .columns(['site_id', 'submitted_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_reports').execute();
}
