/// <reference lib="dom" />
// The security officer's pages: the clues inbox (a watchlisted document at the identity gate raises a clue the
// officer opens), the watchlist (add, errors next to the field, remove), risk rules (a dry run of a modified
// candidate shows what would change, publishing lists a new version; an auditor reads only) and the catalogue
// (publishing a version, then the diff shows the change).
import { expect, it } from 'vitest';
import { presentation, uniqueResidentId } from '../../src/testing/identity-factories.js';
import { intakeBody } from '../../src/testing/parcel-factories.js';
import { adminContext } from '../../src/testing/test-app.js';
import type { ConsoleEnvironment } from './console-harness.js';
import { chooseOption, describeConsole, expectAccessible, screenshot, signIn } from './console-harness.js';

async function siteId(env: ConsoleEnvironment, code: string): Promise<string> {
  const site = (await env.app.sites.findSites()).find((candidate) => candidate.code === code);
  if (site === undefined) throw new Error(`no demo site ${code}`);
  return site.id;
}

describeConsole('security officer', (env) => {
  it(
    'shows a clue raised at the identity gate in the inbox and opens it, with nothing personal on the page',
    { timeout: 120_000 },
    async () => {
      const outlet = await siteId(env(), 'SH-OUT-01');
      const number = uniqueResidentId();
      await env().app.watchlist.addEntry(adminContext(), {
        kind: 'document',
        documentType: 'resident-id',
        number,
        reason: 'case 2026-041',
      });
      const decision = await env().app.identityGate.decide(adminContext(), {
        kind: 'document',
        siteId: outlet,
        ...presentation({ number, name: '钱七' }),
      });
      expect(decision.decision).toBe('hold');
      // A clue about a parcel links to the parcel search page.
      await env().app.store.transaction((trx) =>
        env().app.clues.raiseWithin(trx, adminContext(), {
          source: 'parcels',
          kind: 'prohibited-found',
          severity: 'high',
          subjectType: 'parcel',
          subjectIndex: null,
          siteId: outlet,
          details: { waybillNo: 'SF1234567890', category: 'explosives' },
          refs: [{ type: 'parcel', id: 'SF1234567890' }],
        }),
      );

      const page = await env().newPage();
      await signIn(page, env(), 'security-officer');
      await page.waitForURL((url) => url.pathname === '/clues');
      await page.getByRole('heading', { level: 1, name: 'Clues' }).waitFor();
      await page.getByRole('link', { name: 'SF1234567890' }).first().waitFor();
      expect(await page.getByRole('link', { name: 'SF1234567890' }).first().getAttribute('href')).toBe(
        '/parcels/SF1234567890',
      );

      await chooseOption(page, 'Kind', 'Watchlist hit');
      await expect.poll(() => page.getByRole('link', { name: 'SF1234567890' }).count()).toBe(0);
      await chooseOption(page, 'Site', 'SH-OUT-01');
      await page
        .getByRole('button', { name: /^Open clue: Watchlist hit/ })
        .first()
        .click();
      const drawer = page.getByRole('dialog', { name: 'Watchlist hit' });
      await drawer.waitFor();
      await expect.poll(() => drawer.getByText('On the watchlist').count()).toBe(1);
      await expect.poll(() => drawer.getByText('Watchlist entry').count()).toBeGreaterThan(0);
      await expect.poll(() => drawer.getByText('SH-OUT-01').count()).toBeGreaterThan(0);
      const text = await page.locator('body').innerText();
      expect(text).not.toContain(number);
      expect(text).not.toContain('钱七');
      expect(page.url()).not.toContain(number);
      await screenshot(page, 'clues');
      await expectAccessible(page);
    },
  );

  it(
    'adds a watchlist entry, shows a bad document number next to its field, and removes the entry',
    { timeout: 120_000 },
    async () => {
      const page = await env().newPage();
      await signIn(page, env(), 'security-officer');
      await page.goto(`${env().baseUrl}/watchlist`);
      await page.getByRole('heading', { level: 1, name: 'Watchlist' }).waitFor();

      const numberField = page.getByLabel('Document number');
      await numberField.fill('   ');
      await page.getByLabel('Reason').fill('tip-off 2026-88');
      await page.getByRole('button', { name: 'Add to watchlist' }).click();
      await expect.poll(() => numberField.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await numberField.getAttribute('aria-describedby')) ?? '';
      expect(describedBy).not.toBe('');
      await expect
        .poll(() => page.locator(`[id="${describedBy.split(' ')[0]}"]`).innerText())
        .toContain('must not be empty');

      const number = uniqueResidentId();
      const masked = `${number.slice(0, 3)}***********${number.slice(-4)}`;
      await numberField.fill(number);
      await page.getByRole('button', { name: 'Add to watchlist' }).click();
      await page.getByRole('cell', { name: masked, exact: true }).waitFor();
      expect(await page.getByRole('cell', { name: 'tip-off 2026-88' }).count()).toBe(1);
      await page.mouse.move(0, 0);
      await expectAccessible(page);

      await page.getByRole('button', { name: `Remove ${masked} from the watchlist` }).click();
      const confirm = page.getByRole('dialog').filter({ hasText: `Remove ${masked} from the watchlist?` });
      await confirm.getByRole('button', { name: 'Remove' }).click();
      await expect.poll(() => page.getByRole('cell', { name: masked, exact: true }).count()).toBe(0);
      const entries = await env().app.watchlist.findEntries({ includeInactive: true });
      expect(entries.find((entry) => entry.reason === 'tip-off 2026-88')).toMatchObject({ active: false });
    },
  );

  it(
    'dry-runs a modified risk rule candidate against past parcels, shows what would change, and publishes it',
    { timeout: 240_000 },
    async () => {
      const outlet = await siteId(env(), 'SH-OUT-01');
      const courier = await env().app.staff.getStaffByIdOrUsername(
        adminContext(),
        env().credentials.courier.username,
      );
      const waybills: string[] = [];
      for (let i = 0; i < 2; i++) {
        const body = intakeBody(outlet, { courierId: courier.id });
        await env().app.parcels.intake(adminContext(), body);
        waybills.push(body.waybillNo);
      }
      const active = (await env().app.riskRules.findVersions()).find((version) => version.active)!;
      const ruleSet = await env().app.riskRules.getRuleSet(active.version);
      const candidate = {
        ...ruleSet,
        version: 'console-test-1',
        rules: [
          ...ruleSet.rules,
          {
            id: 'every-parcel-test',
            description: 'Test rule: every parcel is held',
            weight: 90,
            when: { fact: 'itemCount', gte: 1 },
          },
        ],
      };

      const page = await env().newPage();
      await signIn(page, env(), 'security-officer');
      await page.goto(`${env().baseUrl}/risk-rules`);
      await page.getByRole('heading', { level: 1, name: 'Risk rules' }).waitFor();
      await page.getByRole('cell', { name: 'many-small-watch-parcels' }).waitFor();
      await page.getByRole('tab', { name: 'Candidate and dry run' }).click();
      const editor = page.getByLabel('Candidate rule set (JSON)');
      await expect.poll(() => editor.inputValue()).toContain(`"version": "${active.version}"`);

      // A rule the API refuses: the error names its JSON path, under the editor.
      const broken = structuredClone(candidate);
      broken.rules[broken.rules.length - 1]!.weight = -5;
      await editor.fill(JSON.stringify(broken, null, 2));
      await page.getByRole('button', { name: 'Dry run' }).click();
      await expect.poll(() => editor.getAttribute('aria-invalid')).toBe('true');
      await expect
        .poll(() => page.getByText(`/rules/${broken.rules.length - 1}/weight:`).count())
        .toBeGreaterThan(0);

      await editor.fill(JSON.stringify(candidate, null, 2));
      await page.getByRole('button', { name: 'Dry run' }).click();
      await page.getByText(/parcels? whose decision changes/).waitFor();
      for (const waybill of waybills) await page.getByRole('link', { name: waybill }).waitFor();
      await expect
        .poll(() => page.getByRole('cell', { name: 'every-parcel-test' }).count())
        .toBeGreaterThan(0);
      await page.mouse.move(0, 0);
      await screenshot(page, 'risk-rules');
      await expectAccessible(page);

      await page.getByLabel('Notes for the record').fill('console test: hold everything');
      await page.getByRole('button', { name: 'Publish' }).click();
      await page
        .getByRole('dialog')
        .filter({ hasText: 'Publish rule set console-test-1?' })
        .getByRole('button', { name: 'Publish' })
        .click();
      await page.getByRole('button', { name: 'View version console-test-1' }).waitFor();
      await page.getByText('Rule set console-test-1', { exact: true }).waitFor();
      const versions = await env().app.riskRules.findVersions();
      expect(versions.find((version) => version.active)?.version).toBe('console-test-1');

      await page.getByRole('tab', { name: 'Compare' }).click();
      await page.getByRole('cell', { name: 'every-parcel-test' }).waitFor();
      await expect.poll(() => page.getByText('Added', { exact: true }).count()).toBeGreaterThan(0);
    },
  );

  it(
    'publishes a catalogue version and shows what changed between the two versions',
    { timeout: 240_000 },
    async () => {
      const page = await env().newPage();
      await signIn(page, env(), 'security-officer');
      await page.goto(`${env().baseUrl}/catalogue`);
      await page.getByRole('heading', { level: 1, name: 'Prohibited items catalogue' }).waitFor();
      const previous = (await env().app.screening.findVersions()).find((version) => version.active)!.version;
      await page.getByRole('button', { name: `View version ${previous}` }).waitFor();
      await expectAccessible(page);

      await page.getByRole('tab', { name: 'Publish a version' }).click();
      const editor = page.getByLabel('Catalogue (JSON)');
      await expect.poll(async () => (await editor.inputValue()).length).toBeGreaterThan(1000);
      const text = await editor.inputValue();
      expect(text.split('\n')[1]).toBe(`  "version": "${previous}",`);
      // Edit as a person would: a new version number on the second line; then the caret put after the last
      // depiction word (a click there) and a new one typed.
      const listStart = text.indexOf('"depictionWords": [');
      const afterLastWord = text.indexOf('\n  ]', listStart);
      expect(listStart).toBeGreaterThan(0);
      await editor.focus();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('-console",');
      // The version line grew by 8 characters ("-console").
      await editor.evaluate((element, at) => {
        (element as HTMLTextAreaElement).setSelectionRange(at, at);
      }, afterLastWord + '-console'.length);
      await page.keyboard.type(',\n    "纪念摆件"');
      const version = `${previous}-console`;
      await page.getByRole('button', { name: 'Publish' }).click();
      await page
        .getByRole('dialog')
        .filter({ hasText: `Publish catalogue ${version}?` })
        .getByRole('button', { name: 'Publish' })
        .click();

      // Published: the comparison of the previous version with the new one opens and shows the added word.
      await page.getByText('+ 纪念摆件').waitFor();
      await page.mouse.move(0, 0);
      await screenshot(page, 'catalogue');
      await expectAccessible(page);
      expect((await env().app.screening.findVersions()).find((summary) => summary.active)?.version).toBe(
        version,
      );
    },
  );

  it(
    'lets an auditor read the risk rules and the catalogue, without publishing',
    { timeout: 120_000 },
    async () => {
      const page = await env().newPage();
      await signIn(page, env(), 'auditor');
      await page.goto(`${env().baseUrl}/risk-rules`);
      await page.getByRole('heading', { level: 1, name: 'Risk rules' }).waitFor();
      await page.getByRole('cell', { name: 'many-small-watch-parcels' }).waitFor();
      expect(await page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
      expect(await page.getByRole('tab', { name: 'Candidate and dry run' }).count()).toBe(0);
      await page.getByRole('tab', { name: 'Compare' }).click();
      await page.getByRole('combobox', { name: 'Older version' }).waitFor();
      expect(await page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
      await expectAccessible(page);

      await page.goto(`${env().baseUrl}/catalogue`);
      await page.getByRole('heading', { level: 1, name: 'Prohibited items catalogue' }).waitFor();
      expect(await page.getByRole('tab', { name: 'Publish a version' }).count()).toBe(0);
      await page.goto(`${env().baseUrl}/clues`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    },
  );
});
