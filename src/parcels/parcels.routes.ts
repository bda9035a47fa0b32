import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { App } from '../app.js';
import { Nullable, StrictObject, withErrors } from '../http/schemas.js';
import { contextOf } from '../http/server.js';
import { INSPECTION_OUTCOMES } from './parcels.types.js';

const Route = Type.Enum(['domestic', 'inbound', 'outbound']);
const Place = StrictObject({
  country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
  address: Type.String({ minLength: 1, maxLength: 300 }),
});
const Sender = StrictObject(
  {
    agreementId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    documentType: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    number: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    nationality: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3}$' })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 20 })),
    verification: Type.Optional(
      StrictObject({
        method: Type.Enum(['card-reader', 'visual', 'face-match']),
        deviceScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
      }),
    ),
    refusedToShow: Type.Optional(Type.Boolean()),
  },
  {
    description:
      'a person with an identity document, or an agreement customer (agreementId), or a refusal to show',
  },
);
const IntakeBody = StrictObject({
  waybillNo: Type.String({ minLength: 6, maxLength: 40 }),
  siteId: Type.String({ minLength: 1, maxLength: 64 }),
  route: Route,
  origin: Place,
  destination: Place,
  sender: Sender,
  recipient: StrictObject({
    name: Type.String({ minLength: 1, maxLength: 100 }),
    phone: Type.String({ minLength: 3, maxLength: 20 }),
    address: Type.String({ minLength: 1, maxLength: 300 }),
  }),
  items: Type.Array(
    StrictObject({
      description: Type.String({ minLength: 1, maxLength: 500 }),
      quantity: Type.Optional(Type.Number({ minimum: 0 })),
      unit: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
      declaredValue: Type.Optional(Type.Number({ minimum: 0 })),
    }),
    { minItems: 1, maxItems: 100 },
  ),
  weightGrams: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  noticeAcknowledged: Type.Boolean({
    description: 'must be true: the sender was shown the prohibited-items notice',
  }),
  noticeVersion: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  courierId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
const IntakeResponse = Type.Object({
  waybillNo: Type.String(),
  state: Type.String(),
  decision: Type.Enum(['refuse', 'inspect', 'hold']),
  counterMessage: Type.String(),
  reasons: Type.Array(Type.String()),
  catalogueVersion: Type.String(),
  items: Type.Array(
    Type.Object({ description: Type.String(), verdict: Type.String(), category: Nullable(Type.String()) }),
  ),
  replayed: Type.Boolean(),
});
const WaybillParams = StrictObject({ waybillNo: Type.String({ minLength: 1, maxLength: 40 }) });
const InspectionBody = StrictObject({
  outcome: Type.Enum(INSPECTION_OUTCOMES),
  inspectorId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  foundDescription: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  findings: Type.Optional(Type.String({ maxLength: 2000 })),
  photoHashes: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 20 })),
});
const InspectionResponse = Type.Object({
  waybillNo: Type.String(),
  state: Type.String(),
  outcome: Type.String(),
  mark: Nullable(Type.String({ description: 'the inspection mark to print on the waybill' })),
  reasons: Type.Array(Type.String()),
});
const Timeline = Type.Object(
  {},
  { additionalProperties: true, description: "the parcel's state, decision, gates and events" },
);

/** Acceptance at the counter: intake, inspection, holds, custody, the timeline, mark verification. */
export function parcelsRoutes(app: App): FastifyPluginAsyncTypebox {
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
      (request) => app.parcels.getTimeline(request.params.waybillNo),
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
