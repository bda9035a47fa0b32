/// <reference lib="dom" />
// The case inbox: the demo's cases in every status, the overdue count, a status filter, one case opened in a drawer
// with its timeline and evidence; a sealed case shown only to the officer holding the clearance (the demo's
// security officer), left out for an auditor who may read cases but holds no clearance. Then the work on a case:
// evidence uploaded and its SHA-256 shown, a report drafted through the wizard, refused to its author's approval and
// approved by a second person, its submission recorded, its PDF downloaded, and the figures' funnel.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { systemContext } from '../../src/people/actor.js';
import { newId } from '../../src/platform/ids.js';
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

  it('assigns a case by name and moves its status; closing needs an outcome; a stale move shows the 409', async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'security-officer');
    await page.goto(`${env().baseUrl}/cases`);
    await page.getByRole('button', { name: /^Open case: DEMO-C-0001/ }).click();
    const drawer = page.getByRole('dialog', { name: /prohibited-found-at-hub/ });
    await drawer.getByText('Nobody yet').waitFor();

    await chooseOption(page, 'Assign to a security officer', 'Demo security officer');
    await drawer.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByText('Assigned to Demo security officer').waitFor();
    await drawer.getByText('Demo security officer', { exact: true }).first().waitFor();

    await chooseOption(page, 'New status', 'Closed');
    await drawer.getByLabel('Reason').fill('a kitchen knife, declared');
    await drawer.getByRole('button', { name: 'Change status' }).click();
    await drawer.getByText('Choose the outcome to close the case').waitFor();

    await chooseOption(page, 'New status', 'Investigating');
    await drawer.getByRole('button', { name: 'Change status' }).click();
    await page.getByText('The case is now Investigating').waitFor();

    // Someone else moves the case meanwhile: the move this drawer still offers is refused, in the server's words.
    const context = systemContext(newId(), 'browser-test');
    const [found] = await env().app.cases.findCases(context, { waybillNo: 'DEMO-C-0001' });
    await env().app.cases.changeStatus(context, found!.id, {
      status: 'awaiting-approval',
      reason: 'moved at another desk',
    });
    await chooseOption(page, 'New status', 'Awaiting approval');
    await drawer.getByLabel('Reason').fill('report being written');
    await drawer.getByRole('button', { name: 'Change status' }).click();
    // (The server writes "…" for the status the caller sent: errors never repeat the caller's input.)
    await drawer.getByText('it may go to investigating or closed', { exact: false }).waitFor();
    await screenshot(page, 'case-actions');
    await expectAccessible(page);
  });

  // A PNG of its own (the demo photo's bytes and a trailer after IEND: the server checks the first bytes).
  const png = Buffer.concat([
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HY4AAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    ),
    Buffer.from('case-console-test'),
  ]);
  const pngSha256 = createHash('sha256').update(png).digest('hex');
  const facts =
    'At the hub X-ray a bag of white powder was found; the parcel was held and the sample sealed.';

  it('uploads a PNG as evidence and shows its SHA-256; refuses other types before sending', async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'security-officer');
    await page.goto(`${env().baseUrl}/cases`);
    await page.getByRole('button', { name: /^Open case: DEMO-C-0002/ }).click();
    const drawer = page.getByRole('dialog', { name: /prohibited-found-at-hub/ });
    await drawer.waitFor();
    // The assignee by name, not by id.
    await drawer.getByText('Assigned to').waitFor();
    await drawer.getByText('Demo security officer', { exact: true }).first().waitFor();

    await drawer.getByLabel('File', { exact: true }).setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not evidence'),
    });
    await drawer.getByText('This type of file is not accepted', { exact: false }).waitFor();
    expect(await drawer.getByRole('button', { name: 'Upload file' }).isDisabled()).toBe(true);

    await drawer.getByLabel('File', { exact: true }).setInputFiles({
      name: 'sealed-sample.png',
      mimeType: 'image/png',
      buffer: png,
    });
    await drawer.getByRole('button', { name: 'Upload file' }).click();
    await drawer.getByText('Added sealed-sample.png; its SHA-256:').waitFor();
    await expect.poll(() => drawer.getByText(pngSha256, { exact: true }).count()).toBe(2);

    const download = page.waitForEvent('download');
    await drawer.getByRole('button', { name: 'Download sealed-sample.png' }).click();
    expect((await download).suggestedFilename()).toBe('sealed-sample.png');
    await drawer.getByText(`the server checked its SHA-256 ${pngSha256}`, { exact: false }).waitFor();
    await screenshot(page, 'case-evidence');
    await expectAccessible(page);
  });

  it('drafts a report through the wizard; its author may not approve it, a second person does', async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'security-officer');
    await page.goto(`${env().baseUrl}/cases`);
    await page.getByRole('button', { name: /^Open case: DEMO-C-0002/ }).click();
    const drawer = page.getByRole('dialog', { name: /prohibited-found-at-hub/ });
    await drawer.getByRole('button', { name: 'Draft a report' }).click();
    const wizard = page.getByRole('dialog', { name: 'Draft a report to an authority' });
    // (a) the authority: narcotics go to the police.
    await wizard.getByText('Suggested authority: Public security (police)').waitFor();
    await wizard.getByRole('button', { name: 'Next' }).click();
    // (b) facts, evidence, the personal data the police receive.
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByText('Write the facts', { exact: false }).waitFor();
    await wizard.getByLabel('Facts').fill(facts);
    await wizard.getByRole('checkbox', { name: /sealed-sample\.png/ }).check();
    await wizard.getByText("Sender's document number", { exact: false }).waitFor();
    await wizard.getByRole('button', { name: 'Next' }).click();
    // (c) the preview: the report as it will be sent, evidence with its hash.
    await wizard.getByText('The report as it will be sent', { exact: false }).waitFor();
    await wizard.getByText(facts).waitFor();
    await wizard.getByText(pngSha256).waitFor();
    await wizard.getByText('1 piece of evidence').waitFor();
    await screenshot(page, 'case-report-preview');
    await expectAccessible(page);
    await wizard.getByRole('button', { name: 'Create draft' }).click();
    await wizard.waitFor({ state: 'hidden' });

    // Four eyes: the author's approval is refused, and the server's reason shown.
    await drawer.getByRole('button', { name: 'Approve the report to Public security (police)' }).click();
    await drawer.getByText('never by its own author', { exact: false }).waitFor();
    await screenshot(page, 'case-reports-in-drawer');
    await expectAccessible(page);

    const second = await env().newPage();
    await signIn(second, env(), 'admin');
    await second.getByRole('link', { name: 'Case reports', exact: true }).first().click();
    await second.getByRole('heading', { level: 1, name: 'Reports to the authorities' }).waitFor();
    await second.getByRole('button', { name: 'Approve the report to Public security (police)' }).click();
    await second.getByText('Report approved and its package signed').waitFor();
    const approved = second.locator('.ant-card').filter({ hasText: facts });
    await approved.getByText('PDF SHA-256').waitFor();
  });

  it('records the submission and downloads the signed PDF', async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'legal-liaison');
    await page.getByRole('link', { name: 'Case reports', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Reports to the authorities' }).waitFor();
    const card = page.locator('.ant-card').filter({ hasText: facts });
    await card.getByText('Approved', { exact: true }).waitFor();
    await chooseOption(page, 'Channel', 'In person');
    await card.getByLabel("The authority's reference number").fill('PSB-2026-0042');
    await card.getByRole('button', { name: 'Record submission' }).click();
    await page.getByText('Submission recorded').waitFor();
    await card.getByText('PSB-2026-0042', { exact: false }).waitFor();
    await card.getByText('Submitted', { exact: true }).first().waitFor();

    const pdfResponse = page.waitForResponse((response) => response.url().endsWith('/pdf'));
    const download = page.waitForEvent('download');
    await card.getByRole('button', { name: 'Download PDF' }).click();
    const response = await pdfResponse;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    // The file saved from the blob URL is the PDF the server sent.
    const saved = await download;
    expect(saved.suggestedFilename()).toMatch(/^report-.+\.pdf$/);
    const bytes = readFileSync(await saved.path());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    await screenshot(page, 'case-reports');
    await expectAccessible(page);
  });

  it('shows the figures: the clue → case → report funnel', async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'security-officer');
    await page.getByRole('link', { name: 'Case figures', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Case figures' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Clues → cases → reports' }).waitFor();
    // The demo's firearm report and the one submitted above.
    const summary = page.getByRole('img', {
      name: /clues raised, \d+ cases opened, [2-9]\d* reports submitted/,
    });
    await summary.waitFor();
    await page.getByRole('columnheader', { name: 'Reports submitted' }).first().waitFor();
    await page.getByRole('heading', { level: 2, name: 'Reports per authority' }).waitFor();
    await screenshot(page, 'case-figures');
    await expectAccessible(page);
  });

  it("lets the station manager approve a draft of their site's case from the reports page", async () => {
    // A draft for the outlet's firearm case, written by the security officer (as the CLI would name him).
    const context = systemContext(newId(), 'browser-test');
    const officer = (await env().app.staff.findStaff(context)).find(
      (member) => member.username === 'demo-security-officer',
    );
    const [firearm] = await env().app.cases.findCases(context, { waybillNo: 'DEMO-C-0004' });
    await env().app.caseReports.draft(context, {
      caseId: firearm!.id,
      summary: 'A second report of the firearm part, with the sender named by the counter.',
      evidenceIds: [],
      draftedBy: officer!.id,
    });

    const page = await env().newPage();
    await signIn(page, env(), 'station-manager');
    await page.getByRole('link', { name: 'Case reports', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Reports to the authorities' }).waitFor();
    const card = page.locator('.ant-card').filter({ hasText: 'A second report of the firearm part' });
    // The drafting officer works at the hub, outside the station manager's staff list: the report names him.
    await card.getByText(`${officer!.name} ·`, { exact: false }).waitFor();
    expect(await card.getByText(officer!.id, { exact: false }).count()).toBe(0);
    await card.getByRole('button', { name: 'Approve the report to Public security (police)' }).click();
    await page.getByText('Report approved and its package signed').waitFor();
    await card.getByText('Approved', { exact: true }).waitFor();
    await expectAccessible(page);
  });
});
