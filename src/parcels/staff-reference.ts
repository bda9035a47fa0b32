import { actingPersonId, throwIfNotStaffOf } from '../people/access.js';
import type { RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import type { Executor } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';

/**
 * The person who did it (a courier, an inspector): the signed-in person themselves (naming anyone else is
 * forbidden), or, for a machine or the CLI, the person named at `path`, who must be active and work at `siteId`, the
 * site of the act, and must also have passed onboarding safety training by `today` (China calendar date), as a
 * person signing in is held to it at the door (http/server.ts). 422 naming the field when unknown or
 * suspended, 403 `not-certified` when not onboarded. `knownActive` maps ids already found fit in the same transaction to their site
 * (group intake).
 */
export async function resolveStaff(
  people: PeopleRepository,
  db: Executor,
  context: RequestContext,
  given: string | undefined,
  path: string,
  siteId: string,
  today: string,
  knownActive?: Map<string, string>,
): Promise<string> {
  const acting = actingPersonId(context.actor, given, path);
  if (acting === undefined)
    throw AppError.invalidField(path, 'is required when the caller is not a staff member');
  const { id } = acting;
  let memberSite = knownActive?.get(id);
  if (memberSite === undefined) {
    const member = await people.findStaff(db, id);
    if (member === undefined || member.status !== 'active') {
      throw new AppError('unknown-reference', 'the person named is not an active staff member', {
        errors: [{ path, message: 'no such active staff member' }],
      });
    }
    // Whoever names the person (an order system's API key, the CLI operator), the person named did the act and is
    // held to onboarding as if they had signed in: no untrained person inspects or collects. A signed-in person
    // was checked at the door.
    const named = context.actor.type !== 'staff';
    if (named && !(await people.hasValidCertification(db, id, 'safety-training', today))) {
      throw new AppError('not-certified', 'the person named has not passed onboarding safety training', {
        errors: [{ path, message: 'has not passed onboarding safety training' }],
      });
    }
    memberSite = member.site_id;
    knownActive?.set(id, memberSite);
  }
  if (acting.checkSite) throwIfNotStaffOf({ site_id: memberSite }, siteId, path);
  return id;
}
