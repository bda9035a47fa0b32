// One place answers "may this actor do this to this record?" (Outline's policies). A route declares the permission
// a request needs (roles.ts); services call `authorize` with the record in hand for what a permission does not
// say: which site, which person, which role. Pure: the caller reads the record, this module only decides.
//
// Reach: an actor holding `sites:all` reaches every site; everyone else (station staff, machines) reaches the one
// site they belong to. A record outside the actor's reach answers 404, never 403: nobody learns what exists at a
// site they cannot see. A record the actor can see but may not act on answers 403.
import { AppError, type FieldError } from '../platform/errors.js';
import type { Actor } from './actor.js';
import { hasPermission, type Role, type StaffRole } from './roles.js';

/** Which staff roles holders of a role may grant (and so manage). Nobody else grants any. */
const GRANTS: Partial<Record<Role, readonly StaffRole[]>> = {
  admin: ['courier', 'screener', 'station-manager', 'security-officer', 'legal-liaison', 'auditor', 'admin'],
  'station-manager': ['courier', 'screener'],
};

/**
 * The records access is decided on. A parcel's `places` are the sites it has been at after intake (scans, moves);
 * a sender's are the sites where they presented a document or sent a parcel.
 */
export type Subject =
  | { kind: 'site'; id: string }
  | { kind: 'parcel'; siteId: string; places: readonly string[]; openInspectionSiteId?: string | null }
  | { kind: 'staff'; id: string; siteId: string; roles: readonly Role[] }
  | { kind: 'sender'; places: readonly string[] }
  | { kind: 'machine'; siteId: string }
  /** One site's record (a refusal, a clue, an attestation); null: a company-wide record. */
  | { kind: 'record'; siteId: string | null };

type Kind = Subject['kind'];
type SubjectOf<K extends Kind> = Extract<Subject, { kind: K }>;

/** Every action on every kind of record, and who may take it: the table a reviewer reads end to end. */
const POLICIES: { [K in Kind]: Record<string, (actor: Actor, subject: SubjectOf<K>) => boolean> } = {
  site: {
    /** Read a site's records (reports, refusals, staff and machine lists). */
    read: (actor, site) => reachesSite(actor, site.id),
    /** Work at a site: take parcels in, run the gate, register machines, dispatch, attest. */
    act: (actor, site) => reachesSite(actor, site.id),
  },
  parcel: {
    read: (actor, parcel) =>
      reachesSite(actor, parcel.siteId) || parcel.places.some((site) => reachesSite(actor, site)),
    /** Inspection on acceptance happens at the counter that took the parcel in. */
    inspect: (actor, parcel) => reachesSite(actor, parcel.siteId),
    /** An open inspection is closed where the suspect scan diverted the parcel. */
    'close-open-inspection': (actor, parcel) =>
      parcel.openInspectionSiteId !== undefined &&
      parcel.openInspectionSiteId !== null &&
      reachesSite(actor, parcel.openInspectionSiteId),
    /** Hold, release, custody, dispatch: wherever the parcel can be seen. */
    move: (actor, parcel) =>
      reachesSite(actor, parcel.siteId) || parcel.places.some((site) => reachesSite(actor, site)),
  },
  staff: {
    read: (actor, member) => reachesSite(actor, member.siteId) || isSelf(actor, member),
    /** Name and phone: one's own, or those of people one manages. */
    update: (actor, member) => isSelf(actor, member) || mayManage(actor, member),
    /** Roles, status, site, certifications, password resets: never one's own, only whom one's roles may grant. */
    manage: (actor, member) => mayManage(actor, member),
  },
  sender: {
    read: (actor, sender) => sender.places.some((site) => reachesSite(actor, site)),
  },
  machine: {
    read: (actor, machine) => reachesSite(actor, machine.siteId),
    manage: (actor, machine) => reachesSite(actor, machine.siteId),
  },
  record: {
    read: (actor, record) => reachesSite(actor, record.siteId),
  },
};

export type Action<K extends Kind> = keyof (typeof POLICIES)[K] & string;

const NOUNS: Record<Kind, string> = {
  site: 'site',
  parcel: 'parcel',
  staff: 'staff member',
  sender: 'sender',
  machine: 'machine',
  record: 'record',
};

/** Whether `actor` may take `action` on `subject`. */
export function can<K extends Kind>(actor: Actor, action: Action<K>, subject: SubjectOf<K>): boolean {
  const policy = POLICIES[subject.kind][action];
  if (policy === undefined) throw new Error(`no policy for ${action} on ${subject.kind}`);
  return policy(actor, subject);
}

/**
 * Throws unless `actor` may take `action` on `subject`: `not-found` when the record is outside their reach (they
 * may not read it), `forbidden` when they can see it but may not do this. Sites are public knowledge (everyone
 * lists them), so a site outside one's reach is forbidden, not hidden.
 */
export function authorize<K extends Kind>(
  actor: Actor,
  action: Action<K>,
  subject: SubjectOf<K>,
  options: { noun?: string; path?: string } = {},
): void {
  if (can(actor, action, subject)) return;
  const noun = options.noun ?? NOUNS[subject.kind];
  const visible = subject.kind === 'site' || (action !== 'read' && can(actor, 'read', subject));
  if (!visible) throw new AppError('not-found', `the ${noun} was not found`);
  const errors: FieldError[] =
    options.path === undefined ? [] : [{ path: options.path, message: 'is not yours to act on' }];
  throw new AppError('forbidden', forbiddenDetail(subject, action, noun), { errors });
}

function forbiddenDetail(subject: Subject, action: string, noun: string): string {
  switch (subject.kind) {
    case 'site':
      return 'you may act only at your own site';
    case 'staff':
      return 'you may manage only the staff your roles may grant, at your own site, and never yourself';
    case 'parcel':
      return action === 'close-open-inspection'
        ? 'the open inspection is at another site'
        : 'the parcel was taken in at another site';
    default:
      return `you may not ${action} this ${noun}`;
  }
}

/** Whether the actor reaches every site. */
export function isCompanyWide(actor: Actor): boolean {
  return hasPermission(actor.roles, 'sites:all');
}

/** Whether the actor reaches records placed at `siteId` (null: company-wide records, for company-wide actors). */
export function reachesSite(actor: Actor, siteId: string | null): boolean {
  if (isCompanyWide(actor)) return true;
  return siteId !== null && actor.siteId !== null && siteId === actor.siteId;
}

/**
 * The site a list is limited to: company-wide actors get the one they ask for, or every site (undefined); anyone
 * else gets their own, and asking for another is forbidden (naming the field).
 */
export function siteFilterFor(
  actor: Actor,
  requested: string | undefined,
  path = '/siteId',
): string | undefined {
  if (isCompanyWide(actor)) return requested;
  if (actor.siteId === null) throw new AppError('forbidden', 'you belong to no site');
  if (requested !== undefined && requested !== actor.siteId) {
    throw new AppError('forbidden', "you may read only your own site's records", {
      errors: [{ path, message: 'is not your site' }],
    });
  }
  return actor.siteId;
}

/** The staff roles the actor may grant (and so the people they may manage). */
export function grantableRoles(actor: Actor): readonly StaffRole[] {
  return [...new Set(actor.roles.flatMap((role) => GRANTS[role] ?? []))];
}

/**
 * Throws `forbidden` naming each role the actor may not grant, or when they try to change their own roles: a role
 * grants only the roles of the table above, and `admin`, `legal-liaison` and `auditor` only by an admin.
 */
export function throwIfMayNotGrant(
  actor: Actor,
  roles: readonly Role[],
  options: { targetId?: string; path?: string } = {},
): void {
  const path = options.path ?? '/roles';
  if (options.targetId !== undefined && actor.type === 'staff' && options.targetId === actor.id) {
    throw new AppError('forbidden', 'nobody changes their own roles', {
      errors: [{ path, message: 'are your own: another person must change them' }],
    });
  }
  const grantable = grantableRoles(actor);
  const errors = roles.flatMap((role, index) =>
    (grantable as readonly string[]).includes(role)
      ? []
      : [
          {
            path: `${path}/${index}`,
            message: `is not a role you may grant (${grantable.join(', ') || 'none'})`,
          },
        ],
  );
  if (errors.length > 0) throw new AppError('forbidden', 'you may not grant these roles', { errors });
}

/**
 * Who did it is who signed in. A person acts as themselves: naming someone else (`given`) is forbidden. A machine
 * (API key) or the CLI names the person at the belt or counter, who must work at `siteId`, the site of the act.
 * Returns the id to record, or undefined when a non-person caller named nobody (the caller says it is required).
 */
export function actingPersonId(
  actor: Actor,
  given: string | undefined,
  path: string,
): { id: string; checkSite: boolean } | undefined {
  if (actor.type === 'staff') {
    if (given !== undefined && given !== actor.id) {
      throw new AppError('forbidden', 'a signed-in person acts only as themselves', {
        errors: [{ path, message: 'must be you (or left out)' }],
      });
    }
    return { id: actor.id, checkSite: false };
  }
  return given === undefined ? undefined : { id: given, checkSite: true };
}

/** For a person named by a machine or the CLI: they must work at the site where the act happens. */
export function throwIfNotStaffOf(member: { site_id: string }, siteId: string, path: string): void {
  if (member.site_id !== siteId) {
    throw new AppError('forbidden', 'the person named does not work at this site', {
      errors: [{ path, message: 'is not a staff member of this site' }],
    });
  }
}

function isSelf(actor: Actor, member: SubjectOf<'staff'>): boolean {
  return actor.type === 'staff' && actor.id === member.id;
}

function mayManage(actor: Actor, member: SubjectOf<'staff'>): boolean {
  if (isSelf(actor, member) || !reachesSite(actor, member.siteId)) return false;
  const grantable = grantableRoles(actor) as readonly string[];
  return member.roles.every((role) => grantable.includes(role));
}
