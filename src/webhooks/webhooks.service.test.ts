// Webhooks end to end on both databases: a real receiver on 127.0.0.1 gets signed deliveries of case events,
// a failing one sees retries with backoff and then `failed`, a rolled-back change queues nothing, a rotation
// signs with both secrets through its grace period, and a sealed case tells nothing beyond ids, kind and time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { App } from '../app.js';
import { ManualClock } from '../platform/clock.js';
import { Keyring, writeKeyFile } from '../platform/crypto/keyring.js';
import { Vault } from '../platform/crypto/vault.js';
import { raise, parcelFoundAtHub } from '../testing/case-factories.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  createStaffMember,
  describeEachDialect,
  unique,
  keyRotationFor,
} from '../testing/test-app.js';
import { startReceiver, type WebhookReceiver } from '../testing/webhook-receiver.js';
import { WEBHOOK_EVENT_KINDS, type WebhookPayload } from './webhook-events.js';
import { DEFAULT_DISPATCHER_OPTIONS, WebhookDispatcher } from './webhook-dispatcher.js';
import { DEFAULT_RETRY_POLICY } from './webhook-rules.js';
import { verifyWebhookSignature } from './webhook-signature.js';
import { WebhooksRepository } from './webhooks.repository.js';

const clock = new ManualClock(Date.now());

/** A case opened by triage of a fresh clue (not sealed). */
async function openCase(app: App): Promise<string> {
  const clue = await raise(app, { waybillNo: unique('WBH').toUpperCase() });
  return (await app.cases.triage(adminContext(), clue.id, { action: 'open' })).case!.id;
}

const receivers: WebhookReceiver[] = [];
const endpoints: { app: App; id: string }[] = [];

async function subscribe(app: App, events: readonly string[] = WEBHOOK_EVENT_KINDS, answer = 200) {
  const receiver = await startReceiver(answer);
  receivers.push(receiver);
  const created = await app.webhooks.createEndpoint(adminContext(), {
    name: 'Order system',
    url: receiver.url,
    events,
  });
  endpoints.push({ app, id: created.endpoint.id });
  return { receiver, ...created };
}

afterEach(async () => {
  // Each test's endpoints go, so the next test's deliveries reach only its own receivers.
  for (const { app, id } of endpoints.splice(0)) await app.webhooks.deleteEndpoint(adminContext(), id);
  for (const receiver of receivers.splice(0)) await receiver.close();
});

describeEachDialect(
  'webhooks: signed deliveries of case events',
  (env) => {
    it('delivers a case event to a local receiver, signed so that verifyWebhookSignature accepts it and rejects a tampered body', async () => {
      const { app } = env();
      const before = await auditHead(app);
      const { receiver, endpoint, secret } = await subscribe(app, ['case.opened', 'case.status-changed']);
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      // The secret is shown once: neither the endpoint nor the audit entry carry it.
      expect(JSON.stringify(endpoint)).not.toContain(secret);
      const audited = await auditEntriesAfter(app, before);
      expect(audited.map((entry) => entry.action)).toContain('webhook.created');
      expect(JSON.stringify(audited)).not.toContain(secret);

      const caseId = await openCase(app);
      const summary = await app.webhookDispatcher.deliverDue();
      expect(summary).toMatchObject({ delivered: 1, retrying: 0, failed: 0 });
      expect(receiver.received).toHaveLength(1);
      const [request] = receiver.received;
      const payload = JSON.parse(request!.body) as WebhookPayload;
      expect(payload).toMatchObject({ kind: 'case.opened', case: { id: caseId, status: 'open' } });
      expect(payload.case.priority).toBeDefined();
      expect(request!.headers['content-type']).toBe('application/json');
      expect(request!.headers['parcelguard-webhook-signature']).toMatch(/^v1=[0-9a-f]{64}$/);

      expect(verifyWebhookSignature(secret, request!.headers, request!.body, clock.now())).toMatchObject({
        ok: true,
      });
      const tampered = request!.body.replace('"open"', '"closed"');
      expect(verifyWebhookSignature(secret, request!.headers, tampered, clock.now())).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
      expect(verifyWebhookSignature('whsec_other', request!.headers, request!.body, clock.now()).ok).toBe(
        false,
      );
      // Replayed ten minutes later: refused on its timestamp.
      expect(
        verifyWebhookSignature(secret, request!.headers, request!.body, clock.now() + 10 * 60_000),
      ).toEqual({ ok: false, reason: 'stale-timestamp' });

      const [delivery] = await app.webhooks.findDeliveries(endpoint.id);
      expect(delivery).toMatchObject({
        id: request!.headers['parcelguard-webhook-id'],
        caseId,
        kind: 'case.opened',
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 200,
        lastError: null,
      });
      // Delivered once: a second run sends nothing.
      expect(await app.webhookDispatcher.deliverDue()).toMatchObject({ delivered: 0 });
    });

    it('retries a failing receiver with exponential backoff, then marks the delivery failed; redelivery queues it again', async () => {
      const { app } = env();
      const { receiver, endpoint } = await subscribe(app, ['case.opened'], 500);
      await openCase(app);
      const policy = DEFAULT_RETRY_POLICY;
      for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
        const summary = await app.webhookDispatcher.deliverDue();
        expect(summary).toMatchObject(
          attempt < policy.maxAttempts ? { retrying: 1, delivered: 0 } : { failed: 1, delivered: 0 },
        );
        const [delivery] = await app.webhooks.findDeliveries(endpoint.id);
        expect(delivery).toMatchObject({ attempts: attempt, lastStatusCode: 500 });
        expect(delivery!.lastError).toContain('500');
        if (attempt < policy.maxAttempts) {
          expect(delivery!.status).toBe('pending');
          const wait = policy.firstDelayMs * 2 ** (attempt - 1);
          expect(delivery!.nextAttemptAt! - clock.now()).toBe(wait);
          // Not due before its time.
          clock.advance(wait - 1000);
          expect(await app.webhookDispatcher.deliverDue()).toMatchObject({ retrying: 0, failed: 0 });
          clock.advance(1000);
        } else {
          expect(delivery).toMatchObject({ status: 'failed', nextAttemptAt: null });
        }
      }
      expect(receiver.received).toHaveLength(policy.maxAttempts);
      // Every attempt carries the same delivery id (the receiver deduplicates on it).
      expect(new Set(receiver.received.map((r) => r.headers['parcelguard-webhook-id'])).size).toBe(1);

      receiver.answer = 204;
      const [failed] = await app.webhooks.findDeliveries(endpoint.id);
      const before = await auditHead(app);
      const queued = await app.webhooks.redeliver(adminContext(), endpoint.id, failed!.id);
      expect(queued).toMatchObject({ status: 'pending', attempts: 0 });
      expect((await auditEntriesAfter(app, before)).map((e) => e.action)).toEqual([
        'webhook.redelivery-requested',
      ]);
      expect(await app.webhookDispatcher.deliverDue()).toMatchObject({ delivered: 1 });
    });

    it('removes delivered webhooks older than the days kept, hourly, and keeps recent and pending ones', async () => {
      const { app } = env();
      const { endpoint } = await subscribe(app, ['case.opened']);
      for (let i = 0; i < 3; i += 1) await openCase(app);
      expect(await app.webhookDispatcher.deliverDue()).toMatchObject({ delivered: 3 });
      await openCase(app); // queued, not yet sent
      const delivered = (await app.webhooks.findDeliveries(endpoint.id)).filter(
        (delivery) => delivery.status === 'delivered',
      );
      const aged = delivered.slice(0, 2).map((delivery) => delivery.id);
      const longAgo = Date.now() - 91 * 86_400_000; // the default keeps 90 days
      await app.store.db
        .updateTable('webhook_deliveries')
        .set({ delivered_at: longAgo, created_at: longAgo })
        .where('id', 'in', aged)
        .execute();
      const before = await auditHead(app);

      // The dispatcher's run removes them (here at once: its hourly pace set to every run).
      const dispatcher = new WebhookDispatcher(
        app.store,
        new WebhooksRepository(),
        app.webhooks,
        app.clock,
        app.logger,
        { ...DEFAULT_DISPATCHER_OPTIONS, pruneEveryMs: 0 },
      );
      await dispatcher.deliverDue();
      const left = await app.webhooks.findDeliveries(endpoint.id);
      expect(left.some((delivery) => aged.includes(delivery.id))).toBe(false);
      expect(left.map((delivery) => delivery.status).sort()).toEqual(['delivered', 'delivered']);
      const pruned = (await auditEntriesAfter(app, before)).filter(
        (entry) => entry.action === 'webhook.deliveries-pruned',
      );
      expect(pruned).toHaveLength(1);
      // Nothing old is left: nothing removed, nothing audited.
      expect(await app.webhooks.pruneDelivered(adminContext())).toBe(0);
      await dispatcher.stop();
    });

    it('queues nothing for a change that rolls back, and nothing for a deactivated endpoint', async () => {
      const { app } = env();
      const { endpoint } = await subscribe(app, ['case.assigned', 'case.opened']);
      const caseId = await openCase(app);
      expect(await app.webhooks.findDeliveries(endpoint.id)).toHaveLength(1);
      await expect(
        app.store.transaction(async (trx) => {
          await app.cases.appendEventWithin(trx, adminContext(), caseId, 'assigned', {});
          // The sink wrote its row in this transaction: visible here…
          const inside = await trx
            .selectFrom('webhook_deliveries')
            .select('id')
            .where('endpoint_id', '=', endpoint.id)
            .execute();
          expect(inside).toHaveLength(2);
          throw new Error('rolled back on purpose');
        }),
      ).rejects.toThrow('rolled back on purpose');
      // …and gone with it.
      expect(await app.webhooks.findDeliveries(endpoint.id)).toHaveLength(1);

      await app.webhooks.updateEndpoint(adminContext(), endpoint.id, { active: false });
      await openCase(app);
      expect(await app.webhooks.findDeliveries(endpoint.id)).toHaveLength(1);
      // The delivery queued while it was active waits: a deactivated endpoint is sent nothing.
      expect(await app.webhookDispatcher.deliverDue()).toMatchObject({ delivered: 0 });
    });

    it('signs with both secrets through the grace period of a rotation, then with the new one only', async () => {
      const { app } = env();
      const { receiver, endpoint, secret: oldSecret } = await subscribe(app, ['case.opened']);
      const before = await auditHead(app);
      const rotated = await app.webhooks.rotateSecret(adminContext(), endpoint.id);
      expect(rotated.secret).not.toBe(oldSecret);
      expect(rotated.endpoint.previousSecretValidUntil).toBe(clock.now() + 24 * 3_600_000);
      const audited = await auditEntriesAfter(app, before);
      expect(audited.map((e) => e.action)).toEqual(['webhook.secret-rotated']);
      expect(JSON.stringify(audited)).not.toContain(rotated.secret);
      expect(JSON.stringify(audited)).not.toContain(oldSecret);

      await openCase(app);
      await app.webhookDispatcher.deliverDue();
      const during = receiver.received.at(-1)!;
      expect(String(during.headers['parcelguard-webhook-signature']).split(' ')).toHaveLength(2);
      expect(verifyWebhookSignature(oldSecret, during.headers, during.body, clock.now()).ok).toBe(true);
      expect(verifyWebhookSignature(rotated.secret, during.headers, during.body, clock.now()).ok).toBe(true);

      clock.advance(24 * 3_600_000 + 1000);
      await openCase(app);
      await app.webhookDispatcher.deliverDue();
      const after = receiver.received.at(-1)!;
      expect(String(after.headers['parcelguard-webhook-signature']).split(' ')).toHaveLength(1);
      expect(verifyWebhookSignature(rotated.secret, after.headers, after.body, clock.now()).ok).toBe(true);
      expect(verifyWebhookSignature(oldSecret, after.headers, after.body, clock.now())).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    });

    it('delivers report events with the report id, authority and status', async () => {
      const { app } = env();
      const { receiver } = await subscribe(app, ['case-report.drafted', 'case-report.approved']);
      const { waybillNo } = await parcelFoundAtHub(app);
      const [opened] = await app.cases.findCases(adminContext(), { waybillNo });
      const author = await createStaffMember(app, ['security-officer']);
      const approver = await createStaffMember(app, ['security-officer']);
      const report = await app.caseReports.draft(adminContext(), {
        caseId: opened!.id,
        summary: '开箱查验发现管制刀具一把，已扣留。',
        evidenceIds: [],
        draftedBy: author.staff.id,
      });
      await app.caseReports.approve(adminContext(), report.id, { approvedBy: approver.staff.id });
      expect(await app.webhookDispatcher.deliverDue()).toMatchObject({ delivered: 2, failed: 0 });
      const bodies = receiver.received.map((r) => JSON.parse(r.body) as WebhookPayload);
      expect(bodies.map((body) => body.kind).sort()).toEqual(['case-report.approved', 'case-report.drafted']);
      expect(bodies.find((body) => body.kind === 'case-report.approved')).toMatchObject({
        case: { id: opened!.id },
        report: { id: report.id, authority: report.authority, status: 'approved' },
      });
      expect(JSON.stringify(bodies)).not.toContain('管制刀具');
    });

    it('tells a receiver nothing of a sealed case beyond ids, kind and time', async () => {
      const { app } = env();
      const { receiver } = await subscribe(app, ['case.opened']);
      const { waybillNo } = await parcelFoundAtHub(app, '窃听器 一个');
      const [sealed] = await app.cases.findCases(adminContext(), { waybillNo });
      expect(sealed).toMatchObject({ sealed: true });
      await app.webhookDispatcher.deliverDue();
      const bodies = receiver.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
      const payload = bodies.find((body) => (body.case as { id: string }).id === sealed!.id)!;
      expect(payload).toEqual({
        id: expect.any(String) as string,
        kind: 'case.opened',
        occurredAt: expect.any(Number) as number,
        case: { id: sealed!.id },
      });
      const text = JSON.stringify(bodies);
      expect(text).not.toContain('spy-equipment');
      expect(text).not.toContain('category');
      expect(text).not.toContain('title');
    });

    it('re-encrypts the signing secrets (current and previous) on key rotation', async () => {
      const { app } = env();
      const { endpoint, secret } = await subscribe(app, ['case.opened']);
      const rotated = await app.webhooks.rotateSecret(adminContext(), endpoint.id, { graceHours: 1 });
      // Rotation writes a key file: a file-backed keyring holding the app's current keys (as in key-rotation).
      const dir = mkdtempSync(path.join(tmpdir(), 'pg-webhook-rotate-'));
      try {
        const file = path.join(dir, 'keys.json');
        writeKeyFile(file, app.keyring.snapshot());
        const keyring = Keyring.fromKeyFile(file);
        const vault = new Vault(keyring);
        const report = await keyRotationFor(app, keyring, vault).rotate(adminContext());
        expect(report.reencrypted.webhook_endpoints).toBeGreaterThanOrEqual(1);
        const row = await app.store.db
          .selectFrom('webhook_endpoints')
          .selectAll()
          .where('id', '=', endpoint.id)
          .executeTakeFirstOrThrow();
        expect(Vault.keyIdOf(row.secret_enc)).toBe(report.activeKeyId);
        expect(Vault.keyIdOf(row.previous_secret_enc!)).toBe(report.activeKeyId);
        expect(vault.decrypt(row.secret_enc, 'webhook.secret')).toBe(rotated.secret);
        expect(vault.decrypt(row.previous_secret_enc!, 'webhook.previous-secret')).toBe(secret);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses plain http except on localhost, unknown event kinds, and an empty list, naming the field', async () => {
      const { app } = env();
      const refused = await app.webhooks
        .createEndpoint(adminContext(), {
          name: 'Bad',
          url: 'http://orders.example.com/hook',
          events: ['case.opened', 'case.vanished'],
        })
        .catch((error: unknown) => error as { code: string; errors: { path: string; message: string }[] });
      expect(refused).toMatchObject({ code: 'validation-failed' });
      expect((refused as { errors: { path: string; message: string }[] }).errors).toEqual([
        {
          path: '/url',
          message: 'must use https (plain http is allowed only for localhost and 127.0.0.1)',
        },
        { path: '/events/1', message: 'must be one of the webhook event kinds' },
      ]);
      await expect(
        app.webhooks.createEndpoint(adminContext(), { name: 'x', url: 'https://a.example/h', events: [] }),
      ).rejects.toMatchObject({ errors: [{ path: '/events' }] });
    });
  },
  { clock },
);
