/// <reference lib="dom" />
// Parcel search: a waybill number gives the masked timeline (unknown and hidden parcels both say not found); the
// sender is unmasked only by a role allowed to, after stating why; a session that ends mid-search keeps the page.
import { expect, it } from 'vitest';
import { acceptedParcel, certifiedStaff } from '../../src/testing/parcel-factories.js';
import { adminContext } from '../../src/testing/test-app.js';
import {
  chooseOption,
  describeConsole,
  expectAccessible,
  screenshot,
  signIn,
  type ConsoleEnvironment,
} from './console-harness.js';

/**
 * A parcel taken in and inspected at a demo outlet (sender 张三, recipient 李四): by the demo courier at SH-OUT-01,
 * by a certified courier of its own elsewhere.
 */
async function parcelAtOutlet(env: ConsoleEnvironment, code = 'SH-OUT-01'): Promise<string> {
  const { app } = env;
  const outlet = (await app.sites.findSites()).find((site) => site.code === code)!;
  const courierId =
    code === 'SH-OUT-01'
      ? (await app.staff.findStaff(adminContext(), { siteId: outlet.id })).find(
          (member) => member.username === env.credentials.courier.username,
        )!.id
      : (await certifiedStaff(app, ['courier'], outlet.id, ['prohibited-items-identification'])).staff.id;
  return acceptedParcel(app, outlet.id, courierId);
}

async function openSearch(env: ConsoleEnvironment, role: 'courier' | 'security-officer') {
  const page = await env.newPage();
  await signIn(page, env, role);
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Parcels' })
    .click();
  await page.getByRole('heading', { name: 'Parcel search', level: 1 }).waitFor();
  return page;
}

describeConsole('parcel search', (env) => {
  it('shows a courier the masked timeline of a waybill number, and not found for an unknown one', async () => {
    const waybillNo = await parcelAtOutlet(env());
    const page = await openSearch(env(), 'courier');
    const field = page.getByLabel('Waybill number');
    await field.fill(waybillNo.toLowerCase());
    await field.press('Enter');
    await page.getByRole('heading', { name: `Parcel ${waybillNo}` }).waitFor();
    const text = (await page.getByRole('main').first().textContent()) ?? '';
    expect(text).toContain('Accepted');
    expect(text).toContain('Taken in at the counter');
    expect(text).toContain('Inspected: consistent');
    expect(text).toContain('纯棉T恤');
    // Masked: neither the recipient's nor the sender's name or phone in full.
    expect(text).not.toContain('李四');
    expect(text).not.toContain('13987654321');
    expect(text).not.toContain('张三');
    expect(await page.getByRole('button', { name: 'Show the sender unmasked' }).count()).toBe(0);
    // Nothing of the search in the address bar.
    expect(page.url()).not.toContain(waybillNo);
    expect(page.url()).not.toContain(waybillNo.toLowerCase());
    await expectAccessible(page);

    await field.fill('ZZ0000000000');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('alert').filter({ hasText: 'Parcel not found' }).waitFor();
    expect(await page.getByRole('heading', { name: `Parcel ${waybillNo}` }).count()).toBe(0);

    // A parcel of another outlet the courier never saw answers exactly as an unknown number.
    const elsewhere = await parcelAtOutlet(env(), 'BJ-OUT-01');
    await field.fill(elsewhere);
    await page.getByRole('button', { name: 'Search' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: `No parcel with the waybill number ${elsewhere}` })
      .waitFor();
  });

  it('lets a security officer unmask the sender after giving a purpose', async () => {
    const waybillNo = await parcelAtOutlet(env());
    const page = await openSearch(env(), 'security-officer');
    await page.getByLabel('Waybill number').fill(waybillNo);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: `Parcel ${waybillNo}` }).waitFor();
    await page.getByText('Resident ID card', { exact: false }).first().waitFor();
    expect(await page.getByRole('main').first().textContent()).not.toContain('张三');

    await page.getByRole('button', { name: 'Show the sender unmasked' }).click();
    const dialog = page.getByRole('dialog', { name: 'Why do you need the sender unmasked?' });
    await dialog.getByRole('radio', { name: 'Another reason' }).check();
    await chooseOption(page, 'Reason', 'Supervisor review');
    await dialog.getByLabel('In a few words').fill('too short');
    await dialog.getByRole('button', { name: 'Show unmasked' }).click();
    await dialog.getByText('Say why in a few words (at least 10 characters)').waitFor();
    await dialog.getByLabel('In a few words').fill('reviewing the hold placed on this parcel today');
    await dialog.getByRole('button', { name: 'Show unmasked' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByText('Sender, unmasked').waitFor();
    expect(await page.getByRole('main').first().textContent()).toContain('张三');
    // On the page only: not in the address bar, not in the browser's storage.
    expect(page.url()).not.toContain('%E5%BC%A0');
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
    expect(stored).not.toContain('张三');
    await screenshot(page, 'parcels');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Hide' }).click();
    await expect
      .poll(async () => (await page.getByRole('main').first().textContent()) ?? '')
      .not.toContain('张三');
  });

  it('keeps the typed waybill number when the session ends, and searches after signing in again', async () => {
    const waybillNo = await parcelAtOutlet(env());
    const page = await openSearch(env(), 'courier');
    const ended = await page.evaluate(async () => {
      const token = sessionStorage.getItem('parcelguard.session');
      const response = await fetch('/api/v1/auth/logout', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      return response.status;
    });
    expect(ended).toBeLessThan(300);

    const field = page.getByLabel('Waybill number');
    await field.fill(waybillNo);
    await page.getByRole('button', { name: 'Search' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    await dialog.getByLabel('Password').fill(env().credentials.courier.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await field.inputValue()).toBe(waybillNo);
    await page.getByRole('heading', { name: `Parcel ${waybillNo}` }).waitFor();
  });
});
