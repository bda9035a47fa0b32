// /metrics: behind a bearer token when PARCELGUARD_METRICS_TOKEN is set, open otherwise. The route touches no
// database, so SQLite alone is enough.
import { expect, it } from 'vitest';
import { describeEachDialect, signIn } from '../testing/test-app.js';

const TOKEN = 'metrics-token-0123456789abcdef';

describeEachDialect(
  '/metrics with a token configured',
  (env) => {
    it('answers 401 problem+json without the token, with a wrong one, or with a staff session', async () => {
      const { server, app } = env();
      const session = await signIn(server, app, ['admin']);
      for (const authorization of [
        undefined,
        'Bearer wrong-token-0123456789abcdef',
        `Bearer ${TOKEN}x`,
        `Basic ${TOKEN}`,
        TOKEN,
        session.headers.authorization,
      ]) {
        const response = await server.inject({
          url: '/metrics',
          headers: authorization === undefined ? {} : { authorization },
        });
        expect(response.statusCode, String(authorization)).toBe(401);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.headers['www-authenticate']).toBe('Bearer');
        expect(response.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
        expect(response.body).not.toContain('parcelguard_http_requests_total');
      }
    });

    it('serves the metrics with the token', async () => {
      const response = await env().server.inject({
        url: '/metrics',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/plain');
      expect(response.body).toContain('parcelguard_http_requests_total');
    });

    it('keeps health and readiness open', async () => {
      expect((await env().server.inject('/healthz')).statusCode).toBe(200);
      expect((await env().server.inject('/readyz')).statusCode).toBe(200);
    });
  },
  { dialects: ['sqlite'], config: { metricsToken: TOKEN } },
);

describeEachDialect(
  '/metrics without a token configured',
  (env) => {
    it('is open to whoever reaches the port', async () => {
      const response = await env().server.inject('/metrics');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('parcelguard_http_requests_total');
    });
  },
  { dialects: ['sqlite'] },
);
