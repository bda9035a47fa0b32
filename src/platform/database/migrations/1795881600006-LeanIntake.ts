// Intake writes fewer rows: the intake step of a parcel's timeline is read from the parcel row (who took it in,
// how the sender was verified) instead of a parcel_events row of its own. Parcels taken in before this keep
// their intake event row; the timeline shows either.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('parcels').addColumn('intake_actor_type', 'text').execute();
  await db.schema.alterTable('parcels').addColumn('intake_actor_id', 'text').execute();
  await db.schema.alterTable('parcels').addColumn('verification_method', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('parcels').dropColumn('verification_method').execute();
  await db.schema.alterTable('parcels').dropColumn('intake_actor_id').execute();
  await db.schema.alterTable('parcels').dropColumn('intake_actor_type').execute();
}
