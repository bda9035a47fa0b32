// Hub security screening (the third gate), the dispatch gate, and coverage attestations.
// - screening_machines: certified X-ray (and other) equipment per site; a scan from anything else is rejected.
// - scans: every accepted scan event, idempotent by the station's event id; scan_rejections counts the refused.
// - dispatches: a bag or cage (or one parcel) leaving a site; parcels point at theirs.
// - parcels gain the hub gate's facts (screened_at, dispatched_at, …) so that the coverage report reads one
//   table through one covering index instead of joining scans at national volume.
// - attestations and their leaves: a signed day statement and the per-parcel gate records under its Merkle root.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('screening_machines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('machine_code', 'text', (c) => c.notNull().unique())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('maker', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('standard', 'text', (c) => c.notNull())
    .addColumn('certificate_no', 'text', (c) => c.notNull())
    .addColumn('certified_until', 'text', (c) => c.notNull())
    .addColumn('last_calibrated_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('scans')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('waybill_no', 'text', (c) => c.notNull())
    .addColumn('machine_id', 'text', (c) => c.notNull())
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('scanned_at', 'bigint', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('image_ref', 'text')
    .addColumn('image_sha256', 'text')
    .addColumn('threats', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('state_after', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('scans_waybill_idx')
    .on('scans')
    .columns(['waybill_no', 'scanned_at'])
    .execute();
  await db.schema
    .createIndex('scans_site_scanned_idx')
    .on('scans')
    .columns(['site_id', 'scanned_at'])
    .execute();

  // The coverage report lists the scans that reveal a missing gate; they are few, so a partial index keeps
  // one hub's month of them an index range scan however many ordinary scans there are.
  await db.schema
    .createIndex('scans_gap_idx')
    .on('scans')
    .columns(['site_id', 'scanned_at', 'outcome', 'waybill_no'])
    .where(sql<boolean>`outcome in ('held-unmarked', 'unknown-parcel', 'refused-parcel')`)
    .execute();

  await db.schema
    .createTable('scan_rejections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('machine_code', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text')
    .addColumn('waybill_no', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('scan_rejections_at_idx')
    .on('scan_rejections')
    .columns(['site_id', 'at'])
    .execute();

  await db.schema
    .createTable('dispatches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('container_no', 'text')
    .addColumn('parcel_count', 'integer', (c) => c.notNull())
    .addColumn('dispatched_by', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('parcels').addColumn('inspection_outcome', 'text').execute();
  await db.schema.alterTable('parcels').addColumn('screened_at', 'bigint').execute();
  await db.schema.alterTable('parcels').addColumn('screened_by_scan', 'text').execute();
  await db.schema.alterTable('parcels').addColumn('dispatched_at', 'bigint').execute();
  await db.schema.alterTable('parcels').addColumn('dispatch_id', 'text').execute();
  // Everything the coverage report reads, in the index: one site's month is an index range scan that never
  // visits the table. sender_id and agreement_id split real-name passes into verified sender and agreement.
  await db.schema
    .createIndex('parcels_coverage_idx')
    .on('parcels')
    .columns([
      'site_id',
      'created_at',
      'state',
      'decision',
      'gate_decision',
      'gate_reason',
      'inspected_at',
      'inspection_outcome',
      'screened_at',
      'dispatched_at',
      'waybill_no',
      'sender_id',
      'agreement_id',
    ])
    .execute();
  // (site_id, created_at) is this index's prefix: the older index only cost every intake one more B-tree write.
  await db.schema.dropIndex('parcels_site_created_idx').execute();
  // Holds are few among a parcel's events: a partial index serves the report's hold counts without making
  // every intake and scan event pay for an index entry.
  await db.schema
    .createIndex('parcel_events_holds_idx')
    .on('parcel_events')
    .columns(['at', 'site_id'])
    .where(sql<boolean>`kind = 'hold'`)
    .execute();
  await db.schema
    .createIndex('clues_site_created_idx')
    .on('clues')
    .columns(['site_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('attestations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text')
    .addColumn('merkle_root', 'text', (c) => c.notNull())
    .addColumn('leaf_count', 'integer', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attestations_day_idx')
    .on('attestations')
    .columns(['day', 'site_id'])
    .execute();
  await db.schema
    .createTable('attestation_leaves')
    .addColumn('attestation_id', 'text', (c) => c.notNull().references('attestations.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('waybill_no', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attestation_leaves_pk', ['attestation_id', 'position'])
    .execute();
  await db.schema
    .createIndex('attestation_leaves_waybill_idx')
    .on('attestation_leaves')
    .columns(['attestation_id', 'waybill_no'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['attestation_leaves', 'attestations', 'dispatches', 'scan_rejections', 'scans']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex('clues_site_created_idx').execute();
  await db.schema.dropIndex('parcel_events_holds_idx').execute();
  await db.schema
    .createIndex('parcels_site_created_idx')
    .on('parcels')
    .columns(['site_id', 'created_at'])
    .execute();
  await db.schema.dropIndex('parcels_coverage_idx').execute();
  for (const column of [
    'dispatch_id',
    'dispatched_at',
    'screened_by_scan',
    'screened_at',
    'inspection_outcome',
  ]) {
    await db.schema.alterTable('parcels').dropColumn(column).execute();
  }
  await db.schema.dropTable('screening_machines').execute();
}
