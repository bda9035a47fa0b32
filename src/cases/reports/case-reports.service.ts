// Reports of cases to the authorities: draft (routed authority, facts, evidence, locked once included) → approved by
// a second officer or the station manager (four eyes; the signed package is built then: canonical JSON document,
// Chinese PDF, Ed25519 manifest, encrypted at rest, both hashes in the audit chain) → submitted (channel, the
// authority's reference, who, when: the case becomes reported) → acknowledged. And the figures over cases.
import type { AuditService } from '../../audit/audit.service.js';
import { actingPersonId, authorize, siteFilterFor } from '../../people/access.js';
import type { Actor, RequestContext } from '../../people/actor.js';
import type { PeopleRepository } from '../../people/people.repository.js';
import { hasPermission, isRole, type Role } from '../../people/roles.js';
import { PARCEL_FIELD_CONTEXT } from '../../parcels/parcels.tables.js';
import { chinaDayStart, DAY_MS, type Clock } from '../../platform/clock.js';
import type { Signer } from '../../platform/crypto/signing.js';
import type { Vault } from '../../platform/crypto/vault.js';
import type { Executor, Store } from '../../platform/database/store.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { FieldProblems, isCalendarDate } from '../../platform/validation.js';
import type { ReportingAuthority } from '../../screening/catalogue.js';
import type { Screener } from '../../screening/screener.js';
import {
  AUTHORITY_PROFILES,
  chooseAuthority,
  routeAuthority,
  SUBMISSION_CHANNELS,
  type Authority,
  type Direction,
  type PersonalField,
  type SubmissionChannel,
} from './authorities.js';
import type { CaseReportTable } from './case-reports.tables.js';
import type { CaseReportsRepository } from './case-reports.repository.js';
import { caseFigures, type CaseFigures, type ReportFact } from './figures.js';
import {
  buildReportPackage,
  DOCUMENT_FORMAT,
  verifyReportPackage,
  type PackageCheck,
  type ReportDocument,
  type ReportEvidenceItem,
  type ReportPackage,
  type ReportPersonalData,
} from './report-package.js';
import { renderReportPdf } from './report-pdf.js';
import { nextReportStatus, throwIfOwnReport, type ReportStatus } from './report-state.js';

/** The vault context of the stored package (bound into its ciphertext). */
export const PACKAGE_CONTEXT = 'case-report.package';
const SENDER_NUMBER_CONTEXT = 'sender.number';
const SENDER_NAME_CONTEXT = 'sender.name';
const SENDER_PHONE_CONTEXT = 'sender.phone';

/** Roles whose holders may approve a report: a second security officer, the station manager (or an admin). */
const APPROVING_ROLES: readonly Role[] = ['security-officer', 'station-manager', 'admin'];

/** What reports need of the cases capability (cases.service.ts implements it). */
export interface CasesPort {
  findEvidenceWithin(trx: Executor, caseId: string): Promise<EvidenceView[]>;
  lockEvidenceWithin(
    trx: Executor,
    caseId: string,
    evidenceIds: readonly string[],
    options?: { context?: RequestContext; lockedBy?: string },
  ): Promise<unknown>;
  markReportedWithin(
    trx: Executor,
    context: RequestContext,
    caseId: string,
    details: { reportId: string; authority: string },
  ): Promise<unknown>;
  markAwaitingApprovalWithin(
    trx: Executor,
    context: RequestContext,
    caseId: string,
    details: { reportId: string },
  ): Promise<void>;
  appendEventWithin(
    trx: Executor,
    context: RequestContext,
    caseId: string,
    kind: string,
    data: Record<string, unknown>,
  ): Promise<void>;
  canSeeSealed(db: Executor, actor: Actor): Promise<boolean>;
}

export interface CaseView {
  id: string;
  waybillNo: string | null;
  siteId: string | null;
  category: string | null;
  title: string;
  status: string;
  sealed: boolean;
  openedAt: number;
  openedBy: string;
}

export interface EvidenceView {
  id: string;
  kind: string;
  recordKind: string | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  description: string | null;
  addedAt: number;
  locked: boolean;
  /** Withdrawn evidence (kept, listed) never goes into a report. */
  withdrawn?: boolean;
}

export interface CaseReport {
  id: string;
  caseId: string;
  siteId: string | null;
  authority: Authority;
  routedAuthority: Authority;
  routeRule: string;
  overrideReason: string | null;
  status: ReportStatus;
  summary: string;
  custodyNote: string | null;
  evidenceIds: string[];
  /** The evidence by file name, in the order of evidenceIds: a reader of the report may not read the case. */
  evidenceFiles: { id: string; fileName: string }[];
  /** The personal data fields the package carries for this authority (names only; the values are in the package). */
  personalFields: PersonalField[];
  draftedBy: string;
  /** Each person by name as well, for readers who may not list staff of other sites (a station manager). */
  draftedByName: string | null;
  draftedAt: number;
  updatedAt: number;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: number | null;
  documentSha256: string | null;
  pdfSha256: string | null;
  keyId: string | null;
  submittedBy: string | null;
  submittedByName: string | null;
  submittedAt: number | null;
  channel: SubmissionChannel | null;
  authorityReference: string | null;
  acknowledgedBy: string | null;
  acknowledgedByName: string | null;
  acknowledgedAt: number | null;
  acknowledgementNote: string | null;
}

/** The figures over a period, each person credited also by name (a station manager may not list other sites' staff). */
export interface FiguresView extends Omit<CaseFigures, 'recognition'> {
  from: string;
  to: string;
  recognition: {
    sites: CaseFigures['recognition']['sites'];
    people: { staffId: string; name: string | null; reports: number }[];
  };
}

export interface RouteProposal {
  caseId: string;
  authority: Authority;
  rule: string;
  authorityNameZh: string;
  direction: Direction | null;
  personalFields: PersonalField[];
  evidence: EvidenceView[];
}

export interface DraftInput {
  caseId: string;
  /** Another authority than the routed one needs `overrideReason`. */
  authority?: string;
  overrideReason?: string;
  summary: string;
  custodyNote?: string;
  evidenceIds: string[];
  /** The drafting officer, when a machine or the CLI acts (a signed-in person acts as themselves). */
  draftedBy?: string;
}

export interface EditInput {
  authority?: string;
  overrideReason?: string;
  summary?: string;
  custodyNote?: string | null;
  evidenceIds?: string[];
}

export interface SubmitInput {
  channel: string;
  authorityReference?: string;
  /** When it was handed over (default now); not in the future. */
  submittedAt?: number;
  submittedBy?: string;
}

export interface AcknowledgeInput {
  note?: string;
  authorityReference?: string;
}

export interface FiguresQuery {
  /** China calendar days, inclusive. */
  from: string;
  to: string;
  siteId?: string;
}

const MAX_FIGURE_DAYS = 400;

export class CaseReportsService {
  constructor(
    private readonly store: Store,
    private readonly repository: CaseReportsRepository,
    private readonly people: PeopleRepository,
    private readonly cases: CasesPort,
    private readonly audit: AuditService,
    private readonly vault: Vault,
    private readonly signer: Signer,
    private readonly clock: Clock,
    private readonly screener: () => Promise<Screener>,
  ) {}

  // Whom the active catalogue says a category is reported to (nothing for a category it does not define).
  private async reportToOf(category: string | null): Promise<readonly ReportingAuthority[]> {
    if (category === null) return [];
    const { catalogue } = await this.screener();
    return catalogue.categories.find((entry) => entry.slug === category)?.reportTo ?? [];
  }

  /** The authority a case would go to, why, which personal data it would carry, and the case's evidence. */
  async proposeRoute(context: RequestContext, caseId: string): Promise<RouteProposal> {
    const view = await this.visibleCase(this.store.db, context, caseId);
    const direction = await this.directionOf(this.store.db, view);
    const route = routeAuthority({
      category: view.category,
      reportTo: await this.reportToOf(view.category),
      direction,
    });
    return {
      caseId: view.id,
      authority: route.authority,
      rule: route.rule,
      authorityNameZh: AUTHORITY_PROFILES[route.authority].nameZh,
      direction,
      personalFields: [...AUTHORITY_PROFILES[route.authority].personalData],
      evidence: await this.cases.findEvidenceWithin(this.store.db, view.id),
    };
  }

  /** Drafts a report of a case; the evidence it includes is locked at once. */
  async draft(context: RequestContext, input: DraftInput): Promise<CaseReport> {
    return this.store.transaction(async (trx) => {
      const view = await this.visibleCase(trx, context, input.caseId);
      throwIfFinishedCase(view);
      const author = await this.personActing(trx, context, input.draftedBy, '/draftedBy');
      const route = routeAuthority({
        category: view.category,
        reportTo: await this.reportToOf(view.category),
        direction: await this.directionOf(trx, view),
      });
      const choice = withTextProblems(input, () =>
        chooseAuthority(route, input.authority, input.overrideReason),
      );
      const evidenceIds = uniqueIds(input.evidenceIds);
      await this.cases.lockEvidenceWithin(trx, view.id, evidenceIds, { context, lockedBy: author });
      const now = this.clock.now();
      const row: CaseReportTable = {
        id: newId(now),
        case_id: view.id,
        site_id: view.siteId,
        authority: choice.authority,
        routed_authority: choice.routed,
        route_rule: choice.rule,
        override_reason: choice.overrideReason,
        status: 'draft',
        summary: input.summary.trim(),
        custody_note: input.custodyNote?.trim() || null,
        evidence_ids: JSON.stringify(evidenceIds),
        drafted_by: author,
        drafted_at: now,
        updated_at: now,
        approved_by: null,
        approved_at: null,
        package_enc: null,
        document_sha256: null,
        pdf_sha256: null,
        signature: null,
        key_id: null,
        submitted_by: null,
        submitted_at: null,
        channel: null,
        authority_reference: null,
        acknowledged_by: null,
        acknowledged_at: null,
        acknowledgement_note: null,
      };
      await this.repository.insertReport(trx, row);
      await this.recordWithin(trx, context, row, 'report-drafted', 'case-report.drafted', {
        authority: choice.authority,
        routed: choice.routed,
        overridden: choice.overridden,
        evidenceIds,
      });
      await this.cases.markAwaitingApprovalWithin(trx, context, view.id, { reportId: row.id });
      return this.reportOf(trx, row);
    });
  }

  /** Changes a draft (authority, facts, evidence); newly included evidence is locked. */
  async edit(context: RequestContext, reportId: string, input: EditInput): Promise<CaseReport> {
    return this.store.transaction(async (trx) => {
      const { row, view } = await this.visibleReport(trx, context, reportId);
      nextReportStatus(row.status as ReportStatus, 'edit');
      const changes: Partial<CaseReportTable> = { updated_at: this.clock.now() };
      const route = routeAuthority({
        category: view.category,
        reportTo: await this.reportToOf(view.category),
        direction: await this.directionOf(trx, view),
      });
      const choice = withTextProblems(input, () =>
        input.authority === undefined
          ? undefined
          : chooseAuthority(route, input.authority, input.overrideReason),
      );
      if (choice !== undefined) {
        Object.assign(changes, {
          authority: choice.authority,
          routed_authority: choice.routed,
          route_rule: choice.rule,
          override_reason: choice.overrideReason,
        });
      }
      if (input.summary !== undefined) changes.summary = input.summary.trim();
      if (input.custodyNote !== undefined) changes.custody_note = input.custodyNote?.trim() || null;
      if (input.evidenceIds !== undefined) {
        const evidenceIds = uniqueIds(input.evidenceIds);
        await this.cases.lockEvidenceWithin(trx, view.id, evidenceIds, { context });
        changes.evidence_ids = JSON.stringify(evidenceIds);
      }
      await this.repository.updateReport(trx, row.id, changes);
      const updated = { ...row, ...changes };
      await this.recordWithin(trx, context, updated, 'report-edited', 'case-report.edited', {
        fields: Object.keys(input),
      });
      return this.reportOf(trx, updated);
    });
  }

  /**
   * Approves a draft (four eyes: never by its author) and builds the signed package: the document with only the
   * personal data the authority needs (its unmasking audited with the case as purpose), the PDF, both hashed
   * into the audit chain. Rendering happens before the transaction; the transaction checks nothing moved.
   */
  async approve(
    context: RequestContext,
    reportId: string,
    input: { approvedBy?: string } = {},
  ): Promise<CaseReport> {
    const first = await this.visibleReport(this.store.db, context, reportId);
    nextReportStatus(first.row.status as ReportStatus, 'approve');
    const approver = await this.personActing(this.store.db, context, input.approvedBy, '/approvedBy');
    throwIfOwnReport(first.row.drafted_by, approver);
    await this.throwIfMayNotApprove(approver, first.view);

    const now = this.clock.now();
    const { document, unmasked } = await this.buildDocument(first.row, first.view, approver, now);
    const pdf = await renderReportPdf(document);
    const publicKeyPem = this.publicKeyPem(this.signer.activeKeyId);
    const reportPackage = buildReportPackage(document, pdf, this.signer, publicKeyPem, now);

    return this.store.transaction(async (trx) => {
      const { row } = await this.visibleReport(trx, context, reportId);
      if (row.status !== 'draft' || row.updated_at !== first.row.updated_at) {
        throw new AppError('conflict', 'the report changed while it was being approved: approve it again');
      }
      // Whatever the draft holds is locked by now; lock again in case evidence was added under the same ids.
      await this.cases.lockEvidenceWithin(trx, row.case_id, parseIds(row.evidence_ids), {
        context,
        lockedBy: approver,
      });
      const changes: Partial<CaseReportTable> = {
        status: nextReportStatus('draft', 'approve'),
        approved_by: approver,
        approved_at: now,
        updated_at: now,
        package_enc: this.vault.encrypt(JSON.stringify(reportPackage), PACKAGE_CONTEXT),
        document_sha256: reportPackage.manifest.documentSha256,
        pdf_sha256: reportPackage.manifest.pdfSha256,
        signature: reportPackage.signature,
        key_id: reportPackage.manifest.keyId,
      };
      await this.repository.updateReport(trx, row.id, changes);
      if (unmasked.length > 0) {
        await this.audit.append(trx, context, {
          action: 'personal-data.unmasked',
          subject: { type: 'case-report', id: row.id },
          data: {
            purpose: { kind: 'case', reference: row.case_id, note: `report to ${row.authority}` },
            fields: unmasked,
          },
        });
      }
      const updated = { ...row, ...changes };
      await this.recordWithin(trx, context, updated, 'report-approved', 'case-report.approved', {
        approvedBy: approver,
        authority: row.authority,
        documentSha256: reportPackage.manifest.documentSha256,
        pdfSha256: reportPackage.manifest.pdfSha256,
        pdfBytes: reportPackage.manifest.pdfBytes,
        keyId: reportPackage.manifest.keyId,
        signature: reportPackage.signature,
      });
      return this.reportOf(trx, updated);
    });
  }

  /** Records that an approved report was handed to its authority; the case becomes reported. */
  async submit(context: RequestContext, reportId: string, input: SubmitInput): Promise<CaseReport> {
    const now = this.clock.now();
    const problems = new FieldProblems().check(
      (SUBMISSION_CHANNELS as readonly string[]).includes(input.channel),
      'channel',
      `must be one of ${SUBMISSION_CHANNELS.join(', ')}`,
    );
    if (input.submittedAt !== undefined) {
      problems.check(
        Number.isSafeInteger(input.submittedAt) && input.submittedAt <= now,
        'submittedAt',
        'must be a time (epoch ms) no later than now',
      );
    }
    throwIfBadReference(problems, input.authorityReference, 'authorityReference');
    problems.throwIfAny();
    return this.store.transaction(async (trx) => {
      const { row } = await this.visibleReport(trx, context, reportId);
      const status = nextReportStatus(row.status as ReportStatus, 'submit');
      const submitter = await this.personActing(trx, context, input.submittedBy, '/submittedBy');
      const submittedAt = input.submittedAt ?? now;
      if (row.approved_at !== null && submittedAt < row.approved_at) {
        throw AppError.invalidField('/submittedAt', 'must not be before the approval');
      }
      const changes: Partial<CaseReportTable> = {
        status,
        submitted_by: submitter,
        submitted_at: submittedAt,
        channel: input.channel,
        authority_reference: input.authorityReference?.trim() || null,
        updated_at: now,
      };
      await this.repository.updateReport(trx, row.id, changes);
      const updated = { ...row, ...changes };
      await this.recordWithin(trx, context, updated, 'report-submitted', 'case-report.submitted', {
        authority: row.authority,
        channel: input.channel,
        authorityReference: changes.authority_reference,
        submittedBy: submitter,
        submittedAt,
        documentSha256: row.document_sha256,
        pdfSha256: row.pdf_sha256,
      });
      await this.cases
        .markReportedWithin(trx, context, row.case_id, {
          reportId: row.id,
          authority: row.authority,
        })
        .catch((error: unknown) => {
          // A case already reported (a second authority) stays reported: the report is recorded all the same.
          if (error instanceof AppError && error.code === 'invalid-transition') return undefined;
          throw error;
        });
      return this.reportOf(trx, updated);
    });
  }

  /** Records the authority's acknowledgement (its reference, if it gave one only now). */
  async acknowledge(context: RequestContext, reportId: string, input: AcknowledgeInput): Promise<CaseReport> {
    const problems = new FieldProblems();
    throwIfBadReference(problems, input.authorityReference, 'authorityReference');
    if (input.note !== undefined) {
      problems.check(input.note.trim().length <= 2000, 'note', 'must be at most 2000 characters');
    }
    problems.throwIfAny();
    return this.store.transaction(async (trx) => {
      const { row } = await this.visibleReport(trx, context, reportId);
      const status = nextReportStatus(row.status as ReportStatus, 'acknowledge');
      const now = this.clock.now();
      const changes: Partial<CaseReportTable> = {
        status,
        acknowledged_by: await this.personActing(trx, context, undefined, '/acknowledgedBy', true),
        acknowledged_at: now,
        acknowledgement_note: input.note?.trim() || null,
        authority_reference: input.authorityReference?.trim() || row.authority_reference,
        updated_at: now,
      };
      await this.repository.updateReport(trx, row.id, changes);
      const updated = { ...row, ...changes };
      await this.recordWithin(trx, context, updated, 'report-acknowledged', 'case-report.acknowledged', {
        authority: row.authority,
        authorityReference: changes.authority_reference,
      });
      return this.reportOf(trx, updated);
    });
  }

  private async reportOf(db: Executor, row: CaseReportTable): Promise<CaseReport> {
    return (await this.reportsOf(db, [row]))[0]!;
  }

  /**
   * The reports with the names of the people and evidence files they name: the caller (a station manager, a legal
   * liaison) may not list those staff or read the case.
   */
  private async reportsOf(db: Executor, rows: CaseReportTable[]): Promise<CaseReport[]> {
    const names = await this.people.staffNames(
      db,
      rows.flatMap((row) => [row.drafted_by, row.approved_by, row.submitted_by, row.acknowledged_by]),
    );
    const fileNames = new Map<string, string>();
    for (const caseId of new Set(rows.map((row) => row.case_id)))
      for (const item of await this.cases.findEvidenceWithin(db, caseId))
        fileNames.set(item.id, item.fileName);
    return rows.map((row) => toReport(row, names, fileNames));
  }

  async getReport(context: RequestContext, reportId: string): Promise<CaseReport> {
    return this.reportOf(this.store.db, (await this.visibleReport(this.store.db, context, reportId)).row);
  }

  /** The reports of one case (the caller must see the case). */
  async findReportsOfCase(context: RequestContext, caseId: string): Promise<CaseReport[]> {
    const view = await this.visibleCase(this.store.db, context, caseId);
    const rows = await this.repository.findReports(this.store.db, { caseId: view.id, limit: 100 });
    return this.reportsOf(
      this.store.db,
      rows.map((row) => ({ ...row, package_enc: null })),
    );
  }

  /**
   * Reports the caller may see, newest first: their sites', and those of sealed cases only with the clearance.
   */
  async findReports(
    context: RequestContext,
    filter: { status?: string; authority?: string; siteId?: string; limit?: number },
  ): Promise<CaseReport[]> {
    const siteId = siteFilterFor(context.actor, filter.siteId);
    const limit = filter.limit ?? 100;
    const rows = await this.repository.findReports(this.store.db, {
      ...(filter.status === undefined ? {} : { status: filter.status }),
      ...(filter.authority === undefined ? {} : { authority: filter.authority }),
      ...(siteId === undefined ? {} : { siteId }),
      limit: limit * 2,
    });
    const visible: CaseReportTable[] = [];
    for (const row of rows) {
      if (visible.length >= limit) break;
      try {
        await this.visibleCase(this.store.db, context, row.case_id, { audit: false });
      } catch (error) {
        if (error instanceof AppError && error.status === 404) continue;
        throw error;
      }
      visible.push({ ...row, package_enc: null });
    }
    return this.reportsOf(this.store.db, visible);
  }

  /** The signed package of an approved report; reading it unmasks personal data, so it is audited. */
  async getPackage(context: RequestContext, reportId: string): Promise<ReportPackage> {
    return this.store.transaction(async (trx) => {
      const { row } = await this.visibleReport(trx, context, reportId);
      if (row.package_enc === null) {
        throw new AppError(
          'invalid-transition',
          `a report has a package once approved; this report is ${row.status}`,
        );
      }
      const reportPackage = JSON.parse(this.vault.decrypt(row.package_enc, PACKAGE_CONTEXT)) as ReportPackage;
      const fields = reportPackage.document.personalData?.fields ?? [];
      await this.audit.append(trx, context, {
        action: 'case-report.package-read',
        subject: { type: 'case-report', id: row.id },
        data: { documentSha256: row.document_sha256, pdfSha256: row.pdf_sha256 },
      });
      if (fields.length > 0) {
        await this.audit.append(trx, context, {
          action: 'personal-data.unmasked',
          subject: { type: 'case-report', id: row.id },
          data: { purpose: { kind: 'case', reference: row.case_id, note: 'report package read' }, fields },
        });
      }
      return reportPackage;
    });
  }

  /** The package's PDF alone (same audit as the package). */
  async getPdf(context: RequestContext, reportId: string): Promise<Buffer> {
    return Buffer.from((await this.getPackage(context, reportId)).pdf, 'base64');
  }

  /** Checks a package against the company's configured public keys (the key named in its manifest). */
  verifyPackage(candidate: unknown): PackageCheck {
    const keyId =
      typeof candidate === 'object' && candidate !== null
        ? (candidate as { manifest?: { keyId?: unknown } }).manifest?.keyId
        : undefined;
    const key = this.signer.publicKeys().find((item) => item.keyId === keyId);
    if (key === undefined)
      return { valid: false, reason: 'the package is signed with a key this company does not hold' };
    return verifyReportPackage(candidate, key.publicKeyPem);
  }

  /**
   * Figures over China calendar days `from`..`to`: the funnel per site and month, clue-to-hold and clue-to-report
   * times, outcomes by category, reports per authority, recognition. Sealed cases count only for callers who see
   * them.
   */
  async figures(context: RequestContext, query: FiguresQuery): Promise<FiguresView> {
    new FieldProblems()
      .check(isCalendarDate(query.from), 'from', 'must be a real date written YYYY-MM-DD')
      .check(isCalendarDate(query.to), 'to', 'must be a real date written YYYY-MM-DD')
      .throwIfAny();
    const start = chinaDayStart(query.from);
    const end = chinaDayStart(query.to) + DAY_MS;
    new FieldProblems()
      .check(end > start, 'to', 'must not be before from')
      .check(
        (end - start) / DAY_MS <= MAX_FIGURE_DAYS,
        'to',
        `the range may cover at most ${MAX_FIGURE_DAYS} days`,
      )
      .throwIfAny();
    const siteId = siteFilterFor(context.actor, query.siteId);
    if (siteId !== undefined && (await this.people.findSite(this.store.db, siteId)) === undefined) {
      throw new AppError('unknown-reference', 'the site does not exist', {
        errors: [{ path: '/siteId', message: 'no such site' }],
      });
    }
    const db = this.store.db;
    const range = { start, end, siteIds: siteId === undefined ? null : [siteId] };
    const seesSealed = await this.cases.canSeeSealed(db, context.actor);
    const caseRows = (await this.repository.figureCases(db, range)).filter(
      (row) => seesSealed || row.sealed === 0,
    );
    const reportRows = (await this.repository.figureReports(db, range)).filter(
      (row) => seesSealed || row.sealed === 0,
    );
    let clueRows = await this.repository.figureClues(db, range);
    if (!seesSealed) {
      const sealed = await this.repository.sealedCaseIds(
        db,
        clueRows.flatMap((row) => (row.case_id === null ? [] : [row.case_id])),
      );
      clueRows = clueRows.filter((row) => row.case_id === null || !sealed.has(row.case_id));
    }
    const firstClues = await this.repository.firstClues(
      db,
      caseRows.map((row) => row.id),
    );
    const holds = await this.repository.firstHolds(
      db,
      caseRows.flatMap((row) => (row.waybill_no === null ? [] : [row.waybill_no])),
    );
    const holdsOf = new Map<string, typeof holds>();
    for (const hold of holds) holdsOf.set(hold.waybill_no, [...(holdsOf.get(hold.waybill_no) ?? []), hold]);
    const names = await this.people.staffNames(db, [
      ...reportRows.map((row) => row.opened_by),
      ...reportRows.map((row) => row.drafted_by),
    ]);
    const figures = caseFigures(
      clueRows.map((row) => ({ siteId: row.site_id, createdAt: row.created_at })),
      caseRows.map((row) => {
        const firstClueAt = firstClues.get(row.id) ?? null;
        const heldAt =
          row.waybill_no === null || firstClueAt === null
            ? null
            : (holdsOf.get(row.waybill_no)?.find((hold) => hold.intake || hold.at >= firstClueAt)?.at ??
              null);
        return {
          id: row.id,
          siteId: row.site_id,
          openedAt: row.opened_at,
          category: row.category,
          outcome: row.outcome,
          firstClueAt,
          heldAt,
        };
      }),
      reportRows.map((row): ReportFact => ({
        caseId: row.case_id,
        siteId: row.site_id,
        authority: row.authority,
        status: row.status,
        submittedAt: row.submitted_at,
        // The person whose find opened the case (a courier, a screener), else the drafting officer.
        creditedTo: names.has(row.opened_by) ? row.opened_by : row.drafted_by,
      })),
    );
    const people = figures.recognition.people.map((person) => ({
      ...person,
      name: names.get(person.staffId) ?? null,
    }));
    return { from: query.from, to: query.to, ...figures, recognition: { ...figures.recognition, people } };
  }

  // ---- Internals ---------------------------------------------------------------------------------------------

  /**
   * A case the caller may see for reporting: it exists, is within their reach (404 otherwise), and if sealed they
   * hold the clearance (404 otherwise). The route's permission (case-reports:*) is the gate, not cases:read: the
   * station manager who approves and the legal liaison who submits need the case, not the case inbox. A read of
   * a sealed case is audited like the cases capability's own (case.sealed-read).
   */
  private async visibleCase(
    db: Executor,
    context: RequestContext,
    caseId: string,
    options: { audit?: boolean } = {},
  ): Promise<CaseView> {
    const row = await this.repository.findCase(db, caseId);
    if (row === undefined || (row.sealed !== 0 && !(await this.cases.canSeeSealed(db, context.actor)))) {
      throw new AppError('not-found', 'the case was not found');
    }
    authorize(context.actor, 'read', { kind: 'record', siteId: row.site_id }, { noun: 'case' });
    if (row.sealed !== 0 && options.audit !== false) {
      const entry = {
        action: 'case.sealed-read' as const,
        subject: { type: 'case', id: row.id },
        data: { how: 'report' },
      };
      // Inside a write, with it; a plain read gets its own transaction (appends go through the writer lock).
      if (db === this.store.db) await this.store.transaction((trx) => this.audit.append(trx, context, entry));
      else await this.audit.append(db, context, entry);
    }
    return {
      id: row.id,
      waybillNo: row.waybill_no,
      siteId: row.site_id,
      category: row.category,
      title: row.title,
      status: row.status,
      sealed: row.sealed !== 0,
      openedAt: Number(row.opened_at),
      openedBy: row.opened_by,
    };
  }

  /** The report and its case, if the caller may see the case (404 otherwise, as for an unknown report). */
  private async visibleReport(
    db: Executor,
    context: RequestContext,
    reportId: string,
  ): Promise<{ row: CaseReportTable; view: CaseView }> {
    const row = await this.repository.findReport(db, reportId);
    if (row === undefined) throw new AppError('not-found', 'the report was not found');
    try {
      return { row: normaliseRow(row), view: await this.visibleCase(db, context, row.case_id) };
    } catch (error) {
      if (error instanceof AppError && error.status === 404) {
        throw new AppError('not-found', 'the report was not found');
      }
      throw error;
    }
  }

  /**
   * The person acting: a signed-in staff member acts as themselves; the CLI or a machine names one (`given`),
   * who must be an active staff member. `optional`: the actor's own id when nobody is named.
   */
  private async personActing(
    db: Executor,
    context: RequestContext,
    given: string | undefined,
    path: string,
    optional = false,
  ): Promise<string> {
    const acting = actingPersonId(context.actor, given, path);
    if (acting === undefined) {
      if (optional) return context.actor.id;
      throw AppError.invalidField(path, 'must name the staff member acting (a person, not a machine)');
    }
    if (acting.checkSite) {
      const member = await this.people.findStaff(db, acting.id);
      if (member === undefined || member.status !== 'active') {
        throw new AppError('unknown-reference', 'the staff member was not found', {
          errors: [{ path, message: 'names no active staff member' }],
        });
      }
    }
    return acting.id;
  }

  /** A second officer or the station manager of the case's site (or an admin) approves. */
  private async throwIfMayNotApprove(approverId: string, view: CaseView): Promise<void> {
    const member = await this.people.findStaff(this.store.db, approverId);
    const roles = (member?.roles.split(',') ?? []).filter(isRole);
    const approving = roles.some((role) => APPROVING_ROLES.includes(role));
    const companyWide = hasPermission(roles, 'sites:all');
    const atSite =
      member !== undefined && (companyWide || view.siteId === null || member.site_id === view.siteId);
    if (member === undefined || member.status !== 'active' || !approving || !atSite) {
      throw new AppError(
        'forbidden',
        'a report is approved by a security officer or the station manager of its site',
        {
          errors: [{ path: '/approvedBy', message: 'may not approve this report' }],
        },
      );
    }
  }

  private async directionOf(db: Executor, view: CaseView): Promise<Direction | null> {
    if (view.waybillNo === null) return null;
    return (await this.repository.findParcel(db, view.waybillNo))?.route ?? null;
  }

  /** The report document: the case's facts, the included evidence, and only the personal data the authority needs. */
  private async buildDocument(
    row: CaseReportTable,
    view: CaseView,
    approver: string,
    approvedAt: number,
  ): Promise<{ document: ReportDocument; unmasked: PersonalField[] }> {
    const db = this.store.db;
    const authority = row.authority as Authority;
    const profile = AUTHORITY_PROFILES[authority];
    const company = await this.people.findCompany(db);
    const site = view.siteId === null ? undefined : await this.people.findSite(db, view.siteId);
    const drafter = await this.people.findStaff(db, row.drafted_by);
    const approverRow = await this.people.findStaff(db, approver);
    const included = new Set(parseIds(row.evidence_ids));
    const evidence: ReportEvidenceItem[] = (await this.cases.findEvidenceWithin(db, view.id))
      .filter((item) => included.has(item.id) && item.withdrawn !== true)
      .map((item) => ({
        id: item.id,
        kind: item.recordKind ?? item.kind,
        label: item.description ?? item.fileName,
        sha256: item.sha256,
        sizeBytes: item.sizeBytes,
        mediaType: item.mediaType,
        recordedAt: item.addedAt,
      }));
    const parcel = view.waybillNo === null ? undefined : await this.repository.findParcel(db, view.waybillNo);
    const firstClueAt = await this.repository.firstClueAt(db, view.id);
    const heldAt =
      view.waybillNo === null
        ? null
        : await this.repository.firstHoldAt(db, view.waybillNo, firstClueAt ?? 0);
    const personalData = parcel === undefined ? null : await this.personalData(parcel, profile.personalData);
    let categoryName: string | null = null;
    if (view.category !== null) {
      categoryName =
        (await this.screener()).catalogue.categories.find((category) => category.slug === view.category)
          ?.name ?? null;
    }
    const document: ReportDocument = {
      format: DOCUMENT_FORMAT,
      reportId: row.id,
      caseId: view.id,
      caseReference: view.id,
      authority: {
        code: authority,
        nameZh: profile.nameZh,
        nameEn: profile.nameEn,
        routed: row.routed_authority as Authority,
        rule: row.route_rule,
        overridden: row.routed_authority !== row.authority,
        overrideReason: row.override_reason,
      },
      reportingUnit: {
        company: company?.name ?? '',
        siteId: site?.id ?? null,
        siteCode: site?.code ?? null,
        siteName: site?.name ?? null,
      },
      category: view.category === null ? null : { slug: view.category, nameZh: categoryName },
      facts: {
        summary: row.summary,
        waybillNo: view.waybillNo,
        direction: parcel?.route ?? null,
        clueAt: firstClueAt,
        heldAt,
        custody: row.custody_note,
      },
      evidence,
      personalData,
      draftedBy: { staffId: row.drafted_by, name: drafter?.name ?? row.drafted_by },
      draftedAt: row.drafted_at,
      approvedBy: { staffId: approver, name: approverRow?.name ?? approver },
      approvedAt,
    };
    return { document, unmasked: personalData?.fields ?? [] };
  }

  private async personalData(
    parcel: NonNullable<Awaited<ReturnType<CaseReportsRepository['findParcel']>>>,
    needed: readonly PersonalField[],
  ): Promise<ReportPersonalData | null> {
    if (needed.length === 0) return null;
    const wants = (field: PersonalField) => needed.includes(field);
    const sender =
      parcel.sender_id === null
        ? undefined
        : await this.repository.findSender(this.store.db, parcel.sender_id);
    const phones =
      sender !== undefined && wants('sender.phones')
        ? (await this.repository.findSenderPhones(this.store.db, sender.id)).map((phone) =>
            this.vault.decrypt(phone, SENDER_PHONE_CONTEXT),
          )
        : undefined;
    const fields = needed.filter((field) => !field.startsWith('sender.') || sender !== undefined);
    const data: ReportPersonalData = {
      fields: [...fields],
      sender:
        sender === undefined
          ? null
          : {
              ...(wants('sender.name')
                ? { name: this.vault.decrypt(sender.name_enc, SENDER_NAME_CONTEXT) }
                : {}),
              ...(wants('sender.documentType') ? { documentType: sender.document_type } : {}),
              ...(wants('sender.documentNumber')
                ? { documentNumber: this.vault.decrypt(sender.number_enc, SENDER_NUMBER_CONTEXT) }
                : {}),
              ...(phones === undefined ? {} : { phones }),
            },
      recipient: {
        ...(wants('recipient.name')
          ? { name: this.vault.decrypt(parcel.recipient_name_enc, PARCEL_FIELD_CONTEXT.recipientName) }
          : {}),
        ...(wants('recipient.phone')
          ? { phone: this.vault.decrypt(parcel.recipient_phone_enc, PARCEL_FIELD_CONTEXT.recipientPhone) }
          : {}),
        ...(wants('recipient.address')
          ? {
              address: this.vault.decrypt(
                parcel.recipient_address_enc,
                PARCEL_FIELD_CONTEXT.recipientAddress,
              ),
            }
          : {}),
      },
    };
    if (wants('origin.address')) {
      data.originAddress = this.vault.decrypt(parcel.origin_address_enc, PARCEL_FIELD_CONTEXT.originAddress);
    }
    return data;
  }

  private publicKeyPem(keyId: string): string {
    const key = this.signer.publicKeys().find((item) => item.keyId === keyId);
    if (key === undefined)
      throw new AppError('unavailable', 'the signing key is not in the configured key material');
    return key.publicKeyPem;
  }

  /** The report's audit entry and its event on the case's timeline, in the caller's transaction. */
  private async recordWithin(
    trx: Executor,
    context: RequestContext,
    row: CaseReportTable,
    kind: string,
    action:
      | 'case-report.drafted'
      | 'case-report.edited'
      | 'case-report.approved'
      | 'case-report.submitted'
      | 'case-report.acknowledged',
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.append(trx, context, {
      action,
      subject: { type: 'case-report', id: row.id },
      data: { caseId: row.case_id, status: row.status, ...data },
    });
    await this.cases.appendEventWithin(trx, context, row.case_id, kind, {
      reportId: row.id,
      authority: row.authority,
      status: row.status,
    });
  }
}

function throwIfFinishedCase(view: CaseView): void {
  if (view.status === 'closed') {
    throw new AppError('invalid-transition', `the case is ${view.status}: reopen it before reporting it`);
  }
}

/**
 * Runs `choose` (which may throw field problems) and checks the texts, then throws every field problem at once,
 * so one answer names every bad field.
 */
function withTextProblems<T>(
  input: { summary?: string; custodyNote?: string | null; evidenceIds?: string[] },
  choose: () => T,
): T {
  let chosen: T | undefined;
  const problems = new FieldProblems();
  try {
    chosen = choose();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'validation-failed') throw error;
    for (const fieldError of error.errors) problems.add(fieldError.path, fieldError.message);
  }
  try {
    throwIfInvalidText(input);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    for (const fieldError of error.errors) problems.add(fieldError.path, fieldError.message);
  }
  problems.throwIfAny();
  return chosen as T;
}

function throwIfInvalidText(input: {
  summary?: string;
  custodyNote?: string | null;
  evidenceIds?: string[];
}): void {
  const problems = new FieldProblems();
  if (input.summary !== undefined) {
    const length = Array.from(input.summary.trim()).length;
    problems.check(
      length >= 10 && length <= 5000,
      'summary',
      'must state the facts in 10 to 5000 characters',
    );
  }
  if (input.custodyNote !== undefined && input.custodyNote !== null) {
    problems.check(input.custodyNote.trim().length <= 500, 'custodyNote', 'must be at most 500 characters');
  }
  if (input.evidenceIds !== undefined) {
    problems.check(input.evidenceIds.length <= 100, 'evidenceIds', 'may name at most 100 items');
  }
  problems.throwIfAny();
}

function throwIfBadReference(problems: FieldProblems, value: string | undefined, path: string): void {
  if (value === undefined) return;
  const trimmed = value.trim();
  problems.check(trimmed.length >= 1 && trimmed.length <= 64, path, 'must be 1 to 64 characters');
}

function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function parseIds(text: string): string[] {
  return JSON.parse(text) as string[];
}

/** Bigint columns come back as strings from pg: numbers here. */
function normaliseRow(row: CaseReportTable): CaseReportTable {
  const num = (value: number | null) => (value === null ? null : Number(value));
  return {
    ...row,
    drafted_at: Number(row.drafted_at),
    updated_at: Number(row.updated_at),
    approved_at: num(row.approved_at),
    submitted_at: num(row.submitted_at),
    acknowledged_at: num(row.acknowledged_at),
  };
}

function toReport(
  raw: CaseReportTable,
  names: ReadonlyMap<string, string>,
  fileNames: ReadonlyMap<string, string>,
): CaseReport {
  const row = normaliseRow(raw);
  const evidenceIds = parseIds(row.evidence_ids);
  const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? null));
  const authority = row.authority as Authority;
  return {
    id: row.id,
    caseId: row.case_id,
    siteId: row.site_id,
    authority,
    routedAuthority: row.routed_authority as Authority,
    routeRule: row.route_rule,
    overrideReason: row.override_reason,
    status: row.status as ReportStatus,
    summary: row.summary,
    custodyNote: row.custody_note,
    evidenceIds,
    evidenceFiles: evidenceIds.map((id) => ({ id, fileName: fileNames.get(id) ?? id })),
    personalFields: [...AUTHORITY_PROFILES[authority].personalData],
    draftedBy: row.drafted_by,
    draftedByName: nameOf(row.drafted_by),
    draftedAt: row.drafted_at,
    updatedAt: row.updated_at,
    approvedBy: row.approved_by,
    approvedByName: nameOf(row.approved_by),
    approvedAt: row.approved_at,
    documentSha256: row.document_sha256,
    pdfSha256: row.pdf_sha256,
    keyId: row.key_id,
    submittedBy: row.submitted_by,
    submittedByName: nameOf(row.submitted_by),
    submittedAt: row.submitted_at,
    channel: row.channel as SubmissionChannel | null,
    authorityReference: row.authority_reference,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedByName: nameOf(row.acknowledged_by),
    acknowledgedAt: row.acknowledged_at,
    acknowledgementNote: row.acknowledgement_note,
  };
}
