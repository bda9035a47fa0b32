// A real NATS server killed (kill -9) and started again on the same store while the consumer stores station events:
// the consumer reconnects by itself, and every event published before the crash is stored exactly once. The test
// runs its own nats-server (a port and a store directory of its own), so the shared server and parallel tests are
// never touched.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hubWorld, scanEvent, storedScans } from '../testing/event-factories.js';
import { testEventsConfig } from '../testing/nats.js';
import { acceptedParcel } from '../testing/parcel-factories.js';
import { createTestApp } from '../testing/test-app.js';
import { StationPublisher } from './event-publisher.js';
import { runEventConsumer } from './event-runner.js';
import { eventSigningKeyOf } from './event-signature.js';
import { DEFAULT_LIMITS, setupEventStreams } from './event-stream.js';

const EVENTS = 40;

/** The nats-server binary, or null: the NATS tier runs against a server someone else started. */
function natsServerBinary(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() !== '' ? found.stdout.trim() : null;
}

const binary = natsServerBinary();
const runs =
  inject('natsUrl') !== null && (binary !== null || process.env.PARCELGUARD_TEST_NATS === 'required');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function listening(port: number, deadline = Date.now() + 20_000): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connectTcp(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

(runs ? describe : describe.skip)('a NATS server restart [nats]', () => {
  const storeDir = mkdtempSync(path.join(tmpdir(), 'pg-nats-'));
  let port = 0;
  let server: ChildProcess | undefined;

  const startServer = async () => {
    if (binary === null)
      throw new Error('PARCELGUARD_TEST_NATS=required, but no nats-server binary is on PATH');
    server = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
      stdio: 'ignore',
    });
    await listening(port);
  };
  const killServer = async () => {
    const running = server!;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };

  beforeAll(async () => {
    port = await freePort();
    await startServer();
    // A worker that dies mid-test must not leave its server running.
    process.once('exit', () => server?.kill('SIGKILL'));
  });
  afterAll(async () => {
    if (server !== undefined && server.exitCode === null) await killServer();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('stores every event published before a kill -9 of the server exactly once, the consumer reconnecting', async () => {
    const env = await createTestApp('sqlite');
    let publisherConnection: NatsConnection | undefined;
    try {
      const { app } = env;
      const config = testEventsConfig(`nats://127.0.0.1:${port}`, { batch: 5 });
      publisherConnection = await connect({ servers: config.natsUrl });
      await setupEventStreams(
        await jetstreamManager(publisherConnection),
        config,
        DEFAULT_LIMITS,
        config.ackWaitSeconds,
      );
      const world = await hubWorld(app);
      const events = [];
      for (let i = 0; i < EVENTS; i += 1) {
        const waybill = await acceptedParcel(app, world.outlet.id, world.courier.id);
        events.push(scanEvent(waybill, world.machine.machineCode, world.screener.id));
      }
      const station = new StationPublisher(
        jetstream(publisherConnection),
        config,
        eventSigningKeyOf(world.apiKey),
        world.hub.id,
      );
      await station.publishLines(
        'scan',
        events.map((event) => JSON.stringify(event)),
      );
      await publisherConnection.close();

      let batches = 0;
      let restart: Promise<void> | undefined;
      const statuses: string[] = [];
      const totals = await runEventConsumer(app, {
        config,
        untilIdle: true,
        onConnected: (connection) => {
          void (async () => {
            for await (const status of connection.status()) statuses.push(status.type);
          })();
        },
        onBatch: () => {
          batches += 1;
          // After the second batch the server dies mid-run and comes back on the same store a second later.
          if (batches === 2)
            restart = killServer()
              .then(() => new Promise((resolve) => setTimeout(resolve, 1000)))
              .then(startServer);
        },
      });
      await restart;
      // The consumer lost the server and found it again, and went on storing after that.
      expect(statuses).toContain('disconnect');
      expect(statuses).toContain('reconnect');
      expect(batches).toBeGreaterThan(2);
      // Events settled just before the kill may come again (their acknowledgement lost): stored once, then
      // answered as duplicates.
      expect(totals.stored).toBe(EVENTS);
      expect(totals.stored + totals.duplicates).toBeGreaterThanOrEqual(EVENTS);
      const stored = await storedScans(app, events);
      expect(stored).toHaveLength(EVENTS);
    } finally {
      await publisherConnection?.close().catch(() => undefined);
      await env.dispose();
    }
  }, 120_000);
});
