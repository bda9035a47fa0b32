import type { AuditService } from '../audit/audit.service.js';
import type { BlobStore } from '../cases/blob-store.js';
import { checkEvidenceFile, type EvidenceFileInput } from '../cases/evidence-files.js';
import { identifyDocument, documentIndex, isPhoneNumber, phoneIndex } from '../identity/subject-index.js';
import type { Actor, RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import { hasPermission } from '../people/roles.js';
import { chinaDate, chinaDayStart, type Clock } from '../platform/clock.js';
import type { Signer } from '../platform/crypto/signing.js';
import type { Vault } from '../platform/crypto/vault.js';
import type { ParcelsService } from '../parcels/parcels.service.js';
import { PARCEL_FIELD_CONTEXT } from '../parcels/parcels.tables.js';
import {
  SENDER_NAME_CONTEXT,
  SENDER_NUMBER_CONTEXT,
  SENDER_PHONE_CONTEXT,
} from '../identity/senders.service.js';
import { canonicalJson } from '../platform/canonical-json.js';
import {
  buildRequestPackage,
  sha256Hex,
  verifyRequestPackage,
  type RequestPackage,
} from './request-package.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems, isCalendarDate } from '../platform/validation.js';
import {
  latestChecks,
  missingStepForDisclosure,
  openCheckItems,
  organLevelAdequate,
  requesterProblems,
  scopeProblems,
  type RequestScope,
} from './request-rules.js';
import type { RequestsRepository } from './requests.repository.js';
import {
  AGENCY_KINDS,
  ARRIVAL_CHANNELS,
  CHECK_ITEMS,
  DATA_CATEGORIES,
  DOCUMENT_KINDS,
  ORGAN_LEVELS,
  type AgencyKind,
  type ArrivalChannel,
  type CheckItem,
  type DataCategory,
  type DocumentKind,
  type LawfulRequestCheckTable,
  type LawfulRequestTable,
  type OrganLevel,
  type RequestStatus,
} from './requests.tables.js';
import { cleanWaybillNo } from '../parcels/waybill.js';

const OFFICERS_CONTEXT = 'lawful-request.officers';
const SCOPE_CONTEXT = 'lawful-request.scope';
const PACKAGE_CONTEXT = 'lawful-request.package';
const RECEIPT_CONTEXT = 'lawful-request.receipt';
const DAY = 86_400_000;
/** The legal document's scan: the same limits as evidence files. */
const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export interface Officer {
  name: string;
  workIdNo: string;
}

export interface ScopeInput {
  waybills?: string[];
  senderDocuments?: { documentType: string; number: string; nationality?: string }[];
  senderPhones?: string[];
  recipientPhones?: string[];
  siteIds?: string[];
  from?: string;
  to?: string;
  categories: DataCategory[];
}

export interface RegisterInput {
  agencyKind: AgencyKind;
  issuingOrgan: string;
  organLevel: OrganLevel;
  foreignAgency?: boolean;
  documentKind: DocumentKind;
  documentNumber: string;
  documentDate: string;
  documentScan?: EvidenceFileInput;
  officers: Officer[];
  arrivedVia: ArrivalChannel;
  /** When it arrived (epoch ms); default now. */
  receivedAt?: number;
  /** When it must be answered (epoch ms). */
  deadlineAt: number;
  scope: ScopeInput;
}

export interface CheckInput {
  item: CheckItem;
  passed: boolean;
  note?: string;
  /** For `agency-called-back`: the agency directory entry whose number was called. */
  directoryEntryId?: string;
}

export interface LawfulRequest {
  id: string;
  reference: string;
  agencyKind: AgencyKind;
  issuingOrgan: string;
  organLevel: OrganLevel;
  foreignAgency: boolean;
  document: {
    kind: DocumentKind;
    number: string;
    date: string;
    sha256: string | null;
    mediaType: string | null;
  };
  officers: Officer[];
  arrivedVia: ArrivalChannel;
  receivedBy: string;
  /** Their name, when they are staff (null for a machine or a removed record). */
  receivedByName: string | null;
  receivedAt: number;
  deadlineAt: number;
  overdue: boolean;
  /** The scope as the officers wrote it (documents and phones in clear: sealed roles only). */
  scope: ScopeInput;
  status: RequestStatus;
  statusReason: string | null;
  checklist: { item: CheckItem; passed: boolean | null }[];
  /** The step still missing before anything may be disclosed, or null when disclosure may go ahead. */
  missingStep: string | null;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: number | null;
  legalHold: boolean;
  /** The signed package's manifest hash, once exported. */
  packageSha256: string | null;
  exportedAt: number | null;
  receipt: Receipt | null;
  fulfilledAt: number | null;
  detainedWaybills: string[];
  createdAt: number;
  updatedAt: number;
}

export interface Receipt {
  receivingOfficers: Officer[];
  receivedAt: number;
  note: string | null;
}

export interface RequestFigures {
  from: string;
  to: string;
  /** Requests received per agency kind and quarter (China time): counts only, no details. */
  rows: { quarter: string; agencyKind: AgencyKind; received: number; refused: number; fulfilled: number }[];
  overdue: number;
}

export interface RequestSummary {
  id: string;
  reference: string;
  agencyKind: AgencyKind;
  issuingOrgan: string;
  status: RequestStatus;
  deadlineAt: number;
  overdue: boolean;
  receivedAt: number;
}

const FINISHED: readonly RequestStatus[] = ['refused', 'fulfilled', 'closed'];

/**
 * Lawful requests from the authorities: registered with their legal document, officers and scope; verified item
 * by item (the call-back on a number from the maintained agency directory); approved by a designated second person.
 * Sealed: only holders of `requests:handle` and designated approvers see a request, every read is audited, and
 * for everyone else a request does not exist (404). Audit entries carry only digests of what they record.
 */
export class RequestsService {
  constructor(
    private readonly store: Store,
    private readonly repository: RequestsRepository,
    private readonly people: PeopleRepository,
    private readonly blobs: BlobStore,
    private readonly audit: AuditService,
    private readonly vault: Vault,
    private readonly signer: Signer,
    private readonly parcels: ParcelsService,
    private readonly clock: Clock,
  ) {}

  async register(context: RequestContext, input: RegisterInput): Promise<LawfulRequest> {
    const now = this.clock.now();
    const receivedAt = input.receivedAt ?? now;
    const problems = new FieldProblems()
      .check(
        AGENCY_KINDS.includes(input.agencyKind),
        'agencyKind',
        `must be one of ${AGENCY_KINDS.join(', ')}`,
      )
      .check(
        ORGAN_LEVELS.includes(input.organLevel),
        'organLevel',
        `must be one of ${ORGAN_LEVELS.join(', ')}`,
      )
      .check(
        DOCUMENT_KINDS.includes(input.documentKind),
        'documentKind',
        `must be one of ${DOCUMENT_KINDS.join(', ')}`,
      )
      .check(
        ARRIVAL_CHANNELS.includes(input.arrivedVia),
        'arrivedVia',
        `must be one of ${ARRIVAL_CHANNELS.join(', ')}`,
      )
      .check(input.issuingOrgan.trim().length >= 2, 'issuingOrgan', 'must name the issuing organ')
      .check(input.documentNumber.trim().length >= 1, 'documentNumber', 'must give the document number')
      .check(isCalendarDate(input.documentDate), 'documentDate', 'must be a real date written YYYY-MM-DD')
      .check(receivedAt <= now + 60_000, 'receivedAt', 'must not be in the future')
      .check(input.deadlineAt > receivedAt, 'deadlineAt', 'must be after the request was received');
    if (isCalendarDate(input.documentDate))
      problems.check(input.documentDate <= chinaDate(now), 'documentDate', 'must not be in the future');
    input.officers.forEach((officer, index) => {
      problems
        .check(officer.name.trim().length >= 1, `officers/${index}/name`, 'must name the officer')
        .check(
          officer.workIdNo.trim().length >= 3,
          `officers/${index}/workIdNo`,
          'must give the work-ID number',
        );
    });
    for (const problem of requesterProblems({ ...input, officerCount: input.officers.length }))
      problems.check(false, problem.field, problem.message);
    const scope = this.storedScope(input.scope, problems);
    for (const problem of scopeProblems(scope)) problems.check(false, problem.field, problem.message);
    problems.throwIfAny();
    const scan =
      input.documentScan === undefined
        ? null
        : checkEvidenceFile(input.documentScan, MAX_DOCUMENT_BYTES, '/documentScan/');
    // The scan is stored before the transaction: a crash leaves an orphan blob, never a row without its file.
    const scanSha256 = scan === null ? null : await this.blobs.put(scan.bytes);

    return this.store.transaction(async (trx) => {
      const registrar = this.staffActing(context.actor);
      for (const siteId of scope.siteIds) {
        if ((await this.people.findSite(trx, siteId)) === undefined)
          throw new AppError('unknown-reference', `scope/siteIds: site ${siteId} does not exist`, {
            errors: [{ path: '/scope/siteIds', message: `no such site: ${siteId}` }],
          });
      }
      const foreign = input.foreignAgency === true;
      const row: LawfulRequestTable = {
        id: newId(now),
        reference: await this.nextReference(trx, now),
        agency_kind: input.agencyKind,
        issuing_organ: input.issuingOrgan.trim(),
        organ_level: input.organLevel,
        foreign_agency: foreign ? 1 : 0,
        document_kind: input.documentKind,
        document_number: input.documentNumber.trim(),
        document_date: input.documentDate,
        document_sha256: scanSha256,
        document_media_type: scan?.mediaType ?? null,
        officers_enc: this.vault.encrypt(
          JSON.stringify(input.officers.map((o) => ({ name: o.name.trim(), workIdNo: o.workIdNo.trim() }))),
          OFFICERS_CONTEXT,
        ),
        officer_count: input.officers.length,
        arrived_via: input.arrivedVia,
        received_by: registrar,
        received_at: receivedAt,
        deadline_at: input.deadlineAt,
        scope: JSON.stringify(scope),
        scope_enc: this.vault.encrypt(JSON.stringify(input.scope), SCOPE_CONTEXT),
        // A foreign authority's request is recorded, and stopped there: never answered without PRC approval.
        status: foreign ? 'refused' : 'registered',
        status_reason: foreign
          ? 'foreign authority: not answered without the approval of the PRC competent authority'
          : null,
        approved_by: null,
        approved_at: null,
        // Held from registration: nothing the scope names is purged while the request runs.
        legal_hold: 1,
        package_enc: null,
        package_sha256: null,
        exported_by: null,
        exported_at: null,
        receipt_enc: null,
        fulfilled_at: null,
        created_at: now,
        updated_at: now,
      };
      await this.repository.insertRequest(trx, row);
      await this.record(trx, context, row.id, 'registered', {
        agencyKind: row.agency_kind,
        organLevel: row.organ_level,
        foreignAgency: foreign,
        documentSha256: scanSha256,
        status: row.status,
      });
      return this.toRequest(trx, row);
    });
  }

  /** Records one checklist answer; when every item is answered yes the request is verified. */
  async recordCheck(context: RequestContext, id: string, input: CheckInput): Promise<LawfulRequest> {
    new FieldProblems()
      .check(CHECK_ITEMS.includes(input.item), 'item', `must be one of ${CHECK_ITEMS.join(', ')}`)
      .check(
        input.item !== 'agency-called-back' || !input.passed || input.directoryEntryId !== undefined,
        'directoryEntryId',
        'must name the agency directory entry whose number was called (never a number from the request)',
      )
      .throwIfAny();
    return this.store.transaction(async (trx) => {
      const row = await this.visible(trx, context.actor, id);
      throwIfStopped(row, ['registered', 'returned', 'verified']);
      if (input.directoryEntryId !== undefined) {
        const entry = await this.repository.findDirectoryEntry(trx, input.directoryEntryId);
        if (entry === undefined || entry.retired_at !== null)
          throw AppError.invalidField('/directoryEntryId', 'no such agency directory entry in use');
      }
      if (input.item === 'approval-level-adequate' && input.passed)
        if (!organLevelAdequate(row.agency_kind, row.organ_level))
          throw AppError.invalidField(
            '/passed',
            `an organ at ${row.organ_level} level cannot approve this access (state security: a districted city's organ or above)`,
          );
      const now = this.clock.now();
      const check: LawfulRequestCheckTable = {
        id: newId(now),
        request_id: row.id,
        item: input.item,
        passed: input.passed ? 1 : 0,
        note: input.note?.trim() || null,
        directory_entry_id: input.directoryEntryId ?? null,
        recorded_by: context.actor.id,
        recorded_at: now,
      };
      await this.repository.insertCheck(trx, check);
      const open = openCheckItems(latestChecks(await this.checksOf(trx, row.id)));
      // Every item yes: verified. A later no (the call-back failed after all) takes it back to registered.
      const status: RequestStatus = open.length === 0 ? 'verified' : 'registered';
      const changes = { status, status_reason: null, updated_at: now };
      if (status !== row.status) await this.repository.updateRequest(trx, row.id, changes);
      await this.record(trx, context, row.id, 'check-recorded', {
        item: input.item,
        passed: input.passed,
        status,
      });
      return this.toRequest(trx, { ...row, ...(status === row.status ? {} : changes) });
    });
  }

  /** Sends the request back to the agency for more information (a wider scope than needed, a missing document). */
  async returnForInformation(context: RequestContext, id: string, reason: string): Promise<LawfulRequest> {
    return this.move(context, id, 'returned', reason, ['registered', 'verified']);
  }

  /** Refuses the request, with the reason recorded. */
  async refuse(context: RequestContext, id: string, reason: string): Promise<LawfulRequest> {
    return this.move(context, id, 'refused', reason, ['registered', 'returned', 'verified']);
  }

  /** Approval by a designated approver who neither registered nor verified the request: four eyes. */
  async approve(context: RequestContext, id: string, reason: string): Promise<LawfulRequest> {
    new FieldProblems()
      .check(reason.trim().length >= 5, 'reason', 'must say why it may be answered, in at least 5 characters')
      .throwIfAny();
    return this.store.transaction(async (trx) => {
      const row = await this.visible(trx, context.actor, id);
      const missing = missingStepForDisclosure({
        status: row.status,
        foreignAgency: row.foreign_agency === 1,
      });
      if (row.status !== 'verified' || row.foreign_agency === 1)
        throw new AppError('conflict', missing ?? `the request is ${row.status}`);
      const approver = context.actor.id;
      if (!(await this.repository.isApprover(trx, approver)))
        throw new AppError('forbidden', 'only a designated approver approves a lawful request');
      const checkers = new Set((await this.checksOf(trx, row.id)).map((check) => check.recordedBy));
      if (approver === row.received_by || checkers.has(approver))
        throw new AppError(
          'forbidden',
          'a second person approves: not the one who registered or verified the request',
        );
      const now = this.clock.now();
      const changes = {
        status: 'approved' as const,
        status_reason: reason.trim(),
        approved_by: approver,
        approved_at: now,
        updated_at: now,
      };
      await this.repository.updateRequest(trx, row.id, changes);
      await this.record(trx, context, row.id, 'approved', { reason: reason.trim() });
      return this.toRequest(trx, { ...row, ...changes });
    });
  }

  /** One request, whole (officers and scope decrypted): sealed roles only, and the read is audited. */
  async getRequest(context: RequestContext, id: string): Promise<LawfulRequest> {
    return this.store.transaction(async (trx) => {
      const row = await this.visible(trx, context.actor, id);
      await this.audit.append(trx, context, {
        action: 'lawful-request.read',
        subject: { type: 'lawful-request', id: row.id },
      });
      return this.toRequest(trx, row);
    });
  }

  /** The register, newest first; `overdue` for the ones past their deadline and not finished. */
  async findRequests(
    context: RequestContext,
    filter: { status?: RequestStatus; overdue?: boolean; limit?: number } = {},
  ): Promise<RequestSummary[]> {
    if (!(await this.canSee(this.store.db, context.actor))) return [];
    const now = this.clock.now();
    const rows = await this.repository.findRequests(this.store.db, {
      ...(filter.status === undefined ? {} : { status: filter.status }),
      ...(filter.overdue === true ? { deadlineBefore: now, notIn: FINISHED } : {}),
      limit: filter.limit ?? 100,
    });
    await this.store.transaction((trx) =>
      this.audit.append(trx, context, {
        action: 'lawful-request.listed',
        subject: { type: 'lawful-request', id: 'register' },
        data: { ids: rows.map((row) => row.id) },
      }),
    );
    return rows.map((row) => toSummary(row, now));
  }

  /** Designates a staff member as an approver of lawful requests (admins; they do not see requests themselves). */
  async designateApprover(context: RequestContext, staffId: string, designate: boolean): Promise<void> {
    await this.store.transaction(async (trx) => {
      const member = await this.people.findStaff(trx, staffId);
      if (member === undefined || member.status !== 'active')
        throw new AppError('not-found', 'the staff member was not found');
      if (designate && !member.roles.split(',').includes('legal-liaison'))
        throw AppError.invalidField(
          '/staffId',
          'must hold the legal-liaison role to approve lawful requests',
        );
      if (designate)
        await this.repository.insertApprover(trx, {
          staff_id: staffId,
          designated_by: context.actor.id,
          designated_at: this.clock.now(),
        });
      else await this.repository.deleteApprover(trx, staffId);
      await this.audit.append(trx, context, {
        action: designate ? 'lawful-request.approver-designated' : 'lawful-request.approver-removed',
        subject: { type: 'staff', id: staffId },
      });
    });
  }

  /** Whether a staff member is a designated approver (for the admin who designates; says nothing of requests). */
  async isDesignatedApprover(staffId: string): Promise<boolean> {
    const member = await this.people.findStaff(this.store.db, staffId);
    if (member === undefined) throw new AppError('not-found', 'the staff member was not found');
    return this.repository.isApprover(this.store.db, staffId);
  }

  /** Adds an agency's number to the maintained directory the call-back uses. */
  async addDirectoryEntry(
    context: RequestContext,
    input: { agencyKind: AgencyKind; organ: string; phone: string },
  ): Promise<{ id: string; agencyKind: AgencyKind; organ: string; phone: string }> {
    new FieldProblems()
      .check(
        AGENCY_KINDS.includes(input.agencyKind),
        'agencyKind',
        `must be one of ${AGENCY_KINDS.join(', ')}`,
      )
      .check(input.organ.trim().length >= 2, 'organ', 'must name the organ')
      // Service numbers are short (12339, 110): 3 to 20 digits, with the usual separators.
      .check(
        /^\+?[0-9][0-9 ()-]{1,24}$/.test(input.phone.trim()) &&
          (input.phone.match(/[0-9]/g) ?? []).length >= 3,
        'phone',
        'must be a phone or service number (3 to 20 digits)',
      )
      .throwIfAny();
    const now = this.clock.now();
    const row = {
      id: newId(now),
      agency_kind: input.agencyKind,
      organ: input.organ.trim(),
      phone: input.phone.trim(),
      added_by: context.actor.id,
      added_at: now,
      retired_at: null,
    };
    await this.store.transaction(async (trx) => {
      if (!(await this.canSee(trx, context.actor))) throw new AppError('not-found', 'not found');
      await this.repository.insertDirectoryEntry(trx, row);
      await this.audit.append(trx, context, {
        action: 'agency-directory.added',
        subject: { type: 'agency-directory', id: row.id },
        data: row,
      });
    });
    return { id: row.id, agencyKind: row.agency_kind, organ: row.organ, phone: row.phone };
  }

  async findDirectory(
    context: RequestContext,
  ): Promise<{ id: string; agencyKind: AgencyKind; organ: string; phone: string }[]> {
    if (!(await this.canSee(this.store.db, context.actor))) return [];
    return (await this.repository.findDirectory(this.store.db)).map((row) => ({
      id: row.id,
      agencyKind: row.agency_kind,
      organ: row.organ,
      phone: row.phone,
    }));
  }

  /**
   * Builds the scoped package of an approved request: only what the scope names (parcels taken in within its
   * dates and named by waybill, sender, recipient or site; each data category asked for), personal data
   * decrypted here alone, every file hashed into a signed manifest. Stored encrypted with the request; the
   * request is fulfilled only when the receipt is recorded, so an interrupted export delivers nothing.
   */
  async exportPackage(context: RequestContext, id: string): Promise<RequestPackage> {
    return this.store.transaction(async (trx) => {
      const row = await this.visible(trx, context.actor, id);
      const missing = missingStepForDisclosure({
        status: row.status,
        foreignAgency: row.foreign_agency === 1,
      });
      if (missing !== null) throw new AppError('conflict', missing);
      const scope = JSON.parse(row.scope) as RequestScope;
      const contents = await this.scopedContents(trx, scope);
      const now = this.clock.now();
      const key = this.signer.publicKeys().find((item) => item.keyId === this.signer.activeKeyId)!;
      const pkg = buildRequestPackage(
        {
          requestId: row.id,
          reference: row.reference,
          agencyKind: row.agency_kind,
          issuingOrgan: row.issuing_organ,
          documentNumber: row.document_number,
        },
        contents,
        this.signer,
        key.publicKeyPem,
        now,
      );
      const manifestSha256 = sha256Hex(canonicalJson(pkg.manifest));
      await this.repository.updateRequest(trx, row.id, {
        package_enc: this.vault.encrypt(JSON.stringify(pkg), PACKAGE_CONTEXT),
        package_sha256: manifestSha256,
        exported_by: context.actor.id,
        exported_at: now,
        updated_at: now,
      });
      // Each unmasking is under this request: the chain records which files and how many records, by digest.
      await this.audit.append(trx, context, {
        action: 'lawful-request.exported',
        subject: { type: 'lawful-request', id: row.id },
        data: { manifestSha256, files: pkg.manifest.files },
      });
      await this.repository.insertEvent(trx, {
        id: newId(now),
        request_id: row.id,
        at: now,
        kind: 'exported',
        actor_id: context.actor.id,
        data: JSON.stringify({ manifestSha256, files: pkg.manifest.files.map((f) => f.name) }),
      });
      return pkg;
    });
  }

  /** Records who received the package and when: the request is fulfilled. Needs an exported package. */
  async recordReceipt(
    context: RequestContext,
    id: string,
    input: { receivingOfficers: Officer[]; receivedAt?: number; note?: string },
  ): Promise<LawfulRequest> {
    const now = this.clock.now();
    const problems = new FieldProblems().check(
      input.receivingOfficers.length > 0,
      'receivingOfficers',
      'must name who received the package',
    );
    input.receivingOfficers.forEach((officer, index) =>
      problems
        .check(officer.name.trim().length > 0, `receivingOfficers/${index}/name`, 'must name the officer')
        .check(
          officer.workIdNo.trim().length >= 3,
          `receivingOfficers/${index}/workIdNo`,
          'must give the work ID',
        ),
    );
    problems
      .check((input.receivedAt ?? now) <= now + 60_000, 'receivedAt', 'must not be in the future')
      .throwIfAny();
    return this.store.transaction(async (trx) => {
      const row = await this.visible(trx, context.actor, id);
      throwIfStopped(row, ['approved']);
      if (row.package_sha256 === null)
        throw new AppError(
          'conflict',
          'no package has been exported: export it before recording its receipt',
        );
      const receipt: Receipt = {
        receivingOfficers: input.receivingOfficers.map((o) => ({
          name: o.name.trim(),
          workIdNo: o.workIdNo.trim(),
        })),
        receivedAt: input.receivedAt ?? now,
        note: input.note?.trim() || null,
      };
      const changes = {
        status: 'fulfilled' as const,
        receipt_enc: this.vault.encrypt(JSON.stringify(receipt), RECEIPT_CONTEXT),
        fulfilled_at: now,
        updated_at: now,
      };
      await this.repository.updateRequest(trx, row.id, changes);
      await this.record(trx, context, row.id, 'fulfilled', {
        manifestSha256: row.package_sha256,
        receivedAt: receipt.receivedAt,
        receivingOfficers: receipt.receivingOfficers.length,
      });
      return this.toRequest(trx, { ...row, ...changes });
    });
  }

  /** The package as exported (decrypted), for the sealed roles; the read is audited. */
  async getPackage(context: RequestContext, id: string): Promise<RequestPackage> {
    return this.store.transaction(async (trx) => {
      const row = await this.visible(trx, context.actor, id);
      if (row.package_enc === null) throw new AppError('not-found', 'no package has been exported');
      await this.audit.append(trx, context, {
        action: 'lawful-request.package-read',
        subject: { type: 'lawful-request', id: row.id },
      });
      return JSON.parse(this.vault.decrypt(row.package_enc, PACKAGE_CONTEXT)) as RequestPackage;
    });
  }

  /** Checks a package with this installation's keys (the same check as `parcelguard request verify-package`). */
  verifyPackage(candidate: unknown) {
    const keyId = (candidate as { manifest?: { keyId?: unknown } } | null)?.manifest?.keyId;
    const key = this.signer.publicKeys().find((item) => item.keyId === keyId);
    if (key === undefined)
      return { valid: false as const, reason: 'signed with a key this installation does not know' };
    return verifyRequestPackage(candidate, key.publicKeyPem);
  }

  /**
   * Detains parcels the request orders held: each must be within its scope's waybills; each is held (a hold
   * event with no reason anyone else can read) and recorded against the request.
   */
  async detain(context: RequestContext, id: string, waybillsRaw: string[]): Promise<LawfulRequest> {
    const waybills = [...new Set(waybillsRaw.map((w) => cleanWaybillNo(w)).filter((w) => w !== ''))];
    new FieldProblems().check(waybills.length > 0, 'waybills', 'must name at least one waybill').throwIfAny();
    const row = await this.visible(this.store.db, context.actor, id);
    const missing = missingStepForDisclosure({ status: row.status, foreignAgency: row.foreign_agency === 1 });
    if (missing !== null) throw new AppError('conflict', missing);
    // Only parcels the scope names (by waybill, sender, recipient or site; at any date: a detention may reach a
    // parcel taken in after the request arrived).
    const scope = JSON.parse(row.scope) as RequestScope;
    const inScope = new Set(
      (
        await this.repository.findScopedParcels(
          this.store.db,
          scope,
          await this.repository.findScopedSenderIds(this.store.db, scope),
          0,
          Number.MAX_SAFE_INTEGER,
          waybills,
        )
      ).map((parcel) => parcel.waybill_no),
    );
    const outside = waybills.filter((w) => !inScope.has(w));
    if (outside.length > 0)
      throw AppError.invalidField('/waybills', `not in the request's scope: ${outside.join(', ')}`);
    for (const waybillNo of waybills) {
      await this.store.transaction(async (trx) => {
        const parcel = await this.parcels.findParcelWithin(trx, waybillNo);
        if (parcel === undefined)
          throw AppError.invalidField('/waybills', `no parcel ${waybillNo} was taken in`);
        const now = this.clock.now();
        const added = await this.repository.insertDetention(trx, {
          request_id: row.id,
          waybill_no: waybillNo,
          detained_by: context.actor.id,
          detained_at: now,
        });
        if (!added) return;
        if (parcel.state !== 'held')
          await this.parcels.moveWithin(trx, context, parcel, 'hold', {
            reason: 'detained under a lawful request',
            custodian: context.actor.id,
          });
        await this.record(trx, context, row.id, 'detained', { waybillNo });
      });
    }
    return this.getRequest(context, id);
  }

  /** Turns the legal hold on or off (lifting it lets retention purge what the scope names again). */
  async setLegalHold(
    context: RequestContext,
    id: string,
    on: boolean,
    reason: string,
  ): Promise<LawfulRequest> {
    new FieldProblems()
      .check(reason.trim().length >= 5, 'reason', 'must say why, in at least 5 characters')
      .throwIfAny();
    return this.store.transaction(async (trx) => {
      const row = await this.visible(trx, context.actor, id);
      const now = this.clock.now();
      const changes = { legal_hold: on ? 1 : 0, updated_at: now };
      await this.repository.updateRequest(trx, row.id, changes);
      await this.record(trx, context, row.id, on ? 'legal-hold-on' : 'legal-hold-lifted', {
        reason: reason.trim(),
      });
      return this.toRequest(trx, { ...row, ...changes });
    });
  }

  /** Closes a finished request (fulfilled, refused or returned and not resubmitted). */
  async close(context: RequestContext, id: string, reason: string): Promise<LawfulRequest> {
    return this.move(context, id, 'closed', reason, ['fulfilled', 'refused', 'returned'], true);
  }

  /** Counts per agency kind and quarter, and how many are overdue now: no details, for the company's records. */
  async figures(context: RequestContext, query: { from: string; to: string }): Promise<RequestFigures> {
    new FieldProblems()
      .check(isCalendarDate(query.from), 'from', 'must be a real date written YYYY-MM-DD')
      .check(isCalendarDate(query.to), 'to', 'must be a real date written YYYY-MM-DD')
      .throwIfAny();
    if (!(await this.canSee(this.store.db, context.actor))) throw new AppError('not-found', 'not found');
    const rows = await this.repository.findForFigures(
      this.store.db,
      chinaDayStart(query.from),
      chinaDayStart(query.to) + DAY,
    );
    const counts = new Map<string, RequestFigures['rows'][number]>();
    for (const row of rows) {
      const quarter = chinaQuarter(row.received_at);
      const key = `${quarter}|${row.agency_kind}`;
      const entry = counts.get(key) ?? {
        quarter,
        agencyKind: row.agency_kind,
        received: 0,
        refused: 0,
        fulfilled: 0,
      };
      entry.received += 1;
      if (row.status === 'refused') entry.refused += 1;
      if (row.status === 'fulfilled' || row.status === 'closed') entry.fulfilled += 1;
      counts.set(key, entry);
    }
    const now = this.clock.now();
    const overdue = await this.repository.countOverdue(this.store.db, now, FINISHED);
    return {
      from: query.from,
      to: query.to,
      rows: [...counts.values()].sort((a, b) =>
        a.quarter === b.quarter ? (a.agencyKind < b.agencyKind ? -1 : 1) : a.quarter < b.quarter ? -1 : 1,
      ),
      overdue,
    };
  }

  /** Of these waybills, those a request detained and the actor may not see requests: parcels hide why. */
  async detainedParcelsHiddenFrom(actor: Actor, waybillNos: readonly string[]): Promise<ReadonlySet<string>> {
    if (waybillNos.length === 0 || (await this.canSee(this.store.db, actor))) return new Set();
    return this.repository.findDetainedWaybills(this.store.db, waybillNos);
  }

  /** Sender ids under a legal hold: retention skips them (their scope named them by document or phone). */
  async heldSenderIds(db: Executor): Promise<string[]> {
    const ids = new Set<string>();
    for (const scope of await this.repository.findHeldScopes(db))
      for (const senderId of await this.repository.findScopedSenderIds(db, scope)) ids.add(senderId);
    return [...ids];
  }

  private async scopedContents(trx: Executor, scope: RequestScope): Promise<Record<string, unknown[]>> {
    const senderIds = await this.repository.findScopedSenderIds(trx, scope);
    const parcels = await this.repository.findScopedParcels(
      trx,
      scope,
      senderIds,
      chinaDayStart(scope.from!),
      chinaDayStart(scope.to!) + DAY,
    );
    const waybills = parcels.map((parcel) => parcel.waybill_no);
    const contents: Record<string, unknown[]> = {};
    if (scope.categories.includes('parcel-records')) {
      const items = await this.repository.findItems(trx, waybills);
      contents['parcels.json'] = parcels.map((parcel) => ({
        waybillNo: parcel.waybill_no,
        siteId: parcel.site_id,
        route: parcel.route,
        state: parcel.state,
        decision: parcel.decision,
        takenInAt: parcel.created_at,
        senderId: parcel.sender_id,
        origin: {
          country: parcel.origin_country,
          region: parcel.origin_region,
          address: this.vault.decrypt(parcel.origin_address_enc, PARCEL_FIELD_CONTEXT.originAddress),
        },
        destination: {
          country: parcel.destination_country,
          region: parcel.destination_region,
          address: this.vault.decrypt(
            parcel.destination_address_enc,
            PARCEL_FIELD_CONTEXT.destinationAddress,
          ),
        },
        recipient: {
          name: this.vault.decrypt(parcel.recipient_name_enc, PARCEL_FIELD_CONTEXT.recipientName),
          phone: this.vault.decrypt(parcel.recipient_phone_enc, PARCEL_FIELD_CONTEXT.recipientPhone),
          address: this.vault.decrypt(parcel.recipient_address_enc, PARCEL_FIELD_CONTEXT.recipientAddress),
        },
        weightGrams: parcel.weight_grams,
        items: items
          .filter((item) => item.waybill_no === parcel.waybill_no)
          .map((item) => ({ description: item.description, quantity: item.quantity, unit: item.unit })),
      }));
    }
    if (scope.categories.includes('real-name-records')) {
      const ids = [
        ...new Set([...senderIds, ...parcels.flatMap((p) => (p.sender_id === null ? [] : [p.sender_id]))]),
      ];
      const phones = await this.repository.findSenderPhones(trx, ids);
      contents['senders.json'] = (await this.repository.findSenders(trx, ids)).map((sender) => ({
        senderId: sender.id,
        documentType: sender.document_type,
        nationality: sender.nationality,
        documentNumber: this.vault.decrypt(sender.number_enc, SENDER_NUMBER_CONTEXT),
        name: this.vault.decrypt(sender.name_enc, SENDER_NAME_CONTEXT),
        phones: phones
          .filter((phone) => phone.sender_id === sender.id)
          .map((phone) => this.vault.decrypt(phone.phone_enc, SENDER_PHONE_CONTEXT)),
        verifiedAt: sender.verified_at,
        verificationMethod: sender.verification_method,
      }));
    }
    if (scope.categories.includes('inspection-and-xray-records')) {
      contents['inspections.json'] = (await this.repository.findInspections(trx, waybills)).map((i) => ({
        waybillNo: i.waybill_no,
        at: i.at,
        inspectorId: i.inspector_id,
        outcome: i.outcome,
        foundDescription: i.found_description,
        foundCategory: i.found_category,
        photoSha256: JSON.parse(i.photo_hashes) as string[],
      }));
      contents['xray-scans.json'] = (await this.repository.findScans(trx, waybills)).map((scan) => ({
        waybillNo: scan.waybill_no,
        eventId: scan.event_id,
        machineId: scan.machine_id,
        operatorId: scan.operator_id,
        siteId: scan.site_id,
        scannedAt: scan.scanned_at,
        result: scan.result,
        imageSha256: scan.image_sha256,
        outcome: scan.outcome,
      }));
    }
    if (scope.categories.includes('images')) {
      // Image files live with the X-ray stations and inspections; the package lists their hashes to ask for.
      const scans = await this.repository.findScans(trx, waybills);
      const inspections = await this.repository.findInspections(trx, waybills);
      contents['images.json'] = [
        ...scans.flatMap((scan) =>
          scan.image_sha256 === null
            ? []
            : [{ waybillNo: scan.waybill_no, kind: 'x-ray', sha256: scan.image_sha256, ref: scan.image_ref }],
        ),
        ...inspections.flatMap((i) =>
          (JSON.parse(i.photo_hashes) as string[]).map((sha256) => ({
            waybillNo: i.waybill_no,
            kind: 'inspection-photo',
            sha256,
            ref: null,
          })),
        ),
      ];
    }
    if (scope.categories.includes('audit-entries'))
      contents['audit-entries.json'] = await this.audit.findRecordsAbout('parcel', waybills);
    return contents;
  }

  /**
   * Whether the actor sees lawful requests: legal liaison (`requests:handle`) and designated approvers. The CLI
   * operator holds the database and the keys. An admin does not, by default.
   */
  async canSee(db: Executor, actor: Actor): Promise<boolean> {
    if (actor.type === 'cli' || actor.type === 'system') return true;
    if (actor.type !== 'staff') return false;
    if (hasPermission(actor.roles, 'requests:handle')) return true;
    return hasPermission(actor.roles, 'requests:approve') && this.repository.isApprover(db, actor.id);
  }

  // ---- Internals ---------------------------------------------------------------------------------------------

  private async move(
    context: RequestContext,
    id: string,
    to: 'returned' | 'refused' | 'closed',
    reason: string,
    from: readonly RequestStatus[],
    evenForeign = false,
  ): Promise<LawfulRequest> {
    new FieldProblems()
      .check(reason.trim().length >= 5, 'reason', 'must say why, in at least 5 characters')
      .throwIfAny();
    return this.store.transaction(async (trx) => {
      const row = await this.visible(trx, context.actor, id);
      throwIfStopped(row, from, evenForeign);
      const now = this.clock.now();
      const changes = { status: to, status_reason: reason.trim(), updated_at: now };
      await this.repository.updateRequest(trx, row.id, changes);
      await this.record(trx, context, row.id, to, { from: row.status, reason: reason.trim() });
      return this.toRequest(trx, { ...row, ...changes });
    });
  }

  /** A request the actor may see, else 404 whether it exists or not. */
  private async visible(db: Executor, actor: Actor, id: string): Promise<LawfulRequestTable> {
    const row = await this.repository.findRequest(db, id);
    if (row === undefined || !(await this.canSee(db, actor)))
      throw new AppError('not-found', 'the request was not found');
    return row;
  }

  private staffActing(actor: Actor): string {
    if (actor.type === 'staff') return actor.id;
    throw new AppError('forbidden', 'a lawful request is registered by a person: sign in as legal liaison');
  }

  private storedScope(input: ScopeInput, problems: FieldProblems): RequestScope {
    const waybills = (input.waybills ?? []).map((w) => cleanWaybillNo(w)).filter((w) => w !== '');
    const senderDocumentIndexes = (input.senderDocuments ?? []).map((document) =>
      documentIndex(this.vault, identifyDocument(document, this.clock.now()).key),
    );
    const phones = (list: string[] | undefined, field: string) =>
      (list ?? []).map((phone, index) => {
        problems.check(isPhoneNumber(phone), `scope/${field}/${index}`, 'must be a phone number');
        return phoneIndex(this.vault, phone);
      });
    (input.categories ?? []).forEach((category, index) =>
      problems.check(
        DATA_CATEGORIES.includes(category),
        `scope/categories/${index}`,
        `must be one of ${DATA_CATEGORIES.join(', ')}`,
      ),
    );
    for (const [field, value] of [
      ['from', input.from],
      ['to', input.to],
    ] as const)
      if (value !== undefined) problems.check(isCalendarDate(value), `scope/${field}`, 'must be YYYY-MM-DD');
    return {
      waybills: [...new Set(waybills)],
      senderDocumentIndexes: [...new Set(senderDocumentIndexes)],
      senderPhoneIndexes: [...new Set(phones(input.senderPhones, 'senderPhones'))],
      recipientPhoneIndexes: [...new Set(phones(input.recipientPhones, 'recipientPhones'))],
      siteIds: [...new Set(input.siteIds ?? [])],
      from: input.from ?? null,
      to: input.to ?? null,
      categories: [...new Set(input.categories ?? [])],
    };
  }

  private async nextReference(db: Executor, now: number): Promise<string> {
    const year = chinaDate(now).slice(0, 4);
    const count = await this.repository.countReferences(db, `LR-${year}-`);
    return `LR-${year}-${String(count + 1).padStart(4, '0')}`;
  }

  private async checksOf(db: Executor, requestId: string) {
    return (await this.repository.findChecks(db, requestId)).map((check) => ({
      item: check.item,
      passed: check.passed === 1,
      recordedAt: check.recorded_at,
      recordedBy: check.recorded_by,
    }));
  }

  private async record(
    trx: Executor,
    context: RequestContext,
    requestId: string,
    kind:
      | 'registered'
      | 'check-recorded'
      | 'returned'
      | 'refused'
      | 'approved'
      | 'closed'
      | 'fulfilled'
      | 'detained'
      | 'legal-hold-on'
      | 'legal-hold-lifted',
    data: Record<string, unknown>,
  ): Promise<void> {
    const now = this.clock.now();
    await this.repository.insertEvent(trx, {
      id: newId(now),
      request_id: requestId,
      at: now,
      kind,
      actor_id: context.actor.id,
      data: JSON.stringify(data),
    });
    // The chain keeps only the digest of `data`: it verifies for every auditor and tells them nothing more.
    await this.audit.append(trx, context, {
      action: `lawful-request.${kind}`,
      subject: { type: 'lawful-request', id: requestId },
      data,
    });
  }

  private async toRequest(db: Executor, row: LawfulRequestTable): Promise<LawfulRequest> {
    const latest = latestChecks(await this.checksOf(db, row.id));
    const names = await this.people.staffNames(db, [row.received_by, row.approved_by]);
    const now = this.clock.now();
    return {
      id: row.id,
      reference: row.reference,
      agencyKind: row.agency_kind,
      issuingOrgan: row.issuing_organ,
      organLevel: row.organ_level,
      foreignAgency: row.foreign_agency === 1,
      document: {
        kind: row.document_kind,
        number: row.document_number,
        date: row.document_date,
        sha256: row.document_sha256,
        mediaType: row.document_media_type,
      },
      officers: JSON.parse(this.vault.decrypt(row.officers_enc, OFFICERS_CONTEXT)) as Officer[],
      arrivedVia: row.arrived_via,
      receivedBy: row.received_by,
      receivedByName: names.get(row.received_by) ?? null,
      receivedAt: row.received_at,
      deadlineAt: row.deadline_at,
      overdue: isOverdue(row, now),
      scope: JSON.parse(this.vault.decrypt(row.scope_enc, SCOPE_CONTEXT)) as ScopeInput,
      status: row.status,
      statusReason: row.status_reason,
      checklist: CHECK_ITEMS.map((item) => ({ item, passed: latest.get(item) ?? null })),
      missingStep: missingStepForDisclosure({ status: row.status, foreignAgency: row.foreign_agency === 1 }),
      approvedBy: row.approved_by,
      approvedByName: row.approved_by === null ? null : (names.get(row.approved_by) ?? null),
      approvedAt: row.approved_at,
      legalHold: row.legal_hold === 1,
      packageSha256: row.package_sha256,
      exportedAt: row.exported_at,
      receipt:
        row.receipt_enc === null
          ? null
          : (JSON.parse(this.vault.decrypt(row.receipt_enc, RECEIPT_CONTEXT)) as Receipt),
      fulfilledAt: row.fulfilled_at,
      detainedWaybills: (await this.repository.findDetentions(db, row.id)).map((d) => d.waybill_no),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

/** The China-time quarter of an instant, e.g. 2026-Q4. */
function chinaQuarter(at: number): string {
  const date = chinaDate(at);
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

function isOverdue(row: LawfulRequestTable, now: number): boolean {
  return row.deadline_at < now && !FINISHED.includes(row.status);
}

function toSummary(row: LawfulRequestTable, now: number): RequestSummary {
  return {
    id: row.id,
    reference: row.reference,
    agencyKind: row.agency_kind,
    issuingOrgan: row.issuing_organ,
    status: row.status,
    deadlineAt: row.deadline_at,
    overdue: isOverdue(row, now),
    receivedAt: row.received_at,
  };
}

/** 409 naming the state when the request is not in one of `allowed`. */
function throwIfStopped(
  row: LawfulRequestTable,
  allowed: readonly RequestStatus[],
  evenForeign = false,
): void {
  if (row.foreign_agency === 1 && !evenForeign)
    throw new AppError('conflict', 'a foreign authority’s request is never answered without PRC approval');
  if (!allowed.includes(row.status))
    throw new AppError(
      'conflict',
      `the request is ${row.status}: this step needs it ${allowed.join(' or ')}`,
    );
}
