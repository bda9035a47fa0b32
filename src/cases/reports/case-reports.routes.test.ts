// Reports to the authorities over HTTP: the whole path (draft → approve → submit → acknowledge), the package and the
// PDF downloads, four eyes, problem+json naming fields, and what each role may see.
import { expect, it } from 'vitest';
import type { App } from '../../app.js';
import type { Server } from '../../http/server.js';
import { acceptedParcel, certifiedStaff } from '../../testing/parcel-factories.js';
import { pdfText } from '../../testing/pdf-text.js';
import { adminContext, createSite, describeEachDialect, signIn } from '../../testing/test-app.js';
import { verifyReportPackage } from './report-package.js';

async function caseAt(app: App, siteId: string, category: string) {
  const courier = (await certifiedStaff(app, ['courier'], siteId, ['prohibited-items-identification'])).staff;
  const waybillNo = await acceptedParcel(app, siteId, courier.id);
  await app.store.transaction((trx) =>
    app.clues.raiseWithin(trx, adminContext(), {
      source: 'hubs',
      kind: 'prohibited-found-at-hub',
      severity: 'high',
      subjectType: 'parcel',
      subjectIndex: null,
      siteId,
      details: { waybillNo, category },
      refs: [{ type: 'parcel', id: waybillNo }],
    }),
  );
  const [opened] = await app.cases.findCases(adminContext(), { waybillNo });
  return { caseId: opened!.id, waybillNo };
}

async function people(server: Server, app: App, siteId: string) {
  return {
    officer: await signIn(server, app, ['security-officer']),
    second: await signIn(server, app, ['security-officer']),
    manager: await signIn(server, app, ['station-manager'], siteId),
    courier: await signIn(server, app, ['courier'], siteId),
    legal: await signIn(server, app, ['legal-liaison']),
  };
}

describeEachDialect('reports to the authorities over HTTP', (env) => {
  it('drafts, approves (four eyes), submits and acknowledges; serves the package and the PDF', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const { caseId, waybillNo } = await caseAt(app, site.id, 'firearms');
    const { officer, second, manager, courier, legal } = await people(server, app, site.id);

    const route = await server.inject({
      url: `/api/v1/cases/${caseId}/report-route`,
      headers: officer.headers,
    });
    expect(route.statusCode).toBe(200);
    expect(route.json()).toMatchObject({ authority: 'public-security' });

    const drafted = await server.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/reports`,
      headers: officer.headers,
      payload: { summary: '开箱查验发现仿真手枪一支，已扣留并保全。', evidenceIds: [] },
    });
    expect(drafted.statusCode).toBe(201);
    const id = drafted.json<{ id: string }>().id;

    const early = await server.inject({
      method: 'POST',
      url: `/api/v1/case-reports/${id}/submit`,
      headers: officer.headers,
      payload: { channel: 'in-person' },
    });
    expect(early.statusCode).toBe(409);
    const own = await server.inject({
      method: 'POST',
      url: `/api/v1/case-reports/${id}/approve`,
      headers: officer.headers,
      payload: {},
    });
    expect(own.statusCode).toBe(403);
    const courierTry = await server.inject({
      method: 'POST',
      url: `/api/v1/case-reports/${id}/approve`,
      headers: courier.headers,
      payload: {},
    });
    expect(courierTry.statusCode).toBe(403);

    const edited = await server.inject({
      method: 'PATCH',
      url: `/api/v1/case-reports/${id}`,
      headers: second.headers,
      payload: { custodyNote: '网点安全柜' },
    });
    expect(edited.statusCode).toBe(200);
    const approved = await server.inject({
      method: 'POST',
      url: `/api/v1/case-reports/${id}/approve`,
      headers: manager.headers,
      payload: {},
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', approvedBy: manager.staff.id });

    const packageResponse = await server.inject({
      url: `/api/v1/case-reports/${id}/package`,
      headers: legal.headers,
    });
    expect(packageResponse.statusCode).toBe(200);
    const publicKeyPem = app.signer.publicKeys()[0]!.publicKeyPem;
    expect(verifyReportPackage(packageResponse.json(), publicKeyPem)).toMatchObject({ valid: true });
    const managerPackage = await server.inject({
      url: `/api/v1/case-reports/${id}/package`,
      headers: manager.headers,
    });
    expect(managerPackage.statusCode).toBe(403);

    const pdf = await server.inject({ url: `/api/v1/case-reports/${id}/pdf`, headers: officer.headers });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('公安机关');
    expect(text).toContain(waybillNo);

    const submitted = await server.inject({
      method: 'POST',
      url: `/api/v1/case-reports/${id}/submit`,
      headers: legal.headers,
      payload: { channel: 'in-person', authorityReference: 'PSB-2026-77' },
    });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', submittedBy: legal.staff.id });
    const acknowledged = await server.inject({
      method: 'POST',
      url: `/api/v1/case-reports/${id}/acknowledge`,
      headers: officer.headers,
      payload: { note: '已立案' },
    });
    expect(acknowledged.json()).toMatchObject({ status: 'acknowledged' });

    // The station manager may not list the staff of headquarters: the report names its people itself.
    const list = await server.inject({ url: `/api/v1/cases/${caseId}/reports`, headers: manager.headers });
    expect(list.json()).toMatchObject([
      {
        id,
        status: 'acknowledged',
        draftedBy: officer.staff.id,
        draftedByName: officer.staff.name,
        approvedByName: manager.staff.name,
        submittedByName: legal.staff.name,
        acknowledgedByName: officer.staff.name,
      },
    ]);
    const siteStaff = await server.inject({ url: '/api/v1/staff', headers: manager.headers });
    expect(siteStaff.json<{ id: string }[]>().map((member) => member.id)).not.toContain(officer.staff.id);
    const single = await server.inject({ url: `/api/v1/case-reports/${id}`, headers: manager.headers });
    expect(single.json()).toMatchObject({ draftedByName: officer.staff.name });
    const listed = await server.inject({
      url: '/api/v1/case-reports?status=acknowledged',
      headers: officer.headers,
    });
    expect(listed.json<{ id: string }[]>().map((report) => report.id)).toContain(id);
  });

  it('answers bad input with problem+json naming the field, and hides sealed cases (404)', async () => {
    const { server, app } = env();
    const site = await createSite(app);
    const firearms = await caseAt(app, site.id, 'firearms');
    const sealed = await caseAt(app, site.id, 'spy-equipment');
    const { officer, manager } = await people(server, app, site.id);
    const bad = await server.inject({
      method: 'POST',
      url: `/api/v1/cases/${firearms.caseId}/reports`,
      headers: officer.headers,
      payload: { summary: '太短', evidenceIds: [], authority: 'customs' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(
      bad
        .json<{ errors: { path: string }[] }>()
        .errors.map((error) => error.path)
        .sort(),
    ).toEqual(['/body/overrideReason', '/body/summary'].sort());
    const unknownField = await server.inject({
      method: 'POST',
      url: `/api/v1/cases/${firearms.caseId}/reports`,
      headers: officer.headers,
      payload: { summary: '开箱查验发现仿真手枪一支。', evidenceIds: [], colour: 'red' },
    });
    expect(unknownField.statusCode).toBe(400);
    const channel = await server.inject({
      method: 'POST',
      url: '/api/v1/case-reports/x/submit',
      headers: officer.headers,
      payload: { channel: 'fax' },
    });
    expect(channel.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/body/channel');
    const figures = await server.inject({
      url: '/api/v1/case-figures?from=2026-13-01&to=2026-12-01',
      headers: manager.headers,
    });
    expect(figures.statusCode).toBe(400);
    expect(figures.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/query/from');

    // The officer without the sealed clearance, and the station manager, do not see a sealed case.
    const hidden = await server.inject({
      url: `/api/v1/cases/${sealed.caseId}/report-route`,
      headers: officer.headers,
    });
    expect(hidden.statusCode).toBe(404);
    const reports = await server.inject({
      url: `/api/v1/cases/${sealed.caseId}/reports`,
      headers: manager.headers,
    });
    expect(reports.statusCode).toBe(404);
  });
});
