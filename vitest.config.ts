import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['src/testing/global-setup.ts', 'test/browser/browser-setup.ts'],
    // Tests must pass on a slow, busy 2-core machine: generous timeouts, no timing assertions.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
