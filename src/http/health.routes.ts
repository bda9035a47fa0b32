import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../app.js';
import { AppError } from '../platform/errors.js';
import { bearsMetricsToken, type HttpMetrics } from './metrics.js';

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
    const token = app.config.metricsToken;
    server.get(
      '/metrics',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        if (token !== null && !bearsMetricsToken(request.headers.authorization, token)) {
          throw new AppError('unauthenticated', 'send Authorization: Bearer <metrics token>');
        }
        return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      },
    );
  };
}
