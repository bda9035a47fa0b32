// What a route handler knows about its request: who is calling (set by authentication in server.ts) and the
// per-route settings that authentication reads (the permission, whether refusals are concealed). Kept apart from
// server.ts so the route files, which server.ts registers, need not import it back.
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { RequestContext } from '../people/actor.js';
import type { Access } from '../people/roles.js';
import { AppError } from '../platform/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission the route needs ('public' or 'authenticated' when none). Required on every route. */
    access?: Access;
    /**
     * Sealed records (lawful requests): a caller without the permission is told the route's records do not
     * exist (404), not that they are forbidden, so not even their existence leaks.
     */
    concealed?: boolean;
  }
  interface FastifyRequest {
    /** Set by authentication for every non-public route. */
    requestContext: RequestContext | null;
  }
}

/** The authenticated caller of a route that is not public. */
export function contextOf(request: FastifyRequest): RequestContext {
  if (request.requestContext === null) throw new AppError('unauthenticated', 'authentication is required');
  return request.requestContext;
}

/**
 * The services a route group is given: only those it names, so a route file states what it depends on and cannot
 * reach past it (server.ts passes the app; the type narrows it).
 */
export type RouteServices<Name extends keyof App> = Pick<App, Name>;
