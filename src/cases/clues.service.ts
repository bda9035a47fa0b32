import type { AuditService } from '../audit/audit.service.js';
import { siteFilterFor } from '../people/access.js';
import type { RequestContext } from '../people/actor.js';
import type { Clock } from '../platform/clock.js';
import type { Executor, Store } from '../platform/database/store.js';
import { newId } from '../platform/ids.js';
import type { Clue, ClueRef, ClueSeverity } from '../identity/identity.types.js';
import type { ClueRow, CluesRepository } from './clues.repository.js';

/** A clue to raise. `details` must hold no personal data: officers read it, exports may carry it. */
export interface NewClue {
  source: string;
  kind: string;
  severity: ClueSeverity;
  subjectType: string;
  subjectIndex: string | null;
  siteId: string | null;
  details: Record<string, unknown>;
  refs: ClueRef[];
}

/**
 * Files a fresh clue into a case inside the raising transaction: joins the open case on its key, or opens one when
 * the clue opens a case by itself (cases.service.ts). Set once the cases capability is built (app.ts).
 */
export interface ClueFiler {
  /** Returns the case the clue went into, or null when it waits for triage. */
  fileWithin(trx: Executor, context: RequestContext, clue: Clue): Promise<string | null>;
}

export interface ClueListFilter {
  status?: string;
  kind?: string;
  siteId?: string;
  before?: number;
  limit?: number;
}

/**
 * Clues for security officers: raised by capabilities inside their own transactions, filed into cases (see
 * ClueFiler), listed for review; triage is the cases service's.
 */
export class CluesService {
  private filer: ClueFiler | null = null;

  constructor(
    private readonly store: Store,
    private readonly repository: CluesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Lets the cases capability file every clue raised from now on (app.ts, once). */
  useFiler(filer: ClueFiler): void {
    this.filer = filer;
  }

  /**
   * Raises a clue inside the caller's transaction, audited with it, and files it: it joins the open case on its key
   * (waybill or subject), or opens one when it is a crime-related find (see cases/case-rules.ts).
   */
  async raiseWithin(trx: Executor, context: RequestContext, clue: NewClue): Promise<Clue> {
    const now = this.clock.now();
    const row: ClueRow = {
      id: newId(now),
      source: clue.source,
      kind: clue.kind,
      severity: clue.severity,
      subject_type: clue.subjectType,
      subject_index: clue.subjectIndex,
      site_id: clue.siteId,
      details: JSON.stringify(clue.details),
      refs: JSON.stringify(clue.refs),
      status: 'open',
      created_at: now,
      case_id: null,
      triaged_by: null,
      triaged_at: null,
      triage_note: null,
    };
    await this.repository.insertClue(trx, row);
    await this.audit.append(trx, context, {
      action: 'clue.raised',
      subject: { type: 'clue', id: row.id },
      data: row,
    });
    const raised = toClue(row);
    const caseId = this.filer === null ? null : await this.filer.fileWithin(trx, context, raised);
    return caseId === null ? raised : { ...raised, status: 'attached' };
  }

  /** Whether a clue of `kind` about this subject was raised since `since`. */
  hasClueSinceWithin(trx: Executor, kind: string, subjectIndex: string, since: number): Promise<boolean> {
    return this.repository.hasClueSince(trx, kind, subjectIndex, since);
  }

  /** Clues, newest first, of the sites the caller reaches (a clue of no site: company-wide callers only). */
  async findClues(context: RequestContext, filter: ClueListFilter = {}): Promise<Clue[]> {
    const siteId = siteFilterFor(context.actor, filter.siteId);
    const rows = await this.repository.findClues(this.store.db, {
      ...filter,
      ...(siteId === undefined ? {} : { siteId }),
      limit: filter.limit ?? 100,
    });
    return rows.map(toClue);
  }
}

export function toClue(row: ClueRow): Clue {
  return {
    id: row.id,
    source: row.source,
    kind: row.kind,
    severity: row.severity as ClueSeverity,
    subjectType: row.subject_type,
    subjectIndex: row.subject_index,
    siteId: row.site_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
    refs: JSON.parse(row.refs) as ClueRef[],
    status: row.status,
    createdAt: row.created_at,
  };
}
