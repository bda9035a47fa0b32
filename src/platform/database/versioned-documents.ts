// Documents published in versions (the prohibited-items catalogue, risk rule sets): each version is kept,
// the newest published is the active one, and every publication is audited by the caller's transaction.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import type { Executor } from './store.js';

/** Tables that hold versioned documents; they share one shape. */
export type VersionTable = 'catalogue_versions' | 'risk_rule_sets';

export interface VersionSummary {
  version: string;
  contentHash: string;
  notes: string | null;
  publishedBy: string;
  publishedAt: number;
  active: boolean;
}

export interface StoredVersion {
  version: string;
  content: string;
  content_hash: string;
  notes: string | null;
  published_by: string;
  published_at: number;
}

/** All SQL for one table of versioned documents. */
export class VersionedDocuments {
  constructor(private readonly table: VersionTable) {}

  async find(db: Executor, version: string): Promise<StoredVersion | undefined> {
    return db.selectFrom(this.table).selectAll().where('version', '=', version).executeTakeFirst();
  }

  /** The active version: the most recently published. */
  async findActive(db: Executor): Promise<StoredVersion | undefined> {
    return db
      .selectFrom(this.table)
      .selectAll()
      .orderBy('published_at', 'desc')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The active version's label, without reading its document. */
  async findActiveLabel(db: Executor): Promise<string | undefined> {
    const row = await db
      .selectFrom(this.table)
      .select('version')
      .orderBy('published_at', 'desc')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.version;
  }

  /** Every version, newest (active) first, without its content. */
  async findSummaries(db: Executor): Promise<VersionSummary[]> {
    const rows = await db
      .selectFrom(this.table)
      .select(['version', 'content_hash', 'notes', 'published_by', 'published_at'])
      .orderBy('published_at', 'desc')
      .orderBy('version', 'desc')
      .execute();
    return rows.map((row, index) => ({
      version: row.version,
      contentHash: row.content_hash,
      notes: row.notes,
      publishedBy: row.published_by,
      publishedAt: row.published_at,
      active: index === 0,
    }));
  }

  /** Stores a document as version `version` (canonical JSON, with its SHA-256); returns its summary. */
  async insert(
    db: Executor,
    document: { version: string },
    publishedBy: string,
    publishedAt: number,
    notes: string | null,
  ): Promise<VersionSummary> {
    const content = canonicalJson(document);
    const row: StoredVersion = {
      version: document.version,
      content,
      content_hash: createHash('sha256').update(content).digest('hex'),
      notes,
      published_by: publishedBy,
      published_at: publishedAt,
    };
    await db.insertInto(this.table).values(row).execute();
    return {
      version: row.version,
      contentHash: row.content_hash,
      notes,
      publishedBy,
      publishedAt,
      active: true,
    };
  }
}
