import type { ApiKeyTable, SessionTable, StaffTable } from '../platform/database/schema.js';
import type { Executor } from '../platform/database/store.js';

/** A session with its staff member's status, roles and site. */
export interface SessionWithStaff {
  staff_id: string;
  expires_at: number;
  revoked_at: number | null;
  staff_status: StaffTable['status'];
  staff_roles: string;
  staff_site_id: string;
}

/** Sessions and API keys: stored by the hash of their secret only. */
export class SessionsRepository {
  async insertSession(db: Executor, row: SessionTable): Promise<void> {
    await db.insertInto('sessions').values(row).execute();
  }

  /** A session with what authentication needs of its staff member, in one read (every request makes it). */
  async findSessionWithStaff(db: Executor, tokenHash: string): Promise<SessionWithStaff | undefined> {
    return db
      .selectFrom('sessions')
      .innerJoin('staff', 'staff.id', 'sessions.staff_id')
      .select([
        'sessions.staff_id',
        'sessions.expires_at',
        'sessions.revoked_at',
        'staff.status as staff_status',
        'staff.roles as staff_roles',
        'staff.site_id as staff_site_id',
      ])
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  async revokeSession(db: Executor, tokenHash: string, at: number): Promise<void> {
    await db.updateTable('sessions').set({ revoked_at: at }).where('token_hash', '=', tokenHash).execute();
  }

  async revokeAllFor(db: Executor, staffId: string, at: number): Promise<void> {
    await db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('staff_id', '=', staffId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async insertApiKey(db: Executor, row: ApiKeyTable): Promise<void> {
    await db.insertInto('api_keys').values(row).execute();
  }

  async findApiKey(db: Executor, id: string): Promise<ApiKeyTable | undefined> {
    return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findApiKeys(db: Executor): Promise<ApiKeyTable[]> {
    return db.selectFrom('api_keys').selectAll().orderBy('created_at').execute();
  }

  async revokeApiKey(db: Executor, id: string, at: number): Promise<void> {
    await db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).execute();
  }

  async touchApiKey(db: Executor, id: string, at: number): Promise<void> {
    await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
