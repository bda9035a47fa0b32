/// <reference lib="dom" />
// The screener's hub page: a certified machine of the site (its expiry shown), scans clear or suspect, the
// open-inspection queue resolved from the page, and a bag dispatch that names every parcel that may not leave.
import { expect, it } from 'vitest';
import { acceptedParcel } from '../../src/testing/parcel-factories.js';
import { adminContext } from '../../src/testing/test-app.js';
import {
  chooseOption,
  describeConsole,
  expectAccessible,
  screenshot,
  signIn,
  type ConsoleEnvironment,
} from './console-harness.js';

/** Parcels taken in and inspected at the demo outlet SH-OUT-01 by the demo courier: ready for the hub's X-ray. */
async function acceptedAtOutlet(env: ConsoleEnvironment, count: number): Promise<string[]> {
  const { app } = env;
  const outlet = (await app.sites.findSites()).find((site) => site.code === 'SH-OUT-01')!;
  const courier = (await app.staff.findStaff(adminContext(), { siteId: outlet.id })).find(
    (member) => member.username === env.credentials.courier.username,
  )!;
  const waybills: string[] = [];
  for (let index = 0; index < count; index += 1)
    waybills.push(await acceptedParcel(app, outlet.id, courier.id));
  return waybills;
}

describeConsole('hub screening', (env) => {
  it('lets a screener pick a certified machine, scan a parcel clear and dispatch a bag naming the blocked one', async () => {
    const [cleared, neverScanned] = await acceptedAtOutlet(env(), 2);
    const page = await env().newPage();
    await signIn(page, env(), 'screener');
    await page.waitForURL((url) => url.pathname === '/hub');
    await page.getByRole('heading', { name: 'Hub screening', level: 1 }).waitFor();

    // Only certified machines of the site, each with its expiry; the chosen one shows its certificate.
    await chooseOption(page, 'Machine', 'SH-HUB-01-XR2');
    await page.getByText('Certified until', { exact: true }).waitFor();
    await expect.poll(() => page.getByText(/Expires in \d+ days/).count()).toBe(1);
    await chooseOption(page, 'Machine', 'SH-HUB-01-XR1');
    await expect.poll(() => page.getByText(/Expires in \d+ days/).count()).toBe(0);
    await page.getByText('Certified', { exact: true }).waitFor();

    // A barcode scanner types the number and Enter.
    const waybillField = page.getByLabel('Waybill number', { exact: true });
    await waybillField.fill(cleared!);
    await waybillField.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `${cleared}: Screened` })
      .waitFor();
    await expect.poll(() => waybillField.inputValue()).toBe('');

    // The bag: the scanned parcel and one never X-rayed here. Nothing leaves; the page names the blocked one.
    await page.getByLabel('Bag or seal number').fill('BAG-SH-0001');
    const addField = page.getByLabel('Add waybill number');
    await addField.fill(cleared!);
    await addField.press('Enter');
    await addField.fill(neverScanned!);
    await addField.press('Enter');
    await page.getByText('2 parcels in the bag').waitFor();
    await page.getByRole('button', { name: 'Dispatch the bag (2 parcels)' }).click();
    const blocked = page.getByRole('alert').filter({ hasText: 'may not leave' });
    await blocked.waitFor();
    expect(await blocked.textContent()).toContain('1 of 2 parcels may not leave: nothing was dispatched.');
    const list = page.getByRole('list', { name: 'Parcels that may not leave' });
    expect(await list.getByRole('listitem').allTextContents()).toEqual([
      `${neverScanned}: not X-rayed clear at this site: scan it first`,
    ]);
    expect((await env().app.parcels.getTimeline(adminContext(), cleared!)).state).toBe('screened');

    // Without the blocked parcel, the bag leaves.
    await page.getByRole('button', { name: `Remove ${neverScanned}` }).click();
    await page.getByRole('button', { name: 'Dispatch the bag (1 parcel)' }).click();
    await page.getByRole('status').filter({ hasText: 'Bag BAG-SH-0001 dispatched with 1 parcel.' }).waitFor();
    expect((await env().app.parcels.getTimeline(adminContext(), cleared!)).state).toBe('dispatched');

    await expectAccessible(page);
  });

  it('puts a suspect parcel in the open-inspection queue and takes it out when opened clear', async () => {
    const [suspect] = await acceptedAtOutlet(env(), 1);
    const page = await env().newPage();
    await signIn(page, env(), 'screener');
    await page.getByRole('heading', { name: 'Hub screening', level: 1 }).waitFor();
    await chooseOption(page, 'Machine', 'SH-HUB-01-XR1');

    const waybillField = page.getByLabel('Waybill number', { exact: true });
    await waybillField.fill(suspect!);
    await page.getByRole('radio', { name: 'Suspect' }).check();
    await page.getByRole('button', { name: 'Record scan' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${suspect}: Open inspection` })
      .waitFor();

    const queue = page.getByRole('table', { name: /waiting to be opened/ });
    const row = queue.getByRole('row').filter({ hasText: suspect! });
    await row.waitFor();
    expect(await row.textContent()).toContain('SH-HUB-01-XR1');
    await screenshot(page, 'hub');

    await row.getByRole('button', { name: `Opened ${suspect}: clear` }).click();
    const dialog = page.getByRole('dialog', { name: `Open inspection of ${suspect}` });
    await dialog.getByLabel('Notes (optional)').fill('bottles of shampoo, sealed');
    await dialog.getByRole('button', { name: 'Record outcome' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${suspect} is clear and screened` })
      .waitFor();
    await expect.poll(() => queue.getByRole('row').filter({ hasText: suspect! }).count()).toBe(0);
    await queue.getByText('No parcel is waiting for an open inspection').waitFor();
    expect((await env().app.parcels.getTimeline(adminContext(), suspect!)).state).toBe('screened');
    await expectAccessible(page);
  });
});
