import { createHash } from 'node:crypto';
import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../people/actor.js';
import { canonicalJson } from '../platform/canonical-json.js';
import type { Clock } from '../platform/clock.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { FieldProblems } from '../platform/validation.js';
import {
  dryRun,
  parseRuleSet,
  RuleSetError,
  type DryRunReport,
  type RiskFacts,
  type RuleSet,
} from './risk-rules.js';

export interface RuleSetSummary {
  version: string;
  contentHash: string;
  notes: string | null;
  publishedBy: string;
  publishedAt: number;
  active: boolean;
}

const ACTIVE_TTL_MS = 5_000;
const DRY_RUN_LIMIT = 1_000_000;

/** Risk rule set versions (publish, list, read) and dry runs of a candidate against stored parcels. */
export class RiskRulesService {
  private active: { ruleSet: RuleSet; checkedAt: number } | undefined;

  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly bundled: () => RuleSet,
  ) {}

  /** Publishes the bundled rule set as the first version when the store has none. */
  async ensureRuleSet(context: RequestContext): Promise<void> {
    if ((await this.findActiveRow(this.store.db)) !== undefined) return;
    await this.store.transaction(async (trx) => {
      if ((await this.findActiveRow(trx)) !== undefined) return;
      await this.insert(trx, context, this.bundled(), 'bundled with the release');
    });
  }

  /** The active (newest published) rule set, re-read at most every few seconds. */
  async activeRuleSet(): Promise<RuleSet> {
    const now = this.clock.now();
    if (this.active === undefined || now - this.active.checkedAt > ACTIVE_TTL_MS) {
      const row = await this.findActiveRow(this.store.db);
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
    const summary = await this.store.transaction(async (trx) => {
      const existing = await trx
        .selectFrom('risk_rule_sets')
        .select('version')
        .where('version', '=', ruleSet.version)
        .executeTakeFirst();
      if (existing !== undefined) {
        throw new AppError(
          'conflict',
          `risk rule set ${ruleSet.version} already exists; give the new one its own version`,
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
    const rows = await this.store.db
      .selectFrom('risk_rule_sets')
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

  async getRuleSet(version: string): Promise<RuleSet> {
    const row = await this.store.db
      .selectFrom('risk_rule_sets')
      .select('content')
      .where('version', '=', version)
      .executeTakeFirst();
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
    const rows = await this.store.db
      .selectFrom('parcels')
      .select(['waybill_no', 'risk_facts'])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .where('risk_facts', 'is not', null)
      .orderBy('created_at')
      .limit(DRY_RUN_LIMIT)
      .execute();
    return dryRun(
      current,
      candidate,
      rows.map((row) => ({ waybillNo: row.waybill_no, facts: JSON.parse(row.risk_facts!) as RiskFacts })),
    );
  }

  private parse(document: unknown): RuleSet {
    try {
      return parseRuleSet(document);
    } catch (error) {
      if (error instanceof RuleSetError) {
        const pointer = `/${error.path
          .replace(/\[(\d+)\]/g, '.$1')
          .split('.')
          .filter(Boolean)
          .join('/')}`;
        throw new AppError('validation-failed', error.message, {
          errors: [{ path: pointer, message: error.message }],
        });
      }
      throw error;
    }
  }

  private findActiveRow(db: Executor) {
    return db
      .selectFrom('risk_rule_sets')
      .select(['version', 'content'])
      .orderBy('published_at', 'desc')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  private async insert(
    trx: Executor,
    context: RequestContext,
    ruleSet: RuleSet,
    notes: string | null,
  ): Promise<RuleSetSummary> {
    const content = canonicalJson(ruleSet);
    const row = {
      version: ruleSet.version,
      content,
      content_hash: createHash('sha256').update(content).digest('hex'),
      notes,
      published_by: `${context.actor.type}:${context.actor.id}`,
      published_at: this.clock.now(),
    };
    await trx.insertInto('risk_rule_sets').values(row).execute();
    await this.audit.append(trx, context, {
      action: 'risk-rules.published',
      subject: { type: 'risk-rule-set', id: row.version },
      data: { contentHash: row.content_hash, notes },
    });
    return {
      version: row.version,
      contentHash: row.content_hash,
      notes,
      publishedBy: row.published_by,
      publishedAt: row.published_at,
      active: true,
    };
  }
}
