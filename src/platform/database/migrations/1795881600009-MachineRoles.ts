// API keys hold machine roles only (people/roles.ts MACHINE_ROLES). Keys issued before hold a person's role: an
// X-ray station's `screener` key becomes `xray-station`, an order system's `courier` key `order-system`; a key
// with any other person's role (a manager's, an officer's, a liaison's) had no machine's work to do and is revoked.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update api_keys set role = 'xray-station' where role = 'screener'`.execute(db);
  await sql`update api_keys set role = 'order-system' where role = 'courier'`.execute(db);
  await sql`update api_keys set revoked_at = ${Date.now()}
            where role not in ('xray-station', 'order-system') and revoked_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update api_keys set role = 'screener' where role = 'xray-station'`.execute(db);
  await sql`update api_keys set role = 'courier' where role = 'order-system'`.execute(db);
}
