import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import {
  CreateEndpointBody,
  DeliveriesQuery,
  DeliveryParams,
  DeliverySchema,
  EndpointSchema,
  EndpointWithSecretSchema,
  RotateBody,
  UpdateEndpointBody,
} from './webhooks.schemas.js';

/** Signed webhooks on case and report events, for the company's own systems (admins). */
export function webhooksRoutes(app: RouteServices<'webhooks'>): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['webhooks'];
    const access = 'webhooks:manage' as const;
    const w = app.webhooks;

    server.get(
      '/webhooks',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Webhook endpoints',
          response: withErrors({ 200: Type.Array(EndpointSchema) }),
        },
      },
      () => w.findEndpoints(),
    );
    server.post(
      '/webhooks',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Register an endpoint: its signing secret is in this answer only',
          body: CreateEndpointBody,
          response: withErrors({ 201: EndpointWithSecretSchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await w.createEndpoint(contextOf(request), request.body)),
    );
    server.get(
      '/webhooks/:id',
      {
        config: { access },
        schema: {
          tags,
          summary: 'One webhook endpoint',
          params: IdParams,
          response: withErrors({ 200: EndpointSchema }),
        },
      },
      (request) => w.getEndpoint(request.params.id),
    );
    server.patch(
      '/webhooks/:id',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Change the name, URL, event kinds, or (de)activate',
          params: IdParams,
          body: UpdateEndpointBody,
          response: withErrors({ 200: EndpointSchema }),
        },
      },
      (request) => w.updateEndpoint(contextOf(request), request.params.id, request.body),
    );
    server.delete(
      '/webhooks/:id',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Remove an endpoint and its deliveries (to pause one, deactivate it instead)',
          params: IdParams,
          response: withErrors({ 204: Type.Null() }),
        },
      },
      async (request, reply) => {
        await w.deleteEndpoint(contextOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
    server.post(
      '/webhooks/:id/rotate',
      {
        config: { access },
        schema: {
          tags,
          summary:
            'New signing secret (in this answer only); the previous one signs beside it through the grace period',
          params: IdParams,
          body: RotateBody,
          response: withErrors({ 200: EndpointWithSecretSchema }),
        },
      },
      (request) => w.rotateSecret(contextOf(request), request.params.id, request.body),
    );
    server.get(
      '/webhooks/:id/deliveries',
      {
        config: { access },
        schema: {
          tags,
          summary: "An endpoint's deliveries, newest first",
          params: IdParams,
          querystring: DeliveriesQuery,
          response: withErrors({ 200: Type.Array(DeliverySchema) }),
        },
      },
      (request) =>
        w.findDeliveries(request.params.id, {
          ...(request.query.status === undefined ? {} : { status: request.query.status }),
          ...(request.query.limit === undefined ? {} : { limit: request.query.limit }),
        }),
    );
    server.post(
      '/webhooks/:id/deliveries/:deliveryId/redeliver',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Queue a delivery again (due now, attempts counted afresh)',
          params: DeliveryParams,
          response: withErrors({ 200: DeliverySchema }),
        },
      },
      (request) => w.redeliver(contextOf(request), request.params.id, request.params.deliveryId),
    );
  };
}
