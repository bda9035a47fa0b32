import { expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { adminContext, createSite, describeEachDialect, signIn } from '../testing/test-app.js';

describeEachDialect('HTTP basics', (env) => {
  it('declares an access rule on every registered route', () => {
    const routes = env().server.registeredRoutes();
    expect(routes.length).toBeGreaterThan(20);
    const undeclared = routes.filter((route) => route.access === undefined);
    expect(undeclared).toEqual([]);
    // Everything under /api/v1 except sign-in and the public keys needs authentication.
    const publicApi = routes
      .filter(
        (route) => route.method !== 'HEAD' && route.url.startsWith('/api/v1') && route.access === 'public',
      )
      .map((r) => r.url);
    expect(publicApi.sort()).toEqual(['/api/v1/audit/public-keys', '/api/v1/auth/login']);
  });

  it('serves health, readiness, metrics, the OpenAPI document and the docs UI', async () => {
    const { server } = env();
    expect((await server.inject('/healthz')).statusCode).toBe(200);
    expect((await server.inject('/readyz')).json()).toMatchObject({ status: 'ready' });
    const metrics = await server.inject('/metrics');
    expect(metrics.body).toContain('parcelguard_http_requests_total');
    const openapi = (await server.inject('/api/openapi.json')).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/v1/sites', '/api/v1/audit/verify', '/api/v1/staff/{id}']),
    );
    const docs = await server.inject('/api/docs');
    expect([200, 302]).toContain(docs.statusCode);
  });

  it('sets security headers and echoes a request id', async () => {
    const response = await env().server.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(response.headers['x-request-id']).toBe('abc-123');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('answers 401 without credentials, with a bad token and a revoked key; 403 when not permitted', async () => {
    const { server, app } = env();
    const anonymous = await server.inject('/api/v1/sites');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(anonymous.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
    const forged = await server.inject({
      url: '/api/v1/sites',
      headers: { authorization: 'Bearer pgs_notarealtoken' },
    });
    expect(forged.statusCode).toBe(401);
    const malformed = await server.inject({ url: '/api/v1/sites', headers: { authorization: 'Basic abc' } });
    expect(malformed.statusCode).toBe(401);

    const site = await createSite(app);
    const { apiKey, secret } = await app.auth.createApiKey(adminContext(), {
      name: 'order system',
      siteId: site.id,
      role: 'order-system',
    });
    const keyHeaders = { authorization: `Bearer ${secret}` };
    expect((await server.inject({ url: '/api/v1/sites', headers: keyHeaders })).statusCode).toBe(200);
    expect((await server.inject({ url: '/api/v1/staff', headers: keyHeaders })).statusCode).toBe(403);
    await app.auth.revokeApiKey(adminContext(), apiKey.id);
    const revoked = await server.inject({ url: '/api/v1/sites', headers: keyHeaders });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json<{ detail: string }>().detail).toContain('revoked');

    const courier = await signIn(server, app, ['courier']);
    const forbidden = await server.inject({ url: '/api/v1/staff', headers: courier.headers });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('rejects malformed JSON, wrong types, unknown and missing fields with 400 naming the field', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const post = (payload: string | object) =>
      server.inject({
        method: 'POST',
        url: '/api/v1/sites',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        payload,
      });

    const malformed = await post('{"code": "X1",');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'malformed-json', errors: [{ path: '/body' }] });

    const wrongType = await post({ code: 'ABC', name: 'n', kind: 'outlet', regionCode: 310104 });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(
      '/body/regionCode',
    );

    const unknownField = await post({
      code: 'ABC',
      name: 'n',
      kind: 'outlet',
      regionCode: '310104',
      colour: 'red',
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json()).toMatchObject({
      code: 'validation-failed',
      errors: [{ path: '/body/colour', message: 'is not an allowed field' }],
    });

    const missing = await post({ name: 'n', kind: 'depot', regionCode: '310104' });
    expect(missing.statusCode).toBe(400);
    const paths = missing.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/code', '/body/kind']));

    const badQuery = await server.inject({ url: '/api/v1/audit/entries?limit=abc', headers: admin.headers });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe('/query/limit');
  });

  it('answers an oversize body with 413 problem+json, never 500', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/sites',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({
        code: 'BIG',
        name: 'x'.repeat(2 * 1024 * 1024),
        kind: 'outlet',
        regionCode: '310104',
      }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'body-too-large', errors: [{ path: '/body' }] });
  });

  it('answers unknown routes with a 404 problem', async () => {
    const response = await env().server.inject('/api/v1/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not-found' });
  });
});

const clock = new ManualClock(Date.parse('2026-11-28T08:00:00Z'));
describeEachDialect(
  'sessions and sign-in throttling',
  (env) => {
    it('expires sessions', async () => {
      const { server, app } = env();
      const { headers } = await signIn(server, app, ['auditor']);
      expect((await server.inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
      clock.advance(13 * 60 * 60 * 1000);
      const expired = await server.inject({ url: '/api/v1/auth/me', headers });
      expect(expired.statusCode).toBe(401);
      expect(expired.json<{ detail: string }>().detail).toContain('expired');
    });

    it('signs out, and a signed-out token no longer works', async () => {
      const { server, app } = env();
      const { headers } = await signIn(server, app, ['auditor']);
      expect((await server.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(
        204,
      );
      expect((await server.inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
    });

    it('throttles repeated failed sign-ins with 429 and Retry-After', async () => {
      const { server, app } = env();
      const { staff, password } = await import('../testing/test-app.js').then((m) =>
        m.createStaffMember(app, ['courier']),
      );
      const attempt = (pw: string) =>
        server.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: staff.username, password: pw },
          remoteAddress: '10.9.9.9',
        });
      for (let i = 0; i < 5; i += 1) expect((await attempt('wrong password!')).statusCode).toBe(401);
      const throttled = await attempt(password);
      expect(throttled.statusCode).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      clock.advance(16 * 60 * 1000);
      expect((await attempt(password)).statusCode).toBe(200);
    });
  },
  { clock },
);
