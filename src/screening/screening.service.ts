import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../people/actor.js';
import type { Clock } from '../platform/clock.js';
import type { Executor, Store } from '../platform/database/store.js';
import type { VersionedDocuments, VersionSummary } from '../platform/database/versioned-documents.js';
import { AppError } from '../platform/errors.js';
import { CatalogueError, parseCatalogue, type Catalogue } from './catalogue.js';
import { diffCatalogues, type CatalogueDiff } from './catalogue-diff.js';
import { createScreener, type Screener, type ScreeningInput, type ScreeningResult } from './screener.js';

export type CatalogueVersionSummary = VersionSummary;

// How long a node trusts its idea of the active version before asking the store again: a version published
// on another API node takes effect here within this delay.
const ACTIVE_VERSION_TTL_MS = 5_000;

/**
 * Screening against the active catalogue version, and the catalogue's versions: publish (audited), list,
 * read, diff. Screeners are built once per version and cached.
 */
export class ScreeningService {
  private readonly screeners = new Map<string, Screener>();
  private active: { version: string; checkedAt: number } | undefined;

  constructor(
    private readonly store: Store,
    private readonly versions: VersionedDocuments,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly bundledCatalogue: () => Catalogue,
  ) {}

  /** Publishes the bundled catalogue as the first version when the store has none (first start). */
  async ensureCatalogue(context: RequestContext): Promise<void> {
    if ((await this.versions.findActiveLabel(this.store.db)) !== undefined) return;
    const catalogue = this.bundledCatalogue();
    await this.store.transaction(async (trx) => {
      if ((await this.versions.findActiveLabel(trx)) !== undefined) return;
      await this.insertVersion(trx, context, catalogue, 'bundled with the release');
    });
  }

  /** Screens items against the active catalogue version; every result names that version. */
  async screen(inputs: readonly ScreeningInput[]): Promise<ScreeningResult[]> {
    const screener = await this.activeScreener();
    return inputs.map((input) => screener.screen(input));
  }

  /** The category slugs of the active catalogue version (what risk rules may name). */
  async activeCategorySlugs(): Promise<ReadonlySet<string>> {
    const screener = await this.activeScreener();
    return new Set(screener.catalogue.categories.map((category) => category.slug));
  }

  /** The screener of the active version (built on first use of a version, then cached). */
  async activeScreener(): Promise<Screener> {
    const now = this.clock.now();
    if (this.active === undefined || now - this.active.checkedAt > ACTIVE_VERSION_TTL_MS) {
      const version = await this.versions.findActiveLabel(this.store.db);
      if (version === undefined)
        throw new AppError('unavailable', 'no catalogue version has been published yet');
      this.active = { version, checkedAt: now };
    }
    return this.screenerFor(this.active.version);
  }

  /** Validates and publishes a new catalogue version; it becomes the active one. */
  async publish(
    context: RequestContext,
    document: unknown,
    notes: string | null = null,
  ): Promise<CatalogueVersionSummary> {
    let catalogue: Catalogue;
    try {
      catalogue = parseCatalogue(document);
    } catch (error) {
      if (error instanceof CatalogueError) {
        const pointer = `/${error.path
          .replace(/\[(\d+)\]/g, '.$1')
          .split('.')
          .filter(Boolean)
          .join('/')}`;
        const path = pointer.startsWith('/catalogue') ? pointer : `/catalogue${pointer}`;
        throw new AppError('validation-failed', error.message, {
          errors: [{ path, message: error.message }],
        });
      }
      throw error;
    }
    // Build it before storing: a catalogue that cannot become a screener must not become active.
    const screener = createScreener(catalogue);
    const summary = await this.store.transaction(async (trx) => {
      if ((await this.versions.find(trx, catalogue.version)) !== undefined) {
        throw new AppError(
          'conflict',
          'this catalogue version already exists; give the new one its own version',
          {
            errors: [{ path: '/catalogue/version', message: 'is already published' }],
          },
        );
      }
      return this.insertVersion(trx, context, catalogue, notes);
    });
    this.screeners.set(catalogue.version, screener);
    this.active = { version: catalogue.version, checkedAt: this.clock.now() };
    return summary;
  }

  async findVersions(): Promise<CatalogueVersionSummary[]> {
    return this.versions.findSummaries(this.store.db);
  }

  /** One version's full catalogue document. */
  async getCatalogue(version: string): Promise<Catalogue> {
    const row = await this.versions.find(this.store.db, version);
    if (row === undefined) throw AppError.notFound(`catalogue version ${version}`);
    return parseCatalogue(JSON.parse(row.content));
  }

  async diff(fromVersion: string, toVersion: string): Promise<CatalogueDiff> {
    return diffCatalogues(await this.getCatalogue(fromVersion), await this.getCatalogue(toVersion));
  }

  private async screenerFor(version: string): Promise<Screener> {
    const cached = this.screeners.get(version);
    if (cached !== undefined) return cached;
    const screener = createScreener(await this.getCatalogue(version));
    // Keep the active version and the one before it (results in flight may name either).
    if (this.screeners.size >= 2) this.screeners.delete(this.screeners.keys().next().value!);
    this.screeners.set(version, screener);
    return screener;
  }

  private async insertVersion(
    trx: Executor,
    context: RequestContext,
    catalogue: Catalogue,
    notes: string | null,
  ): Promise<CatalogueVersionSummary> {
    const summary = await this.versions.insert(
      trx,
      catalogue,
      `${context.actor.type}:${context.actor.id}`,
      this.clock.now(),
      notes,
    );
    await this.audit.append(trx, context, {
      action: 'catalogue.published',
      subject: { type: 'catalogue-version', id: summary.version },
      data: { contentHash: summary.contentHash, notes },
    });
    return summary;
  }
}
