import { Type, type Static } from 'typebox';
import { Nullable, StrictObject, Timestamp } from '../http/schemas.js';
import { INSPECTION_OUTCOMES, type ParcelTimeline } from './parcels.types.js';

export const Route = Type.Enum(['domestic', 'inbound', 'outbound']);
export const Place = StrictObject({
  country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
  address: Type.String({ minLength: 1, maxLength: 300 }),
});
export const Sender = StrictObject(
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
export const IntakeBody = StrictObject({
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
export const IntakeResponse = Type.Object({
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
export const WaybillParams = StrictObject({ waybillNo: Type.String({ minLength: 1, maxLength: 40 }) });
export const InspectionBody = StrictObject({
  outcome: Type.Enum(INSPECTION_OUTCOMES),
  inspectorId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  foundDescription: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  findings: Type.Optional(Type.String({ maxLength: 2000 })),
  photoHashes: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 20 })),
});
export const InspectionResponse = Type.Object({
  waybillNo: Type.String(),
  state: Type.String(),
  outcome: Type.String(),
  mark: Nullable(Type.String({ description: 'the inspection mark to print on the waybill' })),
  reasons: Type.Array(Type.String()),
});
const MaskedPlace = Type.Object({
  country: Type.String(),
  regionCode: Nullable(Type.String()),
  addressMasked: Type.String(),
});

/** ParcelTimeline (parcels.types.ts) as the API answers it: the console's types are generated from this. */
export const Timeline = Type.Object(
  {
    waybillNo: Type.String(),
    siteId: Type.String(),
    route: Type.String(),
    state: Type.String(),
    heldFrom: Nullable(Type.String()),
    decision: Type.String(),
    reasons: Type.Array(Type.String()),
    createdAt: Timestamp,
    gates: Type.Object({
      identity: Type.Object({
        kind: Type.String(),
        decision: Type.String(),
        senderId: Nullable(Type.String()),
        agreementId: Nullable(Type.String()),
      }),
      notice: Type.Object({ version: Type.String() }),
      screening: Type.Object({ verdict: Type.String(), catalogueVersion: Type.String() }),
      risk: Type.Object({
        version: Type.String(),
        score: Type.Number(),
        hits: Type.Array(
          Type.Object({
            ruleId: Type.String(),
            description: Type.String(),
            weight: Type.Number(),
            facts: Type.Record(Type.String(), Type.Unknown()),
          }),
        ),
      }),
      inspection: Type.Object({
        by: Nullable(Type.String()),
        at: Nullable(Timestamp),
        mark: Nullable(Type.String()),
      }),
      xray: Type.Object({ screenedAt: Nullable(Timestamp), by: Nullable(Type.String()) }),
      dispatch: Type.Object({ at: Nullable(Timestamp), dispatchId: Nullable(Type.String()) }),
    }),
    origin: MaskedPlace,
    destination: MaskedPlace,
    recipient: Type.Object({ nameMasked: Type.String(), phoneMasked: Type.String() }),
    weightGrams: Type.Number(),
    items: Type.Array(
      Type.Object({
        position: Type.Integer(),
        description: Type.String(),
        quantity: Nullable(Type.Number()),
        unit: Nullable(Type.String()),
        verdict: Type.String(),
        category: Nullable(Type.String()),
      }),
    ),
    events: Type.Array(
      Type.Object({
        at: Timestamp,
        kind: Type.String(),
        fromState: Nullable(Type.String()),
        toState: Nullable(Type.String()),
        actorType: Type.String(),
        actorId: Type.String(),
        custodian: Nullable(Type.String()),
        location: Nullable(Type.String()),
        reason: Nullable(Type.String()),
      }),
    ),
    inspections: Type.Array(
      Type.Object({
        at: Timestamp,
        inspectorId: Type.String(),
        outcome: Type.String(),
        foundVerdict: Nullable(Type.String()),
        foundCategory: Nullable(Type.String()),
        photoHashes: Type.Array(Type.String()),
      }),
    ),
  },
  { description: "the parcel's state, decision, gates and events (personal data masked)" },
);
// The schema and the service's type must agree: a compile error here means one changed without the other.
const _timelineMatchesSchema: ParcelTimeline extends Static<typeof Timeline> ? true : never = true;

export const HeldListQuery = StrictObject({
  siteId: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'one site (station staff: only their own; default: theirs, or every site company-wide)',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })),
});
export const HeldParcelSchema = Type.Object({
  waybillNo: Type.String(),
  siteId: Type.String({ description: 'the site that took the parcel in' }),
  heldAtSiteId: Type.String({ description: 'where it was held (the intake site for an intake hold)' }),
  heldFrom: Nullable(Type.String({ description: 'the state a release returns it to' })),
  source: Type.Enum(['intake', 'hold'], {
    description: 'intake: held by the intake decision; hold: held later (an officer, or an inspection find)',
  }),
  heldAt: Type.Integer({ description: 'since when (epoch ms)' }),
  heldBy: Nullable(Type.Object({ type: Type.String(), id: Type.String() })),
  reason: Nullable(Type.String({ description: 'why; null when not shown (a watchlist hit at the gate)' })),
  custodian: Nullable(Type.String({ description: 'who has it now (the hold or the latest hand-over)' })),
  location: Nullable(Type.String()),
});
