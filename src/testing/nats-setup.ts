// Decides once per test run whether the NATS tier (the JetStream event path) runs, and says so plainly.
// CI (CI=true) or PARCELGUARD_TEST_NATS=required makes an unreachable NATS a failure, not a skip (as
// PARCELGUARD_TEST_PG does for PostgreSQL in global-setup.ts).
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    natsUrl: string | null;
  }
}

export const DEFAULT_TEST_NATS_URL = 'nats://127.0.0.1:4222';

export default async function setup(project: TestProject): Promise<void> {
  const mode = process.env.PARCELGUARD_TEST_NATS ?? (process.env.CI === 'true' ? 'required' : 'auto');
  const url = process.env.PARCELGUARD_TEST_NATS_URL ?? DEFAULT_TEST_NATS_URL;
  if (mode === 'off') {
    console.log('\n[parcelguard] NATS tier: SKIPPED (PARCELGUARD_TEST_NATS=off): no event path tests.\n');
    project.provide('natsUrl', null);
    return;
  }
  try {
    const connection = await connect({ servers: url, timeout: 3000, maxReconnectAttempts: 0 });
    try {
      // JetStream must be on, not only the server up.
      await (await jetstreamManager(connection)).getAccountInfo();
    } finally {
      await connection.close();
    }
    console.log(`\n[parcelguard] NATS tier: RUNNING against ${url}\n`);
    project.provide('natsUrl', url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (mode === 'required') {
      throw new Error(
        `the NATS tier is required (CI or PARCELGUARD_TEST_NATS=required) but ${url} is unreachable or has no JetStream: ${reason}`,
      );
    }
    console.log(
      `\n[parcelguard] NATS tier: SKIPPED — cannot reach JetStream at ${url} (${reason}).\n` +
        '  Start nats-server -js or set PARCELGUARD_TEST_NATS_URL to run the event path tests.\n',
    );
    project.provide('natsUrl', null);
  }
}
