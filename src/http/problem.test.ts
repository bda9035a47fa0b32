// Errors Fastify raises itself and bodies that are not objects: every one a problem+json that names the field at
// fault, none repeating what the caller sent (the URL as typed, a waybill, an ID number typed as one).
import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode } from '../platform/errors.js';
import { describeEachDialect, signIn } from '../testing/test-app.js';
import { sendProblem, toAppError, withoutEcho } from './problem.js';

interface Problem {
  code: string;
  status: number;
  detail: string;
  instance?: string;
  errors: { path: string; message: string }[];
}

describeEachDialect('problems for what Fastify and the schemas refuse', (env) => {
  const post = async (url: string, payload: string | undefined, contentType = 'application/json') => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    return server.inject({
      method: 'POST',
      url,
      headers: {
        ...admin.headers,
        ...(payload === undefined && contentType === 'application/json'
          ? {}
          : { 'content-type': contentType }),
      },
      ...(payload === undefined ? {} : { payload }),
    });
  };

  it.each([
    ['/api/v1/identity/gate', 'null'],
    ['/api/v1/identity/gate', '42'],
    ['/api/v1/identity/gate', '"document"'],
    ['/api/v1/identity/gate', 'true'],
    ['/api/v1/identity/gate', '[]'],
    ['/api/v1/identity/gate', undefined],
    ['/api/v1/identity/watchlist', 'null'],
    ['/api/v1/identity/watchlist', '1e308'],
    ['/api/v1/identity/watchlist', undefined],
    ['/api/v1/parcels', 'null'],
    ['/api/v1/sites', 'false'],
  ])('POST %s with the body %s: 400 naming /body', async (url, payload) => {
    const response = await post(url, payload);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json<Problem>()).toMatchObject({
      code: 'validation-failed',
      errors: [{ path: '/body', message: 'must be object' }],
    });
  });

  it('names the nested object that is null', async () => {
    const gate = await post(
      '/api/v1/identity/gate',
      JSON.stringify({
        kind: 'document',
        siteId: 'site',
        documentType: 'passport',
        number: 'E12345678',
        name: 'Zhang San',
        verification: null,
      }),
    );
    expect(gate.statusCode).toBe(400);
    expect(gate.json<Problem>().errors).toEqual([{ path: '/body/verification', message: 'must be object' }]);

    const agreement = await post(
      '/api/v1/agreements',
      JSON.stringify({
        number: 'AG-1',
        organisationId: 'org',
        signedOn: '2026-01-01',
        validUntil: '2027-01-01',
        siteId: 'site',
        responsiblePerson: null,
        permittedGoods: ['documents'],
      }),
    );
    expect(agreement.statusCode).toBe(400);
    expect(agreement.json<Problem>().errors).toEqual([
      { path: '/body/responsiblePerson', message: 'must be object' },
    ]);
  });

  it('answers a text/plain body with 415 problem+json', async () => {
    const response = await post('/api/v1/identity/gate', 'kind=document', 'text/plain');
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json<Problem>()).toMatchObject({
      code: 'unsupported-media-type',
      errors: [{ path: '/headers/content-type' }],
    });
  });

  it('answers a valid JSON body sent as text/plain with 415 too: the media type decides, not the text', async () => {
    const response = await post(
      '/api/v1/sites',
      JSON.stringify({ code: 'PLAIN-01', name: 'Plain', kind: 'outlet', regionCode: '310104' }),
      'text/plain; charset=utf-8',
    );
    expect(response.statusCode).toBe(415);
    expect(response.json<Problem>()).toMatchObject({
      code: 'unsupported-media-type',
      errors: [{ path: '/headers/content-type' }],
    });
    const { app } = env();
    expect((await app.sites.findSites()).some((site) => site.code === 'PLAIN-01')).toBe(false);
  });

  it('answers a malformed percent-encoding or an overlong parameter as problem+json, without the URL', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    for (const url of ['/api/v1/parcels/%E0%A4%A', `/api/v1/parcels/${'<b>'.repeat(60)}`]) {
      const response = await server.inject({ url, headers: admin.headers });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-request-id']).toBeDefined();
      const problem = response.json<Problem>();
      expect(problem).toMatchObject({
        code: 'validation-failed',
        status: 400,
        errors: [{ path: '/params' }],
      });
      expect(problem.instance).toBeUndefined();
      expect(response.body).not.toContain('%E0');
      expect(response.body).not.toContain('<b>');
    }
  });

  it('gives the route pattern as the instance, and none when no route matched', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const unknownParcel = await server.inject({
      url: '/api/v1/parcels/110101199003077777',
      headers: admin.headers,
    });
    expect(unknownParcel.statusCode).toBe(404);
    expect(unknownParcel.json<Problem>()).toMatchObject({
      instance: '/api/v1/parcels/:waybillNo',
      detail: 'the parcel was not found',
    });
    // An ID number typed where the waybill goes is not sent back.
    expect(unknownParcel.body).not.toContain('110101199003077777');

    const nowhere = await server.inject({ url: '/api/v1/%3Cscript%3E', headers: admin.headers });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json<Problem>().instance).toBeUndefined();
    expect(nowhere.body).not.toContain('script');
  });

  it('repeats nothing the caller typed, even from a service message that names it', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: admin.headers,
      payload: { name: 'terminal', siteId: '<img src=x onerror=alert(1)>', role: 'xray-station' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).not.toContain('<img');
  });

  it('declares type object wherever a request body schema describes an object', async () => {
    const { server } = env();
    await server.ready();
    const document = server.swagger() as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>
      >;
    };
    const untyped: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (Array.isArray(node)) node.forEach((item, index) => visit(item, `${where}/${index}`));
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
      const schema = node as Record<string, unknown>;
      // Properties or a discriminator say "an object"; without `type: 'object'` null and numbers get through.
      if (('properties' in schema || 'discriminator' in schema) && schema.type !== 'object')
        untyped.push(where);
      for (const [key, value] of Object.entries(schema)) visit(value, `${where}/${key}`);
    };
    let bodies = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        if (schema === undefined) continue;
        bodies += 1;
        visit(schema, `${method.toUpperCase()} ${path}`);
      }
    }
    expect(bodies).toBeGreaterThan(25);
    expect(untyped).toEqual([]);
  });

  it('refuses a NUL in text and integers beyond 2^53, on both databases alike', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const nul = await server.inject({ url: '/api/v1/sites/a%00b', headers: admin.headers });
    expect(nul.statusCode).toBe(400);
    expect(nul.json<Problem>().errors).toEqual([
      { path: '/params/id', message: 'must not contain a NUL character' },
    ]);
    const huge = await server.inject({ url: '/api/v1/audit/entries?after=1e999', headers: admin.headers });
    expect(huge.statusCode).toBe(400);
    expect(huge.json<Problem>().errors).toEqual([{ path: '/query/after', message: 'is out of range' }]);
  });
});

describe('withoutEcho', () => {
  it('drops whole occurrences of what the caller typed, in any case, and nothing else', () => {
    expect(withoutEcho('the username bob is taken', ['bob'])).toBe('the username … is taken');
    expect(withoutEcho('waybill SF123456 was not found', ['sf123456'])).toBe('waybill … was not found');
    expect(withoutEcho('site "a.b*c" does not exist', ['a.b*c'])).toBe('site "…" does not exist');
    expect(withoutEcho('张三 does not match', ['张三'])).toBe('… does not match');
    // Part of a longer word, or too short to identify anyone: left alone.
    expect(withoutEcho('the username bobby is taken', ['bob'])).toBe('the username bobby is taken');
    expect(withoutEcho('is not valid', ['is', 'no'])).toBe('is not valid');
  });

  it('builds a fixed detail for a missing record, whatever the reference given', () => {
    expect(AppError.notFound('waybill SF123456').message).toBe('the parcel was not found');
    expect(AppError.notFound('staff member alice').message).toBe('the staff member was not found');
    expect(AppError.notFound('site').message).toBe('the site was not found');
    expect(AppError.notFound('the company profile').message).toBe('the company profile was not found');
  });
});

describe('problems for what a service throws', () => {
  it('answers every error code with its own status, as problem+json naming the code', async () => {
    // The server's own error handler, on a route that throws the code it is asked for.
    const server = Fastify({ logger: false });
    server.setErrorHandler((error, request, reply) => sendProblem(request, reply, toAppError(error)));
    server.get<{ Params: { code: ErrorCode } }>('/throw/:code', (request) => {
      throw new AppError(request.params.code, 'thrown by the route');
    });
    try {
      for (const [code, { status, title }] of Object.entries(ERROR_CODES)) {
        const response = await server.inject({ method: 'GET', url: `/throw/${code}` });
        expect(response.statusCode, code).toBe(status);
        expect(response.headers['content-type'], code).toContain('application/problem+json');
        expect(response.json<Problem & { title: string }>(), code).toMatchObject({ code, status, title });
      }
    } finally {
      await server.close();
    }
  });
});
