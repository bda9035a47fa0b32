// Every error leaves as application/problem+json (RFC 9457) with our closed `code` and the fields at fault.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode, type FieldError } from '../platform/errors.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  requestId: string;
  errors: FieldError[];
}

interface AjvLikeError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const PART_NAMES: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/** Turns schema-validation errors into field errors with JSON pointers such as `/body/siteId`. */
export function fieldErrorsFromValidation(
  validation: readonly AjvLikeError[],
  context: string | undefined,
): FieldError[] {
  const part = PART_NAMES[context ?? 'body'] ?? context ?? 'body';
  return validation.map((error) => {
    let path = `/${part}${error.instancePath}`;
    let message = error.message ?? 'is not valid';
    if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') {
      path = `${path}/${error.params.missingProperty}`;
      message = 'is required';
    } else if (
      error.keyword === 'additionalProperties' &&
      typeof error.params.additionalProperty === 'string'
    ) {
      path = `${path}/${error.params.additionalProperty}`;
      message = 'is not an allowed field';
    } else if (error.keyword === 'discriminator' && typeof error.params.tag === 'string') {
      // oneOf + discriminator: the tag (e.g. `kind`) is missing or names no known kind.
      path = `${path}/${error.params.tag}`;
      message = error.params.error === 'mapping' ? 'is not one of the allowed kinds' : 'is required';
    } else if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
      message = `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
    }
    return { path, message };
  });
}

/** Maps any thrown error to an AppError: ours as they are, Fastify's by their meaning, the rest as internal. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as Partial<FastifyError> & { validation?: AjvLikeError[] };
  if (Array.isArray(fastifyError.validation)) {
    const errors = fieldErrorsFromValidation(fastifyError.validation, fastifyError.validationContext);
    return new AppError('validation-failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
      errors,
    });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('body-too-large', 'the request body exceeds the size limit', {
        errors: [{ path: '/body', message: 'is too large' }],
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported-media-type', 'send the body as application/json', {
        errors: [{ path: '/headers/content-type', message: 'is not supported' }],
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed-json', 'the body is empty but the content type says JSON', {
        errors: [{ path: '/body', message: 'is empty' }],
      });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('malformed-json', 'the body is not valid JSON', {
        errors: [{ path: '/body', message: 'is not valid JSON' }],
      });
    default:
      break;
  }
  if (error instanceof SyntaxError || fastifyError.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return new AppError('malformed-json', 'the body is not valid JSON', {
      errors: [{ path: '/body', message: 'is not valid JSON' }],
    });
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 404) return new AppError('not-found', 'no such resource');
  if (status === 405) return new AppError('method-not-allowed', 'this method is not allowed here');
  if (status === 413) return new AppError('body-too-large', 'the request body exceeds the size limit');
  if (status === 415) return new AppError('unsupported-media-type', 'unsupported content type');
  if (status >= 400 && status < 500) return new AppError('validation-failed', 'the request is not valid');
  return new AppError('internal', 'an internal error occurred; it has been logged', { cause: error });
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  if (error.retryAfterSeconds !== undefined)
    void reply.header('retry-after', String(error.retryAfterSeconds));
  if (error.code === 'unauthenticated') void reply.header('www-authenticate', 'Bearer');
  return reply
    .code(error.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(toProblemBody(request, error)));
}

/** The problem+json body for an error (also used per line by streamed batch answers). */
export function toProblemBody(request: FastifyRequest, error: AppError): ProblemBody {
  return {
    type: `https://parcelguard.dev/problems/${error.code}`,
    title: ERROR_CODES[error.code].title,
    status: error.status,
    code: error.code,
    detail: error.message,
    instance: request.url.split('?')[0],
    requestId: request.id,
    // Services name fields relative to their input; over HTTP that input is the body.
    errors: error.errors.map((fieldError) =>
      /^\/(body|query|params|headers)(\/|$)/.test(fieldError.path)
        ? fieldError
        : { ...fieldError, path: `/body${fieldError.path}` },
    ),
  };
}
