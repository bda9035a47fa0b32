import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../people/actor.js';
import type { Clock } from '../platform/clock.js';
import type { Executor, Store } from '../platform/database/store.js';
import type { VersionedDocuments, VersionSummary } from '../platform/database/versioned-documents.js';
import { AppError } from '../platform/errors.js';
import { FieldProblems } from '../platform/validation.js';
import type { ParcelsRepository } from './parcels.repository.js';
import { riskFactsFromStored } from './risk-facts-storage.js';
import {
  categoriesNamed,
  dryRun,
  parseRuleSet,
  RuleSetError,
  type DryRunReport,
  type RuleSet,
} from './risk-rules.js';

export type RuleSetSummary = VersionSummary;

const ACTIVE_TTL_MS = 5_000;
const DRY_RUN_LIMIT = 1_000_000;

export interface RiskRulesServiceOptions {
  store: Store;
  /** Where published rule sets are kept, one row per version. */
  versions: VersionedDocuments;
  /** The stored parcels a dry run is evaluated against. */
  parcels: ParcelsRepository;
  audit: AuditService;
  clock: Clock;
  /** The rule set bundled with the release: active until one is published. */
  bundled: () => RuleSet;
  /** The category slugs of the active screening catalogue: what a published rule may name. */
  categories: () => Promise<ReadonlySet<string>>;
}

/** Risk rule set versions (publish, list, read) and dry runs of a candidate against stored parcels. */
export class RiskRulesService {
  private active: { ruleSet: RuleSet; checkedAt: number } | undefined;

  private readonly store: Store;
  private readonly versions: VersionedDocuments;
  private readonly parcels: ParcelsRepository;
  private readonly audit: AuditService;
  private readonly clock: Clock;
  private readonly bundled: () => RuleSet;
  private readonly categories: () => Promise<ReadonlySet<string>>;

  constructor(options: RiskRulesServiceOptions) {
    this.store = options.store;
    this.versions = options.versions;
    this.parcels = options.parcels;
    this.audit = options.audit;
    this.clock = options.clock;
    this.bundled = options.bundled;
    this.categories = options.categories;
  }

  /** Publishes the bundled rule set as the first version when the store has none. */
  async ensureRuleSet(context: RequestContext): Promise<void> {
    if ((await this.versions.findActiveLabel(this.store.db)) !== undefined) return;
    await this.store.transaction(async (trx) => {
      if ((await this.versions.findActiveLabel(trx)) !== undefined) return;
      await this.insert(trx, context, this.bundled(), 'bundled with the release');
    });
  }

  /** The active (newest published) rule set, re-read at most every few seconds. */
  async activeRuleSet(): Promise<RuleSet> {
    const now = this.clock.now();
    if (this.active === undefined || now - this.active.checkedAt > ACTIVE_TTL_MS) {
      const row = await this.versions.findActive(this.store.db);
      this.active = {
        ruleSet: row === undefined ? this.bundled() : parseRuleSet(JSON.parse(row.content)),
        checkedAt: now,
      };
    }
    return this.active.ruleSet;
  }

  /** Validates and publishes a rule set; it becomes active at once (audited). */
  async publish(context: RequestContext, document: unknown, notes: string | null): Promise<RuleSetSummary> {
    const ruleSet = this.parse(document);
    await this.throwIfUnknownCategories(ruleSet);
    const summary = await this.store.transaction(async (trx) => {
      const existing = await this.versions.find(trx, ruleSet.version);
      if (existing !== undefined) {
        throw new AppError(
          'conflict',
          'this risk rule set version already exists; give the new one its own version',
          {
            errors: [{ path: '/ruleSet/version', message: 'is already published' }],
          },
        );
      }
      return this.insert(trx, context, ruleSet, notes);
    });
    this.active = { ruleSet, checkedAt: this.clock.now() };
    return summary;
  }

  async findVersions(): Promise<RuleSetSummary[]> {
    return this.versions.findSummaries(this.store.db);
  }

  async getRuleSet(version: string): Promise<RuleSet> {
    const row = await this.versions.find(this.store.db, version);
    if (row === undefined) throw AppError.notFound(`risk rule set ${version}`);
    return parseRuleSet(JSON.parse(row.content));
  }

  /**
   * Evaluates a candidate rule set against the parcels taken in between `from` and `to` (epoch ms), beside the
   * active one, and reports what would change. Writes nothing.
   */
  async dryRun(candidateDocument: unknown, from: number, to: number): Promise<DryRunReport> {
    new FieldProblems().check(from < to, 'from', 'must be before to').throwIfAny();
    const candidate = this.parse(candidateDocument);
    const current = await this.activeRuleSet();
    const rows = await this.parcels.findRiskFactsTakenBetween(this.store.db, from, to, DRY_RUN_LIMIT);
    return dryRun(
      current,
      candidate,
      rows.map((row) => ({ waybillNo: row.waybill_no, facts: riskFactsFromStored(row.risk_facts) })),
    );
  }

  // A rule naming a category the catalogue does not define would be published and never fire.
  private async throwIfUnknownCategories(ruleSet: RuleSet): Promise<void> {
    const known = await this.categories();
    const unknown = categoriesNamed(ruleSet).filter(({ category }) => !known.has(category));
    if (unknown.length === 0) return;
    const errors = unknown.map(({ ruleIndex, ruleId, path, category }) => ({
      path: jsonPointer(path),
      message: `rule ${ruleIndex} ("${ruleId}") names category "${category}", which the active catalogue does not define`,
    }));
    throw new AppError(
      'unknown-reference',
      `${errors.map((error) => error.message).join('; ')}; use a category slug of the catalogue`,
      { errors },
    );
  }

  private parse(document: unknown): RuleSet {
    try {
      return parseRuleSet(document);
    } catch (error) {
      if (error instanceof RuleSetError) {
        const pointer = jsonPointer(error.path);
        throw new AppError('validation-failed', error.message, {
          errors: [{ path: pointer, message: error.message }],
        });
      }
      throw error;
    }
  }

  private async insert(
    trx: Executor,
    context: RequestContext,
    ruleSet: RuleSet,
    notes: string | null,
  ): Promise<RuleSetSummary> {
    const summary = await this.versions.insert(
      trx,
      ruleSet,
      `${context.actor.type}:${context.actor.id}`,
      this.clock.now(),
      notes,
    );
    await this.audit.append(trx, context, {
      action: 'risk-rules.published',
      subject: { type: 'risk-rule-set', id: summary.version },
      data: { contentHash: summary.contentHash, notes },
    });
    return summary;
  }
}

/** `ruleSet.rules[2].when.all[0]` as a JSON pointer: `/ruleSet/rules/2/when/all/0`. */
function jsonPointer(path: string): string {
  return `/${path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .join('/')}`;
}
