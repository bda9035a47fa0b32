// Identity benchmarks: `npm run bench -- identity`.
// 1. Resident-ID validation throughput on one core. The goal is more than 2,000,000 validations/s, so the identity
//    gate is never what limits parcel intake. The input is a fixed, seeded mix of valid and invalid numbers,
//    validated through the public validateDocument.
// 2. Sender lookup latency: 1,000,000 registered senders in a SQLite file, then random lookups by document through
//    the code path the gate uses (validate, canonical key, HMAC blind index, indexed select). Goal: p99 < 1 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { residentIdCheckCharacter } from '../src/identity/documents/check-characters.js';
import { validateDocument } from '../src/identity/documents/index.js';
import { SENDER_NAME_CONTEXT, SENDER_NUMBER_CONTEXT } from '../src/identity/senders.service.js';
import { documentIndex, identifyDocument } from '../src/identity/subject-index.js';
import { cliContext } from '../src/people/actor.js';
import { loadConfig } from '../src/platform/config.js';
import { generateKeyFile } from '../src/platform/crypto/keyring.js';
import { newId } from '../src/platform/ids.js';
import { createLogger } from '../src/platform/logger.js';
import type { Report } from './run.js';
import { seededRandom } from '../src/platform/random.js';

const ID_COUNT = 1_000_000;
const TIMED_PASSES = 5;
const TODAY = new Date('2025-06-01T00:00:00+08:00');
const PROVINCES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
];

function generateIds(count: number): { ids: string[]; expectedValid: number } {
  const random = seededRandom(20_250_601);
  const pick = (n: number): number => Math.floor(random() * n);
  const pad = (value: number, width: number): string => String(value).padStart(width, '0');
  const ids: string[] = [];
  let expectedValid = 0;
  for (let index = 0; index < count; index++) {
    const province = PROVINCES[pick(PROVINCES.length)] ?? 11;
    const year = 1930 + pick(90);
    const body = `${province}${pad(1 + pick(9999), 4)}${year}${pad(1 + pick(12), 2)}${pad(1 + pick(28), 2)}${pad(pick(1000), 3)}`;
    const check = residentIdCheckCharacter(body);
    // Six in ten valid; the rest spread over the usual mistakes, each rejected at a different step.
    switch (pick(10)) {
      case 0:
        ids.push(body + (check === '0' ? '1' : '0')); // wrong check character
        break;
      case 1:
        ids.push(`${body.slice(0, 10)}13${body.slice(12)}${check}`); // month 13
        break;
      case 2:
        ids.push(`99${body.slice(2)}${check}`); // no such province
        break;
      case 3:
        ids.push(body.slice(0, 15)); // wrong length
        break;
      default:
        ids.push(body + check);
        expectedValid++;
    }
  }
  return { ids, expectedValid };
}

function validateAll(ids: readonly string[]): number {
  let valid = 0;
  for (const number of ids) {
    if (validateDocument({ type: 'resident-id', number }, { today: TODAY }).valid) valid++;
  }
  return valid;
}

export default async function identityBench(report: Report): Promise<void> {
  const { ids, expectedValid } = generateIds(ID_COUNT);
  // The count doubles as a sink, so the optimiser cannot drop the calls, and as a correctness check.
  if (validateAll(ids) !== expectedValid)
    throw new Error('resident-id bench: unexpected number of valid ids');
  const rates: number[] = [];
  for (let pass = 0; pass < TIMED_PASSES; pass++) {
    // Let anything queued (timers, finalizers) run between passes rather than inside the timed window.
    await new Promise((resolve) => setImmediate(resolve));
    const started = process.hrtime.bigint();
    const valid = validateAll(ids);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (valid !== expectedValid) throw new Error('resident-id bench: unexpected number of valid ids');
    rates.push(ids.length / seconds);
  }
  rates.sort((a, b) => a - b);
  report('resident_id_validations_per_s', rates[Math.floor(rates.length / 2)] ?? 0, 'validations/s');
  await senderLookupBench(report);
}

const STORED_SENDERS = 1_000_000;
const INSERT_BATCH = 50_000;
const WARM_UP_LOOKUPS = 2_000;
const TIMED_LOOKUPS = 20_000;

/** Distinct valid resident IDs: 1000 sequence numbers for each birth date from 1950-01-01 on. */
function distinctResidentIds(count: number): string[] {
  const ids: string[] = [];
  const first = Date.UTC(1950, 0, 1);
  for (let index = 0; index < count; index++) {
    const birth = new Date(first + Math.floor(index / 1000) * 86_400_000)
      .toISOString()
      .slice(0, 10)
      .replaceAll('-', '');
    const body = `310104${birth}${String(index % 1000).padStart(3, '0')}`;
    ids.push(body + residentIdCheckCharacter(body));
  }
  return ids;
}

async function senderLookupBench(report: Report): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parcelguard-bench-senders-'));
  const config = loadConfig(
    {
      DATABASE_URL: `sqlite:${path.join(dir, 'senders.db')}`,
      PARCELGUARD_DATA_DIR: dir,
      PARCELGUARD_KEYS: JSON.stringify(generateKeyFile()),
    },
    { sqliteSynchronous: 'normal' },
  );
  const app = await createApp(config, { logger: createLogger('silent') });
  try {
    const site = await app.sites.createSite(cliContext('bench'), {
      code: 'BENCH-01',
      name: 'Bench outlet',
      kind: 'outlet',
      regionCode: '310104',
    });
    const numbers = distinctResidentIds(STORED_SENDERS);
    // Loading is not measured: prepared statements in large transactions. Real ciphertexts (a pool reused across
    // rows) keep the rows as wide as real ones; the blind index of every row is the real one, so lookups hit.
    const names = Array.from({ length: 1000 }, (_, i) => app.vault.encrypt(`姓名${i}`, SENDER_NAME_CONTEXT));
    const encryptedNumbers = Array.from({ length: 1000 }, (_, i) =>
      app.vault.encrypt(numbers[i]!, SENDER_NUMBER_CONTEXT),
    );
    const sqlite = app.store.sqlite!;
    const insert = sqlite.prepare(
      `insert into senders (id, document_type, document_index, nationality, number_enc, name_enc,
         verification_method, verification_score, verified_by_type, verified_by, verified_site_id, verified_at,
         first_seen_at, last_seen_at, last_seen_site_id)
       values (?, 'resident-id', ?, null, ?, ?, 'card-reader', null, 'system', 'bench', ?, ?, ?, ?, ?)`,
    );
    const now = Date.now();
    const insertBatch = sqlite.transaction((from: number, to: number) => {
      for (let index = from; index < to; index++) {
        const number = numbers[index]!;
        const { key } = identifyDocument({ documentType: 'resident-id', number }, now);
        insert.run(
          newId(now),
          documentIndex(app.vault, key),
          encryptedNumbers[index % 1000],
          names[index % 1000],
          site.id,
          now,
          now,
          now,
          site.id,
        );
      }
    });
    for (let from = 0; from < numbers.length; from += INSERT_BATCH)
      insertBatch(from, Math.min(numbers.length, from + INSERT_BATCH));
    sqlite.pragma('analysis_limit = 1000');
    sqlite.exec('analyze');

    let state = 20_250_602;
    const randomIndex = () => {
      // xorshift32: a fixed sequence of lookups from run to run.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) % numbers.length;
    };
    const lookup = async (number: string) => {
      const row = await app.senders.findRowByDocument(app.store.db, { documentType: 'resident-id', number });
      if (row === undefined) throw new Error('sender lookup bench: a stored sender was not found');
    };
    // A running server is warm: JIT, prepared-statement cache and page cache.
    for (let i = 0; i < WARM_UP_LOOKUPS; i++) await lookup(numbers[randomIndex()]!);
    const latencies = new Float64Array(TIMED_LOOKUPS);
    for (let i = 0; i < TIMED_LOOKUPS; i++) {
      const number = numbers[randomIndex()]!;
      const started = process.hrtime.bigint();
      await lookup(number);
      latencies[i] = Number(process.hrtime.bigint() - started) / 1e6;
    }
    latencies.sort();
    report('sender_lookup_p50_ms', latencies[Math.floor(TIMED_LOOKUPS * 0.5)]!, 'ms');
    report('sender_lookup_p99_ms', latencies[Math.floor(TIMED_LOOKUPS * 0.99)]!, 'ms');
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
