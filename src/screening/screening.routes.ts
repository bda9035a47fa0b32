import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Nullable, StrictObject, Timestamp, withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import { AppError } from '../platform/errors.js';
import { ROUTES } from './catalogue.js';

const RouteSchema = Type.Enum(ROUTES as ['domestic', 'inbound', 'outbound']);
const ItemFields = {
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  route: Type.Optional(RouteSchema),
  quantity: Type.Optional(Type.Number({ minimum: 0 })),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
};
const ScreeningBody = StrictObject(
  {
    description: Type.Optional(ItemFields.description),
    route: ItemFields.route,
    quantity: ItemFields.quantity,
    unit: ItemFields.unit,
    items: Type.Optional(Type.Array(StrictObject(ItemFields), { minItems: 1, maxItems: 1000 })),
  },
  { description: 'one description (description, route?, quantity?, unit?) or a batch (items: [...])' },
);
const MatchSchema = Type.Object({
  term: Type.String(),
  category: Type.String(),
  start: Type.Integer(),
  end: Type.Integer(),
});
const ResultSchema = Type.Object({
  verdict: Type.Enum(['prohibited', 'restricted', 'watch', 'clear']),
  category: Nullable(Type.String()),
  matches: Type.Array(MatchSchema),
  reasons: Type.Array(Type.String()),
  catalogueVersion: Type.String(),
});
const VersionSummary = Type.Object({
  version: Type.String(),
  contentHash: Type.String(),
  notes: Nullable(Type.String()),
  publishedBy: Type.String(),
  publishedAt: Timestamp,
  active: Type.Boolean(),
});
const VersionParams = StrictObject({ version: Type.String({ minLength: 1, maxLength: 64 }) });
const PublishBody = StrictObject({
  catalogue: Type.Object(
    {},
    {
      additionalProperties: true,
      description: 'the whole catalogue document (see GET …/versions/{version})',
    },
  ),
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
});
const DiffQuery = StrictObject({ from: Type.String({ minLength: 1 }), to: Type.String({ minLength: 1 }) });

/** Screening descriptions and managing catalogue versions. */
export function screeningRoutes(app: RouteServices<'screening'>): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['screening'];
    server.post(
      '/screening',
      {
        config: { access: 'screening:use' },
        schema: {
          tags,
          summary: 'Screen one declared description, or a batch, against the active catalogue version',
          body: ScreeningBody,
          response: withErrors({
            200: Type.Union([ResultSchema, Type.Object({ results: Type.Array(ResultSchema) })]),
          }),
        },
      },
      async (request) => {
        const { items, ...single } = request.body;
        if ((items === undefined) === (single.description === undefined)) {
          throw AppError.invalidField(
            '/body/description',
            'give either description (one item) or items (a batch), not both',
          );
        }
        if (items !== undefined) return { results: await app.screening.screen(items) };
        const [result] = await app.screening.screen([{ ...single, description: single.description! }]);
        return result!;
      },
    );
    server.get(
      '/catalogue/versions',
      {
        config: { access: 'catalogue:read' },
        schema: {
          tags,
          summary: 'Catalogue versions, newest (active) first',
          response: withErrors({ 200: Type.Array(VersionSummary) }),
        },
      },
      () => app.screening.findVersions(),
    );
    server.get(
      '/catalogue/versions/:version',
      {
        config: { access: 'catalogue:read' },
        schema: { tags, summary: 'One catalogue version, whole', params: VersionParams },
      },
      (request) => app.screening.getCatalogue(request.params.version),
    );
    server.post(
      '/catalogue/versions',
      {
        config: { access: 'catalogue:publish' },
        bodyLimit: 16 * 1024 * 1024,
        schema: {
          tags,
          summary: 'Publish a new catalogue version; it becomes active at once (audited)',
          body: PublishBody,
          response: withErrors({ 201: VersionSummary }),
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await app.screening.publish(
              contextOf(request),
              request.body.catalogue,
              request.body.notes ?? null,
            ),
          ),
    );
    server.get(
      '/catalogue/diff',
      {
        config: { access: 'catalogue:read' },
        schema: { tags, summary: 'What changed between two catalogue versions', querystring: DiffQuery },
      },
      (request) => app.screening.diff(request.query.from, request.query.to),
    );
  };
}
