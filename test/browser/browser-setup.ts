// Decides once per test run whether the browser tier runs (Debian's Chromium at /usr/bin/chromium, or
// PARCELGUARD_CHROMIUM), says so plainly, and builds the console when its sources changed. In CI (CI=true) a
// missing Chromium fails the run instead of skipping the tier.
import { existsSync } from 'node:fs';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string | null;
  }
}

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export default async function setup(project: TestProject): Promise<void> {
  const chromium = process.env.PARCELGUARD_CHROMIUM ?? DEFAULT_CHROMIUM;
  const required = process.env.CI === 'true' || process.env.PARCELGUARD_TEST_BROWSER === 'required';
  if (process.env.PARCELGUARD_TEST_BROWSER === 'off' && !required) {
    console.log('\n[parcelguard] Browser tier: SKIPPED (PARCELGUARD_TEST_BROWSER=off).\n');
    project.provide('chromiumPath', null);
    return;
  }
  if (!existsSync(chromium)) {
    if (required)
      throw new Error(
        `the browser tier is required in CI but ${chromium} is missing: apt-get install -y chromium`,
      );
    console.log(
      `\n[parcelguard] Browser tier: SKIPPED — no Chromium at ${chromium}.\n` +
        "  Install Debian's chromium (apt-get install -y chromium) or set PARCELGUARD_CHROMIUM to run the console tests.\n",
    );
    project.provide('chromiumPath', null);
    return;
  }
  // @ts-expect-error: a plain JavaScript module with no declarations (scripts/build-web.mjs).
  const { buildConsoleIfChanged } = (await import('../../scripts/build-web.mjs')) as {
    buildConsoleIfChanged: (options: { quiet: boolean }) => Promise<boolean>;
  };
  if (await buildConsoleIfChanged({ quiet: true }))
    console.log('[parcelguard] console built for the browser tier');
  console.log(`\n[parcelguard] Browser tier: RUNNING with ${chromium}\n`);
  project.provide('chromiumPath', chromium);
}
