import { expect, it } from 'vitest';
import type { App } from '../app.js';
import type { Server } from '../http/server.js';
import { isoDate } from '../platform/clock.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  createSite,
  createStaffMember,
  describeEachDialect,
  signIn,
  unique,
} from '../testing/test-app.js';
import { intakeBody } from '../testing/parcel-factories.js';
import { residentIdCheckCharacter } from '../identity/documents/check-characters.js';

function residentId(body17: string): string {
  return body17 + residentIdCheckCharacter(body17);
}

async function counter(server: Server, app: App) {
  const site = await createSite(app);
  const courier = await signIn(server, app, ['courier'], site.id);
  const today = isoDate(Date.now());
  await app.staff.grantCertification(adminContext(), courier.staff.id, {
    reason: 'carried over from a paper record',
    kind: 'prohibited-items-identification',
    issuedOn: today,
    expiresOn: `${Number(today.slice(0, 4)) + 1}-01-01`,
  });
  return { site, courier };
}

describeEachDialect('acceptance at the counter', (env) => {
  it('accepts a verified sender after inspection and issues a mark that verifies offline', async () => {
    const { server, app } = env();
    const { site, courier } = await counter(server, app);
    const body = intakeBody(site.id);
    const before = await auditHead(app);
    const intake = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: body,
    });
    expect(intake.statusCode).toBe(201);
    expect(intake.json()).toMatchObject({
      state: 'awaiting-inspection',
      decision: 'inspect',
      replayed: false,
    });
    expect((await auditEntriesAfter(app, before)).map((e) => e.action)).toContain('parcel.taken-in');

    const inspected = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${body.waybillNo}/inspection`,
      headers: courier.headers,
      payload: { outcome: 'consistent', photoHashes: ['a'.repeat(64)] },
    });
    expect(inspected.statusCode).toBe(200);
    const { mark, state } = inspected.json<{ mark: string; state: string }>();
    expect(state).toBe('accepted');
    expect(mark.length).toBeLessThan(300);

    const verify = (code: string, waybillNo: string) =>
      server.inject({
        url: `/api/v1/marks/verify?code=${encodeURIComponent(code)}&waybillNo=${waybillNo}`,
        headers: courier.headers,
      });
    expect((await verify(mark, body.waybillNo)).json()).toMatchObject({ valid: true });
    const altered = mark.slice(0, 20) + (mark[20] === 'A' ? 'B' : 'A') + mark.slice(21);
    expect((await verify(altered, body.waybillNo)).json()).toMatchObject({ valid: false });
    expect((await verify(mark, 'OTHER0001')).json()).toMatchObject({ valid: false, reason: 'wrong-waybill' });

    const timeline = await server.inject({
      url: `/api/v1/parcels/${body.waybillNo}`,
      headers: courier.headers,
    });
    const view = timeline.json<{
      state: string;
      recipient: { nameMasked: string; phoneMasked: string };
      events: { kind: string }[];
    }>();
    expect(view.state).toBe('accepted');
    expect(view.recipient).toEqual({ nameMasked: '李*', phoneMasked: '139****4321' });
    expect(view.events.map((e) => e.kind)).toEqual(['intake', 'inspect-consistent']);
    expect(timeline.body).not.toContain('13987654321');
  });

  it('answers a retry with the same answer and a different body under the same waybill with 409', async () => {
    const { server, app } = env();
    const { site, courier } = await counter(server, app);
    const body = intakeBody(site.id);
    const first = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: body,
    });
    const again = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: body,
    });
    expect(again.statusCode).toBe(200);
    expect({ ...again.json<object>(), replayed: false }).toEqual(first.json());
    const different = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: { ...body, weightGrams: 900 },
    });
    expect(different.statusCode).toBe(409);
  });

  it('refuses an invalid document and a prohibited item, and asks for inspection of a watch item', async () => {
    const { server, app } = env();
    const { site, courier } = await counter(server, app);
    const badId = intakeBody(site.id, {
      sender: {
        documentType: 'resident-id',
        number: '310104198001011230',
        name: '张三',
        verification: { method: 'visual' },
      },
    });
    const refusedId = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: badId,
    });
    expect(refusedId.json()).toMatchObject({ decision: 'refuse', state: 'refused' });
    expect(refusedId.json<{ reasons: string[] }>().reasons.join(' ')).toContain('invalid-document');

    const gun = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: intakeBody(site.id, { items: [{ description: '仿真手枪 一把' }] }),
    });
    expect(gun.json()).toMatchObject({
      decision: 'refuse',
      state: 'refused',
      items: [{ verdict: 'prohibited', category: 'firearms' }],
    });

    const vague = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: intakeBody(site.id, { items: [{ description: '礼品' }] }),
    });
    expect(vague.json()).toMatchObject({
      decision: 'inspect',
      state: 'awaiting-inspection',
      items: [{ verdict: 'watch' }],
    });
    expect(vague.json<{ counterMessage: string }>().counterMessage).toMatch(/with care/);
  });

  it('accepts an agreement customer without ID', async () => {
    const { server, app } = env();
    const { site, courier } = await counter(server, app);
    const organisation = await app.agreements.registerOrganisation(adminContext(), {
      name: 'Acme Trading',
      uscc: '91350100M000100Y43',
    });
    const today = isoDate(Date.now());
    const agreement = await app.agreements.createAgreement(adminContext(), {
      number: unique('AG').toUpperCase(),
      organisationId: organisation.id,
      signedOn: today,
      validUntil: `${Number(today.slice(0, 4)) + 1}-12-31`,
      siteId: site.id,
      responsiblePerson: {
        documentType: 'resident-id',
        number: residentId('11010519491231002'),
        name: '王五',
        verification: { method: 'card-reader' },
      },
      // The parcel's item is a T-shirt (纯棉T恤): the agreement covers only goods it names.
      permittedGoods: ['clothing', 'T恤'],
    });
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: intakeBody(site.id, { sender: { agreementId: agreement.id } }),
    });
    expect(response.json()).toMatchObject({ decision: 'inspect', state: 'awaiting-inspection' });
  });

  it('refuses an inconsistent declaration, forbids an uncertified inspector, and a hold stops all movement', async () => {
    const { server, app } = env();
    const { site, courier } = await counter(server, app);
    const body = intakeBody(site.id);
    await server.inject({ method: 'POST', url: '/api/v1/parcels', headers: courier.headers, payload: body });

    const { staff: untrained, password } = await createStaffMember(app, ['courier'], site.id);
    const login = await server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: untrained.username, password },
    });
    const untrainedHeaders = { authorization: `Bearer ${login.json<{ token: string }>().token}` };
    const notCertified = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${body.waybillNo}/inspection`,
      headers: untrainedHeaders,
      payload: { outcome: 'consistent' },
    });
    expect(notCertified.statusCode).toBe(403);
    expect(notCertified.json()).toMatchObject({ code: 'not-certified' });

    const inconsistent = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${body.waybillNo}/inspection`,
      headers: courier.headers,
      payload: { outcome: 'inconsistent', foundDescription: '香烟 10条' },
    });
    expect(inconsistent.json()).toMatchObject({ state: 'refused', outcome: 'inconsistent', mark: null });

    const gunFound = intakeBody(site.id);
    await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: gunFound,
    });
    const found = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${gunFound.waybillNo}/inspection`,
      headers: courier.headers,
      payload: { outcome: 'prohibited-found', foundDescription: '手枪 一把', photoHashes: ['b'.repeat(64)] },
    });
    expect(found.json()).toMatchObject({ state: 'held', outcome: 'prohibited-found', mark: null });
    const clues = await app.clues.findClues(adminContext(), { kind: 'prohibited-found' });
    expect(clues.some((clue) => clue.refs.some((ref) => ref.id === gunFound.waybillNo))).toBe(true);

    const held = intakeBody(site.id);
    await server.inject({ method: 'POST', url: '/api/v1/parcels', headers: courier.headers, payload: held });
    const officer = await signIn(server, app, ['security-officer'], site.id);
    const before = await auditHead(app);
    const hold = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${held.waybillNo}/hold`,
      headers: officer.headers,
      payload: { reason: 'tip-off from the hub', location: 'outlet safe' },
    });
    expect(hold.json()).toMatchObject({ state: 'held', heldFrom: 'awaiting-inspection' });
    expect((await auditEntriesAfter(app, before)).map((e) => e.action)).toEqual(['parcel.held']);
    const blocked = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${held.waybillNo}/inspection`,
      headers: courier.headers,
      payload: { outcome: 'consistent' },
    });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json()).toMatchObject({ code: 'parcel-held' });
    const custody = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${held.waybillNo}/custody`,
      headers: officer.headers,
      payload: { handedTo: 'Officer Chen, public security', location: 'Xuhui police station' },
    });
    expect(
      custody.json<{ events: { kind: string; custodian: string | null }[] }>().events.at(-1),
    ).toMatchObject({
      kind: 'custody',
      custodian: 'Officer Chen, public security',
    });
    const released = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${held.waybillNo}/release`,
      headers: officer.headers,
      payload: { reason: 'cleared after review' },
    });
    expect(released.json()).toMatchObject({ state: 'awaiting-inspection' });
    // Release lifts the stop; the parcel is still with whoever the hold or the last hand-over named.
    expect(
      released.json<{ events: { kind: string; custodian: string | null }[] }>().events.at(-1),
    ).toMatchObject({ kind: 'release', custodian: 'Officer Chen, public security' });
  });

  it('names bad and unknown fields', async () => {
    const { server, app } = env();
    const { site, courier } = await counter(server, app);
    const noNotice = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: intakeBody(site.id, { noticeAcknowledged: false }),
    });
    expect(noNotice.statusCode).toBe(400);
    expect(noNotice.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(
      '/body/noticeAcknowledged',
    );
    // A signed-in courier collects as themselves: naming anyone else is forbidden, naming the field.
    const someoneElse = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: intakeBody(site.id, { courierId: 'nobody' }),
    });
    expect(someoneElse.statusCode).toBe(403);
    expect(someoneElse.json()).toMatchObject({ errors: [{ path: '/body/courierId' }] });
    // A machine names the courier, who must exist and be active.
    await expect(
      app.parcels.intake(adminContext(), intakeBody(site.id, { courierId: 'nobody' })),
    ).rejects.toMatchObject({ code: 'unknown-reference', errors: [{ path: '/courierId' }] });
  });
});
