import { expect, it } from 'vitest';
import { acceptedParcel, certifiedStaff, intakeBody } from '../testing/parcel-factories.js';
import { adminContext, createSite, describeEachDialect, signIn } from '../testing/test-app.js';

interface Held {
  waybillNo: string;
  siteId: string;
  heldAtSiteId: string;
  source: string;
  reason: string | null;
  heldBy: { type: string; id: string } | null;
  custodian: string | null;
  location: string | null;
}

describeEachDialect('the list of held parcels', (env) => {
  it("lists held parcels with why, since when and by whom: a station's own, or every site company-wide", async () => {
    const { server, app } = env();
    const [siteA, siteB] = [await createSite(app), await createSite(app)];
    const courierA = await certifiedStaff(app, ['courier'], siteA.id, ['prohibited-items-identification']);
    const courierB = await certifiedStaff(app, ['courier'], siteB.id, ['prohibited-items-identification']);
    const heldA = await acceptedParcel(app, siteA.id, courierA.staff.id);
    const heldB = await acceptedParcel(app, siteB.id, courierB.staff.id);
    const notHeld = await acceptedParcel(app, siteA.id, courierA.staff.id);
    const officer = await signIn(server, app, ['security-officer']);
    for (const waybillNo of [heldA, heldB]) {
      const held = await server.inject({
        method: 'POST',
        url: `/api/v1/parcels/${waybillNo}/hold`,
        headers: officer.headers,
        payload: { reason: 'tip-off from the police', location: 'counter safe' },
      });
      expect(held.statusCode).toBe(200);
    }

    const manager = await signIn(server, app, ['station-manager'], siteA.id);
    const own = await server.inject({ url: '/api/v1/holds', headers: manager.headers });
    expect(own.statusCode).toBe(200);
    const ownList = own.json<Held[]>();
    expect(ownList.map((parcel) => parcel.waybillNo)).toEqual([heldA]);
    expect(ownList[0]).toMatchObject({
      siteId: siteA.id,
      // The hold is placed where the officer works.
      heldAtSiteId: officer.staff.siteId,
      source: 'hold',
      reason: 'tip-off from the police',
      heldBy: { type: 'staff', id: officer.staff.id },
      custodian: officer.staff.id,
      location: 'counter safe',
    });
    expect(ownList.map((parcel) => parcel.waybillNo)).not.toContain(notHeld);
    const other = await server.inject({ url: `/api/v1/holds?siteId=${siteB.id}`, headers: manager.headers });
    expect(other.statusCode).toBe(403);

    const all = await server.inject({ url: '/api/v1/holds', headers: officer.headers });
    expect(all.json<Held[]>().map((parcel) => parcel.waybillNo)).toEqual(
      expect.arrayContaining([heldA, heldB]),
    );
    const onlyB = await server.inject({
      url: `/api/v1/holds?siteId=${siteB.code}`,
      headers: officer.headers,
    });
    expect(onlyB.json<Held[]>().map((parcel) => parcel.waybillNo)).toEqual([heldB]);

    // A hand-over says who has it now; a release takes it off the list.
    await app.parcels.recordCustody(adminContext(), heldB, {
      handedTo: 'Officer Wang',
      location: 'evidence room',
    });
    const handedOver = await server.inject({
      url: `/api/v1/holds?siteId=${siteB.id}`,
      headers: officer.headers,
    });
    expect(handedOver.json<Held[]>()[0]).toMatchObject({
      custodian: 'Officer Wang',
      location: 'evidence room',
      reason: 'tip-off from the police',
    });
    await app.parcels.release(adminContext(), heldB, { reason: 'cleared by the officer' });
    const released = await server.inject({
      url: `/api/v1/holds?siteId=${siteB.id}`,
      headers: officer.headers,
    });
    expect(released.json<Held[]>()).toEqual([]);
  });

  it('lists parcels the intake decision held, without saying why when the identity gate held the sender', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const courier = await certifiedStaff(app, ['courier'], site.id, ['prohibited-items-identification']);
    const watchedSender = intakeBody(site.id, { courierId: courier.staff.id });
    const watchedRecipient = intakeBody(site.id, {
      courierId: courier.staff.id,
      recipient: { name: '赵六', phone: '13700002222', address: '北京市朝阳区建国路2号' },
    });
    await app.watchlist.addEntry(adminContext(), {
      kind: 'document',
      documentType: 'resident-id',
      number: watchedSender.sender.number!,
      reason: 'test: watched sender',
    });
    await app.watchlist.addEntry(adminContext(), {
      kind: 'phone',
      phone: '13700002222',
      reason: 'test: watched recipient',
    });
    for (const body of [watchedSender, watchedRecipient]) {
      expect((await app.parcels.intake(adminContext(), body)).decision).toBe('hold');
    }
    const manager = await signIn(server, app, ['station-manager'], site.id);
    const response = await server.inject({ url: '/api/v1/holds', headers: manager.headers });
    const byWaybill = new Map(response.json<Held[]>().map((parcel) => [parcel.waybillNo, parcel]));
    expect(byWaybill.get(watchedSender.waybillNo)).toMatchObject({
      source: 'intake',
      heldAtSiteId: site.id,
      reason: null,
    });
    const recipientHold = byWaybill.get(watchedRecipient.waybillNo);
    expect(recipientHold).toMatchObject({ source: 'intake', heldAtSiteId: site.id });
    expect(recipientHold?.reason).toEqual(expect.any(String));
  });

  it('is refused to roles that read no parcels', async () => {
    const { server, app } = env();
    const liaison = await signIn(server, app, ['legal-liaison']);
    const response = await server.inject({ url: '/api/v1/holds', headers: liaison.headers });
    expect(response.statusCode).toBe(403);
  });
});
