// Route schemas of webhooks: endpoints (never their secrets, except once on creation and rotation) and deliveries.
import { Type } from 'typebox';
import { Nullable, StrictObject, Timestamp } from '../http/schemas.js';
import { WEBHOOK_EVENT_KINDS } from './webhook-events.js';
import { MAX_GRACE_HOURS } from './webhooks.service.js';

const EventKind = Type.Enum([...WEBHOOK_EVENT_KINDS], { description: 'a case or report event kind' });
const Url = Type.String({
  minLength: 1,
  maxLength: 2000,
  description: 'https URL (plain http only for localhost and 127.0.0.1)',
});
const Name = Type.String({ minLength: 1, maxLength: 100, description: 'which system this is' });
const Events = Type.Array(EventKind, { minItems: 1, maxItems: WEBHOOK_EVENT_KINDS.length });

export const EndpointSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(EventKind),
  active: Type.Boolean(),
  secretRotatedAt: Nullable(Timestamp),
  previousSecretValidUntil: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const EndpointWithSecretSchema = Type.Object({
  endpoint: EndpointSchema,
  secret: Type.String({
    description: 'the signing secret (HMAC key, used as written): shown this once, never again',
  }),
});

export const CreateEndpointBody = StrictObject({
  name: Name,
  url: Url,
  events: Events,
  active: Type.Optional(Type.Boolean({ default: true })),
});

export const UpdateEndpointBody = StrictObject({
  name: Type.Optional(Name),
  url: Type.Optional(Url),
  events: Type.Optional(Events),
  active: Type.Optional(Type.Boolean()),
});

export const RotateBody = StrictObject({
  graceHours: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: MAX_GRACE_HOURS,
      description: 'hours the previous secret keeps signing beside the new one (default 24)',
    }),
  ),
});

export const DeliverySchema = Type.Object({
  id: Type.String({ description: 'the ParcelGuard-Webhook-Id header of its attempts' }),
  endpointId: Type.String(),
  eventId: Type.String(),
  kind: Type.String(),
  caseId: Type.String(),
  status: Type.Enum(['pending', 'delivered', 'failed']),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Timestamp),
  lastAttemptAt: Nullable(Timestamp),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  deliveredAt: Nullable(Timestamp),
  createdAt: Timestamp,
});

export const DeliveriesQuery = StrictObject({
  status: Type.Optional(Type.Enum(['pending', 'delivered', 'failed'])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

export const DeliveryParams = StrictObject({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  deliveryId: Type.String({ minLength: 1, maxLength: 64 }),
});
