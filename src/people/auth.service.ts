import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuditService } from '../audit/audit.service.js';
import { signingPairOf } from '../events/event-signature.js';
import type { Clock } from '../platform/clock.js';
import type { StaffTable } from '../platform/database/schema.js';
import type { Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId, randomToken } from '../platform/ids.js';
import { FieldProblems } from '../platform/validation.js';
import type { Actor, RequestContext } from './actor.js';
import type { LoginThrottle } from './login-throttle.js';
import { decoyPasswordHash, isPasswordCorrect } from './passwords.js';
import type { PeopleRepository } from './people.repository.js';
import { isMachineRole, isStaffRole, MACHINE_ROLES, type MachineRole, type Role } from './roles.js';
import type { SessionsRepository } from './sessions.repository.js';

const SESSION_PREFIX = 'pgs_';
const API_KEY_PREFIX = 'pgk_';

export interface LoginResult {
  token: string;
  expiresAt: number;
  staffId: string;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  siteId: string;
  role: Role;
  createdBy: string;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface CreateApiKeyInput {
  name: string;
  siteId: string;
  role: MachineRole;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Sign-in with username and password, opaque session tokens, and API keys for machines. */
export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly people: PeopleRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
    private readonly sessionTtlMs: number,
  ) {}

  /** Checks a password and opens a session; the same answer for an unknown user and a wrong password. */
  async login(
    username: string,
    password: string,
    clientAddress: string,
    requestId: string,
  ): Promise<LoginResult> {
    const normalized = username.trim().toLowerCase();
    // Reserved before the first await: concurrent attempts see each other's slots (see login-throttle.ts).
    const attempt = this.throttle.reserve(normalized, clientAddress);
    if (!attempt.granted) {
      throw new AppError('too-many-attempts', 'too many failed sign-ins; try again later', {
        retryAfterSeconds: attempt.retryAfterSeconds,
      });
    }
    let staff: StaffTable | undefined;
    try {
      staff = await this.findStaffByPassword(normalized, password);
    } catch (error) {
      attempt.release();
      throw error;
    }
    if (staff === undefined) {
      attempt.failed();
      throw new AppError('unauthenticated', 'wrong username or password, or the account is suspended');
    }
    attempt.succeeded();
    const token = SESSION_PREFIX + randomToken(32);
    const now = this.clock.now();
    const expiresAt = now + this.sessionTtlMs;
    const context: RequestContext = { actor: staffActor(staff.id, staff.roles, staff.site_id), requestId };
    await this.store.transaction(async (trx) => {
      await this.sessions.insertSession(trx, {
        token_hash: sha256(token),
        staff_id: staff.id,
        created_at: now,
        expires_at: expiresAt,
        revoked_at: null,
      });
      await this.audit.append(trx, context, {
        action: 'session.opened',
        subject: { type: 'staff', id: staff.id },
      });
    });
    return { token, expiresAt, staffId: staff.id };
  }

  /** The active staff member whose password this is; a decoy hash is checked for an unknown name (timing). */
  private async findStaffByPassword(username: string, password: string): Promise<StaffTable | undefined> {
    const staff = await this.people.findStaffByUsername(this.store.db, username);
    const passwordOk = await isPasswordCorrect(staff?.password_hash ?? (await decoyPasswordHash()), password);
    if (staff === undefined || !passwordOk || staff.status !== 'active' || staff.password_hash === null) {
      return undefined;
    }
    return staff;
  }

  async logout(context: RequestContext, token: string): Promise<void> {
    await this.store.transaction(async (trx) => {
      await this.sessions.revokeSession(trx, sha256(token), this.clock.now());
      await this.audit.append(trx, context, {
        action: 'session.closed',
        subject: { type: 'staff', id: context.actor.id },
      });
    });
  }

  /** Resolves a bearer credential (session token or API key) to the actor, or throws `unauthenticated`. */
  async authenticate(credential: string): Promise<Actor> {
    const now = this.clock.now();
    if (credential.startsWith(SESSION_PREFIX)) {
      const session = await this.sessions.findSessionWithStaff(this.store.db, sha256(credential));
      if (session === undefined || session.revoked_at !== null) {
        throw new AppError('unauthenticated', 'the session is not valid; sign in again');
      }
      if (session.expires_at <= now)
        throw new AppError('unauthenticated', 'the session has expired; sign in again');
      if (session.staff_status !== 'active')
        throw new AppError('unauthenticated', 'the account is suspended');
      return staffActor(session.staff_id, session.staff_roles, session.staff_site_id);
    }
    if (credential.startsWith(API_KEY_PREFIX)) {
      const [id, secret] = splitApiKey(credential);
      const key = id === undefined ? undefined : await this.sessions.findApiKey(this.store.db, id);
      if (key === undefined || secret === undefined || !sameHash(key.secret_hash, sha256(secret))) {
        throw new AppError('unauthenticated', 'the API key is not valid');
      }
      if (key.revoked_at !== null) throw new AppError('unauthenticated', 'the API key has been revoked');
      // Last use is informational: recorded at most once a minute per key to keep authentication read-only.
      if (key.last_used_at === null || key.last_used_at < now - 60_000) {
        await this.sessions.touchApiKey(this.store.db, key.id, now);
      }
      // A key issued before machine roles existed holds a person's role: it is refused rather than trusted.
      if (!isMachineRole(key.role)) throw new AppError('unauthenticated', 'the API key has been revoked');
      return { type: 'api-key', id: key.id, roles: [key.role], siteId: key.site_id };
    }
    throw new AppError('unauthenticated', 'unrecognised credential: expected a session token or an API key');
  }

  /** Issues an API key bound to a site and a role; the secret is returned once and only its hash is kept. */
  async createApiKey(
    context: RequestContext,
    input: CreateApiKeyInput,
  ): Promise<{ apiKey: ApiKeySummary; secret: string }> {
    new FieldProblems()
      .check(input.name.trim().length > 0, 'name', 'must not be empty')
      .check(
        isMachineRole(input.role),
        'role',
        `must be a machine role: ${MACHINE_ROLES.join(', ')} (people sign in; they hold no API keys)`,
      )
      .throwIfAny();
    const now = this.clock.now();
    const id = newId(now).replaceAll('-', '');
    const secretPart = randomToken(32);
    const row = {
      id,
      name: input.name.trim(),
      site_id: input.siteId,
      role: input.role,
      secret_hash: sha256(secretPart),
      created_by: `${context.actor.type}:${context.actor.id}`,
      created_at: now,
      revoked_at: null,
      last_used_at: null,
      // The public half of the key pair the station signs its JetStream events with (events/event-signature.ts).
      signing_public_key: signingPairOf(secretPart).publicKey,
    };
    await this.store.transaction(async (trx) => {
      if ((await this.people.findSite(trx, input.siteId)) === undefined) {
        throw new AppError('unknown-reference', `site ${input.siteId} does not exist`, {
          errors: [{ path: '/siteId', message: 'no such site' }],
        });
      }
      await this.sessions.insertApiKey(trx, row);
      await this.audit.append(trx, context, {
        action: 'apikey.created',
        subject: { type: 'api-key', id },
        data: { ...row, secret_hash: undefined },
      });
    });
    return { apiKey: toApiKeySummary(row), secret: `${API_KEY_PREFIX}${id}_${secretPart}` };
  }

  async revokeApiKey(context: RequestContext, id: string): Promise<ApiKeySummary> {
    return this.store.transaction(async (trx) => {
      const key = await this.sessions.findApiKey(trx, id);
      if (key === undefined) throw AppError.notFound(`API key ${id}`);
      if (key.revoked_at !== null) return toApiKeySummary(key);
      const now = this.clock.now();
      await this.sessions.revokeApiKey(trx, id, now);
      await this.audit.append(trx, context, { action: 'apikey.revoked', subject: { type: 'api-key', id } });
      return toApiKeySummary({ ...key, revoked_at: now });
    });
  }

  async findApiKeys(): Promise<ApiKeySummary[]> {
    return (await this.sessions.findApiKeys(this.store.db)).map(toApiKeySummary);
  }
}

function staffActor(id: string, roles: string, siteId: string): Actor {
  return { type: 'staff', id, roles: roles.split(',').filter(isStaffRole), siteId };
}

function splitApiKey(credential: string): [string | undefined, string | undefined] {
  const body = credential.slice(API_KEY_PREFIX.length);
  const separator = body.indexOf('_');
  return separator < 0 ? [undefined, undefined] : [body.slice(0, separator), body.slice(separator + 1)];
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function toApiKeySummary(row: {
  id: string;
  name: string;
  site_id: string;
  role: string;
  created_by: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    siteId: row.site_id,
    role: row.role as Role,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}
