import { expect, it } from 'vitest';
import {
  createAgreementCustomer,
  daysFromToday,
  presentation,
  uniqueUscc,
  withBadCheckCharacter,
} from '../testing/identity-factories.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  createSite,
  describeEachDialect,
  signIn,
} from '../testing/test-app.js';
import type { Agreement, GateDecision, Organisation } from './identity.types.js';

describeEachDialect('agreement customers over HTTP', (env) => {
  it('registers organisations by a checked, unique credit code', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const register = (uscc: string) =>
      server.inject({
        method: 'POST',
        url: '/api/v1/agreements/organisations',
        headers: admin.headers,
        payload: { name: 'Hangzhou Silk Co., Ltd.', uscc },
      });
    const uscc = uniqueUscc();
    const before = await auditHead(app);
    const created = await register(uscc.toLowerCase());
    expect(created.statusCode).toBe(201);
    const organisation = created.json<Organisation>();
    expect(organisation.uscc).toBe(uscc);
    expect(await auditEntriesAfter(app, before)).toMatchObject([
      { action: 'organisation.registered', subjectType: 'organisation', subjectId: organisation.id },
    ]);
    expect((await register(uscc)).json()).toMatchObject({
      code: 'conflict',
      errors: [{ path: '/body/uscc' }],
    });
    const bad = await register(withBadCheckCharacter(uniqueUscc()));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation-failed', errors: [{ path: '/body/uscc' }] });
    const missing = await server.inject({
      method: 'POST',
      url: '/api/v1/agreements/organisations',
      headers: admin.headers,
      payload: { name: 'No code' },
    });
    expect(missing.json()).toMatchObject({ errors: [{ path: '/body/uscc' }] });
  });

  it('signs an agreement, verifying the responsible person with the gate checks and registering them', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const manager = await signIn(server, app, ['station-manager']);
    const organisation = await app.agreements.registerOrganisation(adminContext(), {
      name: 'Ningbo Ceramics Ltd.',
      uscc: uniqueUscc(),
    });
    const responsible = presentation({ name: '周经理' });
    const body = {
      number: 'SA-2026-0001',
      organisationId: organisation.id,
      signedOn: daysFromToday(-10),
      validUntil: daysFromToday(355),
      siteId: admin.staff.siteId,
      responsiblePerson: responsible,
      permittedGoods: ['ceramics'],
      permittedSiteIds: [manager.staff.siteId],
    };
    const invalid = await server.inject({
      method: 'POST',
      url: '/api/v1/agreements',
      headers: admin.headers,
      payload: {
        ...body,
        responsiblePerson: { ...responsible, number: withBadCheckCharacter(responsible.number) },
      },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ errors: [{ path: '/body/responsiblePerson/number' }] });
    const unknownField = await server.inject({
      method: 'POST',
      url: '/api/v1/agreements',
      headers: admin.headers,
      payload: { ...body, responsiblePerson: { ...responsible, idPhoto: 'x' } },
    });
    expect(unknownField.json()).toMatchObject({ errors: [{ path: '/body/responsiblePerson/idPhoto' }] });
    const reversed = await server.inject({
      method: 'POST',
      url: '/api/v1/agreements',
      headers: admin.headers,
      payload: { ...body, validUntil: daysFromToday(-20) },
    });
    expect(reversed.json()).toMatchObject({ errors: [{ path: '/body/validUntil' }] });

    const before = await auditHead(app);
    const created = await server.inject({
      method: 'POST',
      url: '/api/v1/agreements',
      headers: admin.headers,
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    const agreement = created.json<Agreement>();
    expect(agreement).toMatchObject({
      number: 'SA-2026-0001',
      status: 'active',
      organisationName: 'Ningbo Ceramics Ltd.',
      permittedGoods: ['ceramics'],
      permittedSiteIds: [manager.staff.siteId],
      responsiblePerson: { documentType: 'resident-id', nameMasked: '周**' },
    });
    expect(created.body).not.toContain(responsible.number);
    expect((await auditEntriesAfter(app, before)).map((e) => e.action)).toEqual([
      'sender.verified',
      'agreement.created',
    ]);
    const sender = await app.senders.getSender(adminContext(), agreement.responsiblePerson!.senderId);
    expect(sender.verification.siteId).toBe(admin.staff.siteId);

    const duplicate = await server.inject({
      method: 'POST',
      url: '/api/v1/agreements',
      headers: admin.headers,
      payload: body,
    });
    expect(duplicate.json()).toMatchObject({ code: 'conflict', errors: [{ path: '/body/number' }] });

    const accountBefore = await auditHead(app);
    const account = await server.inject({
      method: 'POST',
      url: `/api/v1/agreements/${agreement.id}/accounts`,
      headers: admin.headers,
      payload: { code: 'NB-SHOP-1', name: 'Online shop' },
    });
    expect(account.statusCode).toBe(201);
    expect((await auditEntriesAfter(app, accountBefore)).map((e) => [e.action, e.subjectId])).toEqual([
      ['agreement-account.added', agreement.id],
    ]);
    const read = await server.inject({ url: `/api/v1/agreements/${agreement.id}`, headers: manager.headers });
    expect(read.json<Agreement>().accounts).toMatchObject([{ code: 'NB-SHOP-1', name: 'Online shop' }]);
    const forbidden = await server.inject({
      method: 'POST',
      url: '/api/v1/agreements',
      headers: manager.headers,
      payload: { ...body, number: 'SA-2026-0002' },
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('passes agreement parcels without ID, and falls back to per-parcel ID once suspended', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const courier = await signIn(server, app, ['courier']);
    const siteId = courier.staff.siteId;
    const agreement = await createAgreementCustomer(app, siteId);
    const account = await app.agreements.addAccount(adminContext(), agreement.id, {
      code: 'A1',
      name: 'Shop',
    });
    const gate = async (payload: object) =>
      (
        await server.inject({
          method: 'POST',
          url: '/api/v1/identity/gate',
          headers: courier.headers,
          payload,
        })
      ).json<GateDecision>();

    const before = await auditHead(app);
    const covered = await gate({
      kind: 'agreement',
      agreementId: agreement.id,
      accountId: account.id,
      siteId,
    });
    expect(covered).toMatchObject({ decision: 'pass', agreementId: agreement.id, reason: null });
    expect(covered.senderId).toBeUndefined();
    expect(await auditEntriesAfter(app, before)).toEqual([]);

    const suspendBefore = await auditHead(app);
    const suspended = await server.inject({
      method: 'POST',
      url: `/api/v1/agreements/${agreement.id}/suspend`,
      headers: admin.headers,
      payload: { reason: 'unpaid security deposit' },
    });
    expect(suspended.json<Agreement>()).toMatchObject({
      status: 'suspended',
      statusReason: 'unpaid security deposit',
    });
    expect(await auditEntriesAfter(app, suspendBefore)).toMatchObject([
      { action: 'agreement.status-changed', subjectType: 'agreement', subjectId: agreement.id },
    ]);

    const refused = await gate({ kind: 'agreement', agreementId: agreement.id, siteId });
    expect(refused).toMatchObject({ decision: 'refuse', reason: 'agreement-inactive' });
    const refusal = await app.store.db
      .selectFrom('refusals')
      .selectAll()
      .where('id', '=', refused.refusalId!)
      .executeTakeFirstOrThrow();
    expect(refusal).toMatchObject({
      reason: 'agreement-inactive',
      agreement_id: agreement.id,
      gate_kind: 'agreement',
    });

    const withDocument = await gate({
      kind: 'agreement',
      agreementId: agreement.id,
      siteId,
      ...presentation(),
    });
    expect(withDocument).toMatchObject({ decision: 'pass', reason: null });
    expect(withDocument.senderId).toEqual(expect.any(String));
    expect(withDocument.agreementId).toBeUndefined();
    const badFallback = await gate({
      kind: 'agreement',
      agreementId: agreement.id,
      siteId,
      ...presentation({ number: withBadCheckCharacter(presentation().number) }),
    });
    expect(badFallback).toMatchObject({ decision: 'refuse', reason: 'invalid-document' });

    await app.agreements.reactivateAgreement(adminContext(), agreement.id, 'deposit paid');
    expect((await gate({ kind: 'agreement', agreementId: agreement.id, siteId })).decision).toBe('pass');
  });

  it('refuses agreement parcels at sites it does not permit and for foreign accounts; unknown agreements are 422', async () => {
    const { server, app } = env();
    const courier = await signIn(server, app, ['courier']);
    const siteId = courier.staff.siteId;
    const otherSite = await createSite(app);
    const agreement = await createAgreementCustomer(app, siteId, { permittedSiteIds: [otherSite.id] });
    const other = await createAgreementCustomer(app, siteId);
    const foreignAccount = await app.agreements.addAccount(adminContext(), other.id, {
      code: 'B1',
      name: 'Other',
    });
    const decide = async (payload: object) =>
      (
        await server.inject({
          method: 'POST',
          url: '/api/v1/identity/gate',
          headers: courier.headers,
          payload,
        })
      ).json<GateDecision>();
    expect(await decide({ kind: 'agreement', agreementId: agreement.id, siteId })).toMatchObject({
      decision: 'refuse',
      reason: 'agreement-inactive',
    });
    expect(
      await decide({ kind: 'agreement', agreementId: other.id, accountId: foreignAccount.id, siteId }),
    ).toMatchObject({ decision: 'pass' });
    expect(
      await decide({ kind: 'agreement', agreementId: agreement.id, accountId: foreignAccount.id, siteId }),
    ).toMatchObject({ decision: 'refuse', reason: 'agreement-inactive' });
    // An agreement that does not exist is a wrong reference (422), not a lapsed agreement: nothing is recorded.
    expect(await decide({ kind: 'agreement', agreementId: 'no-such-agreement', siteId })).toMatchObject({
      code: 'unknown-reference',
      errors: [{ path: '/body/agreementId' }],
    });
  });

  it('lists agreements expiring within N days', async () => {
    const { server, app } = env();
    const manager = await signIn(server, app, ['station-manager']);
    const siteId = manager.staff.siteId;
    const soon = await createAgreementCustomer(app, siteId, { validUntil: daysFromToday(10) });
    const later = await createAgreementCustomer(app, siteId, { validUntil: daysFromToday(40) });
    const terminated = await createAgreementCustomer(app, siteId, { validUntil: daysFromToday(5) });
    await app.agreements.terminateAgreement(adminContext(), terminated.id, 'customer closed');

    const within30 = await server.inject({
      url: '/api/v1/agreements/expiring?days=30',
      headers: manager.headers,
    });
    expect(within30.statusCode).toBe(200);
    const ids = within30.json<Agreement[]>().map((a) => a.id);
    expect(ids).toContain(soon.id);
    expect(ids).not.toContain(later.id);
    expect(ids).not.toContain(terminated.id);
    const within60 = await server.inject({
      url: '/api/v1/agreements/expiring?days=60',
      headers: manager.headers,
    });
    expect(within60.json<Agreement[]>().map((a) => a.id)).toEqual(
      expect.arrayContaining([soon.id, later.id]),
    );
    const bad = await server.inject({
      url: '/api/v1/agreements/expiring?days=many',
      headers: manager.headers,
    });
    expect(bad.json()).toMatchObject({ errors: [{ path: '/query/days' }] });
    const courier = await signIn(server, app, ['courier']);
    expect(
      (await server.inject({ url: '/api/v1/agreements/expiring', headers: courier.headers })).statusCode,
    ).toBe(403);
  });

  it('allows only the status changes the agreement is in a state for', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const agreement = await createAgreementCustomer(app, admin.staff.siteId);
    const change = (action: string, reason = 'a stated reason') =>
      server.inject({
        method: 'POST',
        url: `/api/v1/agreements/${agreement.id}/${action}`,
        headers: admin.headers,
        payload: { reason },
      });
    expect((await change('reactivate')).json()).toMatchObject({ code: 'invalid-transition' });
    expect((await change('suspend', 'x')).json()).toMatchObject({ errors: [{ path: '/body/reason' }] });
    expect((await change('terminate')).json<Agreement>().status).toBe('terminated');
    const before = await auditHead(app);
    expect((await change('suspend')).statusCode).toBe(409);
    expect((await change('reactivate')).statusCode).toBe(409);
    expect(await auditEntriesAfter(app, before)).toEqual([]);
    const listed = await server.inject({
      url: '/api/v1/agreements?status=terminated',
      headers: admin.headers,
    });
    expect(listed.json<Agreement[]>().map((a) => a.id)).toContain(agreement.id);
  });
});

describeEachDialect("the counter's agreement customer pick list", (env) => {
  it('lists by name only customers covered at the courier’s site today, with names and account codes', async () => {
    const { server, app } = env();
    const here = (await createSite(app)).id;
    const elsewhere = (await createSite(app)).id;
    const courier = await signIn(server, app, ['courier'], here);
    const signed = async (name: string, permittedSiteIds: string[] = []) => {
      const organisation = await app.agreements.registerOrganisation(adminContext(), {
        name,
        uscc: uniqueUscc(),
      });
      return app.agreements.createAgreement(adminContext(), {
        number: `SA-${name.replace(/\W+/g, '-')}-${process.pid}`,
        organisationId: organisation.id,
        signedOn: daysFromToday(-30),
        validUntil: daysFromToday(335),
        siteId: here,
        responsiblePerson: presentation({ name: '王经理' }),
        permittedGoods: ['tea'],
        permittedSiteIds,
      });
    };
    const covered = await signed('Pickable Porcelain Co.', [here]);
    const account = await app.agreements.addAccount(adminContext(), covered.id, {
      code: 'PICK-01',
      name: 'Jingdezhen warehouse',
    });
    await signed('Pickable Elsewhere Co.', [elsewhere]);
    const suspended = await signed('Pickable Suspended Co.');
    await app.agreements.suspendAgreement(adminContext(), suspended.id, 'unpaid invoices');

    const search = (query: string) =>
      server.inject({
        method: 'GET',
        url: `/api/v1/agreements/customers?${query}`,
        headers: courier.headers,
      });
    const found = await search(`siteId=${here}&name=pickable`);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual([
      {
        agreementId: covered.id,
        organisationName: 'Pickable Porcelain Co.',
        accounts: [{ id: account.id, code: 'PICK-01', name: 'Jingdezhen warehouse' }],
      },
    ]);
    // An account's name finds its customer too, with only the accounts that match.
    const byAccount = await search(`siteId=${here}&name=jingdezhen`);
    expect(byAccount.json()).toMatchObject([{ agreementId: covered.id, accounts: [{ code: 'PICK-01' }] }]);
    // Another site's pick list is not the courier's to read.
    const other = await search(`siteId=${elsewhere}&name=pickable`);
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'forbidden', errors: [{ path: '/query/siteId' }] });
    // Agreements themselves stay with those who may read them.
    const agreements = await server.inject({
      method: 'GET',
      url: '/api/v1/agreements',
      headers: courier.headers,
    });
    expect(agreements.statusCode).toBe(403);
  });
});
