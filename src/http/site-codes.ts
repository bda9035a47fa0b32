import type { FastifyRequest } from 'fastify';
import { couldBeSiteCode } from '../people/site-reference.js';

/** Fields of bodies and queries that name one site, and those that name a list of sites. */
const SITE_FIELDS = ['siteId'] as const;
const SITE_LIST_FIELDS = ['permittedSiteIds'] as const;

/**
 * A preHandler (after validation, before any route calls a service): replaces a site code in a known site field
 * of the body or query with the site's id, so every route takes codes (SH-OUT-01) wherever it takes ids and
 * services, access checks and stored rows see ids only. Done here once rather than in each service; the CLI
 * resolves codes itself (`SitesService.getSiteByIdOrCode`), and intake, reached also by NDJSON lines and
 * `parcelguard import`, resolves them in IntakeService. A code naming no site is left as sent and answered
 * like an unknown id.
 */
export function siteCodesHook(resolveSiteId: (idOrCode: string) => Promise<string>) {
  return async (request: FastifyRequest): Promise<void> => {
    await resolveIn(request.body, resolveSiteId);
    await resolveIn(request.query, resolveSiteId);
  };
}

async function resolveIn(part: unknown, resolveSiteId: (idOrCode: string) => Promise<string>): Promise<void> {
  if (typeof part !== 'object' || part === null || Array.isArray(part)) return;
  const fields = part as Record<string, unknown>;
  for (const name of SITE_FIELDS) {
    const value = fields[name];
    if (typeof value === 'string' && couldBeSiteCode(value)) fields[name] = await resolveSiteId(value);
  }
  for (const name of SITE_LIST_FIELDS) {
    const list = fields[name];
    if (!Array.isArray(list)) continue;
    fields[name] = await Promise.all(
      list.map((value: unknown) =>
        typeof value === 'string' && couldBeSiteCode(value) ? resolveSiteId(value) : value,
      ),
    );
  }
}
