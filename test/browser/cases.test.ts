/// <reference lib="dom" />
// The case inbox: the demo's cases in every status, the overdue count, a status filter, one case opened in a drawer
// with its timeline and evidence; a sealed case shown only to the officer holding the clearance (the demo's
// security officer), left out for an auditor who may read cases but holds no clearance.
import { expect, it } from 'vitest';
import { chooseOption, describeConsole, expectAccessible, screenshot, signIn } from './console-harness.js';

describeConsole('case inbox', (env) => {
  it('lists the cases with their deadlines, filters them, and opens one with its timeline', async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'security-officer');
    await page.getByRole('link', { name: 'Cases', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    await page.getByText('0 cases are past their deadline').waitFor();
    await page.getByRole('link', { name: 'DEMO-C-0001' }).waitFor();
    // The demo's cases: one in each status (one sealed) and the firearm reported to public security end to end.
    await expect.poll(() => page.getByRole('button', { name: /^Open case:/ }).count()).toBe(6);
    await expect.poll(() => page.getByText('Sealed', { exact: true }).count()).toBe(1);

    await chooseOption(page, 'Status', 'Investigating');
    await expect.poll(() => page.getByRole('button', { name: /^Open case:/ }).count()).toBe(1);
    await page.getByRole('button', { name: /^Open case: DEMO-C-0002/ }).click();
    const drawer = page.getByRole('dialog', { name: /prohibited-found-at-hub/ });
    await drawer.waitFor();
    await expect.poll(() => drawer.getByText('open-inspection.png', { exact: false }).count()).toBe(1);
    await expect.poll(() => drawer.getByText(/Assigned/).count()).toBeGreaterThan(0);
    await screenshot(page, 'cases');
    await expectAccessible(page);
  });

  it('leaves the sealed case out for an auditor without the clearance', async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'auditor');
    await page.goto(`${env().baseUrl}/cases`);
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    await page.getByRole('link', { name: 'DEMO-C-0001' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: /^Open case:/ }).count()).toBe(5);
    expect(await page.getByRole('link', { name: 'DEMO-C-0003' }).count()).toBe(0);
    expect(await page.getByText('Sealed', { exact: true }).count()).toBe(0);
  });
});
