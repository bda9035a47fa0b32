// The HTTP interface: Fastify under /api/v1, OpenAPI generated from route schemas, problem+json errors,
// authentication and one declared permission per route. Routes hold no business rules: they validate,
// authorise, call a service and present the result.
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { webConsole } from './console.routes.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { createHash } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { App } from '../app.js';
import { hasPermission, type Access } from '../people/roles.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { withStorableValues } from '../platform/validation.js';
import { healthRoutes } from './health.routes.js';
import { API_PREFIX, API_ROUTES } from './routes.js';
import './request-context.js';
import { createHttpMetrics, type HttpMetrics } from './metrics.js';
import { sendProblem, toAppError } from './problem.js';
import { siteCodesHook } from './site-codes.js';

/** A route as registered: its permission, and whether a caller without it is told 404 rather than 403. */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access | undefined;
  concealed: boolean;
}

export type Server = FastifyInstance<
  HttpServer,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Routes served by plugins (docs UI assets) that carry no business data. */
const PLUGIN_PUBLIC_PREFIXES = ['/api/docs'];
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export interface ServerOptions {
  metrics?: HttpMetrics;
  /** The built console (web/dist by default); a folder without index.html serves no console. */
  consoleDir?: string;
}

export async function buildServer(app: App, options: ServerOptions = {}): Promise<Server> {
  const metrics = options.metrics ?? createHttpMetrics();
  const server = Fastify({
    loggerInstance: app.logger,
    bodyLimit: app.config.bodyLimitBytes,
    trustProxy: trustProxyOption(app.config.trustProxy),
    // A client that never finishes its request head, or its request, no longer holds a socket for ever. The
    // request timeout covers the body too (an NDJSON batch upload streams for a while); the time taken to
    // answer does not count. Node checks both every connectionsCheckingInterval (30 s by default: longer
    // than the headers timeout itself).
    http: {
      headersTimeout: app.config.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, app.config.headersTimeoutMs),
    },
    requestTimeout: app.config.requestTimeoutMs,
    keepAliveTimeout: app.config.keepAliveTimeoutMs,
    // The router's own rejections (malformed percent-encoding, overlong parameter) answer problem+json too.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : newId();
    },
    // Our own onResponse log line carries the route pattern, never the URL with its query string.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Bodies are validated strictly (no coercion, unknown fields rejected); query strings and path parameters
  // arrive as text and are coerced to the declared types.
  const bodyAjv = addFormats.default(
    new Ajv({
      allErrors: true,
      coerceTypes: false,
      removeAdditional: false,
      useDefaults: true,
      // Bodies that come in kinds (oneOf + discriminator): errors then name the fields of the kind sent.
      discriminator: true,
      strict: false,
    }),
  );
  const textAjv = addFormats.default(
    new Ajv({
      allErrors: true,
      coerceTypes: 'array',
      removeAdditional: false,
      useDefaults: true,
      strict: false,
    }),
  );
  // Past the schema, no NUL in text and no number beyond ±2^53 anywhere (what one database stores the other refuses).
  server.setValidatorCompiler(({ schema, httpPart }) =>
    withStorableValues((httpPart === 'body' ? bodyAjv : textAjv).compile(schema)),
  );

  server.decorateRequest('requestContext', null);

  if (app.config.rateLimitPerMinute > 0 || app.config.loginRateLimitPerMinute > 0) {
    await server.register(rateLimit, { global: false });
    server.addHook(
      'onRequest',
      rateLimitHook((options) => server.createRateLimit(options), app.config),
    );
  }

  const registeredRoutes: RegisteredRoute[] = [];
  server.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (access === undefined) {
      if (PLUGIN_PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
        route.config = { ...route.config, access: 'public' };
      } else {
        throw new Error(`route ${methods.join(',')} ${route.url} declares no access (config.access)`);
      }
    }
    for (const method of methods)
      registeredRoutes.push({
        method,
        url: route.url,
        access: route.config?.access,
        concealed: route.config?.concealed === true,
      });
  });
  server.decorate('registeredRoutes', () => registeredRoutes);

  server.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    const access = request.routeOptions.config.access ?? 'public';
    if (access === 'public') return;
    const actor = await app.auth.authenticate(bearerCredential(request));
    if (access !== 'authenticated' && !hasPermission(actor.roles, access)) {
      if (request.routeOptions.config.concealed === true) throw new AppError('not-found', 'not found');
      throw new AppError('forbidden', `this needs the permission ${access}`);
    }
    // The onboarding gate (training): no operational action before onboarding safety training is passed.
    // Reads are not actions: an untrained courier's counter page still loads and says what is missing.
    if (access !== 'authenticated' && request.method !== 'GET' && request.method !== 'HEAD')
      await app.training.throwIfNotOnboarded(actor, access);
    request.requestContext = { actor, requestId: request.id };
  });

  server.addHook(
    'preHandler',
    siteCodesHook((idOrCode) => app.sites.resolveSiteId(idOrCode)),
  );

  server.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    if (!request.url.startsWith('/api/docs') && !reply.hasHeader('content-security-policy')) {
      void reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    if (app.config.production)
      void reply.header('strict-transport-security', 'max-age=15552000; includeSubDomains');
    return payload;
  });

  server.addHook('onResponse', async (request, reply) => {
    metrics.observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  server.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, appError);
  });
  // What no route matched: the console's pages and assets (GET outside /api), else a problem.
  const consoleApp = webConsole(options.consoleDir);
  if (consoleApp.built) await server.register(fastifyStatic, consoleApp.staticOptions);
  server.setNotFoundHandler((request, reply) => {
    const answered = consoleApp.answer(request, reply);
    if (answered !== null) return answered;
    return sendProblem(
      request,
      reply,
      new AppError(
        'not-found',
        consoleApp.missing(request)
          ? 'the console is not built: run `npm run build` (or `npm start`, which builds it)'
          : 'no such resource',
      ),
    );
  });
  // Bodies are JSON (NDJSON for the batch route): text/plain is refused with 415 instead of reaching a schema.
  server.removeContentTypeParser('text/plain');

  await server.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'ParcelGuard API',
        version: '1',
        description:
          'Parcel-security compliance: real-name collection, inspection on acceptance, X-ray screening, and proof. ' +
          'Errors are application/problem+json with a stable `code`. Authenticate with `Authorization: Bearer <session token or API key>`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await server.register(swaggerUi, { routePrefix: '/api/docs' });

  server.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () =>
    server.swagger(),
  );
  await server.register(healthRoutes(app, metrics));
  for (const routes of API_ROUTES) await server.register(routes(app), { prefix: API_PREFIX });
  return server as unknown as Server;
}

type RateLimiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * Request rate limits, checked before authentication (a flood costs no lookups): per client, keyed by the
 * bearer credential's hash when one is sent (terminals behind one address each have their own) and by the
 * address otherwise; and a stricter one per address on sign-in. Counted in memory, per node, per minute.
 * Health and readiness probes are never limited.
 */
function rateLimitHook(
  createRateLimit: FastifyInstance['createRateLimit'],
  config: App['config'],
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const perClient =
    config.rateLimitPerMinute === 0
      ? null
      : createRateLimit({
          max: config.rateLimitPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => {
            const credential = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
            return credential === undefined
              ? `address:${request.ip}`
              : `credential:${createHash('sha256').update(credential).digest('base64url')}`;
          },
        });
  const perSignInAddress =
    config.loginRateLimitPerMinute === 0
      ? null
      : createRateLimit({
          max: config.loginRateLimitPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => request.ip,
        });
  return async (request, reply) => {
    const route = request.routeOptions.url;
    if (route === '/healthz' || route === '/readyz') return;
    const isSignIn = request.method === 'POST' && route === '/api/v1/auth/login';
    const wait =
      (isSignIn && perSignInAddress !== null ? secondsToWait(await perSignInAddress(request)) : 0) ||
      (perClient === null ? 0 : secondsToWait(await perClient(request)));
    if (wait > 0) {
      // Authentication, which echoes the request id, comes later and will not run.
      void reply.header('x-request-id', request.id);
      throw new AppError('too-many-attempts', 'too many requests; try again later', {
        retryAfterSeconds: wait,
      });
    }
  };
}

/** Seconds until the client may send again, or 0 when within its limit. */
function secondsToWait(result: Awaited<ReturnType<RateLimiter>>): number {
  return !result.isAllowed && result.isExceeded ? Math.max(1, result.ttlInSeconds) : 0;
}

/** A hop count trusts that many proxies in front, whatever their addresses (Fastify 5.12 ignores one). */
function trustProxyOption(
  trustProxy: App['config']['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trustProxy === 'number' ? (_address, hop) => hop < trustProxy : trustProxy;
}

/**
 * What the router rejects before any route is chosen (a malformed percent-encoding, an overlong path
 * parameter) skips every hook: it is answered here as problem+json, with the headers every answer carries.
 */
function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('x-request-id', request.id);
  void reply.header('x-content-type-options', 'nosniff');
  void reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  void reply.header('cache-control', 'no-store');
  void sendProblem(request, reply, toAppError(error));
}

function bearerCredential(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    throw new AppError('unauthenticated', 'send Authorization: Bearer <session token or API key>');
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match === null)
    throw new AppError('unauthenticated', 'the Authorization header must be "Bearer <credential>"');
  return match[1]!;
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes(): RegisteredRoute[];
  }
}

/**
 * What Node refuses on the socket before Fastify sees a request (a request head or body that did not arrive in
 * time, malformed HTTP) is answered as problem+json too, then the connection is closed.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const problem = new AppError(
    timedOut ? 'request-timeout' : 'validation-failed',
    timedOut ? 'the request did not arrive in time' : 'the request is not valid HTTP',
  );
  const requestId = newId();
  const body = JSON.stringify({
    type: `https://parcelguard.dev/problems/${problem.code}`,
    title: problem.title,
    status: problem.status,
    code: problem.code,
    detail: problem.message,
    requestId,
    errors: [],
  });
  socket.end(
    `HTTP/1.1 ${problem.status} ${timedOut ? 'Request Timeout' : 'Bad Request'}\r\n` +
      'content-type: application/problem+json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${requestId}\r\n` +
      'x-content-type-options: nosniff\r\n' +
      'connection: close\r\n\r\n' +
      body,
  );
}
