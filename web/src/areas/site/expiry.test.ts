import { describe, expect, it } from 'vitest';
import { addMonths, calibrationDue, chinaDayBounds, currentCertifications, expiryOf } from './expiry';

const NOW = Date.parse('2026-12-06T04:00:00Z'); // 12:00 in China

describe('what needs action on the site day', () => {
  it('flags expired as bad, within 30 days as warn, later as ok', () => {
    expect(expiryOf('2026-12-05', NOW)).toEqual({ days: -1, tone: 'bad', needsAction: true });
    expect(expiryOf('2026-12-06', NOW)).toMatchObject({ days: 0, tone: 'warn' });
    expect(expiryOf('2027-01-05', NOW)).toMatchObject({ days: 30, tone: 'warn', needsAction: true });
    expect(expiryOf('2027-01-06', NOW)).toMatchObject({ days: 31, tone: 'ok', needsAction: false });
  });

  it('dues calibration a year on, clamping to the month end', () => {
    expect(calibrationDue('2025-12-06')).toBe('2026-12-06');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });

  it('counts per kind only the unrevoked certification expiring last', () => {
    const current = currentCertifications([
      { kind: 'xray-operation', expiresOn: '2026-12-01', revokedAt: null },
      { kind: 'xray-operation', expiresOn: '2027-12-01', revokedAt: null },
      { kind: 'safety-training', expiresOn: '2027-12-01', revokedAt: 1 },
      { kind: 'safety-training', expiresOn: '2026-12-20', revokedAt: null },
    ]);
    expect(current).toEqual([
      { kind: 'safety-training', expiresOn: '2026-12-20', revokedAt: null },
      { kind: 'xray-operation', expiresOn: '2027-12-01', revokedAt: null },
    ]);
  });

  it("bounds China's day in UTC", () => {
    expect(chinaDayBounds('2026-12-06')).toEqual({
      start: Date.parse('2026-12-05T16:00:00Z'),
      end: Date.parse('2026-12-06T16:00:00Z'),
    });
  });
});
