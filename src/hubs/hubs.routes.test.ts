import { expect, it } from 'vitest';
import type { App } from '../app.js';
import type { Server } from '../http/server.js';
import {
  acceptedParcel,
  certifiedStaff,
  certify,
  intakeBody,
  registerMachine,
} from '../testing/parcel-factories.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  createSite,
  describeEachDialect,
  signIn,
  unique,
} from '../testing/test-app.js';

/** An outlet with a certified courier, a hub with a certified screener signed in, and a certified machine. */
async function network(server: Server, app: App) {
  const outlet = await createSite(app);
  const hub = await createSite(app, 'hub');
  const courier = await certifiedStaff(app, ['courier'], outlet.id, ['prohibited-items-identification']);
  const screener = await signIn(server, app, ['screener'], hub.id);
  await certify(app, screener.staff.id, 'xray-operation');
  await certify(app, screener.staff.id, 'prohibited-items-identification');
  const machine = await registerMachine(app, hub.id);
  return { outlet, hub, courier: courier.staff, screener, machine };
}

function scan(waybillNo: string, machineCode: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: unique('ev'),
    waybillNo,
    machineCode,
    scannedAt: new Date().toISOString(),
    result: 'clear',
    imageRef: 's3://hub/images/1.png',
    imageSha256: 'b'.repeat(64),
    ...overrides,
  };
}

/** The kinds of the clues raised since `after` (by their audit entries). */
async function clueKinds(app: App, after: number): Promise<string[]> {
  const entries = await auditEntriesAfter(app, after);
  const ids = entries.filter((entry) => entry.action === 'clue.raised').map((entry) => entry.subjectId);
  if (ids.length === 0) return [];
  const clues = await app.store.db.selectFrom('clues').select('kind').where('id', 'in', ids).execute();
  return clues.map((clue) => clue.kind);
}

describeEachDialect('hub screening and the dispatch gate', (env) => {
  it('takes a parcel from intake through inspection, an X-ray scan and dispatch', async () => {
    const { server, app } = env();
    const { outlet, courier, screener, machine } = await network(server, app);
    const waybillNo = await acceptedParcel(app, outlet.id, courier.id);

    const before = await auditHead(app);
    const scanned = await server.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: screener.headers,
      payload: scan(waybillNo, machine.machineCode),
    });
    expect(scanned.statusCode).toBe(201);
    expect(scanned.json()).toMatchObject({ waybillNo, outcome: 'screened', state: 'screened' });
    expect((await auditEntriesAfter(app, before)).map((entry) => entry.action)).toContain('scan.recorded');

    const dispatched = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${waybillNo}/dispatch`,
      headers: screener.headers,
      payload: { containerNo: 'BAG-001' },
    });
    expect(dispatched.statusCode).toBe(200);
    expect(dispatched.json()).toMatchObject({ waybillNos: [waybillNo], containerNo: 'BAG-001' });

    const timeline = await server.inject({ url: `/api/v1/parcels/${waybillNo}`, headers: screener.headers });
    expect(timeline.json<{ state: string }>().state).toBe('dispatched');
    expect(timeline.json<{ events: { kind: string }[] }>().events.map((event) => event.kind)).toEqual([
      'intake',
      'inspect-consistent',
      'scan-clear',
      'dispatch',
    ]);
  });

  it('answers a re-sent scan event with its first answer, and a changed one with 409', async () => {
    const { server, app } = env();
    const { outlet, courier, screener, machine } = await network(server, app);
    const waybillNo = await acceptedParcel(app, outlet.id, courier.id);
    const body = scan(waybillNo, machine.machineCode);
    const send = (payload: unknown) =>
      server.inject({
        method: 'POST',
        url: '/api/v1/scans',
        headers: screener.headers,
        payload: payload as object,
      });
    expect((await send(body)).statusCode).toBe(201);
    const again = await send(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ replayed: true, outcome: 'screened' });
    const changed = await send({ ...body, result: 'suspect' });
    expect(changed.statusCode).toBe(409);
    expect(changed.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe('/body/eventId');
    const scans = await app.store.db
      .selectFrom('scans')
      .select('event_id')
      .where('waybill_no', '=', waybillNo)
      .execute();
    expect(scans).toHaveLength(1);
  });

  it('says a parcel dispatched already was dispatched, not that it was never X-rayed', async () => {
    const { server, app } = env();
    const { outlet, courier, screener, machine } = await network(server, app);
    const waybillNo = await acceptedParcel(app, outlet.id, courier.id);
    const scanned = await server.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: screener.headers,
      payload: scan(waybillNo, machine.machineCode),
    });
    expect(scanned.statusCode).toBe(201);
    const dispatch = () =>
      server.inject({
        method: 'POST',
        url: `/api/v1/parcels/${waybillNo}/dispatch`,
        headers: screener.headers,
        payload: { containerNo: 'BAG-002' },
      });
    expect((await dispatch()).statusCode).toBe(200);
    const again = await dispatch();
    expect(again.statusCode).toBe(409);
    const body = again.json<{ code: string; detail: string; errors: { path: string; message: string }[] }>();
    expect(body.code).toBe('invalid-transition');
    expect(body.detail).toBe('the parcel was already dispatched');
    expect(body.detail).not.toContain('X-rayed');
    expect(body.errors).toEqual([{ path: '/params/waybillNo', message: 'was already dispatched' }]);
  });

  it('refuses to dispatch a parcel that was never X-rayed (409 not-screened)', async () => {
    const { server, app } = env();
    const { outlet, courier, screener } = await network(server, app);
    const waybillNo = await acceptedParcel(app, outlet.id, courier.id);
    const response = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${waybillNo}/dispatch`,
      headers: screener.headers,
      payload: {},
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'not-screened' });
    const parcel = await app.parcels.getTimeline(adminContext(), waybillNo);
    expect(parcel.state).toBe('accepted');
  });

  it('dispatches a bag whole or not at all, naming every parcel that may not leave', async () => {
    const { server, app } = env();
    const { outlet, courier, screener, machine } = await network(server, app);
    const screened = await acceptedParcel(app, outlet.id, courier.id);
    const notScanned = await acceptedParcel(app, outlet.id, courier.id);
    await app.scans.submit(adminContext(), [
      { ...scan(screened, machine.machineCode), operatorId: screener.staff.id } as never,
    ]);
    const bag = await server.inject({
      method: 'POST',
      url: '/api/v1/dispatches',
      headers: screener.headers,
      payload: { containerNo: 'CAGE-7', waybillNos: [screened, notScanned] },
    });
    expect(bag.statusCode).toBe(409);
    expect(bag.json()).toMatchObject({
      code: 'not-screened',
      errors: [{ path: '/body/waybillNos/1' }],
    });
    expect((await app.parcels.getTimeline(adminContext(), screened)).state).toBe('screened');
    const alone = await server.inject({
      method: 'POST',
      url: '/api/v1/dispatches',
      headers: screener.headers,
      payload: { containerNo: 'CAGE-7', waybillNos: [screened] },
    });
    expect(alone.statusCode).toBe(201);
  });

  it('rejects and counts a scan from an uncertified or unknown machine (422 machine-not-certified)', async () => {
    const { server, app } = env();
    const { outlet, hub, courier, screener } = await network(server, app);
    const expired = await registerMachine(app, hub.id, '2020-01-01');
    const waybillNo = await acceptedParcel(app, outlet.id, courier.id);
    for (const machineCode of [expired.machineCode, 'NO-SUCH-MACHINE']) {
      const response = await server.inject({
        method: 'POST',
        url: '/api/v1/scans',
        headers: screener.headers,
        payload: scan(waybillNo, machineCode),
      });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({
        code: 'machine-not-certified',
        errors: [{ path: '/body/machineCode' }],
      });
    }
    const rejections = await app.store.db
      .selectFrom('scan_rejections')
      .select(['reason', 'machine_code'])
      .where('waybill_no', '=', waybillNo)
      .orderBy('at')
      .execute();
    expect(rejections.map((row) => row.reason).sort()).toEqual(['machine-not-certified', 'unknown-machine']);
    expect((await app.parcels.getTimeline(adminContext(), waybillNo)).state).toBe('accepted');
  });

  it('rejects a scan by an operator without xray-operation training (403 not-certified)', async () => {
    const { server, app } = env();
    const { outlet, hub, courier, machine } = await network(server, app);
    const untrained = await signIn(server, app, ['screener'], hub.id);
    const waybillNo = await acceptedParcel(app, outlet.id, courier.id);
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: untrained.headers,
      payload: scan(waybillNo, machine.machineCode),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'not-certified' });
  });

  it('holds a parcel that reaches the hub without an inspection mark, and raises a clue', async () => {
    const { server, app } = env();
    const { outlet, courier, screener, machine } = await network(server, app);
    const unmarked = await acceptedParcel(app, outlet.id, courier.id, { inspect: false });
    const before = await auditHead(app);
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: screener.headers,
      payload: scan(unmarked, machine.machineCode),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ outcome: 'held-unmarked', state: 'held' });
    expect(await clueKinds(app, before)).toEqual(['unmarked-parcel-at-hub']);
    const dispatch = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${unmarked}/dispatch`,
      headers: screener.headers,
      payload: {},
    });
    expect(dispatch.statusCode).toBe(409);
    expect(dispatch.json()).toMatchObject({ code: 'parcel-held' });

    // A waybill no counter ever took in: recorded, reported.
    const stranger = await server.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: screener.headers,
      payload: scan('NEVERSEEN01', machine.machineCode),
    });
    expect(stranger.json()).toMatchObject({ outcome: 'unknown-parcel', state: null });
  });

  it('opens a suspect parcel: clear → screened and dispatchable; prohibited found → held with a clue', async () => {
    const { server, app } = env();
    const { outlet, courier, screener, machine } = await network(server, app);
    const [first, second] = [
      await acceptedParcel(app, outlet.id, courier.id),
      await acceptedParcel(app, outlet.id, courier.id),
    ];
    const batch = await server.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: screener.headers,
      payload: [
        scan(first, machine.machineCode, { result: 'suspect', threats: ['liquid'] }),
        scan(second, machine.machineCode, { result: 'suspect', threats: ['knife'] }),
        scan(second, machine.machineCode, { scannedAt: 'yesterday' }),
      ],
    });
    expect(batch.statusCode).toBe(200);
    expect(batch.json()).toMatchObject({
      recorded: 2,
      rejected: 1,
      results: [
        { outcome: 'open-inspection', state: 'open-inspection' },
        { outcome: 'open-inspection' },
        { status: 400, problem: { code: 'validation-failed', errors: [{ path: '/scannedAt' }] } },
      ],
    });

    const cleared = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${first}/open-inspection`,
      headers: screener.headers,
      payload: { outcome: 'clear', findings: 'bottles of shampoo, sealed' },
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ state: 'screened' });
    const dispatch = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${first}/dispatch`,
      headers: screener.headers,
      payload: {},
    });
    expect(dispatch.statusCode).toBe(200);

    const before = await auditHead(app);
    const found = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${second}/open-inspection`,
      headers: screener.headers,
      payload: { outcome: 'prohibited-found', foundDescription: '管制刀具 弹簧刀一把' },
    });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ state: 'held' });
    expect(await clueKinds(app, before)).toEqual(['prohibited-found-at-hub']);
    const missing = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${second}/open-inspection`,
      headers: screener.headers,
      payload: { outcome: 'prohibited-found' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ errors: [{ path: '/body/foundDescription' }] });
  });

  it('lists the open-inspection queue of the screener’s own site, oldest first, until each is resolved', async () => {
    const { server, app } = env();
    const { outlet, hub, courier, screener, machine } = await network(server, app);
    const other = await network(server, app);
    const [first, second, cleared] = [
      await acceptedParcel(app, outlet.id, courier.id),
      await acceptedParcel(app, outlet.id, courier.id),
      await acceptedParcel(app, outlet.id, courier.id),
    ];
    const elsewhere = await acceptedParcel(app, other.outlet.id, other.courier.id);
    const earlier = Date.now() - 60_000;
    await server.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: screener.headers,
      payload: [
        scan(first, machine.machineCode, {
          result: 'suspect',
          threats: ['liquid'],
          scannedAt: new Date(earlier).toISOString(),
        }),
        scan(second, machine.machineCode, { result: 'suspect' }),
        scan(cleared, machine.machineCode, { result: 'clear' }),
      ],
    });
    await server.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: other.screener.headers,
      payload: scan(elsewhere, other.machine.machineCode, { result: 'suspect' }),
    });

    const queue = await server.inject({
      method: 'GET',
      url: '/api/v1/open-inspections',
      headers: screener.headers,
    });
    expect(queue.statusCode).toBe(200);
    expect(queue.json()).toEqual([
      expect.objectContaining({
        waybillNo: first,
        siteId: hub.id,
        machineCode: machine.machineCode,
        operatorId: screener.staff.id,
        threats: ['liquid'],
        scannedAt: earlier,
      }),
      expect.objectContaining({ waybillNo: second, threats: [] }),
    ]);

    const resolved = await server.inject({
      method: 'POST',
      url: `/api/v1/parcels/${first}/open-inspection`,
      headers: screener.headers,
      payload: { outcome: 'clear' },
    });
    expect(resolved.statusCode).toBe(200);
    const after = await server.inject({
      method: 'GET',
      url: '/api/v1/open-inspections',
      headers: screener.headers,
    });
    expect(after.json<{ waybillNo: string }[]>().map((item) => item.waybillNo)).toEqual([second]);

    // Another site's queue is not the screener's to read; a company-wide officer picks the site.
    const foreign = await server.inject({
      method: 'GET',
      url: `/api/v1/open-inspections?siteId=${other.hub.id}`,
      headers: screener.headers,
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ code: 'forbidden', errors: [{ path: '/query/siteId' }] });
    const officer = await signIn(server, app, ['security-officer'], hub.id);
    const picked = await server.inject({
      method: 'GET',
      url: `/api/v1/open-inspections?siteId=${other.hub.id}`,
      headers: officer.headers,
    });
    expect(picked.json<{ waybillNo: string }[]>().map((item) => item.waybillNo)).toEqual([elsewhere]);
    const everywhere = await server.inject({
      method: 'GET',
      url: '/api/v1/open-inspections',
      headers: officer.headers,
    });
    const all = everywhere.json<{ waybillNo: string }[]>().map((item) => item.waybillNo);
    expect(all).toEqual(expect.arrayContaining([second, elsewhere]));
    expect(all).not.toContain(first);
  });

  it('registers machines with a named problem for each bad field, scoped to the manager’s site', async () => {
    const { server, app } = env();
    const site = await createSite(app, 'hub');
    const manager = await signIn(server, app, ['station-manager'], site.id);
    const bad = await server.inject({
      method: 'POST',
      url: '/api/v1/machines',
      headers: manager.headers,
      payload: {
        machineCode: 'XR-1',
        siteId: site.id,
        maker: 'Nuctech',
        model: 'CX6040BI',
        standard: 'ISO 9001',
        certificateNo: 'C-1',
        certifiedUntil: '2027-02-30',
        lastCalibratedOn: '2026-01-01',
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json<{ errors: { path: string }[] }>()
        .errors.map((error) => error.path)
        .sort(),
    ).toEqual(['/body/certifiedUntil', '/body/standard']);
    const elsewhere = await createSite(app, 'hub');
    const foreign = await server.inject({
      method: 'POST',
      url: '/api/v1/machines',
      headers: manager.headers,
      payload: { ...intakeMachine(elsewhere.id) },
    });
    expect(foreign.statusCode).toBe(403);
    const ok = await server.inject({
      method: 'POST',
      url: '/api/v1/machines',
      headers: manager.headers,
      payload: intakeMachine(site.id),
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ certifiedToday: true, status: 'active' });
    const listed = await server.inject({ url: '/api/v1/machines', headers: manager.headers });
    expect(listed.json<{ siteId: string }[]>().every((machine) => machine.siteId === site.id)).toBe(true);
    const retired = await server.inject({
      method: 'PATCH',
      url: `/api/v1/machines/${ok.json<{ id: string }>().id}`,
      headers: manager.headers,
      payload: { status: 'retired' },
    });
    expect(retired.json()).toMatchObject({ status: 'retired', certifiedToday: false });
  });

  it('takes scans from a hub station authenticated with an API key, only for machines at its own site', async () => {
    const { server, app } = env();
    const { outlet, hub, courier, screener, machine } = await network(server, app);
    const { secret } = await app.auth.createApiKey(adminContext(), {
      name: 'X-ray station 1',
      siteId: hub.id,
      role: 'xray-station',
    });
    const station = { authorization: `Bearer ${secret}` };
    const waybillNo = await acceptedParcel(app, outlet.id, courier.id);
    const withoutOperator = await server.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: station,
      payload: scan(waybillNo, machine.machineCode),
    });
    expect(withoutOperator.statusCode).toBe(400);
    expect(withoutOperator.json()).toMatchObject({ errors: [{ path: '/body/operatorId' }] });
    const recorded = await server.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: station,
      payload: [scan(waybillNo, machine.machineCode, { operatorId: screener.staff.id })],
    });
    expect(recorded.json()).toMatchObject({ recorded: 1, results: [{ outcome: 'screened' }] });
    const otherHub = await createSite(app, 'hub');
    const foreign = await registerMachine(app, otherHub.id);
    const elsewhere = await server.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: station,
      payload: scan(waybillNo, foreign.machineCode, { operatorId: screener.staff.id }),
    });
    expect(elsewhere.statusCode).toBe(403);
  });

  it('places a hold by an operator without a site (the CLI) at the parcel’s intake site', async () => {
    const { server, app } = env();
    const { outlet, courier } = await network(server, app);
    const waybillNo = await acceptedParcel(app, outlet.id, courier.id);
    await app.parcels.hold(adminContext(), waybillNo, { reason: 'tip-off from the police' });
    const events = await app.store.db
      .selectFrom('parcel_events')
      .select(['kind', 'site_id'])
      .where('waybill_no', '=', waybillNo)
      .where('kind', '=', 'hold')
      .execute();
    expect(events).toEqual([{ kind: 'hold', site_id: outlet.id }]);
  });

  it('keeps the intake factory honest: a plain parcel is taken in for inspection', async () => {
    const { app } = env();
    const site = await createSite(app);
    const courier = await certifiedStaff(app, ['courier'], site.id, ['prohibited-items-identification']);
    const result = await app.parcels.intake(
      adminContext(),
      intakeBody(site.id, { courierId: courier.staff.id }),
    );
    expect(result.decision).toBe('inspect');
  });
});

function intakeMachine(siteId: string) {
  return {
    machineCode: unique('XR').toUpperCase(),
    siteId,
    maker: 'Nuctech',
    model: 'CX6040BI',
    standard: 'GB 15208.1-2018',
    certificateNo: 'C-1',
    certifiedUntil: '2099-12-31',
    lastCalibratedOn: '2026-01-01',
  };
}
