import type { AuditAction } from '../audit/audit-actions.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clue } from '../identity/identity.types.js';
import type { HubsRepository } from '../hubs/hubs.repository.js';
import type { SendersService } from '../identity/senders.service.js';
import type { ParcelsService } from '../parcels/parcels.service.js';
import { authorize, siteFilterFor } from '../people/access.js';
import { systemContext, type Actor, type RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import { hasPermission } from '../people/roles.js';
import { canonicalJson } from '../platform/canonical-json.js';
import type { Clock } from '../platform/clock.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems } from '../platform/validation.js';
import { VersionedDocuments } from '../platform/database/versioned-documents.js';
import { parseCatalogue } from '../screening/catalogue.js';
import type { ScreeningService } from '../screening/screening.service.js';
import { sha256Hex, type BlobStore } from './blob-store.js';
import {
  ACTIVE_STATUSES,
  caseKeyOf,
  categorySlugsOf,
  DEADLINE_KEYS,
  deadlineMinutes,
  DEFAULT_DEADLINES,
  higherPriority,
  isActive,
  isSealing,
  leadingCategory,
  opensCaseByItself,
  priorityOf,
  statusMoveProblem,
  type CategoryFacts,
} from './case-rules.js';
import type { CaseEventSink } from './case-event-sink.js';
import type { ClueRow, CluesRepository } from './clues.repository.js';
import { toClue, type ClueFiler } from './clues.service.js';
import type { CasesRepository } from './cases.repository.js';
import type {
  CaseOutcome,
  CaseStatus,
  CaseTable,
  CustodyHandoverTable,
  EvidenceRecordKind,
  EvidenceTable,
} from './cases.tables.js';
import type {
  CaseDetail,
  CaseEvent,
  CaseSummary,
  CustodyHandover,
  DeadlineSetting,
  Evidence,
  OverdueCases,
  TriagedClue,
} from './cases.types.js';
import { checkEvidenceFile, type EvidenceFileInput } from './evidence-files.js';
import { cleanWaybillNo } from '../parcels/waybill.js';

const CATALOGUE_VERSIONS = new VersionedDocuments('catalogue_versions');

export { SEALED_HOLD_NOTICE } from '../parcels/parcels.types.js';

export interface CasesOptions {
  /** Largest evidence file accepted, in bytes (checked before anything is stored). */
  maxEvidenceBytes: number;
}

export const DEFAULT_MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export type TriageInput =
  | { action: 'dismiss'; reason: string }
  | { action: 'attach'; caseId: string; note?: string }
  | { action: 'open'; note?: string };

export interface CaseListFilter {
  status?: CaseStatus;
  assigneeId?: string;
  siteId?: string;
  waybillNo?: string;
  overdue?: boolean;
  before?: number;
  limit?: number;
}

export interface StatusChange {
  status: CaseStatus;
  outcome?: CaseOutcome;
  reason: string;
}

export type EvidenceInput =
  | ({ kind: 'file'; description?: string } & EvidenceFileInput)
  | { kind: 'record'; recordKind: EvidenceRecordKind; description?: string };

/**
 * Cases: clues filed into one case per key (a waybill, or a sender's subject index), triage, status and outcome,
 * priority that only rises, assignment, deadlines, evidence (content-addressed files and record snapshots) and the
 * sealed-case clearance. Every change is a timeline event written with its audit entry in one transaction.
 */
export class CasesService implements ClueFiler {
  /** Category facts of the active catalogue version, by version (one entry). */
  private readonly categoryCache = new Map<string, Map<string, CategoryFacts>>();
  /** Told of every timeline event in its transaction (webhooks' outbox); none until `useEventSink`. */
  private eventSink: CaseEventSink | null = null;

  constructor(
    private readonly store: Store,
    private readonly repository: CasesRepository,
    private readonly clues: CluesRepository,
    private readonly people: PeopleRepository,
    private readonly hubs: HubsRepository,
    private readonly parcels: ParcelsService,
    private readonly senders: SendersService,
    private readonly screening: ScreeningService,
    private readonly blobs: BlobStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly options: CasesOptions = { maxEvidenceBytes: DEFAULT_MAX_EVIDENCE_BYTES },
  ) {}

  /** Tells `sink` of every timeline event from now on, in the event's transaction (webhooks/). */
  useEventSink(sink: CaseEventSink): void {
    this.eventSink = sink;
  }

  // ---- Filing and triage ----------------------------------------------------------------------------------

  /**
   * Files a clue just raised (CluesService.raiseWithin): it joins the open case on its key; with none, a
   * crime-related find opens one (case-rules.ts); anything else waits for triage.
   */
  async fileWithin(trx: Executor, context: RequestContext, clue: Clue): Promise<string | null> {
    const keyed = caseKeyOf(clue);
    if (keyed === null) return null;
    const categories = await this.categoryFactsWithin(trx, categorySlugsOf(clue));
    const open = await this.repository.findOpenCaseByKey(trx, keyed.key);
    if (open !== undefined) {
      await this.attachWithin(trx, context, open, clue, categories, 'filed automatically');
      return open.id;
    }
    if (!opensCaseByItself(clue, categories)) return null;
    return (await this.openWithin(trx, context, clue, categories, 'opened automatically')).id;
  }

  /** Triage of an untriaged clue: dismissed with a reason, attached to a case, or opening one. */
  async triage(
    context: RequestContext,
    clueId: string,
    input: TriageInput,
  ): Promise<{ clue: TriagedClue; case: CaseSummary | null }> {
    if (input.action === 'dismiss') {
      new FieldProblems()
        .check(input.reason.trim().length >= 3, 'reason', 'must say why (at least 3 characters)')
        .throwIfAny();
    }
    return this.store.transaction(async (trx) => {
      const clue = await this.getClueWithin(trx, context, clueId);
      if (clue.status !== 'open') {
        throw new AppError('conflict', `the clue was already triaged (${clue.status})`);
      }
      const facts = toClue(clue);
      const categories = await this.categoryFactsWithin(trx, categorySlugsOf(facts));
      let caseRow: CaseTable | null = null;
      switch (input.action) {
        case 'dismiss': {
          await this.updateClueWithin(trx, context, clue.id, {
            status: 'dismissed',
            triage_note: input.reason.trim(),
          });
          await this.audit.append(trx, context, {
            action: 'clue.dismissed',
            subject: { type: 'clue', id: clue.id },
            data: { reason: input.reason.trim() },
          });
          break;
        }
        case 'attach': {
          const target = await this.getVisibleCaseWithin(trx, context, input.caseId, '/caseId');
          caseRow = await this.attachWithin(trx, context, target, facts, categories, input.note ?? null);
          break;
        }
        case 'open': {
          const keyed = caseKeyOf(facts);
          if (keyed !== null) {
            const open = await this.repository.findOpenCaseByKey(trx, keyed.key);
            if (open !== undefined) {
              throw new AppError(
                'conflict',
                'a case on the same waybill or subject is open: attach the clue to it instead',
                { errors: [{ path: '/action', message: 'an open case exists for this key' }] },
              );
            }
          }
          caseRow = await this.openWithin(
            trx,
            context,
            facts,
            categories,
            input.note ?? 'opened from a clue',
          );
          break;
        }
      }
      const updated = (await this.clues.findClue(trx, clue.id))!;
      return { clue: toTriagedClue(updated), case: caseRow === null ? null : this.toSummary(caseRow) };
    });
  }

  /** Clues with their triage, newest first (company-wide callers; station staff their own site). */
  async findClues(
    context: RequestContext,
    filter: { status?: string; kind?: string; siteId?: string; limit?: number } = {},
  ): Promise<TriagedClue[]> {
    const siteId = siteFilterFor(context.actor, filter.siteId);
    const rows = await this.clues.findClues(this.store.db, {
      ...filter,
      ...(siteId === undefined ? {} : { siteId }),
      limit: filter.limit ?? 100,
    });
    return rows.map(toTriagedClue);
  }

  // ---- Reading ----------------------------------------------------------------------------------------------

  /** Cases, newest first. Sealed cases only for holders of the clearance, each such read audited. */
  async findCases(context: RequestContext, filter: CaseListFilter = {}): Promise<CaseSummary[]> {
    const siteId = siteFilterFor(context.actor, filter.siteId);
    const includeSealed = await this.canSeeSealed(this.store.db, context.actor);
    const now = this.clock.now();
    const rows = await this.repository.findCases(this.store.db, {
      ...(filter.status === undefined ? {} : { status: filter.status }),
      ...(filter.overdue === true ? { statuses: ACTIVE_STATUSES, deadlineBefore: now } : {}),
      ...(filter.assigneeId === undefined ? {} : { assigneeId: filter.assigneeId }),
      ...(siteId === undefined ? {} : { siteId }),
      ...(filter.waybillNo === undefined ? {} : { waybillNo: cleanWaybillNo(filter.waybillNo) }),
      ...(filter.before === undefined ? {} : { before: filter.before }),
      includeSealed,
      limit: filter.limit ?? 100,
    });
    await this.auditSealedReads(context, rows, 'list');
    return rows.map((row) => this.toSummary(row, now));
  }

  /** The cases past their deadline and still being worked: how many, and the first of them. */
  async findOverdue(
    context: RequestContext,
    filter: { siteId?: string; limit?: number } = {},
  ): Promise<OverdueCases> {
    const siteId = siteFilterFor(context.actor, filter.siteId);
    const includeSealed = await this.canSeeSealed(this.store.db, context.actor);
    const now = this.clock.now();
    const where = {
      statuses: ACTIVE_STATUSES,
      deadlineBefore: now,
      includeSealed,
      ...(siteId === undefined ? {} : { siteId }),
    };
    const [count, rows] = await Promise.all([
      this.repository.countCases(this.store.db, where),
      this.repository.findCases(this.store.db, { ...where, limit: filter.limit ?? 100 }),
    ]);
    rows.sort((a, b) => a.deadline_at - b.deadline_at);
    await this.auditSealedReads(context, rows, 'overdue');
    return { count, cases: rows.map((row) => this.toSummary(row, now)) };
  }

  /** One case with its timeline, evidence, clues and custody hand-overs; a sealed one read is audited. */
  async getCase(context: RequestContext, caseId: string): Promise<CaseDetail> {
    const row = await this.getVisibleCaseWithin(this.store.db, context, caseId);
    const [events, evidence, clues, custody] = await Promise.all([
      this.repository.findEvents(this.store.db, row.id),
      this.repository.findEvidence(this.store.db, row.id),
      this.clues.findClues(this.store.db, { caseId: row.id, limit: 1000 }),
      row.waybill_no === null
        ? Promise.resolve([] as CustodyHandoverTable[])
        : this.repository.findHandovers(this.store.db, row.waybill_no),
    ]);
    await this.auditSealedReads(context, [row], 'case');
    const names = await this.people.staffNames(this.store.db, [
      row.assignee_id,
      ...events.map((event) => event.actor_id),
    ]);
    return {
      ...this.toSummary(row),
      assigneeName: row.assignee_id === null ? null : (names.get(row.assignee_id) ?? null),
      timeline: events.map((event) => toEvent(event, names)),
      evidence: evidence.map(toEvidence),
      clues: clues.map(toTriagedClue).reverse(),
      custody: custody.map(toHandover),
    };
  }

  /** For the reports capability: a case the caller may see, read in their transaction (404 otherwise). */
  async getCaseWithin(trx: Executor, context: RequestContext, caseId: string): Promise<CaseSummary> {
    return this.toSummary(await this.getVisibleCaseWithin(trx, context, caseId));
  }

  /** For the reports capability: a case's evidence, in the order it was added. */
  async findEvidenceWithin(trx: Executor, caseId: string): Promise<Evidence[]> {
    return (await this.repository.findEvidence(trx, caseId)).map(toEvidence);
  }

  // ---- Changing ---------------------------------------------------------------------------------------------

  /** Moves a case through its statuses (reopening a finished one to `investigating`); outcome kept apart. */
  async changeStatus(context: RequestContext, caseId: string, input: StatusChange): Promise<CaseSummary> {
    new FieldProblems()
      .check(input.reason.trim().length >= 3, 'reason', 'must say why (at least 3 characters)')
      .throwIfAny();
    return this.store.transaction(async (trx) => {
      const row = await this.getVisibleCaseWithin(trx, context, caseId);
      const outcome = input.outcome ?? row.outcome;
      const problem = statusMoveProblem(row.status, input.status, outcome);
      if (problem !== null) {
        if (problem.field === 'outcome') throw AppError.invalidField('/outcome', problem.message);
        throw new AppError('invalid-transition', problem.message, {
          errors: [{ path: '/status', message: problem.message }],
        });
      }
      const now = this.clock.now();
      const reopening = !isActive(row.status) && isActive(input.status);
      if (reopening) {
        const holder = await this.repository.findOpenCaseByKey(trx, row.case_key);
        if (holder !== undefined) {
          throw new AppError(
            'conflict',
            'another case on the same waybill or subject is open: work there, or close it first',
          );
        }
      }
      const changes: Partial<CaseTable> = {
        status: input.status,
        outcome: reopening ? (input.outcome ?? null) : outcome,
        updated_at: now,
        open_key: isActive(input.status) ? row.case_key : null,
        ...(input.status === 'closed' ? { closed_at: now } : {}),
        ...(reopening ? { closed_at: null } : {}),
      };
      await this.repository.updateCase(trx, row.id, changes);
      await this.recordWithin(trx, context, row.id, reopening ? 'reopened' : 'status-changed', {
        action: reopening ? 'case.reopened' : 'case.status-changed',
        data: { from: row.status, to: input.status, outcome: changes.outcome ?? null, reason: input.reason },
      });
      return this.toSummary({ ...row, ...changes });
    });
  }

  /** Assigns the case to a security officer (one holding the clearance, for a sealed case). */
  async assign(context: RequestContext, caseId: string, input: { officerId: string }): Promise<CaseSummary> {
    return this.store.transaction(async (trx) => {
      const row = await this.getVisibleCaseWithin(trx, context, caseId);
      throwIfFinished(row);
      const officer = await this.people.findStaff(trx, input.officerId);
      if (officer === undefined || officer.status !== 'active') {
        throw AppError.invalidField('/officerId', 'must be an active staff member');
      }
      if (!officer.roles.split(',').includes('security-officer')) {
        throw AppError.invalidField('/officerId', 'must be a security officer');
      }
      if (row.sealed === 1 && !(await this.repository.hasClearance(trx, officer.id))) {
        throw AppError.invalidField('/officerId', 'must hold the sealed-case clearance for this case');
      }
      const now = this.clock.now();
      await this.repository.updateCase(trx, row.id, { assignee_id: officer.id, updated_at: now });
      await this.recordWithin(trx, context, row.id, 'assigned', {
        action: 'case.assigned',
        data: { from: row.assignee_id, to: officer.id },
      });
      return this.toSummary({ ...row, assignee_id: officer.id, updated_at: now });
    });
  }

  /**
   * Adds evidence: a file (type and size checked before anything is stored; the blob is written first, then the
   * row in a transaction, so a crash leaves at most an orphan blob) or a snapshot of a stored record.
   */
  async addEvidence(context: RequestContext, caseId: string, input: EvidenceInput): Promise<Evidence> {
    let bytes: Buffer;
    let fileName: string;
    let mediaType: string;
    let recordKind: EvidenceRecordKind | null = null;
    // Checked before anything is stored: a case the caller may not touch gets no blob either.
    const before = await this.getVisibleCaseWithin(this.store.db, context, caseId);
    throwIfFinished(before);
    if (input.kind === 'file') {
      const file = checkEvidenceFile(input, this.options.maxEvidenceBytes);
      bytes = file.bytes;
      fileName = file.fileName;
      mediaType = file.mediaType;
    } else {
      recordKind = input.recordKind;
      const snapshot = await this.recordSnapshot(context, before, input.recordKind);
      bytes = Buffer.from(canonicalJson(snapshot), 'utf8');
      fileName = `${input.recordKind}-${before.waybill_no ?? before.id}.json`;
      mediaType = 'application/json';
    }
    const sha256 = await this.blobs.put(bytes);
    return this.store.transaction(async (trx) => {
      const row = await this.getVisibleCaseWithin(trx, context, caseId);
      throwIfFinished(row);
      const evidence = await this.insertEvidenceWithin(trx, context, row.id, {
        kind: input.kind,
        record_kind: recordKind,
        file_name: fileName,
        media_type: mediaType,
        size_bytes: bytes.length,
        sha256,
        description: input.description?.trim() || null,
      });
      return toEvidence(evidence);
    });
  }

  /**
   * Inserts an evidence row whose blob is already stored, with its timeline event and its audit entry (subject:
   * the blob's SHA-256, so the hash itself is in the chain). Used here and by custody hand-overs (receipts).
   */
  async insertEvidenceWithin(
    trx: Executor,
    context: RequestContext,
    caseId: string,
    fields: Pick<
      EvidenceTable,
      'kind' | 'record_kind' | 'file_name' | 'media_type' | 'size_bytes' | 'sha256' | 'description'
    >,
  ): Promise<EvidenceTable> {
    const now = this.clock.now();
    const row: EvidenceTable = {
      id: newId(now),
      case_id: caseId,
      ...fields,
      added_by: context.actor.id,
      added_at: now,
      locked_at: null,
      locked_by: null,
      withdrawn_at: null,
      withdrawn_by: null,
      withdrawn_reason: null,
    };
    await this.repository.insertEvidence(trx, row);
    await this.repository.updateCase(trx, caseId, { updated_at: now });
    await this.insertEventWithin(
      trx,
      eventRow(caseId, now, context, 'evidence-added', {
        evidenceId: row.id,
        kind: row.kind,
        recordKind: row.record_kind,
        mediaType: row.media_type,
        sizeBytes: row.size_bytes,
        sha256: row.sha256,
      }),
    );
    await this.audit.append(trx, context, {
      action: 'evidence.added',
      subject: { type: 'evidence', id: row.sha256 },
      data: {
        caseId,
        evidenceId: row.id,
        kind: row.kind,
        recordKind: row.record_kind,
        sizeBytes: row.size_bytes,
      },
    });
    return row;
  }

  /**
   * The bytes of one piece of evidence, re-checked against their SHA-256: a blob that changed since it was stored
   * (or vanished) answers `integrity-failed`, never the altered bytes. Every download is audited.
   */
  async getEvidenceContent(
    context: RequestContext,
    caseId: string,
    evidenceId: string,
  ): Promise<{ evidence: Evidence; bytes: Buffer }> {
    const row = await this.getVisibleCaseWithin(this.store.db, context, caseId);
    const evidence = await this.repository.findEvidenceItem(this.store.db, row.id, evidenceId);
    if (evidence === undefined) throw new AppError('not-found', 'the evidence was not found');
    const bytes = await this.blobs.get(evidence.sha256);
    const intact = bytes !== undefined && sha256Hex(bytes) === evidence.sha256;
    await this.store.transaction(async (trx) => {
      await this.audit.append(trx, context, {
        action: intact ? 'evidence.downloaded' : 'evidence.integrity-failed',
        subject: { type: 'evidence', id: evidence.sha256 },
        data: { caseId: row.id, evidenceId: evidence.id, sealed: row.sealed === 1 },
      });
    });
    if (!intact) {
      throw new AppError(
        'integrity-failed',
        bytes === undefined
          ? 'the evidence file is missing from the blob store'
          : 'the evidence file no longer matches its recorded SHA-256: it was altered after it was stored',
      );
    }
    return { evidence: toEvidence(evidence), bytes };
  }

  /**
   * Withdraws a piece of evidence (a wrong photo, a duplicate): kept and listed as withdrawn with the reason, its
   * bytes untouched. Evidence a report includes is locked: 409.
   */
  async withdrawEvidence(
    context: RequestContext,
    caseId: string,
    evidenceId: string,
    input: { reason: string },
  ): Promise<Evidence> {
    new FieldProblems()
      .check(input.reason.trim().length >= 3, 'reason', 'must say why (at least 3 characters)')
      .throwIfAny();
    return this.store.transaction(async (trx) => {
      const row = await this.getVisibleCaseWithin(trx, context, caseId);
      throwIfFinished(row);
      const evidence = await this.repository.findEvidenceItem(trx, row.id, evidenceId);
      if (evidence === undefined) throw new AppError('not-found', 'the evidence was not found');
      if (evidence.locked_at !== null) {
        throw new AppError('conflict', 'the evidence is locked: a report includes it');
      }
      if (evidence.withdrawn_at !== null)
        throw new AppError('conflict', 'the evidence was already withdrawn');
      const now = this.clock.now();
      const changes = {
        withdrawn_at: now,
        withdrawn_by: context.actor.id,
        withdrawn_reason: input.reason.trim(),
      };
      await this.repository.updateEvidence(trx, evidence.id, changes);
      await this.repository.updateCase(trx, row.id, { updated_at: now });
      await this.insertEventWithin(
        trx,
        eventRow(row.id, now, context, 'evidence-withdrawn', {
          evidenceId: evidence.id,
          sha256: evidence.sha256,
          reason: changes.withdrawn_reason,
        }),
      );
      await this.audit.append(trx, context, {
        action: 'evidence.withdrawn',
        subject: { type: 'evidence', id: evidence.sha256 },
        data: { caseId: row.id, evidenceId: evidence.id, reason: changes.withdrawn_reason },
      });
      return toEvidence({ ...evidence, ...changes });
    });
  }

  /**
   * For the reports capability: locks evidence a report includes (in the report's transaction). Every id must be
   * evidence of the case; already locked ones stay as they are. Written to the timeline and the audit chain.
   */
  async lockEvidenceWithin(
    trx: Executor,
    caseId: string,
    evidenceIds: readonly string[],
    options: { context?: RequestContext; lockedBy?: string } = {},
  ): Promise<Evidence[]> {
    const context = options.context ?? systemContext(newId(), 'reports');
    const all = await this.repository.findEvidence(trx, caseId);
    const known = new Set(all.map((evidence) => evidence.id));
    const unknown = evidenceIds.findIndex((id) => !known.has(id));
    if (unknown !== -1) {
      throw new AppError('unknown-reference', 'the evidence is not part of this case', {
        errors: [{ path: `/evidenceIds/${unknown}`, message: 'is not evidence of this case' }],
      });
    }
    const withdrawn = evidenceIds.findIndex(
      (id) => (all.find((e) => e.id === id)?.withdrawn_at ?? null) !== null,
    );
    if (withdrawn !== -1) {
      throw new AppError('conflict', 'withdrawn evidence cannot go into a report', {
        errors: [{ path: `/evidenceIds/${withdrawn}`, message: 'was withdrawn' }],
      });
    }
    const now = this.clock.now();
    const lockedBy = options.lockedBy ?? context.actor.id;
    const locked = await this.repository.lockEvidence(trx, caseId, evidenceIds, now, lockedBy);
    if (locked > 0) {
      await this.recordWithin(trx, context, caseId, 'evidence-locked', {
        action: 'evidence.locked',
        data: { evidenceIds: [...evidenceIds], lockedBy },
      });
    }
    return (await this.repository.findEvidence(trx, caseId))
      .filter((evidence) => evidenceIds.includes(evidence.id))
      .map(toEvidence);
  }

  /**
   * For the reports capability: the case was reported (its report submitted). From `awaiting-approval` (or any
   * active status); frees the key for a new case.
   */
  async markReportedWithin(
    trx: Executor,
    context: RequestContext,
    caseId: string,
    details: { reportId: string; authority: string },
  ): Promise<CaseSummary> {
    const row = await this.repository.findCase(trx, caseId);
    if (row === undefined) throw new AppError('not-found', 'the case was not found');
    if (!isActive(row.status)) {
      throw new AppError('invalid-transition', `the case is ${row.status}: reopen it before reporting it`);
    }
    const now = this.clock.now();
    const changes: Partial<CaseTable> = {
      status: 'reported',
      reported_at: now,
      updated_at: now,
      open_key: null,
      outcome: row.outcome ?? 'confirmed',
    };
    await this.repository.updateCase(trx, row.id, changes);
    await this.recordWithin(trx, context, row.id, 'status-changed', {
      action: 'case.status-changed',
      data: { from: row.status, to: 'reported', outcome: changes.outcome, ...details },
    });
    return this.toSummary({ ...row, ...changes });
  }

  /**
   * For the reports capability: a drafted report puts its case (open or investigating) into awaiting-approval, so
   * the inbox shows that a decision is pending. A case already awaiting approval stays as it is.
   */
  async markAwaitingApprovalWithin(
    trx: Executor,
    context: RequestContext,
    caseId: string,
    details: { reportId: string },
  ): Promise<void> {
    const row = await this.repository.findCase(trx, caseId);
    if (row === undefined) throw new AppError('not-found', 'the case was not found');
    if (row.status !== 'open' && row.status !== 'investigating') return;
    const now = this.clock.now();
    await this.repository.updateCase(trx, row.id, { status: 'awaiting-approval', updated_at: now });
    await this.recordWithin(trx, context, row.id, 'status-changed', {
      action: 'case.status-changed',
      data: { from: row.status, to: 'awaiting-approval', ...details },
    });
  }

  /** For the reports capability: puts one of its own events on a case's timeline (its audit entry is its own). */
  async appendEventWithin(
    trx: Executor,
    context: RequestContext,
    caseId: string,
    kind: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    const now = this.clock.now();
    await this.insertEventWithin(trx, eventRow(caseId, now, context, kind, data));
    await this.repository.updateCase(trx, caseId, { updated_at: now });
  }

  /** Throws 409 naming the state unless the case is being worked (for other capabilities acting on it). */
  throwIfFinishedCase(summary: Pick<CaseSummary, 'status'>): void {
    throwIfFinished(summary);
  }

  /** The open case of a parcel, read in the caller's transaction (custody hand-overs link to it). */
  findOpenCaseOfWaybillWithin(trx: Executor, waybillNo: string): Promise<CaseTable | undefined> {
    return this.repository.findOpenCaseOfWaybill(trx, waybillNo);
  }

  // ---- Deadlines and clearance ------------------------------------------------------------------------------

  /** Deadline settings: the stored ones and the built-in defaults. */
  async findDeadlines(): Promise<DeadlineSetting[]> {
    const stored = await this.repository.findDeadlines(this.store.db);
    const builtIn = DEADLINE_KEYS.filter((key) => stored[key] === undefined).map((key) => ({
      category: key,
      minutes: DEFAULT_DEADLINES[key],
      builtIn: true,
    }));
    return [
      ...builtIn,
      ...Object.entries(stored).map(([category, minutes]) => ({ category, minutes, builtIn: false })),
    ].sort((a, b) => a.category.localeCompare(b.category));
  }

  /**
   * Sets the deadline in minutes for a catalogue category, `crime-related` or `default`. Applies to cases opened
   * (or tightened by a new clue) from now on.
   */
  async setDeadline(context: RequestContext, category: string, minutes: number): Promise<DeadlineSetting> {
    const screener = await this.screening.activeScreener();
    const known =
      (DEADLINE_KEYS as readonly string[]).includes(category) ||
      screener.catalogue.categories.some((c) => c.slug === category);
    new FieldProblems()
      .check(known, '/params/category', 'must be a catalogue category, crime-related or default')
      .check(
        Number.isInteger(minutes) && minutes >= 1 && minutes <= 525_600,
        'minutes',
        'must be 1 to 525600',
      )
      .throwIfAny();
    await this.store.transaction(async (trx) => {
      await this.repository.upsertDeadline(trx, category, minutes, context.actor.id, this.clock.now());
      await this.audit.append(trx, context, {
        action: 'case.deadline-set',
        subject: { type: 'case-deadline', id: category },
        data: { category, minutes },
      });
    });
    return { category, minutes, builtIn: false };
  }

  /** Grants a security officer the sealed-case clearance (national-security cases). */
  async grantClearance(
    context: RequestContext,
    staffId: string,
  ): Promise<{ staffId: string; granted: boolean }> {
    return this.store.transaction(async (trx) => {
      const officer = await this.people.findStaff(trx, staffId);
      if (officer === undefined) throw new AppError('not-found', 'the staff member was not found');
      if (officer.status !== 'active' || !officer.roles.split(',').includes('security-officer')) {
        throw AppError.invalidField('/params/staffId', 'must be an active security officer');
      }
      const granted = await this.repository.insertClearance(trx, staffId, context.actor.id, this.clock.now());
      if (granted) {
        await this.audit.append(trx, context, {
          action: 'case.clearance-granted',
          subject: { type: 'staff', id: staffId },
        });
      }
      return { staffId, granted };
    });
  }

  async revokeClearance(
    context: RequestContext,
    staffId: string,
  ): Promise<{ staffId: string; granted: boolean }> {
    return this.store.transaction(async (trx) => {
      const revoked = await this.repository.deleteClearance(trx, staffId);
      if (!revoked) throw new AppError('not-found', 'the clearance was not found');
      await this.audit.append(trx, context, {
        action: 'case.clearance-revoked',
        subject: { type: 'staff', id: staffId },
      });
      return { staffId, granted: false };
    });
  }

  /**
   * Of these waybills, those a sealed case is about that the actor may not see: their timelines and hold lists
   * say "held — refer to a supervisor" and nothing of why (parcels asks this through SealedParcelLookup).
   */
  async sealedParcelsHiddenFrom(actor: Actor, waybillNos: readonly string[]): Promise<ReadonlySet<string>> {
    if (waybillNos.length === 0 || (await this.canSeeSealed(this.store.db, actor))) return new Set();
    return this.repository.findSealedWaybills(this.store.db, waybillNos);
  }

  /**
   * Whether the actor sees sealed cases: a staff member holding the clearance (the route has already checked the
   * permission), or the CLI operator and the system (they hold the database and the keys).
   */
  async canSeeSealed(db: Executor, actor: Actor): Promise<boolean> {
    if (actor.type === 'cli' || actor.type === 'system') return true;
    if (actor.type !== 'staff' || !hasPermission(actor.roles, 'cases:read')) return false;
    return this.repository.hasClearance(db, actor.id);
  }

  // ---- Internals ---------------------------------------------------------------------------------------------

  private async openWithin(
    trx: Executor,
    context: RequestContext,
    clue: Clue,
    categories: readonly CategoryFacts[],
    note: string,
  ): Promise<CaseTable> {
    const keyed = caseKeyOf(clue);
    const aboutParcel = keyed !== null && keyed.waybillNo !== null;
    const now = this.clock.now();
    const settings = await this.repository.findDeadlines(trx);
    const category = leadingCategory(categories);
    const row: CaseTable = {
      id: newId(now),
      case_key: keyed?.key ?? `clue:${clue.id}`,
      open_key: keyed?.key ?? `clue:${clue.id}`,
      waybill_no: keyed?.waybillNo ?? null,
      subject_type: aboutParcel ? 'parcel' : clue.subjectType,
      subject_index: aboutParcel ? null : clue.subjectIndex,
      site_id: clue.siteId,
      category,
      categories: JSON.stringify(categories.map((c) => c.slug)),
      title: titleOf(clue, category, keyed?.waybillNo ?? null),
      status: 'open',
      outcome: null,
      priority: priorityOf(clue.severity, categories),
      sealed: isSealing(categories) ? 1 : 0,
      assignee_id: null,
      deadline_at: now + deadlineMinutes(categories, settings) * 60_000,
      opened_at: now,
      opened_by: context.actor.id,
      updated_at: now,
      reported_at: null,
      closed_at: null,
    };
    await this.repository.insertCase(trx, row);
    await this.updateClueWithin(trx, context, clue.id, {
      status: 'attached',
      case_id: row.id,
      triage_note: note,
    });
    await this.recordWithin(trx, context, row.id, 'opened', {
      action: 'case.opened',
      data: {
        clueId: clue.id,
        clueKind: clue.kind,
        note,
        priority: row.priority,
        category: row.category,
        sealed: row.sealed === 1,
        deadlineAt: row.deadline_at,
      },
    });
    return row;
  }

  private async attachWithin(
    trx: Executor,
    context: RequestContext,
    row: CaseTable,
    clue: Clue,
    categories: readonly CategoryFacts[],
    note: string | null,
  ): Promise<CaseTable> {
    throwIfFinished(row);
    const now = this.clock.now();
    const known = JSON.parse(row.categories) as string[];
    const merged = [...new Set([...known, ...categories.map((c) => c.slug)])];
    const allFacts = await this.categoryFactsWithin(trx, merged);
    const settings = await this.repository.findDeadlines(trx);
    const priority = higherPriority(row.priority, priorityOf(clue.severity, categories));
    const deadline = Math.min(row.deadline_at, row.opened_at + deadlineMinutes(allFacts, settings) * 60_000);
    const changes: Partial<CaseTable> = {
      priority,
      deadline_at: deadline,
      sealed: row.sealed === 1 || isSealing(categories) ? 1 : 0,
      categories: JSON.stringify(merged),
      category: leadingCategory(allFacts) ?? row.category,
      updated_at: now,
    };
    await this.repository.updateCase(trx, row.id, changes);
    await this.updateClueWithin(trx, context, clue.id, {
      status: 'attached',
      case_id: row.id,
      triage_note: note,
    });
    await this.recordWithin(trx, context, row.id, 'clue-attached', {
      action: 'case.clue-attached',
      data: {
        clueId: clue.id,
        clueKind: clue.kind,
        note,
        ...(priority === row.priority ? {} : { priority: { from: row.priority, to: priority } }),
        ...(deadline === row.deadline_at ? {} : { deadlineAt: { from: row.deadline_at, to: deadline } }),
        ...(changes.sealed === row.sealed ? {} : { sealed: true }),
      },
    });
    return { ...row, ...changes };
  }

  private async updateClueWithin(
    trx: Executor,
    context: RequestContext,
    clueId: string,
    changes: { status: string; case_id?: string; triage_note: string | null },
  ): Promise<void> {
    const updated = await this.clues.triage(trx, clueId, {
      ...changes,
      triaged_by: context.actor.id,
      triaged_at: this.clock.now(),
    });
    if (!updated) throw new AppError('conflict', 'the clue was triaged meanwhile; reload and retry');
  }

  /** Every timeline event goes through here: the row, then the sink (webhooks' outbox) in the same transaction. */
  private async insertEventWithin(trx: Executor, row: ReturnType<typeof eventRow>): Promise<void> {
    await this.repository.insertEvent(trx, row);
    if (this.eventSink === null) return;
    await this.eventSink.caseEventWrittenWithin(trx, {
      id: row.id,
      caseId: row.case_id,
      at: row.at,
      kind: row.kind,
      data: JSON.parse(row.data) as Record<string, unknown>,
      caseFacts: async () => {
        const current = await this.repository.findCase(trx, row.case_id);
        if (current === undefined) throw new AppError('not-found', 'the case was not found');
        return { status: current.status, priority: current.priority, sealed: current.sealed === 1 };
      },
    });
  }

  /** A timeline event and its audit entry, in the caller's transaction. */
  private async recordWithin(
    trx: Executor,
    context: RequestContext,
    caseId: string,
    kind: string,
    audit: { action: AuditAction; data: Record<string, unknown> },
  ): Promise<void> {
    await this.insertEventWithin(trx, eventRow(caseId, this.clock.now(), context, kind, audit.data));
    await this.audit.append(trx, context, {
      action: audit.action,
      subject: { type: 'case', id: caseId },
      data: audit.data,
    });
  }

  /** A case the caller may see: 404 when it does not exist, is outside their reach, or sealed from them. */
  private async getVisibleCaseWithin(
    db: Executor,
    context: RequestContext,
    caseId: string,
    path?: string,
  ): Promise<CaseTable> {
    const row = await this.repository.findCase(db, caseId);
    // Whoever may not read cases at all is answered like an officer without the clearance: not found.
    const hidden =
      row === undefined ||
      !hasPermission(context.actor.roles, 'cases:read') ||
      (row.sealed === 1 && !(await this.canSeeSealed(db, context.actor)));
    if (hidden) {
      if (path !== undefined) {
        throw new AppError('unknown-reference', 'the case was not found', {
          errors: [{ path, message: 'names no case' }],
        });
      }
      throw new AppError('not-found', 'the case was not found');
    }
    authorize(context.actor, 'read', { kind: 'record', siteId: row.site_id }, { noun: 'case' });
    return row;
  }

  private async getClueWithin(db: Executor, context: RequestContext, clueId: string): Promise<ClueRow> {
    const clue = await this.clues.findClue(db, clueId);
    if (clue === undefined) throw new AppError('not-found', 'the clue was not found');
    authorize(context.actor, 'read', { kind: 'record', siteId: clue.site_id }, { noun: 'clue' });
    return clue;
  }

  /** Every read of a sealed case is audited (who, which cases, how), in its own transaction. */
  private async auditSealedReads(
    context: RequestContext,
    rows: readonly CaseTable[],
    how: 'list' | 'overdue' | 'case',
  ): Promise<void> {
    const sealed = rows.filter((row) => row.sealed === 1);
    if (sealed.length === 0) return;
    await this.store.transaction(async (trx) => {
      await this.audit.append(
        trx,
        context,
        sealed.map((row) => ({
          action: 'case.sealed-read' as const,
          subject: { type: 'case', id: row.id },
          data: { how },
        })),
      );
    });
  }

  /**
   * What the active catalogue says of each category, read on the caller's executor: clues are filed inside the
   * raising transaction, where a read on another connection could wait for this one (SQLite in memory). Parsed
   * once per catalogue version.
   */
  private async categoryFactsWithin(db: Executor, slugs: readonly string[]): Promise<CategoryFacts[]> {
    if (slugs.length === 0) return [];
    const version = await CATALOGUE_VERSIONS.findActiveLabel(db);
    let known = version === undefined ? undefined : this.categoryCache.get(version);
    if (version !== undefined && known === undefined) {
      const row = await CATALOGUE_VERSIONS.find(db, version);
      const catalogue = row === undefined ? null : parseCatalogue(JSON.parse(row.content));
      known = new Map(
        (catalogue?.categories ?? []).map((c) => [
          c.slug,
          { slug: c.slug, crimeRelated: c.crimeRelated, reportTo: [...c.reportTo] },
        ]),
      );
      this.categoryCache.clear();
      this.categoryCache.set(version, known);
    }
    return slugs.map((slug) => known?.get(slug) ?? { slug, crimeRelated: false, reportTo: [] });
  }

  /** A JSON snapshot of a stored record about the case's parcel (no personal data but the masked real name). */
  private async recordSnapshot(
    context: RequestContext,
    row: CaseTable,
    kind: EvidenceRecordKind,
  ): Promise<Record<string, unknown>> {
    if (row.waybill_no === null) {
      throw new AppError('conflict', 'the case is about no parcel: records of a parcel cannot be attached', {
        errors: [{ path: '/recordKind', message: 'needs a case about a parcel' }],
      });
    }
    const waybillNo = row.waybill_no;
    const timeline = await this.parcels.getTimeline(context, waybillNo);
    const takenAt = this.clock.now();
    switch (kind) {
      case 'parcel-gate-records':
        return {
          kind,
          takenAt,
          waybillNo,
          siteId: timeline.siteId,
          route: timeline.route,
          state: timeline.state,
          decision: timeline.decision,
          reasons: timeline.reasons,
          createdAt: timeline.createdAt,
          gates: timeline.gates,
          items: timeline.items,
          events: timeline.events,
          inspections: timeline.inspections,
        };
      case 'inspection-mark': {
        const mark = timeline.gates.inspection.mark;
        if (mark === null) {
          throw new AppError('conflict', 'the parcel has no inspection mark', {
            errors: [{ path: '/recordKind', message: 'the parcel was never marked' }],
          });
        }
        return {
          kind,
          takenAt,
          waybillNo,
          mark,
          inspectedBy: timeline.gates.inspection.by,
          inspectedAt: timeline.gates.inspection.at,
          verification: this.parcels.verifyMark(mark, waybillNo),
        };
      }
      case 'scan-events': {
        const scans = await this.hubs.findScanRecordsOf(this.store.db, waybillNo);
        return {
          kind,
          takenAt,
          waybillNo,
          scans: scans.map((scan) => ({ ...scan, threats: JSON.parse(scan.threats) as unknown })),
        };
      }
      case 'real-name-snapshot': {
        const senderId = timeline.gates.identity.senderId;
        if (senderId === null) {
          throw new AppError('conflict', 'the parcel has no registered sender', {
            errors: [{ path: '/recordKind', message: 'no sender was verified for this parcel' }],
          });
        }
        const sender = await this.senders.getSender(context, senderId);
        return { kind, takenAt, waybillNo, gate: timeline.gates.identity, sender };
      }
    }
  }

  private toSummary(row: CaseTable, now = this.clock.now()): CaseSummary {
    return {
      id: row.id,
      key: row.case_key,
      waybillNo: row.waybill_no,
      subjectType: row.subject_type,
      siteId: row.site_id,
      category: row.category,
      categories: JSON.parse(row.categories) as string[],
      title: row.title,
      status: row.status,
      outcome: row.outcome,
      priority: row.priority,
      sealed: Number(row.sealed) === 1,
      assigneeId: row.assignee_id,
      deadlineAt: Number(row.deadline_at),
      overdue: isActive(row.status) && Number(row.deadline_at) < now,
      openedAt: Number(row.opened_at),
      openedBy: row.opened_by,
      updatedAt: Number(row.updated_at),
      reportedAt: row.reported_at === null ? null : Number(row.reported_at),
      closedAt: row.closed_at === null ? null : Number(row.closed_at),
    };
  }
}

/** 409 naming the state: a finished case is not changed until it is reopened. */
function throwIfFinished(row: Pick<CaseTable, 'status'>): void {
  if (!isActive(row.status)) {
    throw new AppError('conflict', `the case is ${row.status}: reopen it before changing it`);
  }
}

function titleOf(clue: Clue, category: string | null, waybillNo: string | null): string {
  const about = waybillNo !== null ? `parcel ${waybillNo}` : `${clue.subjectType} subject`;
  return `${clue.kind}${category === null ? '' : ` (${category})`}: ${about}`;
}

function eventRow(
  caseId: string,
  at: number,
  context: RequestContext,
  kind: string,
  data: Record<string, unknown>,
) {
  return {
    id: newId(at),
    case_id: caseId,
    at,
    kind,
    actor_type: context.actor.type,
    actor_id: context.actor.id,
    data: JSON.stringify(data),
  };
}

function toEvent(
  row: {
    id: string;
    at: number;
    kind: string;
    actor_type: string;
    actor_id: string;
    data: string;
  },
  names: ReadonlyMap<string, string>,
): CaseEvent {
  return {
    id: row.id,
    at: Number(row.at),
    kind: row.kind,
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorName: row.actor_type === 'staff' ? (names.get(row.actor_id) ?? null) : null,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

export function toEvidence(row: EvidenceTable): Evidence {
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind,
    recordKind: row.record_kind,
    fileName: row.file_name,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    description: row.description,
    addedBy: row.added_by,
    addedAt: Number(row.added_at),
    locked: row.locked_at !== null,
    lockedAt: row.locked_at === null ? null : Number(row.locked_at),
    lockedBy: row.locked_by,
    withdrawn: row.withdrawn_at !== null,
    withdrawnAt: row.withdrawn_at === null ? null : Number(row.withdrawn_at),
    withdrawnReason: row.withdrawn_reason,
  };
}

export function toHandover(row: CustodyHandoverTable): CustodyHandover {
  return {
    id: row.id,
    waybillNo: row.waybill_no,
    caseId: row.case_id,
    kind: row.kind,
    fromCustodian: row.from_custodian,
    toName: row.to_name,
    toUnit: row.to_unit,
    toOfficerNo: row.to_officer_no,
    location: row.location,
    handedAt: Number(row.handed_at),
    proofKind: row.proof_kind,
    proofSha256: row.proof_sha256,
    proofEvidenceId: row.proof_evidence_id,
    note: row.note,
    recordedBy: row.recorded_by,
    recordedAt: Number(row.recorded_at),
  };
}

function toTriagedClue(row: ClueRow): TriagedClue {
  return {
    ...toClue(row),
    caseId: row.case_id,
    triagedBy: row.triaged_by,
    triagedAt: row.triaged_at === null ? null : Number(row.triaged_at),
    triageNote: row.triage_note,
  };
}
