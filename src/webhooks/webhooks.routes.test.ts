// Webhooks over HTTP: admins register, change, rotate and remove endpoints (the secret in the create and rotate
// answers only), read an endpoint's deliveries and queue one again; every change audited, never with the secret.
import { expect, it } from 'vitest';
import { raise } from '../testing/case-factories.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  describeEachDialect,
  signIn,
  unique,
} from '../testing/test-app.js';
import { startReceiver } from '../testing/webhook-receiver.js';
import { verifyWebhookSignature } from './webhook-signature.js';
import type { WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret } from './webhooks.types.js';

describeEachDialect('webhooks over HTTP', (env) => {
  it('registers, lists, changes, rotates and removes an endpoint, auditing each change without the secret', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const before = await auditHead(app);
    const created = await server.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: admin.headers,
      payload: {
        name: 'Order system',
        url: 'https://orders.example.com/hooks?token=abc',
        events: ['case.opened', 'case-report.submitted'],
      },
    });
    expect(created.statusCode).toBe(201);
    const { endpoint, secret } = created.json<WebhookEndpointWithSecret>();
    expect(endpoint).toMatchObject({
      name: 'Order system',
      events: ['case.opened', 'case-report.submitted'],
      active: true,
      secretRotatedAt: null,
    });
    expect(secret).toMatch(/^whsec_/);

    const listed = await server.inject({ method: 'GET', url: '/api/v1/webhooks', headers: admin.headers });
    expect(listed.statusCode).toBe(200);
    expect(listed.json<WebhookEndpoint[]>().map((e) => e.id)).toContain(endpoint.id);
    expect(listed.body).not.toContain(secret);
    const one = await server.inject({
      method: 'GET',
      url: `/api/v1/webhooks/${endpoint.id}`,
      headers: admin.headers,
    });
    expect(one.json()).toEqual(endpoint);

    const changed = await server.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${endpoint.id}`,
      headers: admin.headers,
      payload: { events: ['case.status-changed'], active: false },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ events: ['case.status-changed'], active: false });

    const rotated = await server.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${endpoint.id}/rotate`,
      headers: admin.headers,
      payload: { graceHours: 2 },
    });
    expect(rotated.statusCode).toBe(200);
    const rotation = rotated.json<WebhookEndpointWithSecret>();
    expect(rotation.secret).not.toBe(secret);
    expect(rotation.endpoint.previousSecretValidUntil! - rotation.endpoint.secretRotatedAt!).toBe(
      2 * 3_600_000,
    );

    const removed = await server.inject({
      method: 'DELETE',
      url: `/api/v1/webhooks/${endpoint.id}`,
      headers: admin.headers,
    });
    expect(removed.statusCode).toBe(204);
    const gone = await server.inject({
      method: 'GET',
      url: `/api/v1/webhooks/${endpoint.id}`,
      headers: admin.headers,
    });
    expect(gone.statusCode).toBe(404);

    const entries = await auditEntriesAfter(app, before);
    const mine = entries.filter((e) => e.subjectType === 'webhook-endpoint');
    expect(mine.map((e) => e.action)).toEqual([
      'webhook.created',
      'webhook.updated',
      'webhook.secret-rotated',
      'webhook.deleted',
    ]);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(rotation.secret);
    expect(text).not.toContain('token=abc');
  });

  it('names the field and the rule of bad input, and answers 404 for an unknown endpoint or delivery', async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const insecure = await server.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: admin.headers,
      payload: { name: 'Relay', url: 'http://orders.example.com/hook', events: ['case.opened'] },
    });
    expect(insecure.statusCode).toBe(400);
    expect(insecure.json()).toMatchObject({
      code: 'validation-failed',
      errors: [
        {
          path: '/body/url',
          message: 'must use https (plain http is allowed only for localhost and 127.0.0.1)',
        },
      ],
    });
    const unknownKind = await server.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: admin.headers,
      payload: { name: 'Kinds', url: 'https://orders.example.com/hook', events: ['case.vanished'] },
    });
    expect(unknownKind.statusCode).toBe(400);
    expect(JSON.stringify(unknownKind.json())).toContain('/body/events/0');
    const badGrace = await server.inject({
      method: 'POST',
      url: '/api/v1/webhooks/nope/rotate',
      headers: admin.headers,
      payload: { graceHours: 1000 },
    });
    expect(badGrace.statusCode).toBe(400);
    for (const [method, url] of [
      ['GET', '/api/v1/webhooks/nope'],
      ['PATCH', '/api/v1/webhooks/nope'],
      ['DELETE', '/api/v1/webhooks/nope'],
      ['POST', '/api/v1/webhooks/nope/rotate'],
      ['GET', '/api/v1/webhooks/nope/deliveries'],
      ['POST', '/api/v1/webhooks/nope/deliveries/nada/redeliver'],
    ] as const) {
      const response = await server.inject({
        method,
        url,
        headers: admin.headers,
        ...(method === 'PATCH' || url.endsWith('rotate') ? { payload: {} } : {}),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
  });

  it('keeps webhooks to admins: a station manager or security officer is refused', async () => {
    const { server, app } = env();
    for (const role of ['station-manager', 'security-officer'] as const) {
      const member = await signIn(server, app, [role]);
      const response = await server.inject({
        method: 'GET',
        url: '/api/v1/webhooks',
        headers: member.headers,
      });
      expect(response.statusCode).toBe(403);
    }
  });

  it("shows an endpoint's deliveries with their status, and queues one again on request", async () => {
    const { server, app } = env();
    const admin = await signIn(server, app, ['admin']);
    const receiver = await startReceiver(503);
    try {
      const created = await server.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: admin.headers,
        payload: { name: 'Local relay', url: receiver.url, events: ['case.opened'] },
      });
      const { endpoint, secret } = created.json<WebhookEndpointWithSecret>();
      const clue = await raise(app, { waybillNo: unique('WBR').toUpperCase() });
      const opened = (await app.cases.triage(adminContext(), clue.id, { action: 'open' })).case!;
      await app.webhookDispatcher.deliverDue();

      const listed = await server.inject({
        method: 'GET',
        url: `/api/v1/webhooks/${endpoint.id}/deliveries?status=pending`,
        headers: admin.headers,
      });
      expect(listed.statusCode).toBe(200);
      const [delivery] = listed.json<WebhookDelivery[]>();
      expect(delivery).toMatchObject({
        caseId: opened.id,
        kind: 'case.opened',
        status: 'pending',
        attempts: 1,
        lastStatusCode: 503,
      });

      receiver.answer = 200;
      const again = await server.inject({
        method: 'POST',
        url: `/api/v1/webhooks/${endpoint.id}/deliveries/${delivery!.id}/redeliver`,
        headers: admin.headers,
      });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ status: 'pending', attempts: 0 });
      await app.webhookDispatcher.deliverDue();
      const last = receiver.received.at(-1)!;
      expect(verifyWebhookSignature(secret, last.headers, last.body, app.clock.now()).ok).toBe(true);
      const done = await server.inject({
        method: 'GET',
        url: `/api/v1/webhooks/${endpoint.id}/deliveries`,
        headers: admin.headers,
      });
      expect(done.json<WebhookDelivery[]>()[0]).toMatchObject({ status: 'delivered', lastStatusCode: 200 });
      await app.webhooks.deleteEndpoint(adminContext(), endpoint.id);
    } finally {
      await receiver.close();
    }
  });
});
