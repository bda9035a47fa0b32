import { describe, expect, it } from 'vitest';
import { chinaDateTime, chinaToday, daysUntil } from './format';

describe('China calendar formatting', () => {
  it('reads the day in UTC+8', () => {
    // 2026-12-06 17:00 UTC is already 2026-12-07 01:00 in Shanghai.
    const late = Date.parse('2026-12-06T17:00:00Z');
    expect(chinaToday(late)).toBe('2026-12-07');
    expect(daysUntil('2026-12-10', late)).toBe(3);
    expect(daysUntil('2026-12-06', late)).toBe(-1);
    expect(chinaDateTime(late)).toBe('2026-12-07 01:00');
  });
});
