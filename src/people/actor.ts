import { AppError } from '../platform/errors.js';
import { hasPermission, type Permission, type Role } from './roles.js';

export type ActorType = 'staff' | 'api-key' | 'cli' | 'system';

/** Who is acting: a signed-in staff member, a machine's API key, an operator at the CLI, or the system. */
export interface Actor {
  type: ActorType;
  id: string;
  roles: readonly Role[];
  /** The site a staff member or API key belongs to. */
  siteId: string | null;
}

/** Passed to every service call that changes state: who acts, and the request id the audit entry carries. */
export interface RequestContext {
  actor: Actor;
  requestId: string;
}

/** The CLI operator acts with full rights: whoever can run it already holds the database and the keys. */
export function cliContext(requestId: string, operator = process.env.USER ?? 'operator'): RequestContext {
  return { actor: { type: 'cli', id: operator, roles: ['admin'], siteId: null }, requestId };
}

export function systemContext(requestId: string, component: string): RequestContext {
  return { actor: { type: 'system', id: component, roles: ['admin'], siteId: null }, requestId };
}

export function throwIfNotPermitted(context: RequestContext, permission: Permission): void {
  if (!hasPermission(context.actor.roles, permission)) {
    throw new AppError('forbidden', `this needs the permission ${permission}`);
  }
}
