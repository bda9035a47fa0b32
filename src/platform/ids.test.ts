import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('newId', () => {
  it('makes UUIDv7s that sort in the order they were made, also within one millisecond', () => {
    const at = Date.UTC(2026, 11, 7, 3, 0, 0);
    const ids = Array.from({ length: 10_000 }, () => newId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 5)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    // The time field says when (a counter that overflowed may carry it a few milliseconds on, never back).
    const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(msOf(ids[0]!)).toBe(at);
    expect(msOf(ids.at(-1)!)).toBeGreaterThanOrEqual(at);
    expect(msOf(ids.at(-1)!)).toBeLessThan(at + 10);
    // A clock that steps back does not make an id that sorts before the last one.
    const later = newId(at + 1_000);
    expect(newId(at) > later).toBe(true);
  });
});
