import { expect, it } from 'vitest';
import { auditEntriesAfter, auditHead, describeEachDialect, signIn } from '../testing/test-app.js';
import { loadDefaultCatalogue } from './default-catalogue.js';

describeEachDialect('screening and catalogue versions over HTTP', (env) => {
  it('starts with the bundled catalogue as the active version, and every result names it', async () => {
    const { server, app } = env();
    const courier = await signIn(server, app, ['courier']);
    const bundled = loadDefaultCatalogue().version;
    const versions = await server.inject({ url: '/api/v1/catalogue/versions', headers: courier.headers });
    expect(versions.json()).toMatchObject([{ version: bundled, active: true }]);
    const one = await server.inject({
      method: 'POST',
      url: '/api/v1/screening',
      headers: courier.headers,
      payload: { description: '仿真手枪 一把' },
    });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      verdict: 'prohibited',
      category: 'firearms',
      catalogueVersion: bundled,
    });
    const batch = await server.inject({
      method: 'POST',
      url: '/api/v1/screening',
      headers: courier.headers,
      payload: {
        items: [
          { description: '手枪钻 电动工具' },
          { description: '礼品' },
          { description: '蔬菜种子', route: 'inbound' },
        ],
      },
    });
    const results = batch.json<{ results: { verdict: string; category: string | null }[] }>().results;
    expect(results.map((r) => r.verdict)).toEqual(['clear', 'watch', 'prohibited']);
    expect(results[2]!.category).toBe('alien-species');
  });

  it('rejects a body with neither or both of description and items, naming the field', async () => {
    const { server, app } = env();
    const courier = await signIn(server, app, ['courier']);
    for (const payload of [{}, { description: 'x', items: [{ description: 'y' }] }]) {
      const response = await server.inject({
        method: 'POST',
        url: '/api/v1/screening',
        headers: courier.headers,
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'validation-failed',
        errors: [{ path: '/body/description' }],
      });
    }
    const badRoute = await server.inject({
      method: 'POST',
      url: '/api/v1/screening',
      headers: courier.headers,
      payload: { description: 'x', route: 'sideways' },
    });
    expect(badRoute.statusCode).toBe(400);
    expect(badRoute.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe('/body/route');
  });

  it('publishes a new version (security officer only, audited), screens with it, and diffs versions', async () => {
    const { server, app } = env();
    const officer = await signIn(server, app, ['security-officer']);
    const courier = await signIn(server, app, ['courier']);
    const bundled = loadDefaultCatalogue();
    const next = structuredClone(bundled);
    next.version = `${bundled.version}-test.1`;
    const firearms = next.categories.find((c) => c.slug === 'firearms')!;
    firearms.terms.zh.push('测试专用禁词');

    const forbidden = await server.inject({
      method: 'POST',
      url: '/api/v1/catalogue/versions',
      headers: courier.headers,
      payload: { catalogue: next },
    });
    expect(forbidden.statusCode).toBe(403);

    const before = await auditHead(app);
    const published = await server.inject({
      method: 'POST',
      url: '/api/v1/catalogue/versions',
      headers: officer.headers,
      payload: { catalogue: next, notes: 'adds a test term' },
    });
    expect(published.statusCode).toBe(201);
    expect(published.json()).toMatchObject({ version: next.version, active: true });
    expect(await auditEntriesAfter(app, before)).toMatchObject([
      { action: 'catalogue.published', subjectId: next.version },
    ]);

    const screened = await server.inject({
      method: 'POST',
      url: '/api/v1/screening',
      headers: courier.headers,
      payload: { description: '测试专用禁词 一件' },
    });
    expect(screened.json()).toMatchObject({
      verdict: 'prohibited',
      category: 'firearms',
      catalogueVersion: next.version,
    });

    const list = await server.inject({ url: '/api/v1/catalogue/versions', headers: courier.headers });
    expect(list.json<{ version: string; active: boolean }[]>().map((v) => [v.version, v.active])).toEqual([
      [next.version, true],
      [bundled.version, false],
    ]);
    const diff = await server.inject({
      url: `/api/v1/catalogue/diff?from=${encodeURIComponent(bundled.version)}&to=${encodeURIComponent(next.version)}`,
      headers: courier.headers,
    });
    expect(diff.json()).toMatchObject({
      changedCategories: [{ slug: 'firearms', addedTerms: ['测试专用禁词'] }],
    });

    const again = await server.inject({
      method: 'POST',
      url: '/api/v1/catalogue/versions',
      headers: officer.headers,
      payload: { catalogue: next },
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses an invalid catalogue document and names the bad field', async () => {
    const { server, app } = env();
    const officer = await signIn(server, app, ['security-officer']);
    const broken = structuredClone(loadDefaultCatalogue()) as unknown as {
      version: string;
      categories: { verdicts: Record<string, string> }[];
    };
    broken.version = 'broken-1';
    broken.categories[0]!.verdicts.inbound = 'maybe';
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/catalogue/versions',
      headers: officer.headers,
      payload: { catalogue: broken },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ code: string; errors: { path: string; message: string }[] }>();
    expect(body.code).toBe('validation-failed');
    expect(body.errors[0]!.path).toMatch(/^\/body\/catalogue\/categories\/0\/verdicts\/inbound/);
    expect(
      (await server.inject({ url: '/api/v1/catalogue/versions/broken-1', headers: officer.headers }))
        .statusCode,
    ).toBe(404);
  });
});
