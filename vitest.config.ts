import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: [
      'src/testing/global-setup.ts',
      'src/testing/nats-setup.ts',
      'test/browser/browser-setup.ts',
    ],
    // Tests must pass on a slow, busy 2-core machine: generous timeouts, no timing assertions.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll (the browser tests wait for the page this way): as patient as the rest.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    pool: 'forks',
    maxWorkers: 2,
  },
});
