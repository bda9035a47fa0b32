/// <reference lib="dom" />
// Lawful requests, sealed: a legal liaison registers a state-security request (the form refuses one officer and a
// scope without limits before sending, and shows the server's field errors next to their fields), answers the
// checklist (the call-back on a number added to the agency directory), is refused as their own approver (four
// eyes), and a second, designated liaison approves. An admin and a security officer do not see the area at all.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { addDays } from '../../src/identity/subject-index.js';
import { chinaDate } from '../../src/platform/clock.js';
import { acceptedParcel, certifiedStaff } from '../../src/testing/parcel-factories.js';
import { adminContext, createStaffMember } from '../../src/testing/test-app.js';
import { describeConsole, expectAccessible, screenshot, signIn } from './console-harness.js';

/** The error text shown for the control labelled `label` (what its aria-describedby points at). */
async function fieldError(page: Page, label: string): Promise<string> {
  const control = page.getByLabel(label, { exact: true });
  await expect.poll(() => control.getAttribute('aria-invalid')).toBe('true');
  return control.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

const CHECKS = [
  "Officers' work IDs seen",
  'Legal document seen',
  "Approving organ's level adequate",
  'Scope limited to what is necessary',
];

describeConsole('lawful requests', (env) => {
  // Retried: on a loaded CI machine about one run in five found the Register button still spinning ("loading
  // Register") 30 s after the click that should get the server's 400 on the phone field; never reproduced on a
  // quiet machine. A save react-query parked because the browser briefly believed itself offline looks exactly
  // like that (admin.test.ts shows it); saves are now sent regardless (App.tsx, networkMode 'always'). If it
  // fails again, the harness prints the page's API calls and navigator.onLine: whether the POST ever left.
  it(
    'registers a state-security request, verifies it item by item and has a second liaison approve it',
    {
      retry: 2,
    },
    async () => {
      const { app } = env();
      const siteId = await app.sites.resolveSiteId('SH-HUB-01');
      const second = await createStaffMember(app, ['legal-liaison'], siteId);
      const liaison = (await app.staff.findStaff(adminContext())).find(
        (member) => member.username === env().credentials['legal-liaison'].username,
      )!;
      // Both liaisons are designated approvers: the one who verified it is still refused (a second person approves).
      await app.requests.designateApprover(adminContext(), liaison.id, true);
      await app.requests.designateApprover(adminContext(), second.staff.id, true);
      const today = chinaDate(app.clock.now());
      // A parcel taken in at the outlet, named in the request's scope: the one it detains.
      const outlet = await app.sites.resolveSiteId('SH-OUT-01');
      const courier = await certifiedStaff(app, ['courier'], outlet, ['prohibited-items-identification']);
      const waybill = await acceptedParcel(app, outlet, courier.staff.id);

      const page = await env().newPage();
      await signIn(page, env(), 'legal-liaison');
      await page.waitForURL((url) => url.pathname === '/requests');
      await page.getByRole('heading', { level: 1, name: 'Lawful requests' }).waitFor();
      // The demo's requests, one in each state.
      await expect
        .poll(() => page.getByRole('button', { name: /^Open request LR-/ }).count())
        .toBeGreaterThan(3);
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Register a request' }).click();
      const form = page.getByRole('dialog', { name: 'Register a lawful request' });
      await form.getByLabel('Issuing organ', { exact: true }).fill('上海市国家安全局');
      await form.getByLabel('Document number', { exact: true }).fill('沪国安调字〔2026〕17号');
      await form.getByLabel('Document date', { exact: true }).fill(addDays(today, -1));
      await form.getByLabel('Officer 1 name', { exact: true }).fill('王强');
      await form.getByLabel('Officer 1 work ID', { exact: true }).fill('GA-31-0042');
      await form.getByLabel('Answer by', { exact: true }).fill(`${addDays(today, 7)}T18:00`);
      // One officer and a scope without limits: refused in the form, next to the fields, before anything is sent.
      await form.getByRole('button', { name: 'Register', exact: true }).click();
      await form.getByText('A state-security request needs two or more officers').waitFor();
      expect(await fieldError(page, 'Waybills')).toContain('a request without limits is refused');
      expect(await fieldError(page, 'From')).toContain('Give the date range');
      expect(await fieldError(page, 'Data categories')).toContain('Name at least one data category');
      await screenshot(page, 'requests-register-problems');
      await expectAccessible(page);

      await form.getByLabel('Officer 2 name', { exact: true }).fill('李娜');
      await form.getByLabel('Officer 2 work ID', { exact: true }).fill('GA-31-0077');
      await form.getByLabel('Waybills', { exact: true }).fill(`${waybill}\nPG100000002`);
      await form.getByLabel("Senders' phones", { exact: true }).fill('12');
      await form.getByLabel('From', { exact: true }).fill(addDays(today, -30));
      await form.getByLabel('To', { exact: true }).fill(today);
      await form.getByRole('checkbox', { name: 'Parcel records' }).check();
      await form.getByRole('checkbox', { name: 'Real-name records' }).check();
      // The server judges the phone: its field error lands on the field.
      await form.getByRole('button', { name: 'Register', exact: true }).click();
      expect(await fieldError(page, "Senders' phones")).toContain('must be a phone number');
      await form.getByLabel("Senders' phones", { exact: true }).fill('13800138000');
      await form.getByRole('button', { name: 'Register', exact: true }).click();

      const drawer = page.getByRole('dialog', { name: /^Lawful request LR-\d{4}-\d{4}$/ });
      await drawer.waitFor();
      const reference = (await drawer.getByText(/^Lawful request LR-/).textContent())!.replace(
        'Lawful request ',
        '',
      );
      await drawer.getByText('the request has not been verified').waitFor();
      await drawer.getByText('王强 · work ID GA-31-0042').waitFor();
      await drawer.getByText(`${waybill}, PG100000002`).waitFor();

      for (const item of CHECKS) {
        const check = drawer.getByRole('group', { name: item });
        await check.getByRole('radio', { name: 'Yes' }).check();
        await check.getByLabel(`Note: ${item}`).fill('checked at the front desk');
        await check.getByRole('button', { name: `Record: ${item}` }).click();
        await check.getByText('Yes', { exact: true }).first().waitFor();
        await expect.poll(() => check.locator('.ant-tag').textContent()).toBe('Yes');
      }
      // The call-back: the number is added to the directory first, then picked for the answer.
      const callBack = drawer.getByRole('group', { name: 'Agency called back' });
      await callBack.getByRole('radio', { name: 'Yes' }).check();
      await callBack.getByRole('button', { name: 'Record: Agency called back' }).click();
      await callBack.getByText('Pick the directory number you called').waitFor();
      await callBack.getByRole('button', { name: 'Add a number' }).click();
      const directory = page.getByRole('dialog', { name: 'Add a number' });
      await directory.getByLabel('Organ', { exact: true }).fill('上海市国家安全局办公室');
      await directory.getByLabel('Phone', { exact: true }).fill('021-12339000');
      await directory.getByRole('button', { name: 'Save' }).click();
      await directory.waitFor({ state: 'hidden' });
      await callBack.getByText('上海市国家安全局办公室 · 021-12339000').waitFor();
      await callBack.getByRole('button', { name: 'Record: Agency called back' }).click();
      await drawer.getByText('the request has not been approved by a designated approver').waitFor();
      await expect.poll(() => drawer.getByText('Verified', { exact: true }).count()).toBe(1);

      // Four eyes: the liaison who verified it may not approve it, designated or not.
      await drawer.getByRole('button', { name: 'Approve' }).click();
      const own = page.getByRole('dialog', { name: /^Approve LR-/ });
      await own.getByLabel('Reason', { exact: true }).fill('Verified in full; scope is narrow');
      await own.getByRole('button', { name: 'Approve' }).click();
      await own.getByText('a second person approves').waitFor();
      await screenshot(page, 'requests-four-eyes');
      await own.getByRole('button', { name: 'Cancel' }).click();
      await screenshot(page, 'requests-drawer');
      await expectAccessible(page);

      const approver = await env().newPage();
      await approver.getByLabel('Username', { exact: true }).fill(second.staff.username);
      await approver.getByLabel('Password', { exact: true }).fill(second.password);
      await approver.getByRole('button', { name: 'Sign in' }).click();
      await approver.waitForURL((url) => url.pathname === '/requests');
      await approver.getByRole('button', { name: `Open request ${reference}` }).click();
      const theirs = approver.getByRole('dialog', { name: `Lawful request ${reference}` });
      await theirs.getByRole('button', { name: 'Approve' }).click();
      const approval = approver.getByRole('dialog', { name: /^Approve LR-/ });
      await approval
        .getByLabel('Reason', { exact: true })
        .fill('Checked the checklist and the document: answer it');
      await approval.getByRole('button', { name: 'Approve' }).click();
      await approval.waitFor({ state: 'hidden' });
      await theirs.getByText('Verified and approved').waitFor();
      await expect.poll(() => theirs.getByText('Approved', { exact: true }).count()).toBeGreaterThan(0);
      await screenshot(approver, 'requests-approved');
      await expectAccessible(approver);

      // The scoped package, built and saved as JSON; the manifest's SHA-256 stays with the request.
      const downloading = approver.waitForEvent('download');
      await theirs.getByRole('button', { name: 'Build and download the package' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(`${reference}-package.json`);
      const saved = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
        format: string;
        manifest: { files: { name: string; sha256: string }[] };
        signature: string;
        files: Record<string, string>;
      };
      expect(saved.format).toBe('parcelguard.lawful-request-package.v1');
      expect(saved.manifest.files.length).toBeGreaterThan(0);
      await theirs
        .getByText(/^[0-9a-f]{64}$/)
        .first()
        .waitFor();

      // The parcel in scope is detained; the officers' receipt fulfils the request.
      await theirs.getByRole('checkbox', { name: waybill }).check();
      await theirs.getByRole('button', { name: 'Detain', exact: true }).click();
      await expect.poll(() => theirs.getByRole('checkbox', { name: waybill }).isDisabled()).toBe(true);
      await theirs.getByLabel('Receiving officer 1 name', { exact: true }).fill('王强');
      await theirs.getByLabel('Receiving officer 1 work ID', { exact: true }).fill('GA-31-0042');
      await theirs.getByRole('button', { name: 'Record the receipt' }).click();
      await theirs.getByText('the request is fulfilled').waitFor();
      await theirs.getByText('王强 (GA-31-0042)', { exact: false }).waitFor();

      // The legal hold is on from registration; lifting it takes a reason.
      await theirs.getByRole('switch', { name: "Legal hold on this request's scope" }).click();
      const lift = approver.getByRole('dialog', { name: /^Lift the legal hold/ });
      await lift
        .getByLabel('Reason', { exact: true })
        .fill('Case closed by the agency; nothing more to keep');
      await lift.getByRole('button', { name: 'Lift the hold' }).click();
      await lift.waitFor({ state: 'hidden' });
      await expect
        .poll(() => theirs.getByRole('switch', { name: "Legal hold on this request's scope" }).isChecked())
        .toBe(false);

      await theirs.getByRole('button', { name: 'Close the request' }).click();
      const closing = approver.getByRole('dialog', { name: /^Close LR-/ });
      await closing.getByLabel('Reason', { exact: true }).fill('Package received by the officers');
      await closing.getByRole('button', { name: 'Close the request' }).click();
      await closing.waitFor({ state: 'hidden' });
      await theirs.getByText('the request is closed').waitFor();
      await screenshot(approver, 'requests-closed');
      await expectAccessible(approver);

      // The figures count it, and nothing more.
      await theirs.getByRole('button', { name: 'Close', exact: true }).click();
      const figures = approver.getByRole('table').filter({ hasText: 'Quarter' });
      await figures.getByRole('cell', { name: 'State security' }).first().waitFor();

      // The package handed back is checked against this installation's keys; one altered file fails it.
      const packageFile = approver.getByLabel('Package file', { exact: true });
      await packageFile.setInputFiles(await download.path());
      await approver.getByText(`Valid: the package of ${reference}`).waitFor();
      const [firstFile] = Object.keys(saved.files);
      const altered = { ...saved, files: { ...saved.files } };
      altered.files[firstFile!] = Buffer.from('altered').toString('base64');
      await packageFile.setInputFiles({
        name: 'altered-package.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(altered)),
      });
      await approver.getByText(/^Not valid: /).waitFor();
      await screenshot(approver, 'requests-package-check');
      await expectAccessible(approver);
    },
  );

  it('lets an admin designate an approver from the staff drawer, without seeing any request', async () => {
    const { app } = env();
    const siteId = await app.sites.resolveSiteId('SH-HUB-01');
    const { staff: member } = await app.staff.createStaff(adminContext(), {
      username: 'zhao.liu',
      name: '赵六',
      siteId,
      roles: ['legal-liaison'],
      password: 'correct horse battery',
    });
    const page = await env().newPage();
    await signIn(page, env(), 'admin');
    await page.getByRole('tab', { name: 'Staff' }).click();
    await page.getByRole('button', { name: 'Manage 赵六' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: 'Manage 赵六' });
    // The card reads whether they approve now (nothing of any request).
    await drawer.getByText('Not an approver', { exact: true }).waitFor();
    await drawer.getByRole('button', { name: 'Designate as approver' }).click();
    await drawer.getByText('Designated', { exact: true }).waitFor();
    expect(await app.requests.isDesignatedApprover(member.id)).toBe(true);
    await expectAccessible(page);
  });

  it('is not there for an admin or a security officer: no link, and the page is not found', async () => {
    for (const role of ['admin', 'security-officer'] as const) {
      const page = await env().newPage();
      await signIn(page, env(), role);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      expect(await navigation.getByRole('link', { name: 'Lawful requests' }).count()).toBe(0);
      await page.goto(`${env().baseUrl}/requests`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      const status = await page.evaluate(async () => {
        const token = sessionStorage.getItem('parcelguard.session');
        const response = await fetch('/api/v1/lawful-requests', {
          headers: { authorization: `Bearer ${token}` },
        });
        return response.status;
      });
      expect(status).toBe(404);
    }
  });
});
