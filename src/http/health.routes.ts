import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../app.js';
import { AppError } from '../platform/errors.js';
import type { HttpMetrics } from './metrics.js';

/** Liveness, readiness (the database answers) and Prometheus metrics. */
export function healthRoutes(app: App, metrics: HttpMetrics): FastifyPluginAsync {
  return async (server) => {
    server.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, () => ({
      status: 'ok',
    }));
    server.get(
      '/readyz',
      { config: { access: 'public' }, schema: { hide: true } },
      async (_request, reply) => {
        try {
          await app.store.ping();
          return { status: 'ready', database: app.store.dialect };
        } catch {
          return reply.code(503).send({ status: 'unavailable', database: app.store.dialect });
        }
      },
    );
    // Not a staff route: a scraper holds no session. With PARCELGUARD_METRICS_TOKEN set it must bring the token;
    // without, the metrics are open to whoever reaches the port (127.0.0.1 by default).
    const expected = app.config.metricsToken === null ? null : digest(app.config.metricsToken);
    server.get(
      '/metrics',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        if (expected !== null) throwUnlessToken(request.headers.authorization, expected);
        return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      },
    );
  };
}

/** 401 unless `authorization` is `Bearer <the metrics token>`, compared in constant time (as digests). */
function throwUnlessToken(authorization: string | undefined, expected: Buffer): void {
  const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (given === undefined || !timingSafeEqual(digest(given), expected)) {
    throw new AppError('unauthenticated', 'send Authorization: Bearer <metrics token>');
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
