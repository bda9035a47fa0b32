// Every API route group, in one list: where a newcomer finds the routes, and the one place a new capability's
// routes are registered. Each group is a Fastify plugin under /api/v1.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { App } from '../app.js';
import { auditRoutes } from '../audit/audit.routes.js';
import { caseReportsRoutes } from '../cases/reports/case-reports.routes.js';
import { casesRoutes } from '../cases/cases.routes.js';
import { hubsRoutes } from '../hubs/hubs.routes.js';
import { agreementsRoutes } from '../identity/agreements.routes.js';
import { identityRoutes } from '../identity/identity.routes.js';
import { parcelsRoutes } from '../parcels/parcels.routes.js';
import { riskRoutes } from '../parcels/risk.routes.js';
import { authRoutes } from '../people/auth.routes.js';
import { peopleRoutes } from '../people/people.routes.js';
import { reportsRoutes } from '../reports/reports.routes.js';
import { requestsRoutes } from '../requests/requests.routes.js';
import { screeningRoutes } from '../screening/screening.routes.js';
import { trainingRoutes } from '../training/training.routes.js';
import { webhooksRoutes } from '../webhooks/webhooks.routes.js';

export const API_PREFIX = '/api/v1';

/** The route groups of the API, in the order they are registered (and listed in the OpenAPI document). */
export const API_ROUTES: readonly ((app: App) => FastifyPluginAsyncTypebox)[] = [
  authRoutes,
  peopleRoutes,
  auditRoutes,
  identityRoutes,
  agreementsRoutes,
  screeningRoutes,
  parcelsRoutes,
  riskRoutes,
  hubsRoutes,
  trainingRoutes,
  reportsRoutes,
  casesRoutes,
  requestsRoutes,
  caseReportsRoutes,
  webhooksRoutes,
];
