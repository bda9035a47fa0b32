/// <reference lib="dom" />
// The station manager's site day (coverage, a refusal, a certification expiring soon, a held parcel) and the
// security officer's holds page (release with a reason; an empty reason is refused next to its field).
import { expect, it } from 'vitest';
import { chinaDate } from '../../src/platform/clock.js';
import { addDays } from '../../src/identity/subject-index.js';
import { acceptedParcel, certifiedStaff, registerMachine } from '../../src/testing/parcel-factories.js';
import { adminContext, createStaffMember } from '../../src/testing/test-app.js';
import { chooseOption, describeConsole, expectAccessible, screenshot, signIn } from './console-harness.js';

describeConsole('the site day and held parcels', (env) => {
  it("shows the station manager their site's day: coverage, refusals, certifications to renew, holds", async () => {
    const { app } = env();
    const siteId = await app.sites.resolveSiteId('SH-OUT-01');
    const today = chinaDate(app.clock.now());
    // A sender who would not show a document, refused at the identity gate today.
    await app.identityGate.decide(adminContext(), { kind: 'refused-to-show', siteId });
    // A screener whose X-ray certification runs out in 10 days.
    const { staff: screener } = await createStaffMember(app, ['screener'], siteId);
    await app.staff.grantCertification(adminContext(), screener.id, {
      reason: 'carried over from a paper record',
      kind: 'xray-operation',
      issuedOn: addDays(today, -355),
      expiresOn: addDays(today, 10),
    });
    // A parcel taken in today, then held by a security officer.
    const courier = await certifiedStaff(app, ['courier'], siteId, ['prohibited-items-identification']);
    const held = await acceptedParcel(app, siteId, courier.staff.id);
    await app.parcels.hold(adminContext(), held, { reason: 'tip-off from the local police' });
    // An X-ray machine whose certificate runs out in 20 days.
    const machine = await registerMachine(app, siteId, addDays(today, 20));
    const coverage = await app.reports.coverage(adminContext(), { from: today, to: today, siteId });

    const page = await env().newPage();
    await signIn(page, env(), 'station-manager');
    await page.waitForURL((url) => url.pathname === '/site');
    await page.getByRole('heading', { level: 1, name: /SH-OUT-01/ }).waitFor();

    const stat = (name: string) => page.getByRole('group', { name, exact: true });
    await expect
      .poll(() => stat('Parcels presented').textContent())
      .toContain(String(coverage.totals.presented));
    expect(coverage.totals.presented).toBeGreaterThan(0);
    await expect.poll(() => stat('Identity gate refusals').textContent()).toContain('1');
    await expect.poll(() => stat('Held now').textContent()).toContain('1');
    await expect.poll(() => stat('Certifications to renew').textContent()).toContain('1');

    await page.getByRole('heading', { name: 'Three-gate coverage' }).waitFor();
    await page.getByText('Refused to show a document').waitFor();
    await page.getByText(held).waitFor();
    await page.getByText('tip-off from the local police').waitFor();
    // The screener's row flags the certification.
    await expect
      .poll(() =>
        page
          .getByRole('row')
          .filter({ hasText: 'X-ray operation' })
          .filter({ hasText: `Expires in 10 days (${addDays(today, 10)})` })
          .count(),
      )
      .toBe(1);
    await expect.poll(() => stat('Machines needing action').textContent()).toContain('1');
    await page
      .getByRole('row')
      .filter({ hasText: machine.machineCode })
      .filter({ hasText: 'Due in 20 days' })
      .waitFor();

    await screenshot(page, 'site-day');
    await expectAccessible(page);

    // Yesterday: today's refusal is not in that day's list, and the section says there were none.
    await page.getByLabel('Day').fill(addDays(today, -1));
    await page.getByText('No refusals on this day').waitFor();
  });

  it('lets a security officer hand a held parcel over and release it with a reason, refusing an empty one at its field', async () => {
    const { app } = env();
    const siteId = await app.sites.resolveSiteId('SH-OUT-01');
    const courier = await certifiedStaff(app, ['courier'], siteId, ['prohibited-items-identification']);
    const held = await acceptedParcel(app, siteId, courier.staff.id);
    await app.parcels.hold(adminContext(), held, { reason: 'suspicious declaration' });

    const page = await env().newPage();
    await signIn(page, env(), 'security-officer');
    // Company-wide: the site day picks a site (their own, the hub, first), and shows the outlet's holds.
    await page.goto(`${env().baseUrl}/site`);
    await page.getByRole('heading', { level: 1, name: /SH-HUB-01/ }).waitFor();
    await chooseOption(page, 'Site', 'SH-OUT-01');
    await page.getByRole('heading', { level: 1, name: /SH-OUT-01/ }).waitFor();
    await page.getByRole('row').filter({ hasText: held }).waitFor();

    await page.getByRole('link', { name: 'Holds', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Held parcels' }).waitFor();
    await page.getByText(held).waitFor();
    await page.getByText('suspicious declaration').waitFor();
    await screenshot(page, 'holds');
    await expectAccessible(page);

    // A hand-over says who has the parcel now, and where.
    await page.getByRole('button', { name: `Hand over ${held}` }).click();
    const handOver = page.getByRole('dialog');
    await handOver.getByLabel('Handed to').fill('Officer Wang');
    await handOver.getByLabel('Where').fill('evidence room 2');
    await handOver.getByRole('button', { name: 'Record hand-over' }).click();
    await handOver.waitFor({ state: 'hidden' });
    await page
      .getByRole('row')
      .filter({ hasText: held })
      .filter({ hasText: 'Kept by Officer Wang, evidence room 2' })
      .waitFor();

    await page.getByRole('button', { name: `Release ${held}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`Release parcel ${held}`);
    const reason = dialog.getByLabel('Reason for release');
    // What the reason field's description says (its error, tied to it by aria-describedby).
    const describedBy = () =>
      reason.evaluate((field) =>
        (field.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    // Empty: the form says so next to the reason field.
    await dialog.getByRole('button', { name: 'Release' }).click();
    await expect.poll(describedBy).toContain('Say why the parcel is released');
    // Too short for the API: its answer, naming /body/reason, lands next to the same field.
    await reason.fill('ok');
    await dialog.getByRole('button', { name: 'Release' }).click();
    await expect.poll(describedBy).toMatch(/3/);
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);

    await reason.fill('checked with the sender: documents in order');
    await dialog.getByRole('button', { name: 'Release' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(`Parcel ${held} released`).waitFor();
    await expect.poll(() => page.getByRole('row').filter({ hasText: held }).count()).toBe(0);
    const timeline = await app.parcels.getTimeline(adminContext(), held);
    expect(timeline.state).toBe('accepted');
    expect(timeline.events.at(-1)).toMatchObject({
      kind: 'release',
      reason: 'checked with the sender: documents in order',
    });
  });

  it('reads in Chinese on a tablet held upright', async () => {
    const page = await env().newPage({ lang: 'zh-CN', viewport: { width: 800, height: 1280 } });
    await page.getByLabel('用户名').fill(env().credentials['station-manager'].username);
    await page.getByLabel('密码').fill(env().credentials['station-manager'].password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: /网点日报/ }).waitFor();
    await page.getByRole('heading', { name: '三项制度落实情况' }).waitFor();
    await page.getByRole('heading', { name: '人员与资质证书' }).waitFor();
    await screenshot(page, 'site-day-zh-tablet');
    await expectAccessible(page);
  });
});
