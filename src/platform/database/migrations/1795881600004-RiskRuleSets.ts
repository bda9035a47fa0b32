// Versioned risk rule sets (the newest published is active), and each parcel's risk facts as evaluated at
// intake (no personal data: counts, categories, countries), so a candidate rule set can be dry-run against
// the parcels of a past period.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('risk_rule_sets')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('parcels').addColumn('risk_facts', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('parcels').dropColumn('risk_facts').execute();
  await db.schema.dropTable('risk_rule_sets').execute();
}
