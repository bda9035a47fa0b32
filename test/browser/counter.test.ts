/// <reference lib="dom" />
// The courier's counter, in the law's order: the prohibited-items notice, the sender's identity (checked as
// typed, decided by the identity gate), the items screened live, the decision, the inspection and the printed
// inspection mark. Also: a refused sender hears why, a mistyped document number is flagged at its field, the flow
// works from the keyboard alone (and a scanner's Enter never submits half a form), and on a 10" tablet.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { residentIdCheckCharacter } from '../../src/identity/documents/check-characters.js';
import { adminContext } from '../../src/testing/test-app.js';
import { chooseOption, describeConsole, expectAccessible, screenshot, signIn } from './console-harness.js';

let sequence = 100;
/** A valid resident ID of its own for each sender (the gate remembers a document's name). */
function residentId(): string {
  sequence += 1;
  const body = `11010519850612${String(sequence).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}

let waybills = 0;
function waybillNo(): string {
  waybills += 1;
  return `PGC${process.pid}${String(waybills).padStart(4, '0')}`;
}

const focused = (page: Page, label: string) =>
  page.getByLabel(label, { exact: true }).evaluate((element) => element === document.activeElement);

async function acknowledgeNotice(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Prohibited-items notice' }).waitFor();
  await page.getByLabel('The sender has been shown this notice and acknowledges it').check();
  await page.getByRole('button', { name: 'Continue to the sender' }).click();
  await page.getByRole('heading', { name: "Sender's identity" }).waitFor();
}

async function fillSender(page: Page, number: string, name = 'Li Lei'): Promise<void> {
  await page.getByLabel('Document number').fill(number);
  await page.getByLabel('Name on the waybill').fill(name);
  await page.getByLabel("Sender's phone").fill('13800138000');
}

async function fillParcel(page: Page, waybill: string, item: string): Promise<void> {
  await page.getByRole('heading', { name: 'The parcel and its items' }).waitFor();
  await page.getByLabel('Waybill number').fill(waybill);
  await page.getByLabel('Weight (grams)').fill('800');
  await page.getByLabel("Recipient's name").fill('Han Meimei');
  await page.getByLabel("Recipient's phone").fill('13900139000');
  await page.getByLabel("Recipient's address").fill('1 Renmin Road, Room 2');
  await page.getByLabel('Destination city and district').fill('Beijing Chaoyang');
  await page.getByLabel("Sender's address").fill('88 Caoxi Road, Xuhui');
  await page.getByLabel('Item 1 description').fill(item);
}

const screeningOf = (page: Page, line: number) =>
  page.getByRole('status', { name: `Screening of item ${line}` });

describeConsole('the counter', (env) => {
  it('takes a verified sender’s parcel through to a printed inspection mark', async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'courier');
    await page.waitForURL((url) => url.pathname === '/counter');
    await page.getByRole('heading', { name: 'Prohibited-items notice' }).waitFor();
    await expectAccessible(page);

    // The notice must be acknowledged before the sender is asked for anything.
    await page.getByRole('button', { name: 'Continue to the sender' }).click();
    await page
      .getByText('The sender must acknowledge the notice before the parcel can be accepted.')
      .waitFor();
    await acknowledgeNotice(page);
    await fillSender(page, residentId());
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Check identity' }).click();

    const waybill = waybillNo();
    await fillParcel(page, waybill, 'cotton T-shirt');
    await expect.poll(() => screeningOf(page, 1).textContent()).toContain('Clear');
    await expectAccessible(page);
    await screenshot(page, 'counter-items');
    await page.getByRole('button', { name: 'Take the parcel in' }).click();

    await page.getByRole('heading', { name: `Decision for waybill ${waybill}` }).waitFor();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Inspect' }).count())
      .toBeGreaterThan(0);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Inspect the parcel' }).click();

    await page.getByRole('heading', { name: `Inspection of waybill ${waybill}` }).waitFor();
    await page.getByLabel('Contents match the declaration').check();
    await page.getByLabel('Findings').fill('Two cotton T-shirts, as declared.');
    await page.getByLabel('Inspection photos').setInputFiles({
      name: 'parcel.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('not really a photo, but bytes to fingerprint'),
    });
    await page.getByText('1 photo ready').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Record the inspection' }).click();

    await page.getByRole('heading', { name: `Inspection mark for waybill ${waybill}` }).waitFor();
    const timeline = (await env().app.parcels.getTimeline(adminContext(), waybill)) as {
      state: string;
      gates: { inspection: { mark: string | null } };
    };
    expect(timeline.state).toBe('accepted');
    const mark = timeline.gates.inspection.mark!;
    expect(mark).toMatch(/^[A-Z2-7]+$/);
    await page.getByText(mark, { exact: true }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'counter-flow');
    await page.getByRole('button', { name: 'Print the mark' }).click();

    await page.waitForURL((url) => url.pathname === '/counter/print');
    expect(page.url()).not.toContain(mark);
    await page.getByRole('heading', { name: 'Print the inspection mark' }).waitFor();
    const qr = page.getByRole('img', { name: `Inspection mark QR code for waybill ${waybill}` });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await page.getByText(waybill, { exact: true }).count()).toBe(1);
    expect(await page.getByText(mark, { exact: true }).textContent()).toBe(mark);
    await expectAccessible(page);
    await screenshot(page, 'counter-print');
    await page.evaluate(() => {
      (window as unknown as { printed: boolean }).printed = false;
      window.print = () => {
        (window as unknown as { printed: boolean }).printed = true;
      };
    });
    await page.getByRole('button', { name: 'Print', exact: true }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: boolean }).printed)).toBe(true);
    await page.getByRole('button', { name: 'Back to the counter' }).click();
    await page.getByRole('heading', { name: 'Prohibited-items notice' }).waitFor();
  });

  it('tells a sender with prohibited items why the parcel is refused', async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'courier');
    await acknowledgeNotice(page);
    await fillSender(page, residentId(), 'Wang Fang');
    await page.getByRole('button', { name: 'Check identity' }).click();
    const waybill = waybillNo();
    await fillParcel(page, waybill, 'fireworks');
    // Live screening says what the item is and why, before anything is submitted.
    await expect.poll(() => screeningOf(page, 1).textContent()).toContain('Prohibited');
    const screened = (await screeningOf(page, 1).textContent()) ?? '';
    expect(screened).toContain('Explosives, detonators and fireworks');
    expect(screened).toContain('Why:');
    await page.getByRole('button', { name: 'Take the parcel in' }).click();

    await page.getByRole('heading', { name: `Decision for waybill ${waybill}` }).waitFor();
    const alert = page.getByRole('alert').filter({ hasText: 'Refuse' });
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('The parcel declares prohibited items.');
    expect(text).toContain('Tell the sender: Refuse the parcel: it declares prohibited items.');
    expect(await page.getByRole('button', { name: 'Inspect the parcel' }).count()).toBe(0);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Next sender' }).click();
    await page.getByRole('heading', { name: 'Prohibited-items notice' }).waitFor();
  });

  it('says only "refer to a supervisor" when the sender is held', async () => {
    const number = residentId();
    await env().app.watchlist.addEntry(adminContext(), {
      kind: 'document',
      documentType: 'resident-id',
      number,
      reason: 'counter browser test: watched document',
    });
    const page = await env().newPage();
    await signIn(page, env(), 'courier');
    await acknowledgeNotice(page);
    await fillSender(page, number, 'Sun Li');
    await page.getByRole('button', { name: 'Check identity' }).click();
    await page.getByRole('heading', { name: 'Identity check' }).waitFor();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    // Nothing of why: no watchlist, no reason, no parcel step.
    expect(((await alert.textContent()) ?? '').replace(/\s+/g, ' ').trim()).toBe(
      'Hold Refer to a supervisor.',
    );
    expect(await page.getByText(/watch/i).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'The parcel and its items' }).count()).toBe(0);
    await expectAccessible(page);
  });

  it('flags a mistyped document number at its field, and the gate refuses it with the reason', async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'courier');
    await acknowledgeNotice(page);
    const good = residentId();
    const bad = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
    await fillSender(page, bad, 'Zhao Lei');
    const field = page.getByLabel('Document number');
    const helpOf = async () => {
      const ids = (await field.getAttribute('aria-describedby')) ?? '';
      const texts = await Promise.all(
        ids
          .split(' ')
          .filter(Boolean)
          .map((id) => page.locator(`[id="${id}"]`).textContent()),
      );
      return texts.join(' ');
    };
    await expect.poll(helpOf).toContain('The check character (last character) does not match the number.');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    // Checking is refused on the client until the courier confirms the number is typed as printed.
    await page.getByRole('button', { name: 'Check identity' }).click();
    expect(await page.getByRole('heading', { name: 'The parcel and its items' }).count()).toBe(0);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Typed as printed: check anyway' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Refuse' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The identity document is not valid.');
    await expect.poll(helpOf).toContain('Refuse the parcel: the identity document is not valid.');

    // A typing mistake corrected: the gate passes the sender on.
    await field.fill(good);
    await page.getByRole('button', { name: 'Check identity' }).click();
    await page.getByRole('heading', { name: 'The parcel and its items' }).waitFor();
  });

  it('runs from the keyboard alone on a tablet; a scanned waybill’s Enter moves on without submitting', async () => {
    const page = await env().newPage({ viewport: { width: 1024, height: 768 } });
    await signIn(page, env(), 'courier');
    await page.getByRole('heading', { name: 'Prohibited-items notice' }).waitFor();
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await fits()).toBe(true);

    // The notice: the heading has the focus; Tab to the acknowledgement, Space, Tab to continue, Enter.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: "Sender's identity" }).waitFor();

    // The identity: the number field has the focus.
    await expect.poll(() => focused(page, 'Document number')).toBe(true);
    await page.keyboard.type(residentId());
    await page.keyboard.press('Tab');
    await page.keyboard.type('Chen Jing');
    await page.keyboard.press('Tab');
    await page.keyboard.type('13700137000');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'The parcel and its items' }).waitFor();
    expect(await fits()).toBe(true);

    // A scanner types the waybill number into the focused field and presses Enter: the focus moves on and
    // nothing is submitted.
    await expect.poll(() => focused(page, 'Waybill number')).toBe(true);
    const waybill = waybillNo();
    await page.keyboard.type(waybill.toLowerCase());
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page, 'Weight (grams)')).toBe(true);
    expect(await page.getByLabel('Waybill number').inputValue()).toBe(waybill);
    expect(await page.getByText('This is required.').count()).toBe(0);
    await page.keyboard.type('1200');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page, "Recipient's name")).toBe(true);
    for (const value of ['Zhou Min', '13600136000']) {
      await page.keyboard.type(value);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Tab'); // destination country: CN as given
    for (const value of ['5 Jianguo Road', 'Beijing Dongcheng', '12 Tianyaoqiao Road']) {
      await page.keyboard.type(value);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('paperback books');
    await expect.poll(() => screeningOf(page, 1).textContent()).toContain('Clear');
    expect(await page.getByRole('heading', { name: 'The parcel and its items' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Take the parcel in' }).focus();
    await page.keyboard.press('Enter');

    // The decision: Tab to the inspection, Enter.
    await page.getByRole('heading', { name: `Decision for waybill ${waybill}` }).waitFor();
    await page.keyboard.press('Tab');
    await expect
      .poll(() =>
        page
          .getByRole('button', { name: 'Inspect the parcel' })
          .evaluate((b) => b === document.activeElement),
      )
      .toBe(true);
    await page.keyboard.press('Enter');

    // The inspection: Tab into the outcomes, Space picks the first (consistent); Tab on to the button.
    await page.getByRole('heading', { name: `Inspection of waybill ${waybill}` }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Contents match the declaration').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Record the inspection' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Inspection mark for waybill ${waybill}` }).waitFor();
    expect(await fits()).toBe(true);
    await screenshot(page, 'counter-tablet');
  });

  it('takes an agreement customer picked by name', async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'courier');
    await acknowledgeNotice(page);
    // The choice is a button-styled radio: its visible label is what a person clicks.
    await page.getByText('Agreement customer', { exact: true }).click();
    expect(await page.getByRole('radio', { name: 'Agreement customer' }).isChecked()).toBe(true);
    await chooseOption(page, 'Customer name', 'Shanghai Mingqian Tea Co., Ltd. · account MQ-XUHUI');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Check identity' }).click();
    const waybill = waybillNo();
    await fillParcel(page, waybill, 'tea');
    await page.getByRole('button', { name: 'Take the parcel in' }).click();
    await page.getByRole('heading', { name: `Decision for waybill ${waybill}` }).waitFor();
    await page.getByRole('button', { name: 'Inspect the parcel' }).waitFor();
  });
});
