import type { RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import type { Executor } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';

/**
 * The staff member a request names at `path` (a courier, an inspector), or the signed-in one; 422 naming the field
 * when unknown or suspended. `knownActive` holds ids already found active in the same transaction (group intake).
 */
export async function resolveStaff(
  people: PeopleRepository,
  db: Executor,
  context: RequestContext,
  given: string | undefined,
  path: string,
  knownActive?: Set<string>,
): Promise<string> {
  const id = given ?? (context.actor.type === 'staff' ? context.actor.id : undefined);
  if (id === undefined)
    throw AppError.invalidField(path, 'is required when the caller is not a staff member');
  if (knownActive?.has(id) === true) return id;
  const member = await people.findStaff(db, id);
  if (member === undefined || member.status !== 'active') {
    throw new AppError('unknown-reference', 'the staff member does not exist or is suspended', {
      errors: [{ path, message: 'no such active staff member' }],
    });
  }
  knownActive?.add(id);
  return id;
}
