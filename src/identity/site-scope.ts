// Whether a site named in a request exists (who may act there is people/access.ts's question).
import type { PeopleRepository } from '../people/people.repository.js';
import type { Executor } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';

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
