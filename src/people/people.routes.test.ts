import { expect, it } from 'vitest';
import {
  auditEntriesAfter,
  auditHead,
  createSite,
  describeEachDialect,
  signIn,
} from '../testing/test-app.js';

describeEachDialect('people over HTTP', (env) => {
  it('registers a site and audits it', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const before = await auditHead(app);
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/sites',
      headers: admin.headers,
      payload: { code: 'gz-hub-9', name: 'Guangzhou hub', kind: 'hub', regionCode: '440106' },
    });
    expect(response.statusCode).toBe(201);
    const site = response.json<{ id: string; code: string }>();
    expect(site.code).toBe('GZ-HUB-9');
    const entries = await auditEntriesAfter(app, before);
    expect(entries).toMatchObject([
      {
        action: 'site.created',
        subjectType: 'site',
        subjectId: site.id,
        actorId: admin.staff.id,
        actorType: 'staff',
      },
    ]);
    expect(entries[0]!.requestId).toBe(response.headers['x-request-id']);

    const duplicate = await server.inject({
      method: 'POST',
      url: '/api/v1/sites',
      headers: admin.headers,
      payload: { code: 'GZ-HUB-9', name: 'again', kind: 'hub', regionCode: '440106' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'conflict', errors: [{ path: '/body/code' }] });
  });

  it('registers staff with a generated password, masks the phone, and audits without personal data', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const site = await createSite(app);
    const before = await auditHead(app);
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: admin.headers,
      payload: {
        username: 'li.courier',
        name: '李四',
        siteId: site.id,
        roles: ['courier'],
        phone: '13812345678',
      },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ staff: { id: string; phoneMasked: string }; generatedPassword: string }>();
    expect(body.staff.phoneMasked).toBe('138****5678');
    expect(body.generatedPassword).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
    const stored = await app.store.db
      .selectFrom('staff')
      .select('phone_enc')
      .where('id', '=', body.staff.id)
      .executeTakeFirstOrThrow();
    expect(stored.phone_enc).not.toContain('13812345678');
    const entries = await auditEntriesAfter(app, before);
    expect(entries.map((e) => e.action)).toEqual(['staff.created']);
    expect(JSON.stringify(entries)).not.toMatch(/13812345678|李四/);

    const login = await server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'li.courier', password: body.generatedPassword },
    });
    expect(login.statusCode).toBe(200);
  });

  it('refers to an unknown site with 422 naming the field', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: admin.headers,
      payload: { username: 'nobody.here', name: 'N', siteId: 'no-such-site', roles: ['courier'] },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'unknown-reference', errors: [{ path: '/body/siteId' }] });
  });

  it('enters certifications by hand (admins, with a reason), revokes them, and checks their validity', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const manager = await signIn(server, app, ['station-manager']);
    const { signIn: _unused, ...helpers } = await import('../testing/test-app.js');
    const { staff } = await helpers.createStaffMember(app, ['courier'], manager.staff.siteId);
    const before = await auditHead(app);
    const enter = (headers: Record<string, string>, payload: Record<string, unknown>) =>
      server.inject({ method: 'POST', url: `/api/v1/staff/${staff.id}/certifications`, headers, payload });
    const certification = {
      kind: 'prohibited-items-identification',
      issuedOn: '2026-01-10',
      expiresOn: '2027-01-09',
      reason: 'Trained at the regional centre in 2025; paper record on file',
    };

    // A typed-in certification opens the gates like an earned one: a station manager may not enter one.
    expect((await enter(manager.headers, certification)).statusCode).toBe(403);
    const { reason: _reason, ...withoutReason } = certification;
    const missing = await enter(admin.headers, withoutReason);
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(
      '/body/reason',
    );
    const tooShort = await enter(admin.headers, { ...certification, reason: 'because' });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json()).toMatchObject({ errors: [{ path: '/body/reason' }] });

    const granted = await enter(admin.headers, certification);
    expect(granted.statusCode).toBe(201);
    const entered = granted.json<{ id: string }>();
    expect(
      await app.staff.hasValidCertification(staff.id, 'prohibited-items-identification', '2026-06-01'),
    ).toBe(true);
    expect(
      await app.staff.hasValidCertification(staff.id, 'prohibited-items-identification', '2027-02-01'),
    ).toBe(false);
    expect(await app.staff.hasValidCertification(staff.id, 'xray-operation', '2026-06-01')).toBe(false);

    const invalid = await enter(admin.headers, {
      ...certification,
      kind: 'xray-operation',
      issuedOn: '2026-02-30',
      expiresOn: '2025-01-01',
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(
      '/body/issuedOn',
    );

    // Their station manager may still revoke it.
    const revoked = await server.inject({
      method: 'DELETE',
      url: `/api/v1/staff/${staff.id}/certifications/${entered.id}`,
      headers: manager.headers,
    });
    expect(revoked.statusCode).toBe(200);
    expect(
      await app.staff.hasValidCertification(staff.id, 'prohibited-items-identification', '2026-06-01'),
    ).toBe(false);
    const entries = await auditEntriesAfter(app, before);
    expect(entries.map((e) => e.action)).toEqual(['certification.granted', 'certification.revoked']);
    const listed = await server.inject({
      method: 'GET',
      url: `/api/v1/staff/${staff.id}/certifications`,
      headers: manager.headers,
    });
    const listedEntry = listed.json<{ id: string }[]>().find((one) => one.id === entered.id);
    expect(listedEntry).toMatchObject({ source: 'manual', reason: certification.reason });
  });

  it('keeps station managers to their own site and away from the admin role', async () => {
    const { server, app } = env();
    const manager = await signIn(server, app, ['station-manager']);
    const otherSite = await createSite(app);
    const elsewhere = await server.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: manager.headers,
      payload: { username: 'far.away', name: 'F', siteId: otherSite.id, roles: ['courier'] },
    });
    expect(elsewhere.statusCode).toBe(403);
    const escalation = await server.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: manager.headers,
      payload: { username: 'wannabe.admin', name: 'W', siteId: manager.staff.siteId, roles: ['admin'] },
    });
    expect(escalation.statusCode).toBe(403);
  });

  it('suspending a member ends their sessions and is audited', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const courier = await signIn(server, app, ['courier']);
    expect((await server.inject({ url: '/api/v1/sites', headers: courier.headers })).statusCode).toBe(200);
    const before = await auditHead(app);
    const suspended = await server.inject({
      method: 'PATCH',
      url: `/api/v1/staff/${courier.staff.id}`,
      headers: admin.headers,
      payload: { status: 'suspended' },
    });
    expect(suspended.statusCode).toBe(200);
    expect((await server.inject({ url: '/api/v1/sites', headers: courier.headers })).statusCode).toBe(401);
    expect((await auditEntriesAfter(app, before)).map((e) => e.action)).toEqual(['staff.suspended']);
  });

  it('says in /auth/me which roles the signed-in person may grant', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const manager = await signIn(server, app, ['station-manager'], site.id);
    const admin = await signIn(server, app, ['admin']);
    const mine = await server.inject({ url: '/api/v1/auth/me', headers: manager.headers });
    expect(mine.json<{ grantableRoles: string[] }>().grantableRoles).toEqual(['courier', 'screener']);
    const theirs = await server.inject({ url: '/api/v1/auth/me', headers: admin.headers });
    expect(theirs.json<{ grantableRoles: string[] }>().grantableRoles).toContain('station-manager');
  });

  it('issues API keys bound to a site and role, shown once, and audited', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const site = await createSite(app, 'hub');
    const before = await auditHead(app);
    const created = await server.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: admin.headers,
      payload: { name: 'X-ray station 1', siteId: site.id, role: 'xray-station' },
    });
    expect(created.statusCode).toBe(201);
    const { secret, apiKey } = created.json<{ secret: string; apiKey: { id: string } }>();
    const me = await server.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(me.json()).toMatchObject({
      actorType: 'api-key',
      roles: ['xray-station'],
      siteId: site.id,
      grantableRoles: [],
    });
    const listed = await server.inject({ url: '/api/v1/api-keys', headers: admin.headers });
    // pgk_<id>_<secret part>: the secret part is base64url and may itself contain '_'.
    const secretPart = secret.split('_').slice(2).join('_');
    expect(secretPart.length).toBeGreaterThanOrEqual(40);
    expect(listed.body).not.toContain(secretPart);
    // Only machine roles: no key acts as an admin, a legal liaison or any other person.
    for (const role of ['admin', 'legal-liaison', 'screener', 'courier']) {
      const person = await server.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: admin.headers,
        payload: { name: 'root', siteId: site.id, role },
      });
      expect(person.statusCode).toBe(400);
      expect(person.json()).toMatchObject({ errors: [{ path: '/body/role' }] });
    }
    expect((await auditEntriesAfter(app, before)).map((e) => e.action)).toEqual(['apikey.created']);
    expect(apiKey.id).toBeTruthy();
  });
});
