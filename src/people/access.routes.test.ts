// The escalations, cross-site reaches and impersonations found by trying the server as each role would
// (2026-12-06), each as it was reproduced: all answered 2xx before people/access.ts.
import { expect, it } from 'vitest';
import type { App } from '../app.js';
import type { Server } from '../http/server.js';
import { presentation } from '../testing/identity-factories.js';
import { acceptedParcel, certifiedStaff, intakeBody, registerMachine } from '../testing/parcel-factories.js';
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

async function outletWithManager(server: Server, app: App) {
  const outlet = await createSite(app);
  const manager = await signIn(server, app, ['station-manager'], outlet.id);
  return { outlet, manager };
}

describeEachDialect('access: no escalation, no cross-site reach, no impersonation', (env) => {
  it('a station manager cannot make themselves anything, nor create or touch those above them', async () => {
    const { server, app } = env();
    const { outlet, manager } = await outletWithManager(server, app);
    const before = await auditHead(app);
    const selfPromotion = await server.inject({
      method: 'PATCH',
      url: `/api/v1/staff/${manager.staff.id}`,
      headers: manager.headers,
      payload: { roles: ['station-manager', 'security-officer'] },
    });
    expect(selfPromotion.statusCode).toBe(403);
    expect(
      (await server.inject({ url: '/api/v1/identity/clues', headers: manager.headers })).statusCode,
    ).toBe(403);

    const liaison = await server.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: manager.headers,
      payload: { username: unique('liaison'), name: '法务', siteId: outlet.id, roles: ['legal-liaison'] },
    });
    expect(liaison.statusCode).toBe(403);
    expect(liaison.json()).toMatchObject({ code: 'forbidden', errors: [{ path: '/body/roles/0' }] });

    const { staff: admin } = await createStaffMember(app, ['admin'], outlet.id);
    const reset = await server.inject({
      method: 'PUT',
      url: `/api/v1/staff/${admin.id}/password`,
      headers: manager.headers,
      payload: { password: 'a brand new pass phrase 42' },
    });
    expect(reset.statusCode).toBe(403);
    const suspend = await server.inject({
      method: 'PATCH',
      url: `/api/v1/staff/${admin.id}`,
      headers: manager.headers,
      payload: { status: 'suspended' },
    });
    expect(suspend.statusCode).toBe(403);
    const { staff: peer } = await createStaffMember(app, ['station-manager'], outlet.id);
    expect(
      (
        await server.inject({
          method: 'PATCH',
          url: `/api/v1/staff/${peer.id}`,
          headers: manager.headers,
          payload: { status: 'suspended' },
        })
      ).statusCode,
    ).toBe(403);
    const byManager = (await auditEntriesAfter(app, before)).filter((e) => e.actorId === manager.staff.id);
    expect(byManager).toEqual([]);

    // What a station manager may do: manage couriers and screeners of their own site, and grant those roles.
    const courier = await server.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: manager.headers,
      payload: { username: unique('courier'), name: '快递员', siteId: outlet.id, roles: ['courier'] },
    });
    expect(courier.statusCode).toBe(201);
    const courierId = courier.json<{ staff: { id: string } }>().staff.id;
    const promoted = await server.inject({
      method: 'PATCH',
      url: `/api/v1/staff/${courierId}`,
      headers: manager.headers,
      payload: { roles: ['courier', 'screener'] },
    });
    expect(promoted.statusCode).toBe(200);
    const toManager = await server.inject({
      method: 'PATCH',
      url: `/api/v1/staff/${courierId}`,
      headers: manager.headers,
      payload: { roles: ['station-manager'] },
    });
    expect(toManager.statusCode).toBe(403);
  });

  it('nobody certifies themselves, and only an admin enters a certification by hand', async () => {
    const { server, app } = env();
    const { outlet, manager } = await outletWithManager(server, app);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const certification = {
      kind: 'xray-operation',
      issuedOn: today,
      expiresOn: `${Number(today.slice(0, 4)) + 1}-12-31`,
      reason: 'Trained at the regional centre; paper record on file',
    };
    const certify = (staffId: string) =>
      server.inject({
        method: 'POST',
        url: `/api/v1/staff/${staffId}/certifications`,
        headers: manager.headers,
        payload: certification,
      });
    const self = await certify(manager.staff.id);
    expect(self.statusCode).toBe(403);
    const { staff: officer } = await createStaffMember(app, ['security-officer'], outlet.id);
    expect((await certify(officer.id)).statusCode).toBe(403);
    const { staff: screener } = await createStaffMember(app, ['screener'], outlet.id);
    // Certificates come from training; a station manager cannot type one in, even for their own screener.
    expect((await certify(screener.id)).statusCode).toBe(403);
    expect(await app.staff.hasValidCertification(manager.staff.id, 'xray-operation')).toBe(false);
    expect(await app.staff.hasValidCertification(screener.id, 'xray-operation')).toBe(false);
    const admin = await signIn(server, app, ['admin']);
    const byAdmin = await server.inject({
      method: 'POST',
      url: `/api/v1/staff/${screener.id}/certifications`,
      headers: admin.headers,
      payload: certification,
    });
    expect(byAdmin.statusCode).toBe(201);
    const adminSelf = await server.inject({
      method: 'POST',
      url: `/api/v1/staff/${admin.staff.id}/certifications`,
      headers: admin.headers,
      payload: certification,
    });
    expect(adminSelf.statusCode).toBe(403);
  });

  it('nobody changes their own roles, not even an admin', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const own = await server.inject({
      method: 'PATCH',
      url: `/api/v1/staff/${admin.staff.id}`,
      headers: admin.headers,
      payload: { roles: ['admin', 'legal-liaison'] },
    });
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({ errors: [{ path: '/body/roles' }] });
    const rename = await server.inject({
      method: 'PATCH',
      url: `/api/v1/staff/${admin.staff.id}`,
      headers: admin.headers,
      payload: { name: 'Admin Renamed' },
    });
    expect(rename.statusCode).toBe(200);
  });

  it('a station manager lists and reads only the staff of their own site', async () => {
    const { server, app } = env();
    const { manager } = await outletWithManager(server, app);
    const elsewhere = await createSite(app);
    const { staff: stranger } = await createStaffMember(app, ['courier'], elsewhere.id);
    const list = await server.inject({
      url: `/api/v1/staff?siteId=${elsewhere.id}`,
      headers: manager.headers,
    });
    expect(list.statusCode).toBe(403);
    const all = await server.inject({ url: '/api/v1/staff', headers: manager.headers });
    expect(all.json<{ siteId: string }[]>().every((member) => member.siteId === manager.staff.siteId)).toBe(
      true,
    );
    const one = await server.inject({ url: `/api/v1/staff/${stranger.id}`, headers: manager.headers });
    expect(one.statusCode).toBe(404);
    expect(one.json()).toMatchObject({ code: 'not-found' });
    expect(one.json<{ detail: string }>().detail).not.toContain(stranger.id);
  });

  it("a courier neither inspects nor reads another outlet's parcel: 404, as if it did not exist", async () => {
    const { server, app } = env();
    const mine = await createSite(app);
    const theirs = await createSite(app);
    const courier = await signIn(server, app, ['courier'], mine.id);
    const { staff: theirCourier } = await certifiedStaff(app, ['courier'], theirs.id, [
      'prohibited-items-identification',
    ]);
    const waybillNo = await acceptedParcel(app, theirs.id, theirCourier.id, { inspect: false });
    const inspect = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${waybillNo}/inspection`,
      headers: courier.headers,
      payload: { outcome: 'consistent' },
    });
    expect(inspect.statusCode).toBe(404);
    const timeline = await server.inject({ url: `/api/v1/parcels/${waybillNo}`, headers: courier.headers });
    expect(timeline.statusCode).toBe(404);
    const unknown = await server.inject({ url: '/api/v1/parcels/WBNOSUCH0001', headers: courier.headers });
    expect(timeline.json<{ detail: string }>().detail).toBe(unknown.json<{ detail: string }>().detail);
    expect(timeline.json<{ detail: string }>().detail).not.toContain(waybillNo);
  });

  it("a station manager at an outlet cannot close a hub's open inspection of their own outlet's parcel", async () => {
    const { server, app } = env();
    const { outlet, manager } = await outletWithManager(server, app);
    const hub = await createSite(app, 'hub');
    const { staff: courier } = await certifiedStaff(app, ['courier'], outlet.id, [
      'prohibited-items-identification',
    ]);
    const { staff: screener } = await certifiedStaff(app, ['screener'], hub.id, [
      'xray-operation',
      'prohibited-items-identification',
    ]);
    await certifiedStaff(app, ['station-manager'], outlet.id, ['prohibited-items-identification']);
    const machine = await registerMachine(app, hub.id);
    const waybillNo = await acceptedParcel(app, outlet.id, courier.id);
    await app.scans.submit(adminContext(), [
      {
        eventId: unique('ev'),
        waybillNo,
        machineCode: machine.machineCode,
        operatorId: screener.id,
        scannedAt: new Date(Date.now() - 1000).toISOString(),
        result: 'suspect',
      },
    ]);
    // They can see it (it was taken in at their outlet) but the inspection is the hub's.
    const read = await server.inject({ url: `/api/v1/parcels/${waybillNo}`, headers: manager.headers });
    expect(read.statusCode).toBe(200);
    const close = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${waybillNo}/open-inspection`,
      headers: manager.headers,
      payload: { outcome: 'clear' },
    });
    expect(close.statusCode).toBe(403);
    expect((await app.parcels.getTimeline(adminContext(), waybillNo)).state).toBe('open-inspection');
  });

  it("couriers read only the senders seen at their site; the lookup is no oracle for other sites' senders", async () => {
    const { server, app } = env();
    const mine = await createSite(app);
    const theirs = await createSite(app);
    const courier = await signIn(server, app, ['courier'], mine.id);
    const shown = presentation();
    const decision = await app.identityGate.decide(adminContext(), {
      kind: 'document',
      siteId: theirs.id,
      ...shown,
    });
    const read = await server.inject({
      url: `/api/v1/identity/senders/${decision.senderId}`,
      headers: courier.headers,
    });
    expect(read.statusCode).toBe(404);
    const lookup = (number: string) =>
      server.inject({
        method: 'POST',
        url: '/api/v1/identity/senders/lookup',
        headers: courier.headers,
        payload: { documentType: 'resident-id', number },
      });
    const registered = await lookup(shown.number);
    const unregistered = await lookup(presentation().number);
    expect(registered.statusCode).toBe(404);
    expect(unregistered.statusCode).toBe(404);
    expect(registered.json<{ detail: string }>().detail).toBe(unregistered.json<{ detail: string }>().detail);

    // Once the sender presents the document at the courier's own counter, the courier sees them (masked).
    await app.identityGate.decide(adminContext(), { kind: 'document', siteId: mine.id, ...shown });
    expect((await lookup(shown.number)).statusCode).toBe(200);
  });

  it('who did it is who signed in: a person cannot record someone else as courier or inspector', async () => {
    const { server, app } = env();
    const outlet = await createSite(app);
    const courier = await signIn(server, app, ['courier'], outlet.id);
    const { staff: admin } = await createStaffMember(app, ['admin'], outlet.id);
    const { staff: screener } = await certifiedStaff(app, ['screener'], outlet.id, [
      'prohibited-items-identification',
    ]);
    const asAdmin = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: intakeBody(outlet.id, { courierId: admin.id }),
    });
    expect(asAdmin.statusCode).toBe(403);
    expect(asAdmin.json()).toMatchObject({ code: 'forbidden', errors: [{ path: '/body/courierId' }] });

    const body = intakeBody(outlet.id);
    const taken = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: body,
    });
    expect(taken.statusCode).toBe(201);
    const asScreener = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${body.waybillNo}/inspection`,
      headers: courier.headers,
      payload: { outcome: 'consistent', inspectorId: screener.id },
    });
    expect(asScreener.statusCode).toBe(403);
    expect(asScreener.json()).toMatchObject({ errors: [{ path: '/body/inspectorId' }] });
    const timeline = await app.parcels.getTimeline(adminContext(), body.waybillNo);
    expect(timeline.state).toBe('awaiting-inspection');
    expect(timeline.events[0]).toMatchObject({ actorId: courier.staff.id, custodian: courier.staff.id });
  });

  it("a station's key names only operators and couriers of its own site", async () => {
    const { server, app } = env();
    const hub = await createSite(app, 'hub');
    const otherHub = await createSite(app, 'hub');
    const outlet = await createSite(app);
    const machine = await registerMachine(app, hub.id);
    const { staff: courier } = await certifiedStaff(app, ['courier'], outlet.id, [
      'prohibited-items-identification',
    ]);
    const { staff: stranger } = await certifiedStaff(app, ['screener'], otherHub.id, ['xray-operation']);
    const { secret } = await app.auth.createApiKey(adminContext(), {
      name: 'X-ray station',
      siteId: hub.id,
      role: 'xray-station',
    });
    const waybillNo = await acceptedParcel(app, outlet.id, courier.id);
    const scan = await server.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: { authorization: `Bearer ${secret}` },
      payload: {
        eventId: unique('ev'),
        waybillNo,
        machineCode: machine.machineCode,
        operatorId: stranger.id,
        scannedAt: new Date(Date.now() - 1000).toISOString(),
        result: 'clear',
      },
    });
    expect(scan.statusCode).toBe(403);
    expect(scan.json()).toMatchObject({ errors: [{ path: '/body/operatorId' }] });

    const { secret: orders } = await app.auth.createApiKey(adminContext(), {
      name: 'order system',
      siteId: outlet.id,
      role: 'order-system',
    });
    const intake = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: { authorization: `Bearer ${orders}` },
      payload: intakeBody(outlet.id, { courierId: stranger.id }),
    });
    expect(intake.statusCode).toBe(403);
    expect(intake.json()).toMatchObject({ errors: [{ path: '/body/courierId' }] });
  });
});
