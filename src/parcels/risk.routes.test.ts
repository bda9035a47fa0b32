import { expect, it } from 'vitest';
import { residentIdCheckCharacter } from '../identity/documents/check-characters.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  createSite,
  describeEachDialect,
  signIn,
  unique,
} from '../testing/test-app.js';
import { loadDefaultRuleSet, type RuleSet } from './risk-rules.js';

describeEachDialect('risk rule sets over HTTP', (env) => {
  it('publishes a version (audited), uses it at intake, and dry-runs a candidate against past parcels', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const courier = await signIn(server, app, ['courier'], site.id);
    const officer = await signIn(server, app, ['security-officer'], site.id);
    const start = Date.now() - 1000;
    const body = `31010419800101${String(100 + (process.pid % 800)).padStart(3, '0')}`;
    for (let i = 0; i < 3; i += 1) {
      const response = await server.inject({
        method: 'POST',
        url: '/api/v1/parcels',
        headers: courier.headers,
        payload: {
          waybillNo: unique('RISK').toUpperCase().padEnd(10, '0'),
          siteId: site.id,
          route: 'domestic',
          origin: { country: 'CN', address: '上海市徐汇区' },
          destination: { country: 'CN', address: '北京市朝阳区' },
          sender: {
            documentType: 'resident-id',
            number: body + residentIdCheckCharacter(body),
            name: '张三',
            verification: { method: 'visual' },
          },
          recipient: { name: '李四', phone: '13987654321', address: '北京市朝阳区建国路1号' },
          items: [{ description: '纯棉T恤' }],
          weightGrams: 500,
          noticeAcknowledged: true,
        },
      });
      expect(response.statusCode).toBe(201);
    }
    const versions = await server.inject({ url: '/api/v1/risk/rule-sets', headers: officer.headers });
    expect(versions.json()).toMatchObject([{ version: loadDefaultRuleSet().version, active: true }]);

    // A candidate that holds every domestic parcel of a returning sender.
    const candidate = structuredClone(loadDefaultRuleSet());
    candidate.version = `${candidate.version}-strict`;
    candidate.rules.push({
      id: 'returning-domestic',
      description: 'test rule: any domestic parcel',
      weight: 100,
      when: { fact: 'route', eq: 'domestic' },
    });
    const end = Date.now() + 1000;
    const dry = await server.inject({
      method: 'POST',
      url: '/api/v1/risk/dry-run',
      headers: officer.headers,
      payload: { ruleSet: candidate, from: start, to: end },
    });
    expect(dry.statusCode).toBe(200);
    const report = dry.json<{ evaluated: number; changed: { to: string }[] }>();
    expect(report.evaluated).toBeGreaterThanOrEqual(3);
    expect(report.changed.length).toBeGreaterThanOrEqual(3);
    expect(report.changed.every((change) => change.to === 'hold')).toBe(true);
    // The body is the service's report whole (Fastify drops what the response schema does not name).
    expect(report).toEqual(await app.riskRules.dryRun(candidate, start, end));

    const forbidden = await server.inject({
      method: 'POST',
      url: '/api/v1/risk/rule-sets',
      headers: courier.headers,
      payload: { ruleSet: candidate },
    });
    expect(forbidden.statusCode).toBe(403);
    const before = await auditHead(app);
    const published = await server.inject({
      method: 'POST',
      url: '/api/v1/risk/rule-sets',
      headers: officer.headers,
      payload: { ruleSet: candidate, notes: 'stricter' },
    });
    expect(published.statusCode).toBe(201);
    expect(await auditEntriesAfter(app, before)).toMatchObject([
      { action: 'risk-rules.published', subjectId: candidate.version },
    ]);

    const broken = {
      ...candidate,
      version: 'broken',
      rules: [{ id: 'x', description: 'y', weight: 5, when: { fact: 'no.such.fact', eq: 1 } }],
    };
    const invalid = await server.inject({
      method: 'POST',
      url: '/api/v1/risk/rule-sets',
      headers: officer.headers,
      payload: { ruleSet: broken },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ errors: { path: string }[] }>().errors[0]!.path).toMatch(
      /^\/body\/ruleSet\/rules\/0\/when/,
    );
  });

  it('refuses a rule set naming a category the active catalogue does not define, naming the rule', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const officer = await signIn(server, app, ['security-officer'], site.id);
    const bundled = loadDefaultRuleSet();
    const misspelled = {
      ...bundled,
      version: unique('misspelled'),
      rules: [
        ...bundled.rules,
        {
          id: 'minerals-again',
          description: 'a second look at strategic minerals',
          weight: 5,
          when: {
            all: [
              { fact: 'screening.categories', includesAny: ['strategic-minerals', 'strategic-mineral'] },
              { fact: 'sender.recentParcels.byCategory30d.weapon', gte: 1 },
            ],
          },
        },
      ],
    };
    const before = await auditHead(app);
    const refused = await server.inject({
      method: 'POST',
      url: '/api/v1/risk/rule-sets',
      headers: officer.headers,
      payload: { ruleSet: misspelled },
    });
    expect(refused.statusCode).toBe(422);
    const at = `/body/ruleSet/rules/${bundled.rules.length}/when/all`;
    expect(refused.json()).toMatchObject({
      code: 'unknown-reference',
      errors: [
        {
          path: `${at}/0/includesAny/1`,
          message: expect.stringContaining(`rule ${bundled.rules.length} (`) as string,
        },
        {
          path: `${at}/1/fact`,
          message: expect.stringContaining('the active catalogue does not define') as string,
        },
      ],
    });
    // The service names the rule and the slug (the CLI shows them); over HTTP the caller's own words are not
    // echoed, and the path and the rule's position say where.
    await expect(app.riskRules.publish(adminContext(), misspelled, null)).rejects.toThrow(
      /rule \d+ \("minerals-again"\) names category "strategic-mineral"/,
    );
    expect(await auditEntriesAfter(app, before)).toEqual([]);
    const versions = await server.inject({ url: '/api/v1/risk/rule-sets', headers: officer.headers });
    expect(versions.json<{ version: string }[]>().map((entry) => entry.version)).not.toContain(
      misspelled.version,
    );
  });

  // Fastify writes a response from its schema and silently drops what the schema does not name: the body must be
  // the service's rule set whole, every kind of condition at every depth included.
  it('answers a whole rule set version exactly as the service returns it', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const officer = await signIn(server, app, ['security-officer'], site.id);
    const bundled = loadDefaultRuleSet();
    const whole = await server.inject({
      url: `/api/v1/risk/rule-sets/${encodeURIComponent(bundled.version)}`,
      headers: officer.headers,
    });
    expect(whole.statusCode).toBe(200);
    expect(whole.json()).toEqual(await app.riskRules.getRuleSet(bundled.version));
    expect(whole.json()).toEqual(bundled);

    // The bundled rules do not use every operator: a version that does, nested, with fractional numbers.
    const everyKind: RuleSet = {
      ...structuredClone(bundled),
      version: unique('every-kind'),
      threshold: { inspect: 12.5, hold: 40 },
      rules: [
        ...structuredClone(bundled.rules),
        {
          id: 'every-kind-of-condition',
          description: 'test rule: every operator and combinator',
          weight: 2.5,
          when: {
            any: [
              {
                all: [
                  { fact: 'route', eq: 'inbound' },
                  { fact: 'route', ne: 'domestic' },
                  { fact: 'itemCount', gt: 1 },
                  { fact: 'itemCount', gte: 2 },
                  { fact: 'itemCount', lt: 100 },
                  { fact: 'itemCount', lte: 99.5 },
                ],
              },
              { not: { any: [{ fact: 'originCountry', in: ['CN', 'HK'] }] } },
              { fact: 'screening.categories', includesAny: ['firearms'] },
              { fact: 'declaredValueCny', exists: false },
              { fact: 'sender.watchlisted', eq: true },
            ],
          },
        },
      ],
    };
    const seen = new Set<string>();
    const visit = (condition: object): void => {
      for (const [key, value] of Object.entries(condition)) {
        seen.add(key);
        if (key === 'not') visit(value as object);
        if (key === 'all' || key === 'any') (value as object[]).forEach(visit);
      }
    };
    everyKind.rules.forEach((rule) => visit(rule.when));
    expect([...seen].sort()).toEqual(
      [
        'all',
        'any',
        'not',
        'fact',
        'eq',
        'ne',
        'gt',
        'gte',
        'lt',
        'lte',
        'in',
        'includesAny',
        'exists',
      ].sort(),
    );
    await app.riskRules.publish(adminContext(), everyKind, null);
    const published = await server.inject({
      url: `/api/v1/risk/rule-sets/${encodeURIComponent(everyKind.version)}`,
      headers: officer.headers,
    });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toEqual(await app.riskRules.getRuleSet(everyKind.version));
    expect(published.json()).toEqual(everyKind);
  });
});
