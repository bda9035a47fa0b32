import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { App } from '../app.js';
import type { Server } from '../http/server.js';
import { STAFF_ROLES } from '../people/roles.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  describeEachDialect,
  signIn,
} from '../testing/test-app.js';
import { DirectoryBlobStore, sha256Hex } from './blob-store.js';
import { SEALED_HOLD_NOTICE } from './cases.service.js';
import { parcelFoundAtHub, PDF, PNG, raise } from '../testing/case-factories.js';

/** A national-security find at a hub: the case opens sealed. */
async function sealedCase(app: App) {
  const world = await parcelFoundAtHub(app, '窃听器 一个');
  const [found] = await app.cases.findCases(adminContext(), { waybillNo: world.waybillNo });
  return { ...world, caseId: found!.id };
}

async function get(server: Server, url: string, headers: Record<string, string>) {
  return server.inject({ method: 'GET', url, headers });
}

describeEachDialect('cases over HTTP', (env) => {
  it('hides a sealed case from every role without the clearance (404), and audits every read by one with it', async () => {
    const { server, app } = env();
    const { caseId, waybillNo, hub } = await sealedCase(app);
    const detail = await app.cases.getCase(adminContext(), caseId);
    expect(detail).toMatchObject({ sealed: true, priority: 'critical', category: 'spy-equipment' });
    const evidence = await app.cases.addEvidence(adminContext(), caseId, {
      kind: 'file',
      fileName: 'photo.png',
      mediaType: 'image/png',
      contentBase64: PNG.toString('base64'),
    });

    for (const role of STAFF_ROLES) {
      const actor = await signIn(server, app, [role], hub.id);
      const one = await get(server, `/api/v1/cases/${caseId}`, actor.headers);
      expect([role, one.statusCode, one.json<{ code: string }>().code]).toEqual([role, 404, 'not-found']);
      const file = await get(server, `/api/v1/cases/${caseId}/evidence/${evidence.id}`, actor.headers);
      expect([role, file.statusCode]).toEqual([role, 404]);
      const list = await get(server, `/api/v1/cases?waybillNo=${waybillNo}`, actor.headers);
      if (list.statusCode === 200) expect(list.json()).toEqual([]);
      else expect([role, list.statusCode]).toEqual([role, 403]);
      const overdue = await get(server, '/api/v1/cases/overdue', actor.headers);
      if (overdue.statusCode === 200)
        expect(overdue.json<{ cases: { id: string }[] }>().cases.map((c) => c.id)).not.toContain(caseId);
      const status = await server.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/status`,
        headers: actor.headers,
        payload: { status: 'investigating', reason: 'take a look' },
      });
      expect([role, status.statusCode]).toEqual([
        role,
        role === 'security-officer' || role === 'admin' ? 404 : 403,
      ]);
    }

    const admin = await signIn(server, app, ['admin'], hub.id);
    const officer = await signIn(server, app, ['security-officer'], hub.id);
    const granted = await server.inject({
      method: 'PUT',
      url: `/api/v1/cases/clearances/${officer.staff.id}`,
      headers: admin.headers,
    });
    expect(granted.json()).toEqual({ staffId: officer.staff.id, granted: true });
    const before = await auditHead(app);
    const seen = await get(server, `/api/v1/cases/${caseId}`, officer.headers);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ id: caseId, sealed: true });
    const listed = await get(server, `/api/v1/cases?waybillNo=${waybillNo}`, officer.headers);
    expect(listed.json<{ id: string }[]>().map((c) => c.id)).toEqual([caseId]);
    const entries = (await auditEntriesAfter(app, before)).filter((e) => e.action === 'case.sealed-read');
    expect(entries.map((e) => [e.subjectId, e.actorId])).toEqual([
      [caseId, officer.staff.id],
      [caseId, officer.staff.id],
    ]);

    // While it is held, the hold list tells the station why only if the case is theirs to see.
    const manager = await signIn(server, app, ['station-manager'], hub.id);
    const holds = await get(server, `/api/v1/holds?siteId=${hub.id}`, manager.headers);
    expect(holds.json()).toMatchObject([{ waybillNo, reason: SEALED_HOLD_NOTICE }]);
    const clearedHolds = await get(server, `/api/v1/holds?siteId=${hub.id}`, officer.headers);
    expect(clearedHolds.json<{ reason: string }[]>()[0]!.reason).not.toBe(SEALED_HOLD_NOTICE);

    // The counter and the hub learn that the parcel is held, never why nor to whom it went.
    await app.custody.handOver(adminContext(), 'hand-to-authority', waybillNo, {
      toName: '李警官',
      toUnit: '国家安全机关',
      location: 'hub security room',
      proof: {
        kind: 'receipt',
        fileName: 'r.pdf',
        mediaType: 'application/pdf',
        contentBase64: PDF.toString('base64'),
      },
    });
    const screener = await signIn(server, app, ['screener'], hub.id);
    const handovers = await get(server, `/api/v1/parcels/${waybillNo}/handovers`, screener.headers);
    expect(handovers.statusCode).toBe(200);
    expect(handovers.json()).toMatchObject([{ toName: SEALED_HOLD_NOTICE, toUnit: null, caseId: null }]);
    expect(handovers.body).not.toContain('国家安全');
    const timeline = await get(server, `/api/v1/parcels/${waybillNo}`, screener.headers);
    expect(timeline.body).not.toContain('国家安全');
    // Nor what the open inspection found, nor the reason of any move: only that it is held.
    expect(timeline.body).not.toContain('spy-equipment');
    const seenByHub = timeline.json<{
      state: string;
      inspections: { foundCategory: string | null; foundVerdict: string | null }[];
      events: { kind: string; reason: string | null }[];
    }>();
    expect(seenByHub.state).toBe('handed-to-authority');
    expect(seenByHub.inspections.length).toBeGreaterThan(0);
    expect(seenByHub.inspections.every((i) => i.foundCategory === null && i.foundVerdict === null)).toBe(
      true,
    );
    const reasons = seenByHub.events.flatMap((event) => (event.reason === null ? [] : [event.reason]));
    expect(reasons.length).toBeGreaterThan(0);
    expect(new Set(reasons)).toEqual(new Set([SEALED_HOLD_NOTICE]));
    // The officer holding the clearance sees it all.
    const cleared = await get(server, `/api/v1/parcels/${waybillNo}`, officer.headers);
    const clearedInspections = cleared.json<{ inspections: { foundCategory: string | null }[] }>()
      .inspections;
    expect(clearedInspections.map((i) => i.foundCategory)).toContain('spy-equipment');
    const full = await get(server, `/api/v1/parcels/${waybillNo}/handovers`, officer.headers);
    expect(full.json()).toMatchObject([{ toUnit: '国家安全机关', caseId }]);
  });

  it('uploads evidence, answers it with its hash, and refuses it once the blob was altered', async () => {
    const { server, app, dataDir } = env();
    const { waybillNo, hub } = await parcelFoundAtHub(app);
    const [found] = await app.cases.findCases(adminContext(), { waybillNo });
    const officer = await signIn(server, app, ['security-officer'], hub.id);
    const uploaded = await server.inject({
      method: 'POST',
      url: `/api/v1/cases/${found!.id}/evidence`,
      headers: officer.headers,
      payload: {
        kind: 'file',
        fileName: '现场照片.png',
        mediaType: 'image/png',
        contentBase64: PNG.toString('base64'),
      },
    });
    expect(uploaded.statusCode).toBe(201);
    const evidence = uploaded.json<{ id: string; sha256: string }>();
    expect(evidence.sha256).toBe(sha256Hex(PNG));
    const download = await get(server, `/api/v1/cases/${found!.id}/evidence/${evidence.id}`, officer.headers);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['x-content-sha256']).toBe(sha256Hex(PNG));
    expect(download.rawPayload.equals(PNG)).toBe(true);

    const refused = await server.inject({
      method: 'POST',
      url: `/api/v1/cases/${found!.id}/evidence`,
      headers: officer.headers,
      payload: {
        kind: 'file',
        fileName: 'a.exe',
        mediaType: 'application/x-msdownload',
        contentBase64: 'TVqQAAMAAAAEAAAA',
      },
    });
    expect(refused.statusCode).toBe(415);
    expect(refused.json()).toMatchObject({
      code: 'unsupported-media-type',
      errors: [{ path: '/body/mediaType' }],
    });

    writeFileSync(
      new DirectoryBlobStore(`${dataDir}/evidence`).pathOf(evidence.sha256),
      Buffer.from('altered'),
    );
    const tampered = await get(server, `/api/v1/cases/${found!.id}/evidence/${evidence.id}`, officer.headers);
    expect(tampered.statusCode).toBe(500);
    expect(tampered.headers['content-type']).toContain('application/problem+json');
    expect(tampered.json()).toMatchObject({ code: 'integrity-failed' });
    expect(tampered.body).not.toContain('altered"');
  });

  it('triages clues, moves a case, answers 409 naming the state once closed', async () => {
    const { server, app } = env();
    const { waybillNo, hub } = await parcelFoundAtHub(app);
    const officer = await signIn(server, app, ['security-officer'], hub.id);
    const [found] = await app.cases.findCases(adminContext(), { waybillNo });
    const clue = await raise(app, {
      kind: 'watchlist-hit',
      severity: 'high',
      subjectType: 'phone',
      subjectIndex: 'ab'.repeat(32),
    });
    const clues = await get(server, '/api/v1/clues?status=open', officer.headers);
    expect(clues.json<{ id: string }[]>().map((c) => c.id)).toContain(clue.id);
    const attached = await server.inject({
      method: 'POST',
      url: `/api/v1/clues/${clue.id}/triage`,
      headers: officer.headers,
      payload: { action: 'attach', caseId: found!.id },
    });
    expect(attached.statusCode).toBe(200);
    expect(attached.json()).toMatchObject({
      clue: { status: 'attached', caseId: found!.id },
      case: { id: found!.id },
    });
    const unknownCase = await server.inject({
      method: 'POST',
      url: `/api/v1/clues/${(await raise(app, { severity: 'low' })).id}/triage`,
      headers: officer.headers,
      payload: { action: 'attach', caseId: 'no-such-case' },
    });
    expect(unknownCase.json()).toMatchObject({
      code: 'unknown-reference',
      errors: [{ path: '/body/caseId' }],
    });

    const move = (payload: Record<string, unknown>) =>
      server.inject({
        method: 'POST',
        url: `/api/v1/cases/${found!.id}/status`,
        headers: officer.headers,
        payload,
      });
    expect((await move({ status: 'closed', reason: 'nothing there' })).json()).toMatchObject({
      code: 'validation-failed',
      errors: [{ path: '/body/outcome' }],
    });
    expect((await move({ status: 'closed', outcome: 'confirmed', reason: 'handed over' })).statusCode).toBe(
      200,
    );
    const assign = await server.inject({
      method: 'POST',
      url: `/api/v1/cases/${found!.id}/assign`,
      headers: officer.headers,
      payload: { officerId: officer.staff.id },
    });
    expect(assign.statusCode).toBe(409);
    expect(assign.json<{ detail: string }>().detail).toContain('closed');
    expect((await move({ status: 'investigating', reason: 'reopened on new facts' })).json()).toMatchObject({
      status: 'investigating',
      outcome: null,
    });

    // The case names its people: the assignee, and each staff member in the timeline (the CLI is no one's name).
    const reassigned = await server.inject({
      method: 'POST',
      url: `/api/v1/cases/${found!.id}/assign`,
      headers: officer.headers,
      payload: { officerId: officer.staff.id },
    });
    expect(reassigned.statusCode).toBe(200);
    const detail = await get(server, `/api/v1/cases/${found!.id}`, officer.headers);
    const read = detail.json<{
      assigneeName: string | null;
      timeline: { actorType: string; actorId: string; actorName: string | null }[];
    }>();
    expect(read.assigneeName).toBe(officer.staff.name);
    const byOfficer = read.timeline.filter((event) => event.actorId === officer.staff.id);
    expect(byOfficer.length).toBeGreaterThanOrEqual(3);
    expect(byOfficer.every((event) => event.actorName === officer.staff.name)).toBe(true);
    const byOthers = read.timeline.filter((event) => event.actorType !== 'staff');
    expect(byOthers.length).toBeGreaterThan(0);
    expect(byOthers.every((event) => event.actorName === null)).toBe(true);
  });
});
