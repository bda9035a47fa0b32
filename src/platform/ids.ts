import { randomBytes, randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(16 * 256);
let poolOffset = pool.length;

/** The last id's time and 12-bit sequence: ids made in one millisecond still sort in the order they were made. */
let lastMs = 0;
let lastSeq = 0;

/**
 * A UUIDv7 (RFC 9562): time-ordered, so primary keys of append-heavy tables stay local in their B-trees. Within
 * one process ids are strictly increasing (RFC 9562 §6.2, method 1: a counter in rand_a, seeded at random each
 * millisecond, carrying into the time field when it overflows), because timelines order their events by
 * (at, id) and two events of one transaction share a millisecond.
 */
export function newId(now: number = Date.now()): string {
  if (poolOffset + 12 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  let ms = now;
  let seq: number;
  if (ms > lastMs) {
    // A fresh millisecond: start the counter at random in its lower half, leaving room to count up.
    seq = pool.readUInt16BE(poolOffset) & 0x7ff;
  } else {
    ms = lastMs;
    seq = lastSeq + 1;
    if (seq > 0xfff) {
      ms += 1;
      seq = 0;
    }
  }
  lastMs = ms;
  lastSeq = seq;
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (seq >> 8);
  bytes[7] = seq & 0xff;
  pool.copy(bytes, 8, poolOffset + 2, poolOffset + 10);
  poolOffset += 10;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A URL-safe random secret of `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
