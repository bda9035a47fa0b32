// Resident-ID validation throughput on one core: `npm run bench -- identity`.
// The goal is more than 2,000,000 validations/s, so the identity gate is never what limits parcel intake.
// The input is a fixed, seeded mix of valid and invalid numbers, validated through the public validateDocument.
import { residentIdCheckCharacter } from '../src/identity/documents/check-characters.js';
import { validateDocument } from '../src/identity/documents/index.js';
import type { Report } from './run.js';

const ID_COUNT = 1_000_000;
const TIMED_PASSES = 5;
const TODAY = new Date('2025-06-01T00:00:00+08:00');
const PROVINCES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
];

/** Deterministic PRNG (mulberry32) so every run validates the same numbers. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

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
}
