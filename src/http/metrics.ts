import { createHash, timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics for one server: labels are route patterns and status codes, never personal data. */
export interface HttpMetrics {
  registry: Registry;
  observe(method: string, route: string, status: number, seconds: number): void;
}

export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parcelguard_' });
  const duration = new Histogram({
    name: 'parcelguard_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'parcelguard_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  return {
    registry,
    observe(method, route, status, seconds) {
      const labels = { method, route, status: String(status) };
      duration.observe(labels, seconds);
      requests.inc(labels);
    },
  };
}

/**
 * Whether `authorization` is `Bearer <token>` (PARCELGUARD_METRICS_TOKEN), compared in constant time as digests.
 * Scrapers hold no session: with the token set, the server's /metrics and the event consumer's both ask for it.
 */
export function bearsMetricsToken(authorization: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  return given !== undefined && timingSafeEqual(digestOf(given), digestOf(token));
}

function digestOf(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
