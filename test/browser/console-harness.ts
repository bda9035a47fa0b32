/// <reference lib="dom" />
// The browser tier's harness: a real server (built console, demo company, a fresh SQLite store) and Debian's
// Chromium driven by playwright-core. Controls are found by role and accessible name, as a user (or a screen
// reader) finds them; axe-core checks each main page; screenshots land in test-output/screenshots/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, onTestFailed } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { seedDemoIfEmpty, simulateDemoTraffic } from '../../src/demo/demo-seed.js';
import { buildServer, type Server } from '../../src/http/server.js';
import type { StaffRole } from '../../src/people/roles.js';
import { loadConfig } from '../../src/platform/config.js';
import { generateKeyFile } from '../../src/platform/crypto/keyring.js';
import { createLogger } from '../../src/platform/logger.js';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-output/screenshots');

export interface ConsoleEnvironment {
  app: App;
  server: Server;
  baseUrl: string;
  browser: Browser;
  credentials: Record<StaffRole, { username: string; password: string }>;
  /** A fresh browser context (no storage shared with other tests), English unless told. */
  newPage(options?: { lang?: 'en' | 'zh-CN'; viewport?: { width: number; height: number } }): Promise<Page>;
}

export interface ConsoleOptions {
  /** Simulated demo traffic over the past three days (coverage charts need some; most tests none). */
  simulatedParcels?: number;
}

/**
 * Runs `suite` against a started server and browser, or skips it (said once at the start of the run) where
 * the browser tier is off. One server and one browser per file; a fresh context per page.
 */
export function describeConsole(
  name: string,
  suite: (environment: () => ConsoleEnvironment) => void,
  options: ConsoleOptions = {},
): void {
  const chromiumPath = inject('chromiumPath');
  // A busy 2-core machine runs these beside the database suites: generous, never timed.
  (chromiumPath === null ? describe.skip : describe)(`console: ${name}`, { timeout: 180_000 }, () => {
    let environment: ConsoleEnvironment | undefined;
    let dataDir: string | undefined;
    const contexts: BrowserContext[] = [];
    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'parcelguard-console-'));
      const config = loadConfig(
        {
          PARCELGUARD_DATA_DIR: dataDir,
          DATABASE_URL: `sqlite:${path.join(dataDir, 'parcelguard.db')}`,
          PARCELGUARD_KEYS: JSON.stringify(generateKeyFile()),
          PARCELGUARD_DEMO_SIMULATION_PARCELS: String(options.simulatedParcels ?? 0),
        },
        {
          logLevel: 'silent',
          sqliteSynchronous: 'normal',
          rateLimitPerMinute: 0,
          loginRateLimitPerMinute: 0,
        },
      );
      const app = await createApp(config, { logger: createLogger('silent'), scheduleCheckpoints: false });
      const seeded = await seedDemoIfEmpty(app);
      if (seeded === null) throw new Error('the demo seed did not run on a fresh store');
      if ((options.simulatedParcels ?? 0) > 0) await simulateDemoTraffic(app);
      const server = await buildServer(app);
      const baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
      const browser = await chromium.launch({
        executablePath: chromiumPath!,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-sync',
        ],
      });
      // One login per role: demo-<role> (the demo also has a second legal liaison, the designated approver).
      const credentials = Object.fromEntries(
        seeded
          .filter((c) => c.username === `demo-${c.role}`)
          .map((c) => [c.role, { username: c.username, password: c.password }]),
      ) as ConsoleEnvironment['credentials'];
      environment = {
        app,
        server,
        baseUrl,
        browser,
        credentials,
        async newPage({ lang = 'en', viewport = { width: 1280, height: 800 } } = {}) {
          // The console runs under the server's own CSP, as in production (axe-core comes in through the
          // DevTools protocol, which the policy does not govern).
          const context = await browser.newContext({ viewport, locale: lang });
          contexts.push(context);
          const page = await context.newPage();
          page.setDefaultTimeout(30_000);
          const violations: string[] = [];
          cspViolations.set(page, violations);
          page.on('console', (message) => {
            if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
              violations.push(message.text());
          });
          printApiTrafficIfFailed(page);
          await page.goto(`${baseUrl}/sign-in?lang=${lang}`);
          return page;
        },
      };
    });
    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await environment?.browser.close();
      await environment?.server.close();
      await environment?.app.close();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    });
    suite(() => {
      if (environment === undefined) throw new Error('console environment not ready');
      return environment;
    });
  });
}

/** Signs in through the form, as a person would, and waits for the role's home page. */
export async function signIn(page: Page, environment: ConsoleEnvironment, role: StaffRole): Promise<void> {
  const { username, password } = environment.credentials[role];
  if (!page.url().includes('/sign-in')) await page.goto(`${environment.baseUrl}/sign-in`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** What the browser refused under the console's CSP, per page (a style or script the policy blocks). */
const cspViolations = new WeakMap<Page, string[]>();

/** axe-core on the page as it stands: no serious or critical violation; and nothing blocked by the CSP so far. */
/**
 * Waits (a few seconds at most) until no finite animation runs: a dialog zooming in, a drawer sliding. On a busy
 * machine a click can land while one still moves and miss its control.
 */
export async function animationsSettled(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every(
            (animation) =>
              animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity,
          ),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
}

/** Checks a radio button or checkbox, clicking again if a click landed while its dialog was still opening. */
export async function checkSurely(control: Locator): Promise<void> {
  await control.waitFor();
  await animationsSettled(control.page());
  await expect
    .poll(
      async () => {
        if (!(await control.isChecked())) await control.click();
        return control.isChecked();
      },
      { timeout: 20_000 },
    )
    .toBe(true);
}

export async function expectAccessible(page: Page): Promise<void> {
  expect(cspViolations.get(page) ?? []).toEqual([]);
  // A dialog still fading in has its colours at part opacity: axe would measure a contrast no one sees once it
  // settles. Wait for running animations (Ant's zoom and fade, a few hundred ms) to finish first; endless ones
  // (a spinner) never do and are not waited for, nor, past a few seconds, one a background page never advances.
  await animationsSettled(page);
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations;
  });
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}

/** A full-page screenshot under test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * Picks an option of an Ant Design Select found by its label. Its role="option" elements are an off-screen
 * list for screen readers; the visible options are what a person clicks.
 */
export async function chooseOption(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  const open = page.locator('.ant-select-dropdown:visible');
  await open.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
  // The production build animates the list closing: wait until it has gone, so that it neither covers the
  // next control nor sits, half-closed, in front of axe-core. A list that stays open (some Selects keep it
  // open after a choice) is closed by leaving the control with Tab; never Escape, which closes a dialog around.
  try {
    await open.first().waitFor({ state: 'hidden', timeout: 3_000 });
  } catch {
    await page.keyboard.press('Tab');
    await open.first().waitFor({ state: 'hidden' });
  }
}

/**
 * When the running test fails, prints the page's API calls: each with its start, its answer or failure, and the
 * ones never answered, and whether the page believed itself online (a console that thinks it is offline would
 * park a save rather than send it). A control still spinning says nothing of why; this says where it waited.
 */
function printApiTrafficIfFailed(page: Page): void {
  const started = Date.now();
  const calls = new Map<object, { line: string; done: string | null }>();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/'))
      calls.set(request, { line: `${elapsed()} ${request.method()} ${request.url()}`, done: null });
  });
  page.on('requestfinished', (request) => {
    const call = calls.get(request);
    if (call !== undefined)
      void request.response().then((response) => (call.done = `${elapsed()} ${response?.status() ?? '?'}`));
  });
  page.on('requestfailed', (request) => {
    const call = calls.get(request);
    if (call !== undefined) call.done = `${elapsed()} failed: ${request.failure()?.errorText ?? '?'}`;
  });
  onTestFailed(async () => {
    const online = await page.evaluate(() => navigator.onLine).catch(() => 'page closed');
    const lines = [...calls.values()].map((call) => `  ${call.line} -> ${call.done ?? 'NEVER ANSWERED'}`);
    console.error(`[browser] ${page.url()} (navigator.onLine: ${online}); API calls:\n${lines.join('\n')}`);
  });
}
