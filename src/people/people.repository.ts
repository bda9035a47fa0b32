import type { CertificationTable, CompanyTable, SiteTable, StaffTable } from '../platform/database/schema.js';
import type { Executor } from '../platform/database/store.js';
import { inLists } from '../platform/database/in-lists.js';

/** All SQL for the company, sites, staff and certifications. */
export class PeopleRepository {
  async findCompany(db: Executor): Promise<CompanyTable | undefined> {
    return db.selectFrom('company').selectAll().limit(1).executeTakeFirst();
  }

  async upsertCompany(db: Executor, row: CompanyTable): Promise<void> {
    const existing = await this.findCompany(db);
    if (existing === undefined) {
      await db.insertInto('company').values(row).execute();
    } else {
      const { id: _id, created_at: _created, ...changes } = row;
      await db.updateTable('company').set(changes).where('id', '=', existing.id).execute();
    }
  }

  async insertSite(db: Executor, row: SiteTable): Promise<void> {
    await db.insertInto('sites').values(row).execute();
  }

  async updateSite(db: Executor, id: string, changes: Partial<SiteTable>): Promise<void> {
    await db.updateTable('sites').set(changes).where('id', '=', id).execute();
  }

  async findSite(db: Executor, id: string): Promise<SiteTable | undefined> {
    return db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findSiteByCode(db: Executor, code: string): Promise<SiteTable | undefined> {
    return db.selectFrom('sites').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async findSites(db: Executor, filter: { kind?: string }): Promise<SiteTable[]> {
    let query = db.selectFrom('sites').selectAll().orderBy('code');
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind as SiteTable['kind']);
    return query.execute();
  }

  async insertStaff(db: Executor, row: StaffTable): Promise<void> {
    await db.insertInto('staff').values(row).execute();
  }

  async updateStaff(db: Executor, id: string, changes: Partial<StaffTable>): Promise<void> {
    await db.updateTable('staff').set(changes).where('id', '=', id).execute();
  }

  async findStaff(db: Executor, id: string): Promise<StaffTable | undefined> {
    return db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The names of the staff members among `ids`, in one read; an id that is no staff member's is left out. */
  async staffNames(db: Executor, ids: Iterable<string | null>): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const list of inLists([...ids].filter((id): id is string => id !== null))) {
      const rows = await db.selectFrom('staff').select(['id', 'name']).where('id', 'in', list).execute();
      for (const row of rows) names.set(row.id, row.name);
    }
    return names;
  }

  async findStaffByUsername(db: Executor, username: string): Promise<StaffTable | undefined> {
    return db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async findStaffList(db: Executor, filter: { siteId?: string }): Promise<StaffTable[]> {
    let query = db.selectFrom('staff').selectAll().orderBy('username');
    if (filter.siteId !== undefined) query = query.where('site_id', '=', filter.siteId);
    return query.execute();
  }

  async insertCertification(db: Executor, row: CertificationTable): Promise<void> {
    await db.insertInto('certifications').values(row).execute();
  }

  async findCertification(db: Executor, id: string): Promise<CertificationTable | undefined> {
    return db.selectFrom('certifications').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findCertifications(db: Executor, staffId: string): Promise<CertificationTable[]> {
    return db
      .selectFrom('certifications')
      .selectAll()
      .where('staff_id', '=', staffId)
      .orderBy('created_at')
      .execute();
  }

  /** Whether an unrevoked certification of `kind` covers the date `on` (YYYY-MM-DD). */
  async hasValidCertification(db: Executor, staffId: string, kind: string, on: string): Promise<boolean> {
    const row = await db
      .selectFrom('certifications')
      .select('id')
      .where('staff_id', '=', staffId)
      .where('kind', '=', kind)
      .where('revoked_at', 'is', null)
      .where('issued_on', '<=', on)
      .where('expires_on', '>=', on)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async revokeCertification(db: Executor, id: string, at: number): Promise<void> {
    await db.updateTable('certifications').set({ revoked_at: at }).where('id', '=', id).execute();
  }
}
