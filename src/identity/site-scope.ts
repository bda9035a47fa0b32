// Which sites an actor may act at or read about. Counter staff and station managers work at one site; security
// officers, auditors, admins (and the CLI operator) see the whole company.
import type { RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import type { Role } from '../people/roles.js';
import type { Executor } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';

const COMPANY_WIDE_ROLES: readonly Role[] = ['admin', 'security-officer', 'auditor'];

/** The one site an actor's reads are limited to, or null when they see every site. */
export function readableSiteOf(context: RequestContext): string | null {
  if (context.actor.roles.some((role) => COMPANY_WIDE_ROLES.includes(role))) return null;
  return context.actor.siteId;
}

/** Counter staff and machines act only at their own site; admins (and the CLI operator) anywhere. */
export function throwIfOutsideOwnSite(context: RequestContext, siteId: string): void {
  if (context.actor.roles.includes('admin')) return;
  if (context.actor.siteId !== siteId) {
    throw new AppError('forbidden', 'you may act only at your own site', {
      errors: [{ path: '/siteId', message: 'is not your site' }],
    });
  }
}

export async function throwIfUnknownSite(
  db: Executor,
  people: PeopleRepository,
  siteId: string,
  path = '/siteId',
): Promise<void> {
  if ((await people.findSite(db, siteId)) === undefined) {
    throw new AppError('unknown-reference', `site ${siteId} does not exist`, {
      errors: [{ path, message: 'no such site' }],
    });
  }
}
