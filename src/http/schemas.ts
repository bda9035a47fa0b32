// Shared schema building blocks for route definitions (TypeBox → JSON Schema → OpenAPI).
import { Type, type Static, type TProperties, type TSchema } from 'typebox';

/** An object schema that rejects unknown fields. */
export function StrictObject<T extends TProperties>(
  properties: T,
  options: { description?: string; $id?: string } = {},
) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.String(),
    errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
  },
  { description: 'application/problem+json' },
);

export const IdParams = StrictObject({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const Timestamp = Type.Integer({ description: 'epoch milliseconds' });
/** A version of a versioned document (a catalogue, a risk rule set: platform/database/versioned-documents.ts). */
export const VersionSummary = Type.Object({
  version: Type.String(),
  contentHash: Type.String(),
  notes: Nullable(Type.String()),
  publishedBy: Type.String(),
  publishedAt: Timestamp,
  active: Type.Boolean(),
});
export const VersionParams = StrictObject({ version: Type.String({ minLength: 1, maxLength: 64 }) });
export const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

/** Responses every authenticated route may give, documented once. */
export function withErrors<T extends Record<number, TSchema>>(responses: T) {
  return { ...responses, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };
}

export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/**
 * A body that comes in kinds told apart by one property (`kind`): `oneOf` + `discriminator`, so validation
 * reports only the fields of the kind sent (an `anyOf` would list every other kind's complaints too).
 * `type: 'object'` is what rejects everything else: with Ajv's `discriminator` the `oneOf` is never evaluated and
 * the discriminator looks at objects only, so without it `null`, a number, a string or `true` passed validation.
 */
export function DiscriminatedUnion<T extends TSchema[]>(propertyName: string, variants: [...T]) {
  return Type.Unsafe<Static<T[number]>>({ type: 'object', oneOf: variants, discriminator: { propertyName } });
}
