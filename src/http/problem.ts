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
  // Raised by the router before any route is chosen (through `frameworkErrors`): the path itself is bad.
  switch (fastifyError.code) {
    case 'FST_ERR_BAD_URL':
      return new AppError('validation-failed', 'the path is not validly percent-encoded', {
        errors: [{ path: '/params', message: 'is not validly percent-encoded' }],
      });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('validation-failed', 'a path parameter is too long', {
        errors: [{ path: '/params', message: 'is too long' }],
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
export function toProblemBody(request: FastifyRequest, raised: AppError): ProblemBody {
  // Services name fields relative to their input; over HTTP that input is the body. The detail follows the paths.
  const error = raised.withFieldPaths((path) =>
    /^\/(body|query|params|headers)(\/|$)/.test(path) ? path : `/body${path}`,
  );
  // The caller's own words are never sent back (a waybill, an ID number typed in its place, a username): a
  // service message that still names one loses it here.
  const typed = callerWords(request);
  const instance = routePattern(request);
  return {
    type: `https://parcelguard.dev/problems/${error.code}`,
    title: ERROR_CODES[error.code].title,
    status: error.status,
    code: error.code,
    detail: withoutEcho(error.message, typed),
    ...(instance === undefined ? {} : { instance }),
    requestId: request.id,
    errors: error.errors.map((fieldError) => ({
      path: fieldError.path,
      message: withoutEcho(fieldError.message, typed),
    })),
  };
}

/**
 * The pattern of the route that answered (`/api/v1/parcels/:waybillNo`), never the URL as sent: that is the
 * caller's text, malformed percent-encodings and all. None when no route matched.
 */
function routePattern(request: FastifyRequest): string | undefined {
  if (request.is404) return undefined;
  const url = request.routeOptions?.url;
  return typeof url === 'string' && url.startsWith('/') ? url : undefined;
}

/** At most this many of the caller's strings are looked for in a message. */
const MAX_CALLER_WORDS = 500;

/** The strings the caller sent: path parameters, query values and the body's string values. */
export function callerWords(request: FastifyRequest): string[] {
  const words: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (words.length >= MAX_CALLER_WORDS || depth > 16) return;
    if (typeof value === 'string') words.push(value);
    else if (Array.isArray(value)) for (const item of value) visit(item, depth + 1);
    else if (value !== null && typeof value === 'object') {
      // Parsed JSON and query objects only: a streamed body (NDJSON) is no list of words.
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return;
      for (const item of Object.values(value)) visit(item, depth + 1);
    }
  };
  try {
    visit(request.params, 0);
    visit(request.query, 0);
    visit(request.body, 0);
  } catch {
    // A request the router rejected may have no parsed parts: nothing of it is in the message then.
  }
  return words;
}

/**
 * `text` with every whole occurrence of one of `typed` replaced by "…". Words shorter than three characters
 * (two when not plain ASCII: a name in Chinese) are left alone: they cannot identify anyone and would mangle
 * the message's own words.
 */
export function withoutEcho(text: string, typed: readonly string[]): string {
  let result = text;
  const lower = text.toLowerCase();
  const candidates = [...new Set(typed.map((word) => word.trim()))]
    .filter((word) => word.length >= (/^[\x20-\x7e]*$/.test(word) ? 3 : 2))
    .filter((word) => lower.includes(word.toLowerCase()))
    .sort((a, b) => b.length - a.length);
  for (const word of candidates) {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    result = result.replace(new RegExp(`(?<![\\p{L}\\p{N}_-])${escaped}(?![\\p{L}\\p{N}_-])`, 'giu'), '…');
  }
  return result;
}
