// Shared bench fixtures: an app on a temporary SQLite store, and realistic intake requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp, type App } from '../src/app.js';
import type { IntakeInput } from '../src/parcels/parcels.types.js';
import { cliContext } from '../src/people/actor.js';
import { loadConfig } from '../src/platform/config.js';
import { generateKeyFile } from '../src/platform/crypto/keyring.js';
import { chinaDate } from '../src/platform/clock.js';
import { newId } from '../src/platform/ids.js';
import { createLogger } from '../src/platform/logger.js';
import { residentIdCheckCharacter } from '../src/identity/documents/check-characters.js';

export function residentId(body17: string): string {
  return body17 + residentIdCheckCharacter(body17);
}

/** A valid resident id, distinct for each n below 336,000: born in 1980 on a date and with a sequence from n. */
function senderNumber(n: number): string {
  const month = String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0');
  const day = String(1 + (n % 28)).padStart(2, '0');
  const sequence = String(Math.floor(n / 336) % 1000).padStart(3, '0');
  return residentId(`3101041980${month}${day}${sequence}`);
}

const DESCRIPTIONS = [
  '纯棉T恤 两件',
  '儿童绘本',
  'wireless mouse',
  '不锈钢保温杯',
  '蓝牙耳机',
  '手机壳',
  '礼品',
  '白酒两瓶',
];

export interface IntakeFixture {
  app: App;
  /** Another app on the same store and keys: a second API node (PostgreSQL). Closed by dispose. */
  openNode(): Promise<App>;
  courierId: string;
  password: string;
  username: string;
  nextParcel(): IntakeInput;
  dispose(): Promise<void>;
}

export interface FixtureOptions {
  /** PostgreSQL instead of SQLite: the database URL and a schema of the bench's own (created; dropped by dispose). */
  postgres?: { url: string; schema: string };
  /** Intake's hashing, screening and sealing on a worker thread (the default) or on the writer's thread. */
  intakeWorker?: boolean;
}

/**
 * An app on a fresh SQLite file (synchronous=full unless PARCELGUARD_SQLITE_SYNCHRONOUS says otherwise), or on a
 * fresh schema of a PostgreSQL database.
 */
export async function intakeFixture(prefix: string, options: FixtureOptions = {}): Promise<IntakeFixture> {
  const dir = mkdtempSync(path.join(tmpdir(), `pg-bench-${prefix}-`));
  const { postgres } = options;
  if (postgres !== undefined) await dropSchema(postgres, true);
  const config = loadConfig({
    PARCELGUARD_DATA_DIR: dir,
    PARCELGUARD_KEYS: JSON.stringify(generateKeyFile()),
    PARCELGUARD_SQLITE_SYNCHRONOUS: process.env.PARCELGUARD_SQLITE_SYNCHRONOUS ?? 'full',
    // `PARCELGUARD_INTAKE_SET_BASED=false npm run bench -- …` measures the savepoint path beside it.
    PARCELGUARD_INTAKE_SET_BASED: process.env.PARCELGUARD_INTAKE_SET_BASED ?? 'true',
    PARCELGUARD_INTAKE_WORKER: String(
      options.intakeWorker ?? process.env.PARCELGUARD_INTAKE_WORKER !== 'false',
    ),
    ...(postgres === undefined ? {} : { DATABASE_URL: postgres.url }),
  });
  const open = () =>
    createApp(config, {
      logger: createLogger('silent'),
      ...(postgres === undefined ? {} : { storeOptions: { schema: postgres.schema } }),
    });
  const app = await open();
  const nodes: App[] = [];
  const context = cliContext(newId(), 'bench');
  const site = await app.sites.createSite(context, {
    code: `${prefix.toUpperCase()}-1`,
    name: 'Bench outlet',
    kind: 'outlet',
    regionCode: '310104',
  });
  const username = `${prefix}.courier`;
  const password = 'bench password 1';
  const { staff } = await app.staff.createStaff(context, {
    username,
    name: 'Bench',
    siteId: site.id,
    roles: ['courier'],
    password,
  });
  // Onboarding safety training passed: nobody takes a parcel in before it (training/).
  await app.staff.grantCertification(context, staff.id, {
    reason: 'benchmark staff, certified for the run',
    kind: 'safety-training',
    issuedOn: chinaDate(Date.now()),
    expiresOn: '2999-12-31',
    certificateNo: 'BENCH-ONBOARDING',
  });
  let sequence = 0;
  return {
    app,
    async openNode() {
      if (postgres === undefined) throw new Error('a second node needs PostgreSQL');
      const node = await open();
      nodes.push(node);
      return node;
    },
    courierId: staff.id,
    username,
    password,
    nextParcel() {
      sequence += 1;
      return {
        waybillNo: `${prefix.toUpperCase()}${String(sequence).padStart(10, '0')}`,
        siteId: site.id,
        route: 'domestic',
        origin: { country: 'CN', regionCode: '310104', address: '上海市徐汇区漕溪北路88号' },
        destination: { country: 'CN', regionCode: '110105', address: '北京市朝阳区建国路1号' },
        sender: {
          documentType: 'resident-id',
          // A few thousand distinct senders, most of them returning (as at a real counter).
          number: senderNumber(sequence % 5000),
          name: '张三',
          phone: '13812345678',
          verification: { method: 'card-reader' },
        },
        recipient: { name: '李四', phone: '13987654321', address: '北京市朝阳区建国路1号' },
        items: [{ description: DESCRIPTIONS[sequence % DESCRIPTIONS.length]!, quantity: 1 }],
        weightGrams: 800,
        noticeAcknowledged: true,
        courierId: staff.id,
      };
    },
    async dispose() {
      for (const node of nodes) await node.close();
      await app.close();
      if (postgres !== undefined) await dropSchema(postgres, false);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Drops the bench's schema (and creates it afresh when `recreate`). */
async function dropSchema(postgres: { url: string; schema: string }, recreate: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${postgres.schema} cascade`);
    if (recreate) await client.query(`create schema ${postgres.schema}`);
  } finally {
    await client.end();
  }
}
