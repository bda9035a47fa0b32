import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { intakeBatch } from './parcels.batch.js';
import { Type } from 'typebox';
import { StrictObject, withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import {
  HeldListQuery,
  HeldParcelSchema,
  InspectionBody,
  InspectionResponse,
  IntakeBody,
  IntakeResponse,
  Timeline,
  WaybillParams,
} from './parcels.schemas.js';

/** Acceptance at the counter: intake, inspection, holds, custody, the timeline, mark verification. */
export function parcelsRoutes(app: RouteServices<'parcels'>): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['parcels'];
    server.post(
      '/parcels',
      {
        config: { access: 'parcels:intake' },
        schema: {
          tags,
          summary:
            'Take a parcel in: identity gate → screening → risk rules → refuse | inspect | hold (idempotent per waybill)',
          body: IntakeBody,
          response: withErrors({ 200: IntakeResponse, 201: IntakeResponse }),
        },
      },
      async (request, reply) => {
        const result = await app.parcels.intake(contextOf(request), request.body);
        return reply.code(result.replayed ? 200 : 201).send(result);
      },
    );
    // Bulk intake for order systems: NDJSON in, NDJSON out, one answer per line, streamed with back-pressure.
    for (const type of ['application/x-ndjson', 'application/ndjson']) {
      server.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
    }
    server.post(
      '/parcels/batch',
      {
        config: { access: 'parcels:intake' },
        schema: {
          tags,
          summary:
            'Bulk intake: one intake request per NDJSON line in, one {line, status, result | problem} line out, in order',
          consumes: ['application/x-ndjson'],
        },
      },
      (request, reply) => intakeBatch(app, request, reply),
    );
    server.get(
      '/parcels/:waybillNo',
      {
        config: { access: 'parcels:read' },
        schema: {
          tags,
          summary: "The parcel's timeline: state, decision, every gate, masked data",
          params: WaybillParams,
          response: withErrors({ 200: Timeline }),
        },
      },
      (request) => app.parcels.getTimeline(contextOf(request), request.params.waybillNo),
    );
    server.post(
      '/parcels/:waybillNo/inspection',
      {
        config: { access: 'parcels:inspect' },
        schema: {
          tags,
          summary:
            'Record the inspection on acceptance (certified inspectors only); consistent → accepted with a signed mark',
          params: WaybillParams,
          body: InspectionBody,
          response: withErrors({ 200: InspectionResponse }),
        },
      },
      (request) => app.parcels.inspect(contextOf(request), request.params.waybillNo, request.body),
    );
    server.post(
      '/parcels/:waybillNo/hold',
      {
        config: { access: 'parcels:hold' },
        schema: {
          tags,
          summary: 'Hold a parcel: all movement stops',
          params: WaybillParams,
          body: StrictObject({
            reason: Type.String({ minLength: 3, maxLength: 500 }),
            location: Type.Optional(Type.String({ maxLength: 200 })),
          }),
          response: withErrors({ 200: Timeline }),
        },
      },
      (request) => app.parcels.hold(contextOf(request), request.params.waybillNo, request.body),
    );
    server.get(
      '/holds',
      {
        config: { access: 'parcels:read' },
        schema: {
          tags,
          summary:
            'Parcels held now: why, since when, by whom, where (station staff: their own site), newest first',
          querystring: HeldListQuery,
          response: withErrors({ 200: Type.Array(HeldParcelSchema) }),
        },
      },
      (request) => app.parcels.findHeld(contextOf(request), request.query),
    );
    server.post(
      '/parcels/:waybillNo/release',
      {
        config: { access: 'parcels:hold' },
        schema: {
          tags,
          summary: 'Release a held parcel back to where it was (a reason is required)',
          params: WaybillParams,
          body: StrictObject({ reason: Type.String({ minLength: 3, maxLength: 500 }) }),
          response: withErrors({ 200: Timeline }),
        },
      },
      (request) => app.parcels.release(contextOf(request), request.params.waybillNo, request.body),
    );
    server.post(
      '/parcels/:waybillNo/custody',
      {
        config: { access: 'parcels:hold' },
        schema: {
          tags,
          summary: 'Record a hand-over of a held parcel (chain of custody)',
          params: WaybillParams,
          body: StrictObject({
            handedTo: Type.String({ minLength: 1, maxLength: 200 }),
            location: Type.String({ minLength: 1, maxLength: 200 }),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          }),
          response: withErrors({ 200: Timeline }),
        },
      },
      (request) => app.parcels.recordCustody(contextOf(request), request.params.waybillNo, request.body),
    );
    server.get(
      '/marks/verify',
      {
        config: { access: 'marks:verify' },
        schema: {
          tags,
          summary:
            'Verify an inspection mark for a waybill (the same check any hub can run offline with the public key)',
          querystring: StrictObject({
            code: Type.String({ minLength: 1, maxLength: 1000 }),
            waybillNo: Type.String({ minLength: 1, maxLength: 40 }),
          }),
        },
      },
      (request) => app.parcels.verifyMark(request.query.code, request.query.waybillNo),
    );
  };
}
