import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../people/actor.js';
import type { Clock } from '../platform/clock.js';
import type { RefusalTable } from '../platform/database/schema.js';
import type { Executor, Store } from '../platform/database/store.js';
import { newId } from '../platform/ids.js';
import type { CluesService } from '../cases/clues.service.js';
import type { DocumentReason } from './documents/index.js';
import type { IdentityRepository } from './identity.repository.js';
import type { ClueSubjectType, GateKind, Refusal, RefusalReason } from './identity.types.js';
import { siteFilterFor } from '../people/access.js';

/** A refusal to record: reasons and blind indexes, never the document or phone themselves. */
export interface NewRefusal {
  reason: RefusalReason;
  documentReason: DocumentReason | null;
  gateKind: GateKind;
  documentType: string | null;
  documentIndex: string | null;
  phoneIndex: string | null;
  agreementId: string | null;
  siteId: string;
  /**
   * What the refusal was measured against (a failed face match: the device score and the minimum in force).
   * Stored with the refusal; no personal data.
   */
  details?: Record<string, unknown>;
}

/** When repeated refusals of one document or phone become a clue. */
export interface RepeatedRefusalPolicy {
  threshold: number;
  windowMs: number;
}

export interface RefusalListFilter {
  siteId?: string;
  reason?: RefusalReason;
  before?: number;
  limit?: number;
}

// A clue names the refusals behind it; past this many, the count in its details says the rest.
const MAX_CLUE_REFS = 50;

/** Refusals at the identity gate, and the clue that repeated refusals of one document or phone raise. */
export class RefusalsService {
  constructor(
    private readonly store: Store,
    private readonly repository: IdentityRepository,
    private readonly clues: CluesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly policy: RepeatedRefusalPolicy,
  ) {}

  /**
   * Records a refusal inside the caller's transaction; when it makes `threshold` refusals of the same document
   * or phone within the window, raises one clue for that pattern (not one per further refusal).
   */
  async recordWithin(
    trx: Executor,
    context: RequestContext,
    refusal: NewRefusal,
  ): Promise<{ refusalId: string; clueIds: string[] }> {
    const now = this.clock.now();
    const row: RefusalTable = {
      id: newId(now),
      reason: refusal.reason,
      document_reason: refusal.documentReason,
      gate_kind: refusal.gateKind,
      document_type: refusal.documentType,
      document_index: refusal.documentIndex,
      phone_index: refusal.phoneIndex,
      agreement_id: refusal.agreementId,
      site_id: refusal.siteId,
      actor_type: context.actor.type,
      actor_id: context.actor.id,
      request_id: context.requestId,
      created_at: now,
      details: refusal.details === undefined ? null : JSON.stringify(refusal.details),
    };
    await this.repository.insertRefusal(trx, row);
    await this.audit.append(trx, context, {
      action: 'identity.refused',
      subject: { type: 'refusal', id: row.id },
      data: row,
    });

    const clueIds: string[] = [];
    const subjects: [ClueSubjectType, 'document_index' | 'phone_index', string | null][] = [
      ['document', 'document_index', row.document_index],
      ['phone', 'phone_index', row.phone_index],
    ];
    for (const [subjectType, column, index] of subjects) {
      if (index === null) continue;
      const clueId = await this.raiseIfRepeatedWithin(trx, context, subjectType, column, index, row.site_id);
      if (clueId !== null) clueIds.push(clueId);
    }
    return { refusalId: row.id, clueIds };
  }

  /** How many refusals of a document (by its blind index) were recorded since `since`, inside `trx`. */
  countOfDocumentSinceWithin(trx: Executor, documentIndex: string, since: number): Promise<number> {
    return this.repository.countRefusalsOfSubject(trx, 'document_index', documentIndex, since);
  }

  /** Refusals, newest first; station managers see only their own site's. */
  async findRefusals(context: RequestContext, filter: RefusalListFilter = {}): Promise<Refusal[]> {
    const siteId = siteFilterFor(context.actor, filter.siteId);
    const rows = await this.repository.findRefusals(this.store.db, {
      ...(siteId === undefined ? {} : { siteId }),
      ...(filter.reason === undefined ? {} : { reason: filter.reason }),
      ...(filter.before === undefined ? {} : { before: filter.before }),
      limit: filter.limit ?? 100,
    });
    return rows.map(toRefusal);
  }

  private async raiseIfRepeatedWithin(
    trx: Executor,
    context: RequestContext,
    subjectType: ClueSubjectType,
    column: 'document_index' | 'phone_index',
    index: string,
    siteId: string,
  ): Promise<string | null> {
    const since = this.clock.now() - this.policy.windowMs;
    const recent = await this.repository.findRefusalsOfSubject(trx, column, index, since, MAX_CLUE_REFS);
    if (recent.length < this.policy.threshold) return null;
    if (await this.clues.hasClueSinceWithin(trx, 'repeated-refusals', index, since)) return null;
    const clue = await this.clues.raiseWithin(trx, context, {
      source: 'identity',
      kind: 'repeated-refusals',
      severity: 'medium',
      subjectType,
      subjectIndex: index,
      siteId,
      details: {
        refusals: recent.length,
        windowHours: this.policy.windowMs / 3_600_000,
        reasons: [...new Set(recent.map((refusal) => refusal.reason))].sort(),
      },
      refs: recent.map((refusal) => ({ type: 'refusal', id: refusal.id })),
    });
    return clue.id;
  }
}

function toRefusal(row: RefusalTable): Refusal {
  return {
    id: row.id,
    reason: row.reason as RefusalReason,
    documentReason: row.document_reason as DocumentReason | null,
    gateKind: row.gate_kind as GateKind,
    documentType: row.document_type,
    agreementId: row.agreement_id,
    siteId: row.site_id,
    actorType: row.actor_type,
    actorId: row.actor_id,
    requestId: row.request_id,
    createdAt: row.created_at,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
  };
}
