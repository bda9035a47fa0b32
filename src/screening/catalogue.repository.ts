import type { CatalogueVersionTable } from '../platform/database/schema.js';
import type { Executor } from '../platform/database/store.js';

export type CatalogueVersionSummaryRow = Omit<CatalogueVersionTable, 'content'>;

/** All SQL for catalogue versions. */
export class CatalogueRepository {
  async insertVersion(db: Executor, row: CatalogueVersionTable): Promise<void> {
    await db.insertInto('catalogue_versions').values(row).execute();
  }

  async findVersion(db: Executor, version: string): Promise<CatalogueVersionTable | undefined> {
    return db.selectFrom('catalogue_versions').selectAll().where('version', '=', version).executeTakeFirst();
  }

  /** The active version: the most recently published. */
  async findActiveVersion(db: Executor): Promise<CatalogueVersionTable | undefined> {
    return db
      .selectFrom('catalogue_versions')
      .selectAll()
      .orderBy('published_at', 'desc')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async findActiveVersionLabel(db: Executor): Promise<string | undefined> {
    const row = await db
      .selectFrom('catalogue_versions')
      .select('version')
      .orderBy('published_at', 'desc')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.version;
  }

  async findVersions(db: Executor): Promise<CatalogueVersionSummaryRow[]> {
    return db
      .selectFrom('catalogue_versions')
      .select(['version', 'content_hash', 'notes', 'published_by', 'published_at'])
      .orderBy('published_at', 'desc')
      .orderBy('version', 'desc')
      .execute();
  }
}
