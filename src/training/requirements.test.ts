import { describe, expect, it } from 'vitest';
import {
  addDays,
  coverageOn,
  daysBetween,
  dueItems,
  lastDayOfMonth,
  requirementsOf,
} from './requirements.js';

const member = (id: string, roles: string[], createdOn = '2026-01-01') => ({
  id,
  username: id,
  name: id,
  siteId: 'S',
  roles: roles as never,
  createdOn,
});
const cert = (staffId: string, kind: string, issuedOn: string, expiresOn: string, revoked = false) => ({
  staffId,
  kind,
  issuedOn,
  expiresOn,
  revoked,
});

describe('training requirements', () => {
  it('does calendar arithmetic on China dates written YYYY-MM-DD', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(daysBetween('2026-12-31', '2027-01-02')).toBe(2);
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
    expect(lastDayOfMonth('2028-02')).toBe('2028-02-29');
    expect(lastDayOfMonth('2026-12')).toBe('2026-12-31');
  });

  it('asks screeners for X-ray operation and nobody for it who does not screen', () => {
    expect(requirementsOf(['screener'])).toContain('xray-operation');
    expect(requirementsOf(['courier'])).not.toContain('xray-operation');
    expect(requirementsOf(['auditor'])).toEqual([]);
  });

  it('lists overdue before due, ignoring revoked and future certifications', () => {
    const staff = [member('a', ['security-officer'])];
    const items = dueItems(
      staff,
      [
        cert('a', 'safety-training', '2025-01-01', '2026-03-20'),
        cert('a', 'national-security-awareness', '2025-01-01', '2027-01-01', true),
        cert('a', 'law-and-ethics', '2026-04-01', '2027-04-01'),
        cert('a', 'national-security-awareness', '2025-01-01', '2026-03-01'),
      ],
      '2026-03-10',
      30,
    );
    expect(items.map((item) => [item.certification, item.state, item.validUntil, item.daysLeft])).toEqual([
      ['law-and-ethics', 'overdue', null, null],
      ['national-security-awareness', 'overdue', '2026-03-01', -9],
      ['safety-training', 'due', '2026-03-20', 10],
    ]);
  });

  it('counts coverage on one day, only of those registered by then', () => {
    const staff = [
      member('a', ['courier']),
      member('b', ['courier']),
      member('late', ['courier'], '2026-04-01'),
    ];
    const [row] = coverageOn(
      ['S'],
      staff,
      [cert('a', 'safety-training', '2026-01-01', '2026-12-31')],
      '2026-03',
      '2026-03-31',
    );
    expect(row!.requirements.find((r) => r.certification === 'safety-training')).toEqual({
      certification: 'safety-training',
      required: 2,
      current: 1,
      ratio: 0.5,
    });
  });
});
