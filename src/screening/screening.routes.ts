import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VersionParams, VersionSummary, withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import { AppError } from '../platform/errors.js';
import {
  CatalogueDiffSchema,
  CatalogueSchema,
  DiffQuery,
  PublishBody,
  ScreeningBody,
  ScreeningResponse,
} from './screening.schemas.js';

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
          response: withErrors({ 200: ScreeningResponse }),
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
        schema: {
          tags,
          summary: 'One catalogue version, whole',
          params: VersionParams,
          response: withErrors({ 200: CatalogueSchema }),
        },
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
        schema: {
          tags,
          summary: 'What changed between two catalogue versions',
          querystring: DiffQuery,
          response: withErrors({ 200: CatalogueDiffSchema }),
        },
      },
      (request) => app.screening.diff(request.query.from, request.query.to),
    );
  };
}
