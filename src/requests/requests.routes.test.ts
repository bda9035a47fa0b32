// Lawful requests over HTTP on both databases: registered with its scope, verified item by item (the call-back on a
// directory number), approved by a designated second person; a foreign agency stopped; sealed from every other role.
import { expect, it } from 'vitest';
import type { App } from '../app.js';
import type { Server } from '../http/server.js';
import { STAFF_ROLES } from '../people/roles.js';
import { PDF } from '../testing/case-factories.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  describeEachDialect,
  signIn,
} from '../testing/test-app.js';
import { CHECK_ITEMS } from './requests.tables.js';

const HOUR = 3_600_000;

function requestBody(app: App, overrides: Record<string, unknown> = {}) {
  const today = new Date(app.clock.now() + 8 * HOUR).toISOString().slice(0, 10);
  return {
    agencyKind: 'state-security',
    issuingOrgan: '上海市国家安全局',
    organLevel: 'provincial',
    documentKind: 'evidence-collection-notice',
    documentNumber: '沪国安调字〔2026〕第118号',
    documentDate: today,
    documentScan: {
      fileName: 'notice.pdf',
      mediaType: 'application/pdf',
      contentBase64: PDF.toString('base64'),
    },
    officers: [
      { name: '张警官', workIdNo: 'GA-310-0042' },
      { name: '李警官', workIdNo: 'GA-310-0107' },
    ],
    arrivedVia: 'in-person',
    deadlineAt: app.clock.now() + 48 * HOUR,
    scope: {
      senderDocuments: [{ documentType: 'resident-id', number: '11010519491231002X' }],
      from: '2026-10-01',
      to: '2026-10-31',
      categories: ['real-name-records', 'parcel-records'],
    },
    ...overrides,
  };
}

async function post(server: Server, url: string, headers: Record<string, string>, payload?: unknown) {
  return server.inject({
    method: 'POST',
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

describeEachDialect('lawful requests over HTTP', (env) => {
  it('registers, verifies item by item, and is approved only by a designated second person', async () => {
    const { server, app } = env();
    const liaison = await signIn(server, app, ['legal-liaison']);
    const approver = await signIn(server, app, ['legal-liaison']);
    const admin = await signIn(server, app, ['admin']);

    const registered = await post(server, '/api/v1/lawful-requests', liaison.headers, requestBody(app));
    expect(registered.statusCode).toBe(201);
    const request = registered.json<{ id: string; reference: string; missingStep: string }>();
    expect(request).toMatchObject({
      status: 'registered',
      officers: [{ name: '张警官' }, { name: '李警官' }],
    });
    expect(request.reference).toMatch(/^LR-\d{4}-\d{4}$/);
    expect(registered.json<{ document: { sha256: string } }>().document.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(request.missingStep).toMatch(/not been verified/);
    // The officers and the scope's document number are stored encrypted, the scope by blind index.
    const stored = await app.store.db
      .selectFrom('lawful_requests')
      .selectAll()
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('张警官');
    expect(JSON.stringify(stored)).not.toContain('11010519491231002X');

    // Approving before verification: 409 naming the missing step.
    const early = await post(server, `/api/v1/lawful-requests/${request.id}/approve`, approver.headers, {
      reason: 'in scope and lawful',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json<{ detail: string }>().detail).toMatch(/not been verified/);

    // The call-back must name a directory entry, never a number from the request.
    const noEntry = await post(server, `/api/v1/lawful-requests/${request.id}/checks`, liaison.headers, {
      item: 'agency-called-back',
      passed: true,
    });
    expect(noEntry.statusCode).toBe(400);
    expect(noEntry.json()).toMatchObject({ errors: [{ path: '/body/directoryEntryId' }] });
    const entry = await post(server, '/api/v1/agency-directory', liaison.headers, {
      agencyKind: 'state-security',
      organ: '上海市国家安全局',
      phone: '021-12339',
    });
    expect(entry.statusCode).toBe(201);
    let latest = registered;
    for (const item of CHECK_ITEMS) {
      latest = await post(server, `/api/v1/lawful-requests/${request.id}/checks`, liaison.headers, {
        item,
        passed: true,
        ...(item === 'agency-called-back' ? { directoryEntryId: entry.json<{ id: string }>().id } : {}),
      });
      expect([item, latest.statusCode]).toEqual([item, 200]);
    }
    expect(latest.json()).toMatchObject({ status: 'verified' });
    expect(latest.json<{ missingStep: string }>().missingStep).toMatch(/approved/);

    // Four eyes: not a liaison who is no designated approver, not the one who registered or verified it.
    const notDesignated = await post(
      server,
      `/api/v1/lawful-requests/${request.id}/approve`,
      approver.headers,
      {
        reason: 'in scope and lawful',
      },
    );
    expect(notDesignated.statusCode).toBe(403);
    const notYet = await server.inject({
      method: 'GET',
      url: `/api/v1/lawful-requests/approvers/${approver.staff.id}`,
      headers: admin.headers,
    });
    expect(notYet.json()).toEqual({ staffId: approver.staff.id, designated: false });
    for (const member of [liaison, approver]) {
      const designated = await server.inject({
        method: 'PUT',
        url: `/api/v1/lawful-requests/approvers/${member.staff.id}`,
        headers: admin.headers,
      });
      expect(designated.json()).toEqual({ staffId: member.staff.id, designated: true });
    }
    const after = await server.inject({
      method: 'GET',
      url: `/api/v1/lawful-requests/approvers/${approver.staff.id}`,
      headers: admin.headers,
    });
    expect(after.json()).toEqual({ staffId: approver.staff.id, designated: true });
    const ownApproval = await post(server, `/api/v1/lawful-requests/${request.id}/approve`, liaison.headers, {
      reason: 'in scope and lawful',
    });
    expect(ownApproval.statusCode).toBe(403);
    expect(ownApproval.json<{ detail: string }>().detail).toMatch(/second person/);
    const before = await auditHead(app);
    const approved = await post(server, `/api/v1/lawful-requests/${request.id}/approve`, approver.headers, {
      reason: 'document and officers checked; scope limited to one sender for one month',
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      approvedBy: approver.staff.id,
      approvedByName: approver.staff.name,
      receivedBy: liaison.staff.id,
      receivedByName: liaison.staff.name,
      missingStep: null,
    });
    // The chain records the approval, its data only as a digest.
    const entries = await auditEntriesAfter(app, before);
    expect(entries.map((e) => e.action)).toEqual(['lawful-request.approved']);
    expect(JSON.stringify(entries)).not.toContain('scope limited');

    const listed = await server.inject({
      method: 'GET',
      url: '/api/v1/lawful-requests',
      headers: approver.headers,
    });
    expect(listed.json<{ id: string }[]>().map((r) => r.id)).toContain(request.id);
  });

  it('records a foreign agency and stops there; refuses a scope without limits, naming the fields', async () => {
    const { server, app } = env();
    const liaison = await signIn(server, app, ['legal-liaison']);
    const foreign = await post(
      server,
      '/api/v1/lawful-requests',
      liaison.headers,
      requestBody(app, { agencyKind: 'other', issuingOrgan: 'Foreign Police Bureau', foreignAgency: true }),
    );
    expect(foreign.statusCode).toBe(201);
    const stopped = foreign.json<{ id: string }>();
    expect(foreign.json()).toMatchObject({ status: 'refused' });
    expect(foreign.json<{ missingStep: string }>().missingStep).toMatch(/foreign/);
    const check = await post(server, `/api/v1/lawful-requests/${stopped.id}/checks`, liaison.headers, {
      item: 'document-seen',
      passed: true,
    });
    expect(check.statusCode).toBe(409);
    expect(check.json<{ detail: string }>().detail).toMatch(/foreign/);

    const unlimited = await post(
      server,
      '/api/v1/lawful-requests',
      liaison.headers,
      requestBody(app, { scope: { categories: ['parcel-records'] } }),
    );
    expect(unlimited.statusCode).toBe(400);
    const paths = unlimited.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/scope', '/body/scope/from']));

    const oneOfficer = await post(
      server,
      '/api/v1/lawful-requests',
      liaison.headers,
      requestBody(app, { officers: [{ name: '张警官', workIdNo: 'GA-310-0042' }] }),
    );
    expect(oneOfficer.statusCode).toBe(400);
    expect(oneOfficer.json()).toMatchObject({ errors: [{ path: '/body/officers' }] });
  });

  it('is sealed: every other role gets 404 on every request route, and an admin too', async () => {
    const { server, app } = env();
    const liaison = await signIn(server, app, ['legal-liaison']);
    const created = await post(server, '/api/v1/lawful-requests', liaison.headers, requestBody(app));
    const id = created.json<{ id: string }>().id;
    for (const role of STAFF_ROLES.filter((r) => r !== 'legal-liaison')) {
      const actor = await signIn(server, app, [role]);
      const answers = [
        await server.inject({ method: 'GET', url: '/api/v1/lawful-requests', headers: actor.headers }),
        await server.inject({ method: 'GET', url: `/api/v1/lawful-requests/${id}`, headers: actor.headers }),
        await post(server, '/api/v1/lawful-requests', actor.headers, requestBody(app)),
        await post(server, `/api/v1/lawful-requests/${id}/checks`, actor.headers, {
          item: 'document-seen',
          passed: true,
        }),
        await post(server, `/api/v1/lawful-requests/${id}/return`, actor.headers, { reason: 'more detail' }),
        await post(server, `/api/v1/lawful-requests/${id}/refuse`, actor.headers, { reason: 'not lawful' }),
        await post(server, `/api/v1/lawful-requests/${id}/approve`, actor.headers, { reason: 'lawful' }),
        await server.inject({ method: 'GET', url: '/api/v1/agency-directory', headers: actor.headers }),
      ];
      expect([role, answers.map((answer) => answer.statusCode)]).toEqual([role, answers.map(() => 404)]);
    }
    // Reads by the sealed role are audited.
    const before = await auditHead(app);
    await server.inject({ method: 'GET', url: `/api/v1/lawful-requests/${id}`, headers: liaison.headers });
    expect((await auditEntriesAfter(app, before)).map((e) => e.action)).toEqual(['lawful-request.read']);
    // The CLI operator holds the keys and sees it.
    expect((await app.requests.getRequest(adminContext(), id)).id).toBe(id);
  });
});
