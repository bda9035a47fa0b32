import { expect, it } from 'vitest';
import type { Server } from '../http/server.js';
import { canonicalJson } from '../platform/canonical-json.js';
import {
  presentation,
  uniquePhone,
  uniqueResidentId,
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
import type { Clue, GateDecision, Refusal, Sender, WatchlistEntry } from './identity.types.js';

type Headers = { authorization: string };

async function gate(server: Server, headers: Headers, payload: object) {
  const response = await server.inject({ method: 'POST', url: '/api/v1/identity/gate', headers, payload });
  return { response, body: response.json<GateDecision & Record<string, unknown>>() };
}

describeEachDialect('identity gate over HTTP', (env) => {
  it('verifies a sender once and recognises them again, with masked reads and audit entries', async () => {
    const { server, app } = env();
    const courier = await signIn(server, app, ['courier']);
    const siteId = courier.staff.siteId;
    const shown = presentation({ number: '11010519491231002X', name: '张三', phone: '13812345678' });

    const before = await auditHead(app);
    const first = await gate(server, courier.headers, { kind: 'document', siteId, ...shown });
    expect(first.response.statusCode).toBe(200);
    expect(first.body).toMatchObject({ decision: 'pass', reason: null });
    expect(first.body.senderId).toEqual(expect.any(String));
    expect(first.body).not.toHaveProperty('clueIds');
    const senderId = first.body.senderId!;
    expect(await auditEntriesAfter(app, before)).toMatchObject([
      { action: 'sender.verified', subjectType: 'sender', subjectId: senderId, actorId: courier.staff.id },
    ]);

    // Lower-case x, spaces and a second phone: the same person, the same sender.
    const middle = await auditHead(app);
    const again = await gate(server, courier.headers, {
      kind: 'document',
      siteId,
      ...shown,
      number: ' 11010519491231002x ',
      name: '張 三',
      phone: '+86 139 0000 1111',
      verification: { method: 'face-match', deviceScore: 0.93 },
    });
    expect(again.body).toMatchObject({ decision: 'pass', senderId });
    expect((await auditEntriesAfter(app, middle)).map((e) => [e.action, e.subjectId])).toEqual([
      ['sender.updated', senderId],
    ]);

    const read = await server.inject({
      url: `/api/v1/identity/senders/${senderId}`,
      headers: courier.headers,
    });
    expect(read.statusCode).toBe(200);
    const sender = read.json<Sender>();
    expect(sender).toMatchObject({
      documentType: 'resident-id',
      documentNumberMasked: '110***********002X',
      nameMasked: '张*',
      verification: { method: 'face-match', deviceScore: 0.93, siteId, actorId: courier.staff.id },
      lastSeenSiteId: siteId,
    });
    expect(sender.phonesMasked.sort()).toEqual(['+86 139****1111', '138****5678']);
    expect(sender.lastSeenAt).toBeGreaterThanOrEqual(sender.firstSeenAt);
    expect(read.body).not.toMatch(/13812345678|11010519491231002X|张三/);

    const stored = await app.store.db
      .selectFrom('senders')
      .selectAll()
      .where('id', '=', senderId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toMatch(/11010519491231002X|张三/);

    const lookup = await server.inject({
      method: 'POST',
      url: '/api/v1/identity/senders/lookup',
      headers: courier.headers,
      payload: { documentType: 'resident-id', number: '11010519491231002X' },
    });
    expect(lookup.json<Sender>().id).toBe(senderId);
  });

  it('refuses an invalid document and stores the refusal with the validator reason, blind indexes only', async () => {
    const { server, app } = env();
    const courier = await signIn(server, app, ['courier']);
    const manager = await signIn(server, app, ['station-manager'], courier.staff.siteId);
    const siteId = courier.staff.siteId;
    const number = withBadCheckCharacter(uniqueResidentId());
    const phone = uniquePhone();
    const before = await auditHead(app);
    const refused = await gate(server, courier.headers, {
      kind: 'document',
      siteId,
      ...presentation({ number, phone }),
    });
    expect(refused.body).toMatchObject({ decision: 'refuse', reason: 'invalid-document' });
    expect(refused.body.counterMessage).toContain('check character');
    expect(refused.body.senderId).toBeUndefined();
    const refusalId = refused.body.refusalId!;
    expect(await auditEntriesAfter(app, before)).toMatchObject([
      { action: 'identity.refused', subjectType: 'refusal', subjectId: refusalId },
    ]);

    const row = await app.store.db
      .selectFrom('refusals')
      .selectAll()
      .where('id', '=', refusalId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      reason: 'invalid-document',
      document_reason: 'bad-checksum',
      document_type: 'resident-id',
      site_id: siteId,
      actor_id: courier.staff.id,
    });
    expect(row.document_index).toMatch(/^[0-9a-f]{64}$/);
    expect(row.phone_index).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(number);
    expect(JSON.stringify(row)).not.toContain(phone);
    expect(
      await app.senders.findRowByDocument(app.store.db, { documentType: 'resident-id', number }),
    ).toBeUndefined();

    const listed = await server.inject({ url: '/api/v1/identity/refusals', headers: manager.headers });
    expect(listed.statusCode).toBe(200);
    expect(listed.json<Refusal[]>().find((r) => r.id === refusalId)).toMatchObject({
      reason: 'invalid-document',
      documentReason: 'bad-checksum',
      gateKind: 'document',
    });
    const otherSite = await createSite(app);
    const elsewhere = await server.inject({
      url: `/api/v1/identity/refusals?siteId=${otherSite.id}`,
      headers: manager.headers,
    });
    expect(elsewhere.statusCode).toBe(403);
    const courierList = await server.inject({ url: '/api/v1/identity/refusals', headers: courier.headers });
    expect(courierList.statusCode).toBe(403);
  });

  it('refuses a name that does not match the registered one, and accepts its traditional spelling', async () => {
    const { server, app } = env();
    const courier = await signIn(server, app, ['courier']);
    const siteId = courier.staff.siteId;
    const shown = presentation({ name: '刘德华' });
    expect((await gate(server, courier.headers, { kind: 'document', siteId, ...shown })).body.decision).toBe(
      'pass',
    );

    const before = await auditHead(app);
    const mismatch = await gate(server, courier.headers, {
      kind: 'document',
      siteId,
      ...shown,
      name: '刘华',
    });
    expect(mismatch.body).toMatchObject({ decision: 'refuse', reason: 'name-mismatch' });
    expect(mismatch.body.counterMessage).toContain('does not match');
    expect((await auditEntriesAfter(app, before)).map((e) => e.action)).toEqual(['identity.refused']);
    const row = await app.store.db
      .selectFrom('refusals')
      .selectAll()
      .where('id', '=', mismatch.body.refusalId!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ reason: 'name-mismatch', document_reason: null });

    const traditional = await gate(server, courier.headers, {
      kind: 'document',
      siteId,
      ...shown,
      name: '劉德華',
    });
    expect(traditional.body.decision).toBe('pass');
  });

  it('refuses senders who refuse to show or have no document', async () => {
    const { server, app } = env();
    const courier = await signIn(server, app, ['courier']);
    const siteId = courier.staff.siteId;
    const before = await auditHead(app);
    const refusedToShow = await gate(server, courier.headers, { kind: 'refused-to-show', siteId });
    expect(refusedToShow.body).toMatchObject({ decision: 'refuse', reason: 'refused-to-show' });
    const noDocument = await gate(server, courier.headers, {
      kind: 'no-document',
      siteId,
      phone: uniquePhone(),
    });
    expect(noDocument.body).toMatchObject({ decision: 'refuse', reason: 'no-document' });
    expect((await auditEntriesAfter(app, before)).map((e) => e.action)).toEqual([
      'identity.refused',
      'identity.refused',
    ]);
  });

  it('raises one clue when one document is refused three times within the window', async () => {
    const { server, app } = env();
    const courier = await signIn(server, app, ['courier']);
    const officer = await signIn(server, app, ['security-officer']);
    const siteId = courier.staff.siteId;
    const number = withBadCheckCharacter(uniqueResidentId());
    const attempt = () =>
      gate(server, courier.headers, {
        kind: 'document',
        siteId,
        ...presentation({ number, phone: uniquePhone() }),
      });

    expect((await attempt()).body.decision).toBe('refuse');
    expect((await attempt()).body.decision).toBe('refuse');
    const before = await auditHead(app);
    const third = await attempt();
    expect(third.body).toMatchObject({ decision: 'refuse', reason: 'invalid-document' });
    const entries = await auditEntriesAfter(app, before);
    expect(entries.map((e) => e.action)).toEqual(['identity.refused', 'clue.raised']);
    const clueId = entries[1]!.subjectId;

    const fourthBefore = await auditHead(app);
    await attempt();
    expect((await auditEntriesAfter(app, fourthBefore)).map((e) => e.action)).toEqual(['identity.refused']);

    const clues = await server.inject({
      url: '/api/v1/identity/clues?kind=repeated-refusals',
      headers: officer.headers,
    });
    expect(clues.statusCode).toBe(200);
    const clue = clues.json<Clue[]>().find((c) => c.id === clueId)!;
    expect(clue).toMatchObject({
      source: 'identity',
      kind: 'repeated-refusals',
      subjectType: 'document',
      status: 'open',
      siteId,
      details: { refusals: 3, windowHours: 24, reasons: ['invalid-document'] },
    });
    expect(clue.refs).toHaveLength(3);
    expect(JSON.stringify(clue)).not.toContain(number);
    expect(
      (await server.inject({ url: '/api/v1/identity/clues', headers: courier.headers })).statusCode,
    ).toBe(403);
  });

  it('holds a watchlisted document or phone: a clue for officers, only "Refer to a supervisor." for the counter', async () => {
    const { server, app } = env();
    const courier = await signIn(server, app, ['courier']);
    const officer = await signIn(server, app, ['security-officer']);
    const siteId = courier.staff.siteId;
    const watched = presentation({ name: '赵六' });

    const added = await server.inject({
      method: 'POST',
      url: '/api/v1/identity/watchlist',
      headers: officer.headers,
      payload: {
        kind: 'document',
        documentType: 'resident-id',
        number: watched.number.toLowerCase(),
        reason: 'case 2025-17',
      },
    });
    expect(added.statusCode).toBe(201);
    const entry = added.json<WatchlistEntry>();
    expect(entry).toMatchObject({ kind: 'document', active: true, createdBy: officer.staff.id });
    expect(entry.valueMasked).toBe(`${watched.number.slice(0, 3)}***********${watched.number.slice(-4)}`);
    const duplicate = await server.inject({
      method: 'POST',
      url: '/api/v1/identity/watchlist',
      headers: officer.headers,
      payload: { kind: 'document', documentType: 'resident-id', number: watched.number, reason: 'again' },
    });
    expect(duplicate.statusCode).toBe(409);

    const before = await auditHead(app);
    const held = await gate(server, courier.headers, { kind: 'document', siteId, ...watched });
    expect(held.response.statusCode).toBe(200);
    expect(held.body).toEqual({
      decision: 'hold',
      senderId: expect.any(String) as string,
      reason: null,
      counterMessage: 'Refer to a supervisor.',
    });
    expect(held.response.body).not.toMatch(/watch|clue|case 2025/i);
    const entries = await auditEntriesAfter(app, before);
    expect(entries.map((e) => e.action)).toEqual(['sender.verified', 'clue.raised']);

    const clues = await server.inject({
      url: '/api/v1/identity/clues?kind=watchlist-hit',
      headers: officer.headers,
    });
    const clue = clues.json<Clue[]>().find((c) => c.id === entries[1]!.subjectId)!;
    expect(clue).toMatchObject({
      kind: 'watchlist-hit',
      severity: 'high',
      subjectType: 'document',
      details: { reason: 'watchlisted', matched: 'document' },
    });
    expect(clue.refs).toEqual(
      expect.arrayContaining([
        { type: 'watchlist-entry', id: entry.id },
        { type: 'sender', id: held.body.senderId },
      ]),
    );

    // A phone on the watchlist holds even a sender who will not show ID; no refusal is recorded then.
    const phone = uniquePhone();
    await server.inject({
      method: 'POST',
      url: '/api/v1/identity/watchlist',
      headers: officer.headers,
      payload: { kind: 'phone', phone: `+86 ${phone}`, reason: 'tip-off 88' },
    });
    const phoneBefore = await auditHead(app);
    const heldByPhone = await gate(server, courier.headers, { kind: 'refused-to-show', siteId, phone });
    expect(heldByPhone.body).toMatchObject({
      decision: 'hold',
      reason: null,
      counterMessage: 'Refer to a supervisor.',
    });
    expect((await auditEntriesAfter(app, phoneBefore)).map((e) => e.action)).toEqual(['clue.raised']);

    // Removed from the watchlist: the sender passes again.
    const removeBefore = await auditHead(app);
    const removed = await server.inject({
      method: 'DELETE',
      url: `/api/v1/identity/watchlist/${entry.id}`,
      headers: officer.headers,
    });
    expect(removed.json<WatchlistEntry>()).toMatchObject({ active: false, removedBy: officer.staff.id });
    expect((await auditEntriesAfter(app, removeBefore)).map((e) => [e.action, e.subjectId])).toEqual([
      ['watchlist.removed', entry.id],
    ]);
    expect(
      (await gate(server, courier.headers, { kind: 'document', siteId, ...watched })).body.decision,
    ).toBe('pass');
    const listed = await server.inject({ url: '/api/v1/identity/watchlist', headers: officer.headers });
    expect(listed.json<WatchlistEntry[]>().map((e) => e.id)).not.toContain(entry.id);
    const all = await server.inject({
      url: '/api/v1/identity/watchlist?includeInactive=true',
      headers: officer.headers,
    });
    expect(all.json<WatchlistEntry[]>().map((e) => e.id)).toContain(entry.id);
    expect(
      (await server.inject({ url: '/api/v1/identity/watchlist', headers: courier.headers })).statusCode,
    ).toBe(403);
  });

  it('names the field of a bad gate request (/body/...)', async () => {
    const { server, app } = env();
    const courier = await signIn(server, app, ['courier']);
    const siteId = courier.staff.siteId;
    const paths = async (payload: object) => {
      const { response } = await gate(server, courier.headers, payload);
      expect(response.statusCode).toBe(400);
      return response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    };
    const { number: _number, ...withoutNumber } = presentation();
    expect(await paths({ kind: 'document', siteId, ...withoutNumber })).toEqual(['/body/number']);
    expect(await paths({ kind: 'document', siteId, ...presentation(), colour: 'red' })).toEqual([
      '/body/colour',
    ]);
    expect(await paths({ kind: 'parcel', siteId })).toEqual(['/body/kind']);
    expect(await paths({ siteId })).toEqual(['/body/kind']);
    expect(
      await paths({ kind: 'document', siteId, ...presentation({ verification: { method: 'face-match' } }) }),
    ).toEqual(['/body/verification/deviceScore']);
    expect(
      await paths({
        kind: 'document',
        siteId,
        ...presentation({ documentType: 'uscc', number: '91350100M000100Y43' }),
      }),
    ).toEqual(['/body/documentType']);
    const passport = await gate(server, courier.headers, {
      kind: 'document',
      siteId,
      ...presentation({ documentType: 'passport', number: 'E98765432' }),
    });
    expect(passport.response.json()).toMatchObject({
      code: 'validation-failed',
      errors: [{ path: '/body/nationality' }],
    });
    const badPhone = await gate(server, courier.headers, {
      kind: 'no-document',
      siteId,
      phone: 'call me maybe',
    });
    expect(badPhone.response.json()).toMatchObject({ errors: [{ path: '/body/phone' }] });
  });

  it('keeps the counter to its own site and to what its role permits', async () => {
    const { server, app } = env();
    const courier = await signIn(server, app, ['courier']);
    const otherSite = await createSite(app);
    const elsewhere = await gate(server, courier.headers, {
      kind: 'document',
      siteId: otherSite.id,
      ...presentation(),
    });
    expect(elsewhere.response.statusCode).toBe(403);
    const screener = await signIn(server, app, ['screener']);
    const notAllowed = await gate(server, screener.headers, {
      kind: 'document',
      siteId: screener.staff.siteId,
      ...presentation(),
    });
    expect(notAllowed.response.statusCode).toBe(403);

    // A counter is a person signed in: no API key holds a person's role (the gate runs inside an order
    // system's intake instead).
    await expect(
      app.auth.createApiKey(adminContext(), {
        name: 'counter terminal',
        siteId: courier.staff.siteId,
        role: 'courier' as never,
      }),
    ).rejects.toMatchObject({ code: 'validation-failed', errors: [{ path: '/role' }] });
  });

  it('unmasks a sender only with identity:unmask and a stated purpose, audited', async () => {
    const { server, app } = env();
    const courier = await signIn(server, app, ['courier']);
    const officer = await signIn(server, app, ['security-officer']);
    const shown = presentation({ name: '孙七', phone: '13700001234' });
    const { body } = await gate(server, courier.headers, {
      kind: 'document',
      siteId: courier.staff.siteId,
      ...shown,
    });
    const url = `/api/v1/identity/senders/${body.senderId}/unmask`;
    const purpose = {
      kind: 'lawful-request',
      reference: 'PSB-2025-301',
      note: 'police request, held parcel',
    };

    const denied = await server.inject({
      method: 'POST',
      url,
      headers: courier.headers,
      payload: { purpose },
    });
    expect(denied.statusCode).toBe(403);
    const vague = await server.inject({
      method: 'POST',
      url,
      headers: officer.headers,
      payload: { purpose: 'police request 2025-301 for a held parcel' },
    });
    // Free text is no longer a purpose: a case, a lawful request, or a reason code with words.
    expect(vague.statusCode).toBe(400);
    expect(vague.json<{ errors: { path: string }[] }>().errors[0]!.path).toMatch(/^\/body\/purpose/);
    // A reason code needs a few words with it, and a reference must look like one.
    const oneWord = await server.inject({
      method: 'POST',
      url,
      headers: officer.headers,
      payload: { purpose: { kind: 'reason', code: 'supervisor-review', text: 'checkingthings' } },
    });
    expect(oneWord.json()).toMatchObject({ errors: [{ path: '/body/purpose/text' }] });
    const badReference = await server.inject({
      method: 'POST',
      url,
      headers: officer.headers,
      payload: { purpose: { kind: 'case', reference: '??' } },
    });
    expect(badReference.statusCode).toBe(400);
    expect(badReference.json<{ errors: { path: string }[] }>().errors[0]!.path).toMatch(/^\/body\/purpose/);
    const unknownCode = await server.inject({
      method: 'POST',
      url,
      headers: officer.headers,
      payload: { purpose: { kind: 'reason', code: 'curiosity', text: 'just wanted to look at it' } },
    });
    expect(unknownCode.statusCode).toBe(400);

    const before = await auditHead(app);
    const unmasked = await server.inject({
      method: 'POST',
      url,
      headers: officer.headers,
      payload: { purpose },
    });
    expect(unmasked.statusCode).toBe(200);
    expect(unmasked.json()).toMatchObject({
      id: body.senderId,
      documentNumber: shown.number,
      name: '孙七',
      phones: ['13700001234'],
    });
    const entries = await auditEntriesAfter(app, before);
    expect(entries).toMatchObject([
      {
        action: 'personal-data.unmasked',
        subjectType: 'sender',
        subjectId: body.senderId,
        actorId: officer.staff.id,
      },
    ]);
    // The purpose is recorded as a keyed digest of the entry's data, never as text.
    expect(entries[0]!.dataDigest).toBe(
      app.vault.digest(canonicalJson({ purpose, fields: ['documentNumber', 'name', 'phones'] })),
    );
    expect(JSON.stringify(entries)).not.toContain('PSB-2025-301');
  });
});
