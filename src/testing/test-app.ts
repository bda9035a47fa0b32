// Test harness: the same suites run on SQLite and PostgreSQL (Kysely's own pattern). Each suite gets a fresh
// store: a temporary SQLite file, or its own PostgreSQL schema dropped afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { createApp, type App, type CreateAppOptions } from '../app.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { buildServer, type Server } from '../http/server.js';
import { KeyRotationRepository } from '../keys/key-rotation.repository.js';
import { KeyRotationService } from '../keys/key-rotation.service.js';
import { cliContext, type RequestContext } from '../people/actor.js';
import type { StaffRole } from '../people/roles.js';
import { chinaDate, type Clock } from '../platform/clock.js';
import { loadConfig, type Config } from '../platform/config.js';
import { generateKeyFile, type Keyring } from '../platform/crypto/keyring.js';
import type { Vault } from '../platform/crypto/vault.js';
import type { Dialect } from '../platform/database/store.js';
import { newId, randomToken } from '../platform/ids.js';
import { createLogger } from '../platform/logger.js';

export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

export interface TestEnvironment {
  dialect: Dialect;
  app: App;
  dataDir: string;
  config: Config;
  /**
   * Another app on the same store, keys and data directory: a second API node (PostgreSQL). Closed with the
   * environment.
   */
  openNode(): Promise<App>;
}

export interface TestAppOptions {
  clock?: Clock;
  config?: Partial<Config>;
  /** Silent unless given (privacy tests capture what the app logs). */
  logger?: Logger;
  /** False: audit checkpoints are signed only at start and on close, never in the background. */
  scheduleCheckpoints?: boolean;
  /** The parcels repository to build instead of the real one (a statement failing on cue). */
  parcelsRepository?: CreateAppOptions['parcelsRepository'];
}

/** Creates an app on a fresh store of the given dialect; `dispose` removes every trace of it. */
export async function createTestApp(
  dialect: Dialect,
  options: TestAppOptions = {},
): Promise<TestEnvironment & { dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parcelguard-test-'));
  let databaseUrl = `sqlite:${path.join(dataDir, 'parcelguard.db')}`;
  let schema: string | undefined;
  const postgresUrl = inject('postgresUrl');
  if (dialect === 'postgres') {
    if (postgresUrl === null) throw new Error('the PostgreSQL tier is not available');
    // t_<creation time, base 36>_<random>: global setup clears old ones without touching a parallel run's.
    schema = `t_${Date.now().toString(36)}_${randomToken(6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}`;
    await withPostgres(postgresUrl, (client) => client.query(`create schema ${schema}`));
    databaseUrl = postgresUrl;
  }
  const config = loadConfig(
    {
      PARCELGUARD_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      PARCELGUARD_KEYS: JSON.stringify(generateKeyFile()),
    },
    { logLevel: 'silent', sqliteSynchronous: 'normal', intakeWorker: false, ...options.config },
  );
  const open = () =>
    createApp(config, {
      logger: options.logger ?? createLogger('silent'),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.scheduleCheckpoints === undefined
        ? {}
        : { scheduleCheckpoints: options.scheduleCheckpoints }),
      ...(options.parcelsRepository === undefined ? {} : { parcelsRepository: options.parcelsRepository }),
      storeOptions: schema === undefined ? {} : { schema, poolSize: 4 },
    });
  const app = await open();
  const nodes: App[] = [];
  return {
    dialect,
    app,
    dataDir,
    config,
    async openNode() {
      if (dialect !== 'postgres') throw new Error('a second API node needs PostgreSQL');
      const node = await open();
      nodes.push(node);
      return node;
    },
    async dispose() {
      for (const node of nodes) await node.close();
      await app.close();
      // The schema is left in place: dropping it while another test file's migrator introspects the catalogue
      // makes that introspection fail ("schema … does not exist"). A later run's global setup drops them once they are old.
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withPostgres<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs `suite` once per dialect (or only on those of `options.dialects`: behaviour one dialect cannot have). The
 * PostgreSQL run is skipped (and said so at the start of the run) when the tier is unavailable outside CI.
 */
export function describeEachDialect(
  name: string,
  suite: (environment: () => TestEnvironment & { server: Server }) => void,
  options: TestAppOptions & { dialects?: readonly Dialect[] } = {},
): void {
  for (const dialect of options.dialects ?? DIALECTS) {
    const skip = dialect === 'postgres' && inject('postgresUrl') === null;
    (skip ? describe.skip : describe)(`${name} [${dialect}]`, () => {
      let environment: (TestEnvironment & { server: Server; dispose(): Promise<void> }) | undefined;
      beforeAll(async () => {
        const created = await createTestApp(dialect, options);
        environment = { ...created, server: await buildServer(created.app) };
      });
      afterAll(async () => {
        await environment?.server.close();
        await environment?.dispose();
      });
      suite(() => {
        if (environment === undefined) throw new Error('test environment not ready');
        return environment;
      });
    });
  }
}

export const adminContext = (): RequestContext => cliContext(newId(), 'test-admin');

let counter = 0;
/** A unique short suffix for names within one test process. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${process.pid % 1000}${counter}`.toLowerCase();
}

/** Factory: a site (outlet unless told otherwise). */
export async function createSite(app: App, kind: 'outlet' | 'hub' = 'outlet') {
  return app.sites.createSite(adminContext(), {
    code: unique('S').toUpperCase(),
    name: 'Test site',
    kind,
    regionCode: '310104',
  });
}

/** Factory: a staff member with a known password, at a new site unless one is given. */
export async function createStaffMember(
  app: App,
  roles: StaffRole[],
  siteId?: string,
  options: { untrained?: boolean } = {},
) {
  const site = siteId ?? (await createSite(app)).id;
  const password = 'correct horse battery';
  const { staff } = await app.staff.createStaff(adminContext(), {
    username: unique('user'),
    name: 'Test Person',
    siteId: site,
    roles,
    password,
  });
  // Onboarding safety training passed (the gate in training/ stops anyone without it); `untrained` skips it.
  if (!options.untrained) await recordOnboarding(app, staff.id);
  return { staff, password };
}

/** Records onboarding safety training as passed (a `safety-training` certification valid for years). */
export async function recordOnboarding(app: App, staffId: string): Promise<void> {
  const today = chinaDate(app.clock.now());
  await app.staff.grantCertification(adminContext(), staffId, {
    reason: 'carried over from a paper record',
    kind: 'safety-training',
    issuedOn: `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28'),
    expiresOn: '2999-12-31',
    certificateNo: 'TEST-ONBOARDING',
  });
}

/** Signs a new staff member with `roles` in through the HTTP API; returns the bearer header. */
export async function signIn(
  server: Server,
  app: App,
  roles: StaffRole[],
  siteId?: string,
  options: { untrained?: boolean } = {},
) {
  const { staff, password } = await createStaffMember(app, roles, siteId, options);
  const response = await server.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: staff.username, password },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  const { token } = response.json<{ token: string }>();
  return { staff, token, headers: { authorization: `Bearer ${token}` } };
}

/** What was recorded after entry `afterSeq`: entries, with batch entries as their records. */
export async function auditEntriesAfter(app: App, afterSeq: number) {
  return app.audit.findRecords(afterSeq, 1000);
}

export async function auditHead(app: App): Promise<number> {
  return new AuditRepository(app.store.dialect).findHeadSeq(app.store.db);
}

/**
 * Key rotation on the app's store and audit chain, with a keyring of the test's own: rotation writes a key file,
 * so tests give it a file-backed keyring holding the app's current keys.
 */
export function keyRotationFor(app: App, keyring: Keyring, vault: Vault): KeyRotationService {
  return new KeyRotationService(app.store, new KeyRotationRepository(), keyring, vault, app.audit);
}
