// Parcels at the counter: the parcel (its state enforced by the service through one conditional update),
// its items, its timeline of events (chain of custody included) and its inspections.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('parcels')
    .addColumn('waybill_no', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('held_from', 'text')
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('decision_reasons', 'text', (c) => c.notNull())
    .addColumn('counter_message', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('origin_country', 'text', (c) => c.notNull())
    .addColumn('origin_region', 'text')
    .addColumn('origin_address_enc', 'text', (c) => c.notNull())
    .addColumn('destination_country', 'text', (c) => c.notNull())
    .addColumn('destination_region', 'text')
    .addColumn('destination_address_enc', 'text', (c) => c.notNull())
    .addColumn('gate_kind', 'text', (c) => c.notNull())
    .addColumn('gate_decision', 'text', (c) => c.notNull())
    .addColumn('gate_reason', 'text')
    .addColumn('sender_id', 'text')
    .addColumn('agreement_id', 'text')
    .addColumn('recipient_name_enc', 'text', (c) => c.notNull())
    .addColumn('recipient_phone_enc', 'text', (c) => c.notNull())
    .addColumn('recipient_phone_index', 'text', (c) => c.notNull())
    .addColumn('recipient_address_enc', 'text', (c) => c.notNull())
    .addColumn('weight_grams', 'integer', (c) => c.notNull())
    .addColumn('declared_value', 'real')
    .addColumn('notice_version', 'text', (c) => c.notNull())
    .addColumn('collected_by', 'text', (c) => c.notNull())
    .addColumn('catalogue_version', 'text', (c) => c.notNull())
    .addColumn('screening_verdict', 'text', (c) => c.notNull())
    .addColumn('risk_version', 'text', (c) => c.notNull())
    .addColumn('risk_score', 'integer', (c) => c.notNull())
    .addColumn('risk_hits', 'text', (c) => c.notNull())
    .addColumn('inspected_by', 'text')
    .addColumn('inspected_at', 'bigint')
    .addColumn('inspection_mark', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('parcels_site_created_idx')
    .on('parcels')
    .columns(['site_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('parcels_sender_created_idx')
    .on('parcels')
    .columns(['sender_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('parcel_items')
    .addColumn('waybill_no', 'text', (c) => c.notNull().references('parcels.waybill_no'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'real')
    .addColumn('unit', 'text')
    .addColumn('declared_value', 'real')
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('parcel_items_pk', ['waybill_no', 'position'])
    .execute();

  await db.schema
    .createTable('parcel_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('waybill_no', 'text', (c) => c.notNull().references('parcels.waybill_no'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text')
    .addColumn('custodian', 'text')
    .addColumn('location', 'text')
    .addColumn('reason', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('parcel_events_waybill_idx')
    .on('parcel_events')
    .columns(['waybill_no', 'at'])
    .execute();

  await db.schema
    .createTable('inspections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('waybill_no', 'text', (c) => c.notNull().references('parcels.waybill_no'))
    .addColumn('inspector_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('found_description', 'text')
    .addColumn('found_verdict', 'text')
    .addColumn('found_category', 'text')
    .addColumn('findings', 'text')
    .addColumn('photo_hashes', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspections_waybill_idx').on('inspections').column('waybill_no').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['inspections', 'parcel_events', 'parcel_items', 'parcels']) {
    await db.schema.dropTable(table).execute();
  }
}
