// The counter gate (issue "The counter gate"): four ways a parcel got past real-name collection without a checked
// identity — a failed face match, a document taken in without saying how it was checked, an agreement's exemption
// for goods it does not cover, and an agreement that does not exist — each closed, at the counter terminal
// (POST /identity/gate) and at parcel intake (POST /parcels) alike.
import { expect, it } from 'vitest';
import type { App } from '../app.js';
import type { Server } from '../http/server.js';
import { chinaDate } from '../platform/clock.js';
import { createAgreementCustomer, presentation } from '../testing/identity-factories.js';
import { intakeBody } from '../testing/parcel-factories.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  createSite,
  describeEachDialect,
  signIn,
} from '../testing/test-app.js';
import type { IntakeInput } from '../parcels/parcels.types.js';
import type { GateDecision, Refusal } from './identity.types.js';

// Not the default (0.8): the gate must use the configured minimum, and record the one it used.
const MIN_SCORE = 0.7;

async function counter(server: Server, app: App) {
  const site = await createSite(app);
  const courier = await signIn(server, app, ['courier'], site.id);
  const today = chinaDate(app.clock.now());
  await app.staff.grantCertification(adminContext(), courier.staff.id, {
    reason: 'carried over from a paper record',
    kind: 'prohibited-items-identification',
    issuedOn: today,
    expiresOn: `${Number(today.slice(0, 4)) + 1}-01-01`,
  });
  return { siteId: site.id, headers: courier.headers };
}

async function gate(server: Server, headers: Record<string, string>, payload: object) {
  const response = await server.inject({ method: 'POST', url: '/api/v1/identity/gate', headers, payload });
  return { status: response.statusCode, body: response.json<GateDecision & Record<string, unknown>>() };
}

async function intake(server: Server, headers: Record<string, string>, payload: IntakeInput) {
  const response = await server.inject({ method: 'POST', url: '/api/v1/parcels', headers, payload });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

function parcelRow(app: App, waybillNo: string) {
  return app.store.db
    .selectFrom('parcels')
    .select(['gate_kind', 'gate_decision', 'gate_reason', 'sender_id', 'agreement_id', 'decision_reasons'])
    .where('waybill_no', '=', waybillNo)
    .executeTakeFirst();
}

async function refusal(app: App, refusalId: string): Promise<Refusal | undefined> {
  const refusals = await app.refusals.findRefusals(adminContext(), { limit: 1000 });
  return refusals.find((row) => row.id === refusalId);
}

async function actionsAfter(app: App, seq: number): Promise<string[]> {
  return (await auditEntriesAfter(app, seq)).map((entry) => entry.action);
}

describeEachDialect(
  'the counter gate',
  (env) => {
    it('refuses a face match scored below the configured minimum and keeps the minimum with the refusal', async () => {
      const { server, app } = env();
      const { siteId, headers } = await counter(server, app);
      const failed = { method: 'face-match', deviceScore: 0.05 } as const;

      const shown = presentation({ verification: failed });
      const before = await auditHead(app);
      const atCounter = await gate(server, headers, { kind: 'document', siteId, ...shown });
      expect(atCounter.status).toBe(200);
      expect(atCounter.body).toMatchObject({ decision: 'refuse', reason: 'face-match-failed' });
      expect(atCounter.body).not.toHaveProperty('senderId');
      expect(await refusal(app, atCounter.body.refusalId!)).toMatchObject({
        reason: 'face-match-failed',
        gateKind: 'document',
        details: { faceMatch: { deviceScore: 0.05, minScore: MIN_SCORE } },
      });
      expect(await actionsAfter(app, before)).toEqual(['identity.refused']);
      // Nobody was registered as verified by a face match that failed.
      expect(await app.senders.findRowByDocument(app.store.db, shown)).toBeUndefined();

      const body = intakeBody(siteId, { sender: { ...intakeBody(siteId).sender, verification: failed } });
      const middle = await auditHead(app);
      const atIntake = await intake(server, headers, body);
      expect(atIntake.status).toBe(201);
      expect(atIntake.body).toMatchObject({
        decision: 'refuse',
        state: 'refused',
        reasons: [`identity: face-match-failed (device score 0.05 below the minimum ${MIN_SCORE})`],
      });
      expect(await parcelRow(app, body.waybillNo)).toMatchObject({
        gate_decision: 'refuse',
        gate_reason: 'face-match-failed',
        sender_id: null,
      });
      expect(await actionsAfter(app, middle)).toEqual(['identity.refused', 'parcel.taken-in']);

      // At or above the minimum the face match verifies, and the score is kept with the sender.
      const passing = presentation({ verification: { method: 'face-match', deviceScore: MIN_SCORE } });
      const last = await auditHead(app);
      const passed = await gate(server, headers, { kind: 'document', siteId, ...passing });
      expect(passed.body).toMatchObject({ decision: 'pass', reason: null });
      expect(await app.senders.findRowByDocument(app.store.db, passing)).toMatchObject({
        verification_method: 'face-match',
        verification_score: MIN_SCORE,
      });
      expect(await actionsAfter(app, last)).toEqual(['sender.verified']);
    });

    it('asks how a presented document was checked, at intake as at the counter', async () => {
      const { server, app } = env();
      const { siteId, headers } = await counter(server, app);
      const { verification: _, ...unchecked } = intakeBody(siteId).sender;
      const agreement = await createAgreementCustomer(app, siteId);
      const before = await auditHead(app);

      const byDocument = await intake(server, headers, intakeBody(siteId, { sender: unchecked }));
      expect(byDocument.status).toBe(400);
      expect(byDocument.body).toMatchObject({
        code: 'validation-failed',
        errors: [{ path: '/body/sender/verification' }],
      });
      // An agreement customer falling back on a document must say how it was checked too.
      const byAgreement = await intake(
        server,
        headers,
        intakeBody(siteId, { sender: { ...unchecked, agreementId: agreement.id } }),
      );
      expect(byAgreement.status).toBe(400);
      expect(byAgreement.body).toMatchObject({ errors: [{ path: '/body/sender/verification' }] });
      const { verification: _v, ...uncheckedShown } = presentation();
      const atCounter = await gate(server, headers, { kind: 'document', siteId, ...uncheckedShown });
      expect(atCounter.status).toBe(400);
      expect(atCounter.body).toMatchObject({ errors: [{ path: '/body/verification' }] });
      // Nothing was recorded: no sender verified "visually", no parcel, no refusal.
      expect(await actionsAfter(app, before)).toEqual([]);
      expect(await app.senders.findRowByDocument(app.store.db, unchecked as never)).toBeUndefined();

      // Without a document there is nothing to check: the gate refuses it as before.
      const { documentType: _t, number: _n, ...noDocument } = unchecked;
      const refused = await intake(server, headers, intakeBody(siteId, { sender: noDocument }));
      expect(refused.status).toBe(201);
      expect(refused.body).toMatchObject({ decision: 'refuse', reasons: ['identity: no-document'] });
      expect(await actionsAfter(app, before)).toEqual(['identity.refused', 'parcel.taken-in']);
    });

    it("takes an agreement's exemption away from goods it does not permit", async () => {
      const { server, app } = env();
      const { siteId, headers } = await counter(server, app);
      const agreement = await createAgreementCustomer(app, siteId); // permits tea and tea sets
      const phones = [{ description: 'mobile phones', quantity: 2, declaredValue: 3000 }];

      // Tea is covered: no per-parcel ID.
      const tea = intakeBody(siteId, {
        sender: { agreementId: agreement.id },
        items: [{ description: 'Longjing green tea', quantity: 1, declaredValue: 200 }],
      });
      const before = await auditHead(app);
      expect((await intake(server, headers, tea)).body).toMatchObject({ decision: 'inspect' });
      expect(await parcelRow(app, tea.waybillNo)).toMatchObject({
        gate_kind: 'agreement',
        gate_decision: 'pass',
        agreement_id: agreement.id,
      });
      expect(await actionsAfter(app, before)).toEqual(['parcel.taken-in']);

      // Phones without a document: refused for the goods, recorded and counted as such.
      const refusedBody = intakeBody(siteId, { sender: { agreementId: agreement.id }, items: phones });
      const middle = await auditHead(app);
      const refused = await intake(server, headers, refusedBody);
      expect(refused.status).toBe(201);
      expect(refused.body).toMatchObject({ decision: 'refuse', reasons: ['identity: agreement-goods'] });
      expect(await parcelRow(app, refusedBody.waybillNo)).toMatchObject({
        gate_kind: 'agreement',
        gate_decision: 'refuse',
        gate_reason: 'agreement-goods',
        agreement_id: null,
      });
      const stored = await app.refusals.findRefusals(adminContext(), { siteId, reason: 'agreement-goods' });
      expect(stored).toMatchObject([{ gateKind: 'agreement', agreementId: agreement.id, details: null }]);
      expect(await actionsAfter(app, middle)).toEqual(['identity.refused', 'parcel.taken-in']);
      const today = chinaDate(app.clock.now());
      const report = await app.reports.coverage(adminContext(), { from: today, to: today, siteId });
      expect(report.totals.refusedByReason).toMatchObject({ 'identity:agreement-goods': 1 });

      // Phones with the sender's document: the document decides instead of the agreement.
      const withDocument = intakeBody(siteId, { items: phones });
      withDocument.sender = { ...withDocument.sender, agreementId: agreement.id };
      const last = await auditHead(app);
      expect((await intake(server, headers, withDocument)).body).toMatchObject({ decision: 'inspect' });
      const row = await parcelRow(app, withDocument.waybillNo);
      expect(row).toMatchObject({ gate_kind: 'agreement', gate_decision: 'pass', agreement_id: null });
      expect(row?.sender_id).toEqual(expect.any(String));
      expect(await actionsAfter(app, last)).toEqual(['sender.verified', 'parcel.taken-in']);
    });

    it('answers an agreement that does not exist as an unknown reference, and records nothing', async () => {
      const { server, app } = env();
      const { siteId, headers } = await counter(server, app);
      const before = await auditHead(app);

      const atCounter = await gate(server, headers, {
        kind: 'agreement',
        agreementId: 'no-such-agreement',
        siteId,
        ...presentation(),
      });
      expect(atCounter.status).toBe(422);
      expect(atCounter.body).toMatchObject({
        code: 'unknown-reference',
        errors: [{ path: '/body/agreementId' }],
      });

      const body = intakeBody(siteId);
      body.sender = { ...body.sender, agreementId: 'no-such-agreement' };
      const atIntake = await intake(server, headers, body);
      expect(atIntake.status).toBe(422);
      expect(atIntake.body).toMatchObject({
        code: 'unknown-reference',
        errors: [{ path: '/body/sender/agreementId' }],
      });
      expect(await parcelRow(app, body.waybillNo)).toBeUndefined();
      expect(await actionsAfter(app, before)).toEqual([]);
    });
  },
  { config: { faceMatchMinScore: MIN_SCORE } },
);
