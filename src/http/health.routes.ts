import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../app.js';
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
    server.get(
      '/metrics',
      { config: { access: 'public' }, schema: { hide: true } },
      async (_request, reply) => {
        return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      },
    );
  };
}
