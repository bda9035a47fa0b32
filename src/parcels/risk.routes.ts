import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Nullable, StrictObject, Timestamp, withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';

const Summary = Type.Object({
  version: Type.String(),
  contentHash: Type.String(),
  notes: Nullable(Type.String()),
  publishedBy: Type.String(),
  publishedAt: Timestamp,
  active: Type.Boolean(),
});
const RuleSetDocument = Type.Object(
  {},
  { additionalProperties: true, description: 'a whole rule set: {version, threshold, rules}' },
);

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
          response: withErrors({ 200: Type.Array(Summary) }),
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
          params: StrictObject({ version: Type.String({ minLength: 1, maxLength: 64 }) }),
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
          body: StrictObject({
            ruleSet: RuleSetDocument,
            notes: Type.Optional(Type.String({ maxLength: 2000 })),
          }),
          response: withErrors({ 201: Summary }),
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
          body: StrictObject({ ruleSet: RuleSetDocument, from: Timestamp, to: Timestamp }),
        },
      },
      (request) => app.riskRules.dryRun(request.body.ruleSet, request.body.from, request.body.to),
    );
  };
}
