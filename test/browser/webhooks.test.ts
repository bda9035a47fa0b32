/// <reference lib="dom" />
// The admin's Webhooks tab: an endpoint added with its secret shown once (and a signed case event reaching a real
// receiver with it), its deliveries with their status, a rotation whose new secret is shown once, deactivation,
// and a plain-http URL refused next to the field.
import { expect, it } from 'vitest';
import { adminContext, unique } from '../../src/testing/test-app.js';
import { startReceiver } from '../../src/testing/webhook-receiver.js';
import { verifyWebhookSignature } from '../../src/webhooks/webhook-signature.js';
import { describeConsole, expectAccessible, screenshot, signIn } from './console-harness.js';

describeConsole('webhooks', (env) => {
  it('adds an endpoint (secret shown once), shows its deliveries, rotates its secret and deactivates it', async () => {
    const receiver = await startReceiver();
    try {
      const page = await env().newPage();
      await signIn(page, env(), 'admin');
      await page.getByRole('tab', { name: 'Webhooks' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/webhooks');
      await page.getByText('No webhook endpoints').waitFor();

      await page.getByRole('button', { name: 'Add an endpoint' }).click();
      const dialog = page.getByRole('dialog').filter({ hasText: 'Add an endpoint' });
      await dialog.getByLabel('Name', { exact: true }).fill('Order system');
      await dialog.getByLabel('URL', { exact: true }).fill(receiver.url);
      await expectAccessible(page);
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();

      const shown = page.getByRole('dialog').filter({ hasText: 'Webhook endpoint Order system' });
      await shown.getByText('it will not be shown again').waitFor();
      const secret = (await shown.getByText(/^whsec_/).textContent())!;
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      await expectAccessible(page);
      await shown.getByRole('button', { name: 'I have copied it' }).click();
      await shown.waitFor({ state: 'hidden' });
      await page.getByRole('cell', { name: 'Order system', exact: true }).waitFor();
      expect(await page.content()).not.toContain(secret);

      // A case event, sent by the dispatcher (the server's loop, run once here), verifies with the shown secret.
      const { app } = env();
      const waybillNo = unique('WBW').toUpperCase();
      const clue = await app.store.transaction((trx) =>
        app.clues.raiseWithin(trx, adminContext(), {
          source: 'test',
          kind: 'risk-hold',
          severity: 'medium',
          subjectType: 'parcel',
          subjectIndex: null,
          siteId: null,
          details: { waybillNo },
          refs: [{ type: 'parcel', id: waybillNo }],
        }),
      );
      const opened = (await app.cases.triage(adminContext(), clue.id, { action: 'open' })).case!;
      expect(await app.webhookDispatcher.deliverDue()).toMatchObject({ delivered: 1 });
      const [request] = receiver.received;
      expect(verifyWebhookSignature(secret, request!.headers, request!.body, Date.now()).ok).toBe(true);

      await page.getByRole('button', { name: 'Deliveries of Order system' }).click();
      const deliveries = page.getByRole('heading', { name: 'Recent deliveries to Order system' });
      await deliveries.waitFor();
      await page.getByRole('cell', { name: opened.id }).waitFor();
      await page.getByText('Delivered', { exact: true }).waitFor();
      await screenshot(page, 'admin-webhooks');
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Rotate secret of Order system' }).click();
      const confirm = page
        .getByRole('dialog')
        .filter({ hasText: 'Rotate the signing secret of Order system?' });
      await confirm.getByRole('button', { name: 'Rotate secret' }).click();
      const rotated = page.getByRole('dialog').filter({ hasText: 'New signing secret for Order system' });
      const newSecret = (await rotated.getByText(/^whsec_/).textContent())!;
      expect(newSecret).not.toBe(secret);
      await rotated.getByRole('button', { name: 'I have copied it' }).click();
      await rotated.waitFor({ state: 'hidden' });
      expect(await page.content()).not.toContain(newSecret);

      await page.getByRole('button', { name: 'Deactivate Order system' }).click();
      const deactivate = page.getByRole('dialog').filter({ hasText: 'Deactivate Order system?' });
      await deactivate.getByRole('button', { name: 'Deactivate' }).click();
      await page.getByRole('button', { name: 'Activate Order system' }).waitFor();
      // The button may change before the write is read back here: ask until the store says so.
      await expect.poll(async () => (await app.webhooks.findEndpoints())[0]?.active).toBe(false);
      const [endpoint] = await app.webhooks.findEndpoints();
      expect(endpoint).toMatchObject({ active: false });
      expect(endpoint!.previousSecretValidUntil).not.toBeNull();
    } finally {
      await receiver.close();
    }
  });

  it('refuses plain http to another host, next to the URL field, in Chinese too', async () => {
    const page = await env().newPage({ lang: 'zh-CN' });
    await page.getByLabel('用户名').fill(env().credentials.admin.username);
    await page.getByLabel('密码').fill(env().credentials.admin.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto(`${env().baseUrl}/admin/webhooks`);
    await page.getByRole('button', { name: '添加端点' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '添加端点' });
    await dialog.getByLabel('名称', { exact: true }).fill('远程系统');
    await dialog.getByLabel('URL', { exact: true }).fill('http://orders.example.com/hook');
    await dialog.getByRole('button', { name: '添加', exact: true }).click();
    await dialog.getByText(/plain http is allowed only for localhost and 127\.0\.0\.1/).waitFor();
    await expectAccessible(page);
  });
});
