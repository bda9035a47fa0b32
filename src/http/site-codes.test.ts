import { expect, it } from 'vitest';
import { presentation, today } from '../testing/identity-factories.js';
import { intakeBody } from '../testing/parcel-factories.js';
import {
  adminContext,
  createSite,
  createStaffMember,
  describeEachDialect,
  signIn,
} from '../testing/test-app.js';

describeEachDialect('sites named by code', (env) => {
  async function storedSiteOf(waybillNo: string): Promise<string | undefined> {
    const row = await env()
      .app.store.db.selectFrom('parcels')
      .select('site_id')
      .where('waybill_no', '=', waybillNo)
      .executeTakeFirst();
    return row?.site_id;
  }

  it('takes a site code wherever a site id is taken: intake, gate, reports, staff; rows keep the id', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const courier = await signIn(server, app, ['courier'], site.id);

    const body = intakeBody(site.code);
    const intake = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: body,
    });
    expect(intake.statusCode, intake.body).toBe(201);
    expect(await storedSiteOf(body.waybillNo)).toBe(site.id);

    // Typed in lower case, as people do.
    const gate = await server.inject({
      method: 'POST',
      url: '/api/v1/identity/gate',
      headers: courier.headers,
      payload: { kind: 'document', siteId: site.code.toLowerCase(), ...presentation() },
    });
    expect(gate.statusCode, gate.body).toBe(200);
    expect(gate.json()).toMatchObject({ decision: 'pass' });

    const auditor = await signIn(server, app, ['auditor']);
    const coverage = await server.inject({
      url: `/api/v1/reports/coverage?from=${today()}&to=${today()}&siteId=${site.code}`,
      headers: auditor.headers,
    });
    expect(coverage.statusCode, coverage.body).toBe(200);
    expect(coverage.json()).toMatchObject({ siteId: site.id, rows: [{ siteId: site.id, presented: 1 }] });

    const admin = await signIn(server, app, ['admin']);
    const created = await server.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: admin.headers,
      payload: { username: `coded${Date.now()}`, name: 'Coded', siteId: site.code, roles: ['courier'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ staff: { siteId: site.id } });
    const listed = await server.inject({ url: `/api/v1/staff?siteId=${site.code}`, headers: admin.headers });
    expect(listed.statusCode, listed.body).toBe(200);
    const staffSites = new Set(listed.json<{ siteId: string }[]>().map((member) => member.siteId));
    expect([...staffSites]).toEqual([site.id]);
  });

  it('takes a code for machines, API keys and machine lists', async () => {
    const { server, app } = env();
    const hub = await createSite(app, 'hub');
    const admin = await signIn(server, app, ['admin']);
    const machine = await server.inject({
      method: 'POST',
      url: '/api/v1/machines',
      headers: admin.headers,
      payload: {
        machineCode: `XR-${hub.code}`,
        siteId: hub.code,
        maker: 'Nuctech',
        model: 'CX6040BI',
        standard: 'GB 15208.1-2018',
        certificateNo: 'CNAS-1',
        certifiedUntil: '2099-01-01',
        lastCalibratedOn: today(),
      },
    });
    expect(machine.statusCode, machine.body).toBe(201);
    expect(machine.json()).toMatchObject({ siteId: hub.id });
    const listed = await server.inject({
      url: `/api/v1/machines?siteId=${hub.code}`,
      headers: admin.headers,
    });
    expect(listed.json<{ siteId: string }[]>().map((m) => m.siteId)).toEqual([hub.id]);
    const key = await server.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: admin.headers,
      payload: { name: 'X-ray station', siteId: hub.code, role: 'xray-station' },
    });
    expect(key.statusCode, key.body).toBe(201);
    expect(key.json()).toMatchObject({ apiKey: { siteId: hub.id } });
  });

  it('resolves codes in intake reached without HTTP (NDJSON lines, parcelguard import)', async () => {
    const { app } = env();
    const site = await createSite(app);
    const { staff } = await createStaffMember(app, ['courier'], site.id);
    const body = intakeBody(site.code, { courierId: staff.id });
    const [outcome] = await app.parcels.intakeMany(adminContext(), [body]);
    expect(outcome).toMatchObject({ ok: true });
    expect(await storedSiteOf(body.waybillNo)).toBe(site.id);
    // The same parcel named by id is the same request: a replay, not a conflict.
    const [again] = await app.parcels.intakeMany(adminContext(), [{ ...body, siteId: site.id }]);
    expect(again).toMatchObject({ ok: true, value: { replayed: true } });
  });

  it('answers a code that names no site like an unknown id', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const courier = await signIn(server, app, ['courier'], site.id);
    const intake = await server.inject({
      method: 'POST',
      url: '/api/v1/parcels',
      headers: courier.headers,
      payload: intakeBody('NO-SUCH-SITE'),
    });
    expect(intake.statusCode).toBe(403);
    expect(intake.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/body/siteId');
  });
});
