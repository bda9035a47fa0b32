import { expect, it } from 'vitest';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  describeEachDialect,
  signIn,
} from '../testing/test-app.js';
import type { Catalogue } from './catalogue.js';
import { loadDefaultCatalogue } from './default-catalogue.js';

/** The bundled catalogue changed in every way a diff reports: each list of the diff comes out non-empty. */
function changedEverywhere(bundled: Catalogue): Catalogue {
  const next = structuredClone(bundled);
  next.version = `${bundled.version}-every-change`;
  next.notes.unshift('changes every part of the catalogue (route test)');
  next.categories = next.categories.filter((category) => category.slug !== 'other-prohibited');
  next.categories.push({
    slug: 'test-added',
    name: '测试新增类',
    nameEn: 'Test category',
    group: 'official',
    verdicts: { domestic: 'prohibited', inbound: 'prohibited', outbound: 'watch' },
    reportTo: ['police'],
    crimeRelated: false,
    terms: { zh: ['测试新增物'], en: ['test added thing'], slang: [] },
    overrides: [],
    limits: [],
  });
  const firearms = next.categories.find((category) => category.slug === 'firearms')!;
  firearms.name = `${firearms.name}（改）`;
  firearms.verdicts.inbound = 'restricted';
  firearms.terms.zh.push('测试专用禁词');
  firearms.terms.zh.shift();
  for (const list of [
    next.exceptions,
    next.vagueWords,
    next.depictionWords,
    next.insideWordTerms,
    next.mediaWords,
  ]) {
    list.shift();
    list.push(`测试词${list.length}`);
  }
  next.dictionary[0]!.words.shift();
  next.dictionary[0]!.words.push('测试词典词');
  const [changed, removed] = next.combinations;
  next.combinations = next.combinations.filter((combination) => combination !== removed);
  changed!.unless.push('测试除外');
  next.combinations.push({ ...structuredClone(changed!), id: 'test-added-combination' });
  next.mediaCategories = [...next.mediaCategories.filter((slug) => slug !== 'forgeries'), 'tobacco'];
  return next;
}

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

  // Fastify writes a response from its schema and silently drops what the schema does not name: the bodies must
  // be the service's objects whole, optional fields included.
  it('answers a whole catalogue version and a diff exactly as the service returns them', async () => {
    const { server, app } = env();
    const officer = await signIn(server, app, ['security-officer']);
    const bundled = loadDefaultCatalogue();
    // The bundled catalogue uses every optional field somewhere, so a field the schema left out shows here.
    const limits = bundled.categories.flatMap((category) => category.limits);
    for (const field of ['terms', 'defaultUnit', 'nominalVoltage', 'chargeUnits', 'note'] as const) {
      expect(
        limits.some((limit) => limit[field] !== undefined),
        `limits[].${field}`,
      ).toBe(true);
    }
    expect(limits.some((limit) => limit.max === null)).toBe(true);
    expect(bundled.categories.some((category) => category.overrides.some((o) => o.note !== undefined))).toBe(
      true,
    );
    expect(bundled.dictionary.some((group) => group.note !== undefined)).toBe(true);
    for (const field of ['verdicts', 'reach', 'note'] as const) {
      expect(
        bundled.combinations.some((c) => c[field] !== undefined),
        `combinations[].${field}`,
      ).toBe(true);
    }

    const whole = await server.inject({
      url: `/api/v1/catalogue/versions/${encodeURIComponent(bundled.version)}`,
      headers: officer.headers,
    });
    expect(whole.statusCode).toBe(200);
    expect(whole.json()).toEqual(await app.screening.getCatalogue(bundled.version));
    expect(whole.json()).toEqual(bundled);

    const next = changedEverywhere(bundled);
    await app.screening.publish(adminContext(), next, null);
    const nextWhole = await server.inject({
      url: `/api/v1/catalogue/versions/${encodeURIComponent(next.version)}`,
      headers: officer.headers,
    });
    expect(nextWhole.json()).toEqual(next);

    const diff = await server.inject({
      url: `/api/v1/catalogue/diff?from=${encodeURIComponent(bundled.version)}&to=${encodeURIComponent(next.version)}`,
      headers: officer.headers,
    });
    expect(diff.statusCode).toBe(200);
    const expected = await app.screening.diff(bundled.version, next.version);
    for (const [field, value] of Object.entries(expected)) {
      if (Array.isArray(value)) expect(value, field).not.toEqual([]);
    }
    const [change] = expected.changedCategories;
    for (const [field, value] of Object.entries(change!))
      expect(value, `changedCategories[].${field}`).not.toEqual([]);
    expect(diff.json()).toEqual(expected);
  });
});
