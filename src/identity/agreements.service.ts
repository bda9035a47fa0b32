import type { AuditService } from '../audit/audit.service.js';
import { siteFilterFor } from '../people/access.js';
import type { RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import type { Clock } from '../platform/clock.js';
import type {
  AgreementAccountTable,
  AgreementTable,
  OrganisationTable,
} from '../platform/database/schema.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems, isCalendarDate } from '../platform/validation.js';
import {
  AGREEMENT_TRANSITIONS,
  canTransition,
  effectiveStatus,
  findAgreementGap,
  type AgreementGap,
  type AgreementTransition,
} from './agreement-rules.js';
import type { AgreementFilter, AgreementRow, AgreementsRepository } from './agreements.repository.js';
import { DOCUMENT_REASON_MESSAGES, validateDocument } from './documents/index.js';
import type {
  Agreement,
  AgreementAccount,
  AgreementStatus,
  DocumentPresentation,
  Organisation,
} from './identity.types.js';
import { checkPresentation, type SendersService } from './senders.service.js';
import { throwIfUnknownSite } from './site-scope.js';
import { addDays, chinaDate } from './subject-index.js';

export interface RegisterOrganisationInput {
  name: string;
  /** Unified social credit code (统一社会信用代码). */
  uscc: string;
}

export interface CreateAgreementInput {
  number: string;
  organisationId: string;
  signedOn: string;
  validUntil: string;
  /** The site where the agreement was signed and the responsible person verified. */
  siteId: string;
  /** Verified with the same document checks as the gate, and registered as a sender. */
  responsiblePerson: DocumentPresentation;
  permittedGoods: string[];
  /** Sites the agreement covers; empty or omitted: every site. */
  permittedSiteIds?: string[];
}

export interface AddAccountInput {
  code: string;
  name: string;
}

export interface AgreementListFilter {
  status?: AgreementStatus;
  organisationId?: string;
}

/** An agreement customer as the counter picks it: who, and the accounts that ship under the agreement. */
export interface CounterCustomer {
  agreementId: string;
  organisationName: string;
  accounts: { id: string; code: string; name: string }[];
}

/** Whether an agreement covers a parcel, and the subjects the gate checks against the watchlist if it does. */
export interface AgreementCoverage {
  agreementId: string | null;
  gap: AgreementGap | 'unknown-agreement' | 'unknown-account' | null;
  organisationUscc: string | null;
  responsibleDocumentIndex: string | null;
  /** What the agreement lets its customer send without per-parcel ID (empty for an unknown agreement). */
  permittedGoods: string[];
}

const AGREEMENT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,63}$/;
const ACCOUNT_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
const MAX_GOODS = 100;

/** Agreement customers: organisations, their security agreements (协议用户) and the accounts that ship under them. */
export class AgreementsService {
  constructor(
    private readonly store: Store,
    private readonly repository: AgreementsRepository,
    private readonly people: PeopleRepository,
    private readonly senders: SendersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Registers an organisation by its unified social credit code (checked); codes are unique. */
  async registerOrganisation(
    context: RequestContext,
    input: RegisterOrganisationInput,
  ): Promise<Organisation> {
    const check = validateDocument({ type: 'uscc', number: input.uscc });
    new FieldProblems()
      .check(
        input.name.trim().length > 0 && input.name.trim().length <= 200,
        'name',
        'must be 1-200 characters',
      )
      .check(check.valid, 'uscc', check.message)
      .throwIfAny();
    const now = this.clock.now();
    const row: OrganisationTable = {
      id: newId(now),
      name: input.name.trim(),
      uscc: check.normalized!,
      created_at: now,
      updated_at: now,
    };
    await this.store.transaction(async (trx) => {
      if ((await this.repository.findOrganisationByUscc(trx, row.uscc)) !== undefined) {
        throw new AppError('conflict', 'an organisation with this credit code is registered', {
          errors: [{ path: '/uscc', message: 'is already registered' }],
        });
      }
      await this.repository.insertOrganisation(trx, row);
      await this.audit.append(trx, context, {
        action: 'organisation.registered',
        subject: { type: 'organisation', id: row.id },
        data: row,
      });
    });
    return toOrganisation(row);
  }

  async findOrganisations(): Promise<Organisation[]> {
    return (await this.repository.findOrganisations(this.store.db)).map(toOrganisation);
  }

  /** Signs a security agreement: the responsible person is verified and registered as a sender, in one step. */
  async createAgreement(context: RequestContext, input: CreateAgreementInput): Promise<Agreement> {
    const today = chinaDate(this.clock.now());
    const number = input.number.trim();
    const goods = input.permittedGoods.map((item) => item.trim());
    const sites = [...new Set(input.permittedSiteIds ?? [])];
    const problems = new FieldProblems()
      .check(AGREEMENT_NUMBER.test(number), 'number', 'must be 1-64 letters, digits, / _ . or -')
      .check(isCalendarDate(input.signedOn), 'signedOn', 'must be a real date written YYYY-MM-DD')
      .check(isCalendarDate(input.validUntil), 'validUntil', 'must be a real date written YYYY-MM-DD')
      .check(
        goods.length > 0 && goods.length <= MAX_GOODS,
        'permittedGoods',
        'must list 1-100 kinds of goods',
      );
    goods.forEach((item, index) =>
      problems.check(
        item.length > 0 && item.length <= 100,
        `permittedGoods/${index}`,
        'must be 1-100 characters',
      ),
    );
    if (isCalendarDate(input.signedOn)) {
      problems.check(input.signedOn <= today, 'signedOn', 'must not be in the future');
      if (isCalendarDate(input.validUntil))
        problems.check(input.validUntil > input.signedOn, 'validUntil', 'must be after signedOn');
    }
    checkPresentation(problems, input.responsiblePerson, 'responsiblePerson/');
    problems.throwIfAny();

    return this.store.transaction(async (trx) => {
      if ((await this.repository.findOrganisation(trx, input.organisationId)) === undefined) {
        throw new AppError('unknown-reference', 'the organisation does not exist', {
          errors: [{ path: '/organisationId', message: 'no such organisation' }],
        });
      }
      await throwIfUnknownSite(trx, this.people, input.siteId);
      for (const [index, siteId] of sites.entries())
        await throwIfUnknownSite(trx, this.people, siteId, `/permittedSiteIds/${index}`);
      if ((await this.repository.findAgreementByNumber(trx, number)) !== undefined) {
        throw new AppError('conflict', 'this agreement number is taken', {
          errors: [{ path: '/number', message: 'is already in use' }],
        });
      }
      const outcome = await this.senders.presentWithin(trx, context, input.responsiblePerson, input.siteId);
      if (!outcome.ok) {
        throw outcome.reason === 'invalid-document'
          ? AppError.invalidField(
              '/responsiblePerson/number',
              outcome.documentReason === null
                ? 'is not a valid document'
                : DOCUMENT_REASON_MESSAGES[outcome.documentReason],
            )
          : AppError.invalidField(
              '/responsiblePerson/name',
              'does not match the name registered for this document',
            );
      }
      const now = this.clock.now();
      const row: AgreementTable = {
        id: newId(now),
        number,
        organisation_id: input.organisationId,
        signed_on: input.signedOn,
        valid_until: input.validUntil,
        status: 'active',
        status_reason: null,
        responsible_sender_id: outcome.senderId,
        permitted_goods: JSON.stringify(goods),
        permitted_site_ids: JSON.stringify(sites),
        signed_site_id: input.siteId,
        created_at: now,
        updated_at: now,
      };
      await this.repository.insertAgreement(trx, row);
      await this.audit.append(trx, context, {
        action: 'agreement.created',
        subject: { type: 'agreement', id: row.id },
        data: row,
      });
      return this.getAgreementWithin(trx, row.id);
    });
  }

  async getAgreement(id: string): Promise<Agreement> {
    return this.getAgreementWithin(this.store.db, id);
  }

  /** Agreements by status as read (an agreement past valid-until is expired) and organisation. */
  async findAgreements(filter: AgreementListFilter = {}): Promise<Agreement[]> {
    const rows = await this.repository.findAgreements(this.store.db, {
      ...(filter.organisationId === undefined ? {} : { organisationId: filter.organisationId }),
      ...(filter.status === undefined ? {} : storedFilterFor(filter.status, chinaDate(this.clock.now()))),
    });
    return this.toAgreements(this.store.db, rows);
  }

  /** Agreements still running (active or suspended) whose valid-until falls within the next `days` days. */
  async findExpiring(days: number): Promise<Agreement[]> {
    new FieldProblems()
      .check(
        Number.isInteger(days) && days >= 0 && days <= 3650,
        'days',
        'must be a whole number from 0 to 3650',
      )
      .throwIfAny();
    const today = chinaDate(this.clock.now());
    const rows = await this.repository.findAgreements(this.store.db, {
      statuses: ['active', 'suspended'],
      validUntilFrom: today,
      validUntilTo: addDays(today, days),
    });
    return this.toAgreements(this.store.db, rows);
  }

  /** Suspends an active agreement: its parcels need per-parcel ID until it is reactivated. */
  suspendAgreement(context: RequestContext, id: string, reason: string): Promise<Agreement> {
    return this.changeStatus(context, id, 'suspend', reason);
  }

  /** Lifts a suspension (only while the agreement is within its dates). */
  reactivateAgreement(context: RequestContext, id: string, reason: string): Promise<Agreement> {
    return this.changeStatus(context, id, 'reactivate', reason);
  }

  /** Ends an agreement for good. */
  terminateAgreement(context: RequestContext, id: string, reason: string): Promise<Agreement> {
    return this.changeStatus(context, id, 'terminate', reason);
  }

  /** Adds an account that ships under an agreement; codes are unique within the agreement. */
  async addAccount(
    context: RequestContext,
    agreementId: string,
    input: AddAccountInput,
  ): Promise<AgreementAccount> {
    const code = input.code.trim();
    new FieldProblems()
      .check(ACCOUNT_CODE.test(code), 'code', 'must be 1-40 letters, digits, _ . or -')
      .check(
        input.name.trim().length > 0 && input.name.trim().length <= 200,
        'name',
        'must be 1-200 characters',
      )
      .throwIfAny();
    return this.store.transaction(async (trx) => {
      const agreement = await this.repository.findAgreement(trx, agreementId);
      if (agreement === undefined) throw AppError.notFound(`agreement ${agreementId}`);
      if (agreement.status === 'terminated') {
        throw new AppError('invalid-transition', 'a terminated agreement takes no new accounts');
      }
      if ((await this.repository.findAccountByCode(trx, agreementId, code)) !== undefined) {
        throw new AppError('conflict', 'this account code already ships under this agreement', {
          errors: [{ path: '/code', message: 'is already in use' }],
        });
      }
      const now = this.clock.now();
      const row: AgreementAccountTable = {
        id: newId(now),
        agreement_id: agreementId,
        code,
        name: input.name.trim(),
        created_at: now,
      };
      await this.repository.insertAccount(trx, row);
      await this.audit.append(trx, context, {
        action: 'agreement-account.added',
        subject: { type: 'agreement', id: agreementId },
        data: row,
      });
      return toAccount(row);
    });
  }

  /**
   * The counter's pick list: customers whose agreement covers a parcel at `siteId` today (active, within its
   * dates, the site permitted), whose organisation or account name contains `name`. Only names and account codes:
   * the counter needs no more to pick one, and the agreement's terms stay with those who read agreements.
   */
  async findCounterCustomers(
    context: RequestContext,
    query: { siteId: string; name?: string; limit?: number },
  ): Promise<CounterCustomer[]> {
    const siteId = siteFilterFor(context.actor, query.siteId, '/query/siteId') ?? query.siteId;
    const today = chinaDate(this.clock.now());
    const rows = await this.repository.findAgreements(this.store.db, {
      statuses: ['active'],
      validUntilFrom: today,
    });
    const covering = rows.filter((row) => findAgreementGap(toTerms(row), siteId, today) === null);
    const accounts = await this.repository.findAccounts(
      this.store.db,
      covering.map((row) => row.id),
    );
    const wanted = (query.name ?? '').trim().toLocaleLowerCase();
    const contains = (text: string) => wanted === '' || text.toLocaleLowerCase().includes(wanted);
    return covering
      .map((row) => {
        const own = accounts.filter((account) => account.agreement_id === row.id);
        const nameMatches = contains(row.organisation_name);
        return {
          agreementId: row.id,
          organisationName: row.organisation_name,
          accounts: own
            .filter((account) => nameMatches || contains(account.name) || contains(account.code))
            .map((account) => ({ id: account.id, code: account.code, name: account.name })),
          nameMatches,
        };
      })
      .filter((customer) => customer.nameMatches || customer.accounts.length > 0)
      .sort((a, b) => a.organisationName.localeCompare(b.organisationName))
      .slice(0, query.limit ?? 20)
      .map(({ nameMatches: _nameMatches, ...customer }) => customer);
  }

  /** Whether the agreement (and account, when given) covers a parcel at `siteId` today. */
  async findCoverageWithin(
    db: Executor,
    request: { agreementId: string; accountId?: string; siteId: string },
  ): Promise<AgreementCoverage> {
    const row = await this.repository.findAgreement(db, request.agreementId);
    if (row === undefined) {
      return {
        agreementId: null,
        gap: 'unknown-agreement',
        organisationUscc: null,
        responsibleDocumentIndex: null,
        permittedGoods: [],
      };
    }
    const coverage = {
      agreementId: row.id,
      organisationUscc: row.organisation_uscc,
      responsibleDocumentIndex: row.responsible_document_index,
      permittedGoods: JSON.parse(row.permitted_goods) as string[],
    };
    if (request.accountId !== undefined) {
      const account = await this.repository.findAccount(db, request.accountId);
      if (account?.agreement_id !== row.id) return { ...coverage, gap: 'unknown-account' };
    }
    return { ...coverage, gap: findAgreementGap(toTerms(row), request.siteId, chinaDate(this.clock.now())) };
  }

  private async changeStatus(
    context: RequestContext,
    id: string,
    transition: AgreementTransition,
    reason: string,
  ): Promise<Agreement> {
    new FieldProblems()
      .check(reason.trim().length >= 3 && reason.trim().length <= 500, 'reason', 'must be 3-500 characters')
      .throwIfAny();
    return this.store.transaction(async (trx) => {
      const row = await this.repository.findAgreement(trx, id);
      if (row === undefined) throw AppError.notFound(`agreement ${id}`);
      const from = effectiveStatus(toTerms(row), chinaDate(this.clock.now()));
      if (!canTransition(transition, from)) {
        throw new AppError(
          'invalid-transition',
          `an agreement that is ${from} cannot be ${pastTense[transition]}`,
        );
      }
      const to = AGREEMENT_TRANSITIONS[transition].to;
      const changes = { status: to, status_reason: reason.trim(), updated_at: this.clock.now() };
      await this.repository.updateAgreement(trx, id, changes);
      await this.audit.append(trx, context, {
        action: 'agreement.status-changed',
        subject: { type: 'agreement', id },
        data: { from, to, reason: changes.status_reason },
      });
      return this.getAgreementWithin(trx, id);
    });
  }

  private async getAgreementWithin(db: Executor, id: string): Promise<Agreement> {
    const row = await this.repository.findAgreement(db, id);
    if (row === undefined) throw AppError.notFound(`agreement ${id}`);
    const [agreement] = await this.toAgreements(db, [row]);
    return agreement!;
  }

  private async toAgreements(db: Executor, rows: readonly AgreementRow[]): Promise<Agreement[]> {
    const accounts = await this.repository.findAccounts(
      db,
      rows.map((row) => row.id),
    );
    const today = chinaDate(this.clock.now());
    return rows.map((row) => ({
      id: row.id,
      number: row.number,
      organisationId: row.organisation_id,
      organisationName: row.organisation_name,
      signedOn: row.signed_on,
      validUntil: row.valid_until,
      status: effectiveStatus(toTerms(row), today),
      statusReason: row.status_reason,
      responsiblePerson:
        row.responsible_sender_id === null ||
        row.responsible_number_enc === null ||
        row.responsible_name_enc === null
          ? null
          : {
              senderId: row.responsible_sender_id,
              documentType: row.responsible_document_type ?? '',
              ...this.senders.maskedIdentity(row.responsible_number_enc, row.responsible_name_enc),
            },
      permittedGoods: JSON.parse(row.permitted_goods) as string[],
      permittedSiteIds: JSON.parse(row.permitted_site_ids) as string[],
      signedAtSiteId: row.signed_site_id,
      accounts: accounts.filter((account) => account.agreement_id === row.id).map(toAccount),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }
}

/** The stored statuses and dates that read as `status` today (see effectiveStatus). */
function storedFilterFor(status: AgreementStatus, today: string): AgreementFilter {
  switch (status) {
    case 'active':
    case 'suspended':
      return { statuses: [status], validUntilFrom: today };
    case 'expired':
      return { statuses: ['active', 'suspended'], validUntilTo: addDays(today, -1) };
    case 'terminated':
      return { statuses: ['terminated'] };
  }
}

const pastTense: Record<AgreementTransition, string> = {
  suspend: 'suspended',
  reactivate: 'reactivated',
  terminate: 'terminated',
};

function toTerms(row: AgreementTable) {
  return {
    status: row.status,
    signedOn: row.signed_on,
    validUntil: row.valid_until,
    permittedSiteIds: JSON.parse(row.permitted_site_ids) as string[],
  };
}

function toOrganisation(row: OrganisationTable): Organisation {
  return { id: row.id, name: row.name, uscc: row.uscc, createdAt: row.created_at, updatedAt: row.updated_at };
}

function toAccount(row: AgreementAccountTable): AgreementAccount {
  return {
    id: row.id,
    agreementId: row.agreement_id,
    code: row.code,
    name: row.name,
    createdAt: row.created_at,
  };
}
