import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VersionParams, VersionSummary, withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import { DryRunBody, DryRunReportSchema, PublishBody, RuleSetSchema } from './risk.schemas.js';

/** Risk rule set versions and dry runs. */
export function riskRoutes(app: RouteServices<'riskRules'>): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['risk'];
    server.get(
      '/risk/rule-sets',
      {
        config: { access: 'risk:read' },
        schema: {
          tags,
          summary: 'Risk rule set versions, newest (active) first',
          response: withErrors({ 200: Type.Array(VersionSummary) }),
        },
      },
      () => app.riskRules.findVersions(),
    );
    server.get(
      '/risk/rule-sets/:version',
      {
        config: { access: 'risk:read' },
        schema: {
          tags,
          summary: 'One rule set version, whole',
          params: VersionParams,
          response: withErrors({ 200: RuleSetSchema }),
        },
      },
      (request) => app.riskRules.getRuleSet(request.params.version),
    );
    server.post(
      '/risk/rule-sets',
      {
        config: { access: 'risk:manage' },
        schema: {
          tags,
          summary: 'Publish a rule set version; it becomes active at once (audited)',
          body: PublishBody,
          response: withErrors({ 201: VersionSummary }),
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await app.riskRules.publish(contextOf(request), request.body.ruleSet, request.body.notes ?? null),
          ),
    );
    server.post(
      '/risk/dry-run',
      {
        config: { access: 'risk:manage' },
        schema: {
          tags,
          summary:
            'Evaluate a candidate rule set against the parcels of a past period and report what would change (writes nothing)',
          body: DryRunBody,
          response: withErrors({ 200: DryRunReportSchema }),
        },
      },
      (request) => app.riskRules.dryRun(request.body.ruleSet, request.body.from, request.body.to),
    );
  };
}
