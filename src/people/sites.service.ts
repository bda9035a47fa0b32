import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../platform/clock.js';
import type { SiteTable } from '../platform/database/schema.js';
import type { Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems } from '../platform/validation.js';
import type { RequestContext } from './actor.js';
import type { PeopleRepository } from './people.repository.js';
import { resolveSiteReference } from './site-reference.js';
import { SITE_KINDS, type Company, type Site, type SiteKind } from './people.types.js';

export interface CreateSiteInput {
  code: string;
  name: string;
  kind: SiteKind;
  regionCode: string;
}

export interface UpdateSiteInput {
  name?: string;
  regionCode?: string;
  status?: 'active' | 'closed';
}

export interface SetCompanyInput {
  name: string;
  uscc?: string | null;
  licenceNo?: string | null;
}

const SITE_CODE = /^[A-Z0-9][A-Z0-9-]{1,19}$/;
const REGION_CODE = /^\d{6}$/;

/** The company profile and its sites (outlets and hubs). */
export class SitesService {
  constructor(
    private readonly store: Store,
    private readonly repository: PeopleRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async getCompany(): Promise<Company> {
    const row = await this.repository.findCompany(this.store.db);
    if (row === undefined) throw AppError.notFound('the company profile');
    return {
      id: row.id,
      name: row.name,
      uscc: row.uscc,
      licenceNo: row.licence_no,
      updatedAt: row.updated_at,
    };
  }

  /** Sets the company's profile (one company per deployment). */
  async setCompany(context: RequestContext, input: SetCompanyInput): Promise<Company> {
    new FieldProblems().check(input.name.trim().length > 0, 'name', 'must not be empty').throwIfAny();
    const now = this.clock.now();
    await this.store.transaction(async (trx) => {
      const existing = await this.repository.findCompany(trx);
      const id = existing?.id ?? newId(now);
      await this.repository.upsertCompany(trx, {
        id,
        name: input.name.trim(),
        uscc: input.uscc ?? null,
        licence_no: input.licenceNo ?? null,
        created_at: existing?.created_at ?? now,
        updated_at: now,
      });
      await this.audit.append(trx, context, {
        action: 'company.updated',
        subject: { type: 'company', id },
        data: input,
      });
    });
    return this.getCompany();
  }

  /** Registers an outlet or hub; codes are unique. */
  async createSite(context: RequestContext, input: CreateSiteInput): Promise<Site> {
    const code = input.code.trim().toUpperCase();
    new FieldProblems()
      .check(SITE_CODE.test(code), 'code', 'must be 2-20 capital letters, digits or dashes')
      .check(input.name.trim().length > 0, 'name', 'must not be empty')
      .check(
        (SITE_KINDS as readonly string[]).includes(input.kind),
        'kind',
        `must be one of ${SITE_KINDS.join(', ')}`,
      )
      .check(REGION_CODE.test(input.regionCode), 'regionCode', 'must be a 6-digit administrative region code')
      .throwIfAny();
    const now = this.clock.now();
    const row: SiteTable = {
      id: newId(now),
      code,
      name: input.name.trim(),
      kind: input.kind,
      region_code: input.regionCode,
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    await this.store.transaction(async (trx) => {
      if ((await this.repository.findSiteByCode(trx, code)) !== undefined) {
        throw new AppError('conflict', `a site with code ${code} already exists`, {
          errors: [{ path: '/code', message: 'is already in use' }],
        });
      }
      await this.repository.insertSite(trx, row);
      await this.audit.append(trx, context, {
        action: 'site.created',
        subject: { type: 'site', id: row.id },
        data: row,
      });
    });
    return toSite(row);
  }

  async updateSite(context: RequestContext, id: string, input: UpdateSiteInput): Promise<Site> {
    const problems = new FieldProblems();
    if (input.name !== undefined) problems.check(input.name.trim().length > 0, 'name', 'must not be empty');
    if (input.regionCode !== undefined) {
      problems.check(
        REGION_CODE.test(input.regionCode),
        'regionCode',
        'must be a 6-digit administrative region code',
      );
    }
    problems.throwIfAny();
    return this.store.transaction(async (trx) => {
      const existing = await this.repository.findSite(trx, id);
      if (existing === undefined) throw AppError.notFound(`site ${id}`);
      const changes: Partial<SiteTable> = { updated_at: this.clock.now() };
      if (input.name !== undefined) changes.name = input.name.trim();
      if (input.regionCode !== undefined) changes.region_code = input.regionCode;
      if (input.status !== undefined) changes.status = input.status;
      await this.repository.updateSite(trx, id, changes);
      await this.audit.append(trx, context, {
        action: 'site.updated',
        subject: { type: 'site', id },
        data: changes,
      });
      return toSite({ ...existing, ...changes });
    });
  }

  async getSite(id: string): Promise<Site> {
    const row = await this.repository.findSite(this.store.db, id);
    if (row === undefined) throw AppError.notFound(`site ${id}`);
    return toSite(row);
  }

  /** A site by id or by code (the CLI lets operators type codes). */
  async getSiteByIdOrCode(idOrCode: string): Promise<Site> {
    const row =
      (await this.repository.findSite(this.store.db, idOrCode)) ??
      (await this.repository.findSiteByCode(this.store.db, idOrCode.toUpperCase()));
    if (row === undefined) throw AppError.notFound(`site ${idOrCode}`);
    return toSite(row);
  }

  /** The id of the site `idOrCode` names; a value naming no site comes back unchanged (see site-reference.ts). */
  async resolveSiteId(idOrCode: string): Promise<string> {
    return resolveSiteReference(this.store.db, this.repository, idOrCode);
  }

  async findSites(filter: { kind?: SiteKind } = {}): Promise<Site[]> {
    return (await this.repository.findSites(this.store.db, filter)).map(toSite);
  }
}

export function toSite(row: SiteTable): Site {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    regionCode: row.region_code,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
