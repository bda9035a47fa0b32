/// <reference lib="dom" />
// The auditor's and regulator's pages over three days of simulated traffic: the coverage dashboard (chart with
// a text summary, the daily table, gaps, CSV), an attestation signed by a security officer and verified in the
// auditor's browser with the public key (and a tampered statement or proof that does not verify), and the
// audit chain's verification.
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { adminContext } from '../../src/testing/test-app.js';
import { chooseOption, describeConsole, expectAccessible, screenshot, signIn } from './console-harness.js';

const DAY = 86_400_000;
/** China's calendar day `offset` days from today. */
const chinaDay = (offset: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offset * DAY).toISOString().slice(0, 10);

describeConsole(
  'auditor and regulator',
  (env) => {
    it('shows an auditor the coverage of the last three days as a chart, a table and gaps, and downloads it as CSV', async () => {
      const page = await env().newPage();
      await signIn(page, env(), 'auditor');
      await page.waitForURL((url) => url.pathname === '/coverage');
      await page.getByRole('heading', { level: 1, name: 'Coverage' }).waitFor();

      const start = page.getByRole('textbox', { name: 'Period (China days)' });
      await start.click();
      await start.fill(chinaDay(-3));
      await start.press('Enter');
      const end = page.getByRole('textbox', { name: 'End date' });
      await end.fill(chinaDay(-1));
      await end.press('Enter');

      const chart = page.getByRole('img', { name: /Chart of the daily coverage per gate/ });
      await chart.waitFor();
      const summary = (await chart.getAttribute('aria-label')) ?? '';
      expect(summary).toContain(`${chinaDay(-3)} to ${chinaDay(-1)}`);
      expect(summary).toMatch(/real-name collection \d+(\.\d)?%/);
      expect(await chart.locator('canvas').count()).toBeGreaterThan(0);

      // The same figures as a table: one row per day.
      const daily = page
        .getByRole('table')
        .filter({ has: page.getByRole('columnheader', { name: 'Entered the network' }) });
      for (const offset of [-3, -2, -1]) {
        await expect
          .poll(() => daily.getByRole('cell', { name: chinaDay(offset), exact: true }).count())
          .toBe(1);
      }
      const gapsHeading = page.getByRole('heading', { name: /^Gaps: \d+/ });
      await gapsHeading.waitFor();
      const gapCount = Number(/(\d+)/.exec((await gapsHeading.textContent()) ?? '')![1]);
      const gaps = page
        .getByRole('table')
        .filter({ has: page.getByRole('columnheader', { name: 'Missing gates' }) });
      if (gapCount > 0) expect(await gaps.getByRole('row').count()).toBeGreaterThan(1);
      else await gaps.getByText('No gaps: every gate was passed').waitFor();

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download CSV', exact: true }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`coverage-all-${chinaDay(-3)}-${chinaDay(-1)}.csv`);
      const csv = (await readFile(await download.path(), 'utf8'))
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n');
      expect(csv[0]).toMatch(/^site_id,site_code,day,presented,refused,/);
      const body = csv.slice(1);
      expect(body.length).toBeGreaterThanOrEqual(3);
      expect(new Set(body.map((line) => line.split(',')[2]))).toEqual(
        new Set([chinaDay(-3), chinaDay(-2), chinaDay(-1)]),
      );
      expect(body.some((line) => line.includes(',SH-OUT-01,'))).toBe(true);

      await page.mouse.move(0, 0);
      await screenshot(page, 'coverage');
      await expectAccessible(page);
    });

    it('keeps a station manager to their own site', async () => {
      const page = await env().newPage();
      await signIn(page, env(), 'station-manager');
      await page.goto(`${env().baseUrl}/coverage`);
      await page.getByRole('heading', { level: 1, name: 'Coverage' }).waitFor();
      const site = page.getByRole('combobox', { name: 'Site' });
      expect(await site.isDisabled()).toBe(true);
      await page.getByText('SH-OUT-01 · ').first().waitFor();
      await page.getByRole('img', { name: /Chart of the daily coverage per gate for SH-OUT-01/ }).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download CSV', exact: true }).click(),
      ]);
      const rows = (await readFile(await download.path(), 'utf8')).trim().split('\n').slice(1);
      expect(rows.length).toBe(7);
      expect(rows.every((line) => line.split(',')[1] === 'SH-OUT-01')).toBe(true);

      // A period longer than a quarter: the API's refusal shows at the period field.
      const start = page.getByRole('textbox', { name: 'Period (China days)' });
      await start.click();
      await start.fill(chinaDay(-120));
      await start.press('Enter');
      const end = page.getByRole('textbox', { name: 'End date' });
      await end.fill(chinaDay(0));
      await end.press('Enter');
      await page.getByText('the range may cover at most 92 days').waitFor();
    });

    it('has a day attested by a security officer and verified in the auditor’s browser, a parcel proof too, and not a tampered one', async () => {
      const day = chinaDay(-2);
      const officer = await env().newPage();
      await signIn(officer, env(), 'security-officer');
      await officer.goto(`${env().baseUrl}/attestations`);
      await officer.getByRole('heading', { level: 1, name: 'Attestations' }).waitFor();
      const date = officer.getByRole('textbox', { name: 'Day' });
      await date.click();
      await date.fill(day);
      await date.press('Tab');
      await chooseOption(officer, 'Site', 'All sites');
      await officer.getByRole('button', { name: 'Sign attestation' }).click();
      const signed = officer.getByRole('alert').filter({ hasText: `Attestation of ${day} signed over` });
      await signed.waitFor();
      const parcels = Number(/over (\d+) parcel/.exec((await signed.textContent()) ?? '')![1]);
      expect(parcels).toBeGreaterThan(0);

      // A parcel of that day, from the attestation's own leaves.
      const app = env().app;
      const [attestation] = await app.reports.findAttestations(adminContext(), { date: day });
      const [leaf] = await app.store.db
        .selectFrom('attestation_leaves')
        .select('waybill_no')
        .where('attestation_id', '=', attestation!.id)
        .orderBy('position')
        .limit(1)
        .execute();
      const waybillNo = leaf!.waybill_no;

      const page = await env().newPage();
      await signIn(page, env(), 'auditor');
      await page.goto(`${env().baseUrl}/attestations`);
      await page.getByRole('heading', { level: 1, name: 'Attestations' }).waitFor();
      // An auditor may not sign: no form for it.
      expect(await page.getByRole('button', { name: 'Sign attestation' }).count()).toBe(0);
      const name = `${day} · All sites · ${parcels} parcels`;
      // Newest first: the one just signed (the demo may have attested the day before).
      await page
        .getByRole('button', { name: new RegExp(`^Verify the attestation ${name} · signed`) })
        .first()
        .click();
      const statementVerdict = page.getByRole('alert').filter({ hasText: 'the signed statement' });
      await expect
        .poll(() => statementVerdict.textContent())
        .toContain(`Verified: the signed statement ${name}`);
      expect(await statementVerdict.textContent()).toContain('The Ed25519 signature of key');

      // The statement changed in the page (one more parcel taken in): the signature no longer matches.
      const statementJson = page.getByRole('textbox', { name: 'Signed statement (JSON)' });
      const original = await statementJson.inputValue();
      const tampered = JSON.parse(original) as { statement: { counts: { presented: number } } };
      tampered.statement.counts.presented += 1;
      await statementJson.fill(JSON.stringify(tampered, null, 2));
      await page.getByRole('button', { name: 'Verify statement again' }).click();
      await expect
        .poll(() => statementVerdict.textContent())
        .toContain(`NOT verified: the signed statement ${name}`);
      expect(await statementVerdict.textContent()).toContain('The signature does not match the statement');

      // The parcel's inclusion proof, verified against the signed root.
      await page.getByRole('textbox', { name: 'Waybill number' }).fill(waybillNo.toLowerCase());
      await page.getByRole('button', { name: 'Get proof and verify' }).click();
      const proofVerdict = page.getByRole('alert').filter({ hasText: `the inclusion proof of ${waybillNo}` });
      await expect
        .poll(() => proofVerdict.textContent())
        .toContain(`Verified: the inclusion proof of ${waybillNo}`);
      expect(await proofVerdict.textContent()).toContain('lead to the signed Merkle root');
      // The pointer off the button just clicked: the theme's hover shade of the primary button is checked by
      // the frame's own tests, not here.
      await page.mouse.move(0, 0);
      await screenshot(page, 'attestations');
      await expectAccessible(page);

      // The proof's record changed in the page: it no longer leads to the signed root.
      const proofJson = page.getByRole('textbox', { name: 'Inclusion proof (JSON)' });
      const proof = JSON.parse(await proofJson.inputValue()) as { record: { intakeAt: number } };
      proof.record.intakeAt += 1;
      await proofJson.fill(JSON.stringify(proof, null, 2));
      await page.getByRole('button', { name: 'Verify proof again' }).click();
      await expect
        .poll(() => proofVerdict.textContent())
        .toContain(`NOT verified: the inclusion proof of ${waybillNo}`);
      expect(await proofVerdict.textContent()).toContain('do not lead to the signed Merkle root');

      // A waybill that is not under the attestation: the API says so next to the field.
      await page.getByRole('textbox', { name: 'Waybill number' }).fill('NOPE000000');
      await page.getByRole('button', { name: 'Get proof and verify' }).click();
      await page.getByText('is not in this attestation').waitFor();
    });

    it('shows the audit chain verified, with its latest checkpoints checked in the browser', async () => {
      const page = await env().newPage();
      await signIn(page, env(), 'auditor');
      await page.goto(`${env().baseUrl}/audit`);
      await page.getByRole('heading', { level: 1, name: 'Audit chain' }).waitFor();
      await page.getByRole('alert').filter({ hasText: 'The audit chain is verified' }).waitFor();
      const checkpoints = page
        .getByRole('table')
        .filter({ has: page.getByRole('columnheader', { name: 'Signature (checked here)' }) });
      await expect.poll(() => checkpoints.getByText('Valid', { exact: true }).count()).toBeGreaterThan(0);
      expect(await checkpoints.getByText('Invalid', { exact: true }).count()).toBe(0);
      await screenshot(page, 'audit-chain');
      await expectAccessible(page);
    });
  },
  { simulatedParcels: 120 },
);
