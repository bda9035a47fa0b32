import type { Executor } from '../platform/database/store.js';
import type { PeopleRepository } from './people.repository.js';

// A site code as SitesService.createSite stores it (upper case), typed in any case. Ids are UUIDs (36
// characters): no id has this shape, so an id is never looked up here and costs nothing.
const SITE_CODE_SHAPE = /^[A-Za-z0-9][A-Za-z0-9-]{1,19}$/;

/** Whether `value` could name a site by its code rather than its id. */
export function couldBeSiteCode(value: string): boolean {
  return SITE_CODE_SHAPE.test(value);
}

/**
 * The site id a request names by id or by code (the README and the demo logins name sites by code). A value that
 * names no site is returned as sent, so the caller answers it exactly as an unknown id (403 outside reach, 422
 * for a site that does not exist).
 */
export async function resolveSiteReference(
  db: Executor,
  people: PeopleRepository,
  value: string,
): Promise<string> {
  if (!couldBeSiteCode(value)) return value;
  return (await people.findSiteByCode(db, value.toUpperCase()))?.id ?? value;
}
