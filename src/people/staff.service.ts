import type { AuditService } from '../audit/audit.service.js';
import { maskPhone } from '../identity/masking.js';
import { chinaDate, type Clock } from '../platform/clock.js';
import type { Vault } from '../platform/crypto/vault.js';
import type { CertificationTable, StaffTable } from '../platform/database/schema.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems, isCalendarDate } from '../platform/validation.js';
import type { RequestContext } from './actor.js';
import { findPasswordProblems, generatePassword, hashPassword } from './passwords.js';
import type { PeopleRepository } from './people.repository.js';
import {
  CERTIFICATION_KINDS,
  type Certification,
  type CertificationKind,
  type Staff,
} from './people.types.js';
import { authorize, siteFilterFor, throwIfMayNotGrant, type Subject } from './access.js';
import { isStaffRole, STAFF_ROLES, type StaffRole } from './roles.js';
import type { SessionsRepository } from './sessions.repository.js';

export interface CreateStaffInput {
  username: string;
  name: string;
  siteId: string;
  roles: StaffRole[];
  phone?: string | null;
  /** When omitted, a password is generated and returned once. */
  password?: string;
}

export interface UpdateStaffInput {
  name?: string;
  siteId?: string;
  roles?: StaffRole[];
  status?: 'active' | 'suspended';
  phone?: string | null;
}

export interface GrantCertificationInput {
  kind: CertificationKind;
  issuedOn: string;
  expiresOn: string;
  certificateNo?: string | null;
  /** Why a certification is typed in rather than earned through training: kept in the audit record. */
  reason: string;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;
const PHONE = /^\+?[0-9][0-9 -]{5,19}$/;
export const STAFF_PHONE_CONTEXT = 'staff.phone';

/** Staff, their roles and status, passwords, and certifications. */
export class StaffService {
  constructor(
    private readonly store: Store,
    private readonly repository: PeopleRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
    private readonly vault: Vault,
    private readonly clock: Clock,
  ) {}

  /** Registers a staff member; returns the generated password when none was given (shown once). */
  async createStaff(
    context: RequestContext,
    input: CreateStaffInput,
  ): Promise<{ staff: Staff; generatedPassword: string | null }> {
    const username = input.username.trim().toLowerCase();
    const problems = new FieldProblems()
      .check(
        USERNAME.test(username),
        'username',
        'must be 3-40 lowercase letters, digits, dot, dash or underscore',
      )
      .check(input.name.trim().length > 0, 'name', 'must not be empty');
    checkRoles(problems, input.roles);
    checkPhone(problems, input.phone);
    if (input.password !== undefined) checkPassword(problems, input.password, username);
    problems.throwIfAny();
    authorize(context.actor, 'act', { kind: 'site', id: input.siteId }, { path: '/siteId' });
    throwIfMayNotGrant(context.actor, input.roles);

    const generatedPassword = input.password === undefined ? generatePassword() : null;
    const passwordHash = await hashPassword(input.password ?? generatedPassword!);
    const now = this.clock.now();
    const row: StaffTable = {
      id: newId(now),
      username,
      name: input.name.trim(),
      site_id: input.siteId,
      roles: [...new Set(input.roles)].join(','),
      status: 'active',
      password_hash: passwordHash,
      phone_enc: this.vault.encryptOptional(input.phone ?? null, STAFF_PHONE_CONTEXT),
      created_at: now,
      updated_at: now,
    };
    await this.store.transaction(async (trx) => {
      await this.throwIfUnknownSite(trx, input.siteId);
      if ((await this.repository.findStaffByUsername(trx, username)) !== undefined) {
        throw new AppError('conflict', `the username ${username} is taken`, {
          errors: [{ path: '/username', message: 'is already in use' }],
        });
      }
      await this.repository.insertStaff(trx, row);
      await this.audit.append(trx, context, {
        action: 'staff.created',
        subject: { type: 'staff', id: row.id },
        data: { ...row, password_hash: undefined },
      });
    });
    return { staff: this.toStaff(row, input.phone ?? null), generatedPassword };
  }

  /**
   * Changes name, site, roles, phone or status; suspending ends the member's sessions. Name and phone: one's own
   * or those of people one manages; roles, status and site: only of people one manages, never one's own.
   */
  async updateStaff(context: RequestContext, id: string, input: UpdateStaffInput): Promise<Staff> {
    const problems = new FieldProblems();
    if (input.name !== undefined) problems.check(input.name.trim().length > 0, 'name', 'must not be empty');
    if (input.roles !== undefined) checkRoles(problems, input.roles);
    checkPhone(problems, input.phone);
    problems.throwIfAny();

    return this.store.transaction(async (trx) => {
      const existing = await this.repository.findStaff(trx, id);
      if (existing === undefined) throw new AppError('not-found', 'the staff member was not found');
      const member = staffSubject(existing);
      const managing = input.roles !== undefined || input.status !== undefined || input.siteId !== undefined;
      if (input.roles !== undefined) throwIfMayNotGrant(context.actor, input.roles, { targetId: id });
      authorize(context.actor, managing ? 'manage' : 'update', member);
      if (input.siteId !== undefined) {
        authorize(context.actor, 'act', { kind: 'site', id: input.siteId }, { path: '/siteId' });
        await this.throwIfUnknownSite(trx, input.siteId);
      }
      const now = this.clock.now();
      const changes: Partial<StaffTable> = { updated_at: now };
      if (input.name !== undefined) changes.name = input.name.trim();
      if (input.siteId !== undefined) changes.site_id = input.siteId;
      if (input.roles !== undefined) changes.roles = [...new Set(input.roles)].join(',');
      if (input.phone !== undefined)
        changes.phone_enc = this.vault.encryptOptional(input.phone, STAFF_PHONE_CONTEXT);
      if (input.status !== undefined) changes.status = input.status;
      await this.repository.updateStaff(trx, id, changes);

      const records = [];
      const detailChanged =
        input.name !== undefined ||
        input.siteId !== undefined ||
        input.roles !== undefined ||
        input.phone !== undefined;
      if (detailChanged)
        records.push({ action: 'staff.updated' as const, subject: { type: 'staff', id }, data: changes });
      if (input.status !== undefined && input.status !== existing.status) {
        if (input.status === 'suspended') await this.sessions.revokeAllFor(trx, id, now);
        records.push({
          action:
            input.status === 'suspended' ? ('staff.suspended' as const) : ('staff.reactivated' as const),
          subject: { type: 'staff', id },
        });
      }
      await this.audit.append(trx, context, records);
      const updated = { ...existing, ...changes };
      return this.toStaff(updated, this.vault.decryptOptional(updated.phone_enc, STAFF_PHONE_CONTEXT));
    });
  }

  /** Sets a new password and ends the member's sessions. */
  async setPassword(context: RequestContext, id: string, password: string): Promise<void> {
    // Who may set it is decided before the password is judged: the policy's answer (it must not be the
    // username) says nothing about a person outside the caller's reach.
    const target = await this.repository.findStaff(this.store.db, id);
    if (target === undefined) throw new AppError('not-found', 'the staff member was not found');
    this.authorizePasswordChange(context, target);
    const problems = new FieldProblems();
    checkPassword(problems, password, target.username);
    problems.throwIfAny();
    const passwordHash = await hashPassword(password);
    await this.store.transaction(async (trx) => {
      const existing = await this.repository.findStaff(trx, id);
      if (existing === undefined) throw new AppError('not-found', 'the staff member was not found');
      this.authorizePasswordChange(context, existing);
      const now = this.clock.now();
      await this.repository.updateStaff(trx, id, { password_hash: passwordHash, updated_at: now });
      await this.sessions.revokeAllFor(trx, id, now);
      await this.audit.append(trx, context, {
        action: 'staff.password-changed',
        subject: { type: 'staff', id },
      });
    });
  }

  /** One's own password, or a reset for someone one manages (never a manager's or an admin's by a manager). */
  private authorizePasswordChange(context: RequestContext, member: StaffTable): void {
    if (context.actor.type === 'staff' && context.actor.id === member.id) return;
    authorize(context.actor, 'manage', staffSubject(member));
  }

  /** One staff member, for callers who reach their site (404 otherwise). */
  async getStaff(context: RequestContext, id: string): Promise<Staff> {
    const row = await this.repository.findStaff(this.store.db, id);
    if (row === undefined) throw new AppError('not-found', 'the staff member was not found');
    authorize(context.actor, 'read', staffSubject(row));
    return this.toStaff(row, this.vault.decryptOptional(row.phone_enc, STAFF_PHONE_CONTEXT));
  }

  /** The signed-in person's own record (sign-in, who am I): no access decision, it is theirs. */
  async getOwnRecord(staffId: string): Promise<Staff> {
    const row = await this.repository.findStaff(this.store.db, staffId);
    if (row === undefined) throw new AppError('not-found', 'the staff member was not found');
    return this.toStaff(row, this.vault.decryptOptional(row.phone_enc, STAFF_PHONE_CONTEXT));
  }

  /** A staff member by id or username (the CLI lets operators type usernames). */
  async getStaffByIdOrUsername(context: RequestContext, idOrUsername: string): Promise<Staff> {
    const row =
      (await this.repository.findStaff(this.store.db, idOrUsername)) ??
      (await this.repository.findStaffByUsername(this.store.db, idOrUsername.toLowerCase()));
    if (row === undefined) throw new AppError('not-found', 'the staff member was not found');
    authorize(context.actor, 'read', staffSubject(row));
    return this.toStaff(row, this.vault.decryptOptional(row.phone_enc, STAFF_PHONE_CONTEXT));
  }

  /** Staff of the sites the caller reaches (station managers: their own; asking for another is forbidden). */
  async findStaff(context: RequestContext, filter: { siteId?: string } = {}): Promise<Staff[]> {
    const siteId = siteFilterFor(context.actor, filter.siteId);
    const rows = await this.repository.findStaffList(this.store.db, siteId === undefined ? {} : { siteId });
    return rows.map((row) =>
      this.toStaff(row, this.vault.decryptOptional(row.phone_enc, STAFF_PHONE_CONTEXT)),
    );
  }

  /**
   * Records a certification by hand: training done elsewhere, records carried over. Certificates normally come
   * from a passed assessment (training); this is the admin's audited manual entry, so it needs a reason.
   */
  async grantCertification(
    context: RequestContext,
    staffId: string,
    input: GrantCertificationInput,
  ): Promise<Certification> {
    const problems = new FieldProblems()
      .check(
        (CERTIFICATION_KINDS as readonly string[]).includes(input.kind),
        'kind',
        `must be one of ${CERTIFICATION_KINDS.join(', ')}`,
      )
      .check(isCalendarDate(input.issuedOn), 'issuedOn', 'must be a real date written YYYY-MM-DD')
      .check(isCalendarDate(input.expiresOn), 'expiresOn', 'must be a real date written YYYY-MM-DD')
      .check(
        typeof input.reason === 'string' && input.reason.trim().length >= 10,
        'reason',
        'must say why the certification is entered by hand, in at least 10 characters',
      );
    if (isCalendarDate(input.issuedOn)) {
      problems.check(input.issuedOn <= chinaDate(this.clock.now()), 'issuedOn', 'must not be in the future');
      if (isCalendarDate(input.expiresOn))
        problems.check(input.expiresOn > input.issuedOn, 'expiresOn', 'must be after issuedOn');
    }
    problems.throwIfAny();
    const now = this.clock.now();
    const row: CertificationTable = {
      id: newId(now),
      staff_id: staffId,
      kind: input.kind,
      certificate_no: input.certificateNo ?? null,
      issued_on: input.issuedOn,
      expires_on: input.expiresOn,
      revoked_at: null,
      created_at: now,
      source: 'manual',
      reason: input.reason.trim(),
    };
    await this.store.transaction(async (trx) => {
      const staff = await this.repository.findStaff(trx, staffId);
      if (staff === undefined) throw new AppError('not-found', 'the staff member was not found');
      authorize(context.actor, 'manage', staffSubject(staff));
      await this.repository.insertCertification(trx, row);
      await this.audit.append(trx, context, {
        action: 'certification.granted',
        subject: { type: 'certification', id: row.id },
        data: row,
      });
    });
    return toCertification(row);
  }

  async revokeCertification(context: RequestContext, certificationId: string): Promise<Certification> {
    return this.store.transaction(async (trx) => {
      const row = await this.repository.findCertification(trx, certificationId);
      if (row === undefined) throw new AppError('not-found', 'the certification was not found');
      const staff = await this.repository.findStaff(trx, row.staff_id);
      authorize(context.actor, 'manage', staffSubject(staff!), { noun: 'certification' });
      if (row.revoked_at !== null) return toCertification(row);
      const now = this.clock.now();
      await this.repository.revokeCertification(trx, certificationId, now);
      await this.audit.append(trx, context, {
        action: 'certification.revoked',
        subject: { type: 'certification', id: certificationId },
      });
      return toCertification({ ...row, revoked_at: now });
    });
  }

  async findCertifications(context: RequestContext, staffId: string): Promise<Certification[]> {
    await this.getStaff(context, staffId);
    return (await this.repository.findCertifications(this.store.db, staffId)).map(toCertification);
  }

  /** One's own certifications: everyone may see what they are certified for (the console's "me" page). */
  async findOwnCertifications(staffId: string): Promise<Certification[]> {
    return (await this.repository.findCertifications(this.store.db, staffId)).map(toCertification);
  }

  /** Whether the member holds an unrevoked certification of `kind` valid today (or on `on`). */
  async hasValidCertification(staffId: string, kind: CertificationKind, on?: string): Promise<boolean> {
    return this.repository.hasValidCertification(
      this.store.db,
      staffId,
      kind,
      on ?? chinaDate(this.clock.now()),
    );
  }

  private async throwIfUnknownSite(db: Executor, siteId: string): Promise<void> {
    if ((await this.repository.findSite(db, siteId)) === undefined) {
      throw new AppError('unknown-reference', `site ${siteId} does not exist`, {
        errors: [{ path: '/siteId', message: 'no such site' }],
      });
    }
  }

  private toStaff(row: StaffTable, phone: string | null): Staff {
    return {
      id: row.id,
      username: row.username,
      name: row.name,
      siteId: row.site_id,
      roles: row.roles.split(',').filter(isStaffRole),
      status: row.status,
      phoneMasked: phone === null ? null : maskPhone(phone),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

function toCertification(row: CertificationTable): Certification {
  return {
    id: row.id,
    staffId: row.staff_id,
    kind: row.kind as CertificationKind,
    certificateNo: row.certificate_no,
    issuedOn: row.issued_on,
    expiresOn: row.expires_on,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
    source: row.source === 'training' || row.source === 'manual' ? row.source : null,
    reason: row.reason,
  };
}

function checkRoles(problems: FieldProblems, roles: readonly string[]): void {
  problems.check(roles.length > 0, 'roles', 'must list at least one role');
  roles.forEach((role, index) =>
    problems.check(isStaffRole(role), `roles/${index}`, `must be one of ${STAFF_ROLES.join(', ')}`),
  );
}

function checkPhone(problems: FieldProblems, phone: string | null | undefined): void {
  if (phone !== undefined && phone !== null)
    problems.check(PHONE.test(phone), 'phone', 'must be a phone number');
}

function checkPassword(problems: FieldProblems, password: string, username: string | undefined): void {
  for (const message of findPasswordProblems(password, username)) problems.add('password', message);
}

/** A staff row as people/access.ts sees it. */
function staffSubject(row: StaffTable): Extract<Subject, { kind: 'staff' }> {
  return { kind: 'staff', id: row.id, siteId: row.site_id, roles: row.roles.split(',').filter(isStaffRole) };
}
