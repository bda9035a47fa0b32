// Everything in identity that time ends: retention of senders and refusals, watchlist expiries, the window in which
// repeated refusals count, agreements past their valid-until. A manual clock moves time; each suite has its own.
import { expect, it } from 'vitest';
import type { Server } from '../http/server.js';
import { ManualClock } from '../platform/clock.js';
import {
  createAgreementCustomer,
  presentation,
  uniquePhone,
  uniqueResidentId,
  withBadCheckCharacter,
} from '../testing/identity-factories.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  describeEachDialect,
  signIn,
} from '../testing/test-app.js';
import type { GateDecision, RetentionReport, WatchlistEntry } from './identity.types.js';
import { addDays, chinaDate } from './subject-index.js';

const DAY = 86_400_000;

async function gate(server: Server, headers: { authorization: string }, payload: object) {
  const response = await server.inject({ method: 'POST', url: '/api/v1/identity/gate', headers, payload });
  return response.json<GateDecision>();
}

const retentionClock = new ManualClock(Date.now());
describeEachDialect(
  'identity retention',
  (env) => {
    it('purges senders last seen too long ago and old refusals, keeps what agreements still need, audits the counts', async () => {
      const { server, app } = env();
      retentionClock.set(Date.now());
      const courier = await signIn(server, app, ['courier']);
      const siteId = courier.staff.siteId;
      const old = await gate(server, courier.headers, { kind: 'document', siteId, ...presentation() });
      const returning = presentation();
      const first = await gate(server, courier.headers, { kind: 'document', siteId, ...returning });
      const running = await createAgreementCustomer(app, siteId, {
        validUntil: addDays(chinaDate(Date.now()), 900),
      });
      const ended = await createAgreementCustomer(app, siteId, {
        validUntil: addDays(chinaDate(Date.now()), 100),
      });
      const oldRefusal = await gate(server, courier.headers, { kind: 'refused-to-show', siteId });

      retentionClock.advance(400 * DAY);
      const later = await signIn(server, app, ['courier'], siteId);
      const recent = await gate(server, later.headers, { kind: 'document', siteId, ...presentation() });
      const recentRefusal = await gate(server, later.headers, { kind: 'no-document', siteId });
      // Retention counts from the last time a sender was seen, not from their registration.
      const seenAgain = await gate(server, later.headers, { kind: 'document', siteId, ...returning });
      expect(seenAgain.senderId).toBe(first.senderId);

      const admin = await signIn(server, app, ['admin']);
      const notAdmin = await server.inject({
        method: 'POST',
        url: '/api/v1/identity/retention/run',
        headers: later.headers,
      });
      expect(notAdmin.statusCode).toBe(403);
      const before = await auditHead(app);
      const response = await server.inject({
        method: 'POST',
        url: '/api/v1/identity/retention/run',
        headers: admin.headers,
      });
      expect(response.statusCode).toBe(200);
      const report = response.json<RetentionReport>();
      // The old walk-in sender and the responsible person of the agreement that ended; each had one phone.
      expect(report).toMatchObject({ senders: 2, senderPhones: 2, refusals: 1 });
      expect(report.sendersLastSeenBefore).toBe(retentionClock.now() - 365 * DAY);
      expect(await auditEntriesAfter(app, before)).toMatchObject([
        { action: 'retention.purged', subjectType: 'retention', actorId: admin.staff.id },
      ]);

      await expect(app.senders.getSender(adminContext(), old.senderId!)).rejects.toMatchObject({
        code: 'not-found',
      });
      await expect(app.senders.getSender(adminContext(), recent.senderId!)).resolves.toMatchObject({
        id: recent.senderId,
      });
      await expect(app.senders.getSender(adminContext(), first.senderId!)).resolves.toMatchObject({
        id: first.senderId,
      });
      await expect(
        app.senders.getSender(adminContext(), running.responsiblePerson!.senderId),
      ).resolves.toBeTruthy();
      const endedNow = await app.agreements.getAgreement(ended.id);
      expect(endedNow).toMatchObject({ status: 'expired', responsiblePerson: null });
      expect((await app.agreements.getAgreement(running.id)).status).toBe('active');
      const refusalIds = (await app.store.db.selectFrom('refusals').select('id').execute()).map((r) => r.id);
      expect(refusalIds).toContain(recentRefusal.refusalId);
      expect(refusalIds).not.toContain(oldRefusal.refusalId);

      // Nothing left to purge: a second run purges nothing and still records that it ran.
      const again = await app.retention.run(adminContext());
      expect(again).toMatchObject({ senders: 0, senderPhones: 0, refusals: 0 });
    });
  },
  { clock: retentionClock },
);

const clock = new ManualClock(Date.now());
describeEachDialect(
  'identity over time',
  (env) => {
    it('stops matching a watchlist entry after its expiry date', async () => {
      const { server, app } = env();
      clock.set(Date.now());
      const officer = await signIn(server, app, ['security-officer']);
      const phone = uniquePhone();
      const added = await server.inject({
        method: 'POST',
        url: '/api/v1/identity/watchlist',
        headers: officer.headers,
        payload: { kind: 'phone', phone, reason: 'tip-off', expiresOn: chinaDate(clock.now()) },
      });
      expect(added.statusCode).toBe(201);
      const past = await server.inject({
        method: 'POST',
        url: '/api/v1/identity/watchlist',
        headers: officer.headers,
        payload: { kind: 'phone', phone: uniquePhone(), reason: 'tip-off', expiresOn: '2020-01-01' },
      });
      expect(past.json()).toMatchObject({ errors: [{ path: '/body/expiresOn' }] });

      const courier = await signIn(server, app, ['courier']);
      const siteId = courier.staff.siteId;
      expect((await gate(server, courier.headers, { kind: 'no-document', siteId, phone })).decision).toBe(
        'hold',
      );
      clock.advance(DAY);
      const fresh = await signIn(server, app, ['courier'], siteId);
      expect(await gate(server, fresh.headers, { kind: 'no-document', siteId, phone })).toMatchObject({
        decision: 'refuse',
        reason: 'no-document',
      });
      const freshOfficer = await signIn(server, app, ['security-officer']);
      const listed = await server.inject({
        url: '/api/v1/identity/watchlist?includeInactive=true',
        headers: freshOfficer.headers,
      });
      expect(
        listed.json<WatchlistEntry[]>().find((e) => e.id === added.json<WatchlistEntry>().id),
      ).toMatchObject({
        active: false,
      });
    });

    it('counts repeated refusals only within the window', async () => {
      const { server, app } = env();
      clock.set(Date.now());
      const courier = await signIn(server, app, ['courier']);
      const siteId = courier.staff.siteId;
      const phone = uniquePhone();
      const refuse = () => gate(server, courier.headers, { kind: 'refused-to-show', siteId, phone });
      await refuse();
      await refuse();
      clock.advance(25 * 3_600_000);
      const before = await auditHead(app);
      const lateAttempt = await signIn(server, app, ['courier'], siteId);
      const third = await gate(server, lateAttempt.headers, { kind: 'refused-to-show', siteId, phone });
      expect(third.decision).toBe('refuse');
      expect((await auditEntriesAfter(app, before)).map((e) => e.action)).not.toContain('clue.raised');
      await gate(server, lateAttempt.headers, { kind: 'refused-to-show', siteId, phone });
      const fifth = await auditHead(app);
      await gate(server, lateAttempt.headers, { kind: 'no-document', siteId, phone });
      expect((await auditEntriesAfter(app, fifth)).map((e) => e.action)).toEqual([
        'identity.refused',
        'clue.raised',
      ]);
    });

    it('reads an agreement past its valid-until as expired, and the gate falls back or refuses', async () => {
      const { server, app } = env();
      clock.set(Date.now());
      const courier = await signIn(server, app, ['courier']);
      const siteId = courier.staff.siteId;
      const agreement = await createAgreementCustomer(app, siteId, {
        validUntil: addDays(chinaDate(clock.now()), 3),
      });
      expect(
        (await gate(server, courier.headers, { kind: 'agreement', agreementId: agreement.id, siteId }))
          .decision,
      ).toBe('pass');
      clock.advance(4 * DAY);
      const later = await signIn(server, app, ['courier'], siteId);
      expect((await app.agreements.getAgreement(agreement.id)).status).toBe('expired');
      expect(
        await gate(server, later.headers, { kind: 'agreement', agreementId: agreement.id, siteId }),
      ).toMatchObject({
        decision: 'refuse',
        reason: 'agreement-inactive',
      });
      const number = uniqueResidentId();
      expect(
        await gate(server, later.headers, {
          kind: 'agreement',
          agreementId: agreement.id,
          siteId,
          ...presentation({ number }),
        }),
      ).toMatchObject({ decision: 'pass' });
      expect(
        await gate(server, later.headers, {
          kind: 'agreement',
          agreementId: agreement.id,
          siteId,
          ...presentation({ number: withBadCheckCharacter(number) }),
        }),
      ).toMatchObject({ decision: 'refuse', reason: 'invalid-document' });
      await expect(
        app.agreements.reactivateAgreement(adminContext(), agreement.id, 'too late'),
      ).rejects.toMatchObject({
        code: 'invalid-transition',
      });
    });
  },
  { clock },
);
