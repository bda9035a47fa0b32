// The intake request's schema check outside HTTP (batch lines, file imports): the very schema the route uses.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { fieldErrorsFromValidation } from '../http/problem.js';
import { AppError } from '../platform/errors.js';
import { withStorableValues } from '../platform/validation.js';
import { IntakeBody } from './parcels.schemas.js';
import type { IntakeInput } from './parcels.types.js';

const ajv = addFormats.default(
  new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, strict: false }),
);
let validate: ReturnType<Ajv['compile']> | undefined;

/** Returns the body as an intake request, or throws `validation-failed` naming every bad field. */
export function parseIntakeBody(body: unknown): IntakeInput {
  validate ??= withStorableValues(ajv.compile(IntakeBody));
  if (validate(body)) return body as IntakeInput;
  const errors = fieldErrorsFromValidation(validate.errors ?? [], 'body');
  throw new AppError('validation-failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
    errors,
  });
}
