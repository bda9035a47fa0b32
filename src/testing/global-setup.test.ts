import { describe, expect, it } from 'vitest';
import { isStaleTestSchema } from './global-setup.js';

describe('isStaleTestSchema', () => {
  const now = Date.UTC(2026, 10, 28, 12);
  it('keeps a schema made in the last hour (a parallel run may be using it)', () => {
    expect(isStaleTestSchema(`t_${(now - 60_000).toString(36)}_abc123`, now)).toBe(false);
  });
  it('drops one older than an hour, and names from before the time stamp', () => {
    expect(isStaleTestSchema(`t_${(now - 3_700_000).toString(36)}_abc123`, now)).toBe(true);
    expect(isStaleTestSchema('t_abc123', now)).toBe(true);
  });
});
