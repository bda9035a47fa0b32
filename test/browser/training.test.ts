/// <reference lib="dom" />
// Training: a courier sees their certificates (onboarding and prohibited-items identification, passed in the demo
// seed) and takes the law-and-ethics assessment from the page; a pass issues a certificate shown at once.
import { expect, it } from 'vitest';
import { chooseOption, describeConsole, expectAccessible, screenshot, signIn } from './console-harness.js';

describeConsole('training', (env) => {
  it('shows a courier their certificates and lets them pass an assessment', async () => {
    const { app } = env();
    const course = (await app.training.findCourses()).find((candidate) => candidate.code === 'LAW-ETHICS')!;
    const answers = new Map(
      (await app.training.findQuestions(course.id)).map((question) => [
        question.prompt,
        question.options[question.answer]!,
      ]),
    );

    const page = await env().newPage();
    await signIn(page, env(), 'courier');
    await page.getByRole('link', { name: 'Training', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/training');
    await page.getByRole('heading', { name: 'Training', level: 1 }).waitFor();
    const mine = page.getByRole('table').first();
    await expect.poll(() => mine.getByRole('cell', { name: 'Safety training', exact: true }).count()).toBe(1);
    await expect
      .poll(() => mine.getByRole('cell', { name: 'Prohibited items identification', exact: true }).count())
      .toBe(1);
    await expectAccessible(page);

    await chooseOption(page, 'Course', 'LAW-ETHICS');
    await page.getByRole('button', { name: 'Start the assessment' }).click();
    const groups = page.getByRole('radiogroup');
    await expect.poll(() => groups.count()).toBe(course.questionsPerAttempt);
    for (const [prompt, answer] of answers) {
      const question = page.locator('fieldset').filter({ hasText: prompt });
      if ((await question.count()) === 0) continue;
      await question.getByRole('radio', { name: answer, exact: true }).check();
    }
    await screenshot(page, 'training-assessment');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Submit my answers' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Passed with 100%' }).count()).toBe(1);
    await expect
      .poll(() => mine.getByRole('cell', { name: 'Law and professional ethics', exact: true }).count())
      .toBe(1);
  });

  it("shows a station manager the site's sessions with their roster, and training coverage", async () => {
    const page = await env().newPage();
    await signIn(page, env(), 'station-manager');
    await page.goto(`${env().baseUrl}/training`);
    await page.getByRole('tab', { name: 'Sessions' }).click();
    await page.getByRole('cell', { name: 'NSA', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Open the roster' }).click();
    await page.getByRole('cell', { name: /Demo courier/ }).waitFor();
    await expect.poll(() => page.getByRole('cell', { name: 'Booked', exact: true }).count()).toBe(1);
    await expectAccessible(page);

    await page.getByRole('tab', { name: 'Site coverage' }).click();
    await page.getByText('Staff current per requirement', { exact: true }).waitFor();
    await expect
      .poll(() =>
        page.getByRole('row').filter({ hasText: 'Safety training' }).filter({ hasText: '100%' }).count(),
      )
      .toBeGreaterThan(0);
    await screenshot(page, 'training-coverage');
    await expectAccessible(page);
  });
});
