// Which certifications each role must hold, and the pure arithmetic of due dates and coverage. No I/O: the
// service reads staff and certifications, these functions decide.
import type { CertificationKind } from '../people/people.types.js';
import type { Permission, Role } from '../people/roles.js';
import type { CoverageRow, DueItem } from './training.types.js';

/**
 * Floor work a person may not do before onboarding safety training is passed (Express Delivery Interim
 * Regulations art 32: no one works before safety training). Machines (API keys) are not people: never gated.
 */
export const OPERATIONAL_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>([
  'identity:verify',
  'parcels:intake',
  'parcels:inspect',
  'parcels:hold',
  'scans:submit',
  'parcels:open-inspection',
  'parcels:dispatch',
]);

/** What each staff role must hold to be "current" (the due list and the coverage report). */
export const ROLE_REQUIREMENTS: Partial<Record<Role, readonly CertificationKind[]>> = {
  courier: [
    'safety-training',
    'national-security-awareness',
    'law-and-ethics',
    'prohibited-items-identification',
  ],
  screener: [
    'safety-training',
    'national-security-awareness',
    'law-and-ethics',
    'prohibited-items-identification',
    'xray-operation',
  ],
  'station-manager': [
    'safety-training',
    'national-security-awareness',
    'law-and-ethics',
    'prohibited-items-identification',
  ],
  'security-officer': ['safety-training', 'national-security-awareness', 'law-and-ethics'],
};

/** The order requirements are reported in. */
export const REQUIREMENT_ORDER: readonly CertificationKind[] = [
  'safety-training',
  'national-security-awareness',
  'law-and-ethics',
  'prohibited-items-identification',
  'xray-operation',
];

export function requirementsOf(roles: readonly Role[]): CertificationKind[] {
  const needed = new Set(roles.flatMap((role) => ROLE_REQUIREMENTS[role] ?? []));
  return REQUIREMENT_ORDER.filter((kind) => needed.has(kind));
}

/** `date` (YYYY-MM-DD) plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The last calendar day of a month written YYYY-MM. */
export function lastDayOfMonth(month: string): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, mon, 0)).toISOString().slice(0, 10);
}

export interface StaffFacts {
  id: string;
  username: string;
  name: string;
  siteId: string;
  roles: readonly Role[];
  /** The China calendar day they were registered: nobody counts before they joined. */
  createdOn: string;
}

export interface CertificationFacts {
  staffId: string;
  kind: string;
  issuedOn: string;
  expiresOn: string;
  revoked: boolean;
}

/** The latest expiry among a person's unrevoked certifications of `kind` that cover `on`, or null. */
export function validUntilOn(
  certifications: readonly CertificationFacts[],
  staffId: string,
  kind: string,
  on: string,
): string | null {
  let best: string | null = null;
  for (const c of certifications) {
    if (c.staffId !== staffId || c.kind !== kind || c.revoked) continue;
    if (c.issuedOn > on || c.expiresOn < on) continue;
    if (best === null || c.expiresOn > best) best = c.expiresOn;
  }
  return best;
}

/**
 * Who must recertify: `overdue` when no valid certification covers today, `due` when the latest one ends within
 * `withinDays` days of today (China calendar dates, inclusive). Sorted by site, then most urgent first.
 */
export function dueItems(
  staff: readonly StaffFacts[],
  certifications: readonly CertificationFacts[],
  today: string,
  withinDays: number,
): DueItem[] {
  const horizon = addDays(today, withinDays);
  const items: DueItem[] = [];
  for (const member of staff) {
    for (const kind of requirementsOf(member.roles)) {
      const until = validUntilOn(certifications, member.id, kind, today);
      if (until !== null && until > horizon) continue;
      const lastExpiry =
        until ??
        certifications
          .filter((c) => c.staffId === member.id && c.kind === kind && !c.revoked && c.expiresOn < today)
          .reduce<string | null>((max, c) => (max === null || c.expiresOn > max ? c.expiresOn : max), null);
      items.push({
        staffId: member.id,
        username: member.username,
        name: member.name,
        siteId: member.siteId,
        certification: kind,
        validUntil: until ?? lastExpiry,
        state: until === null ? 'overdue' : 'due',
        daysLeft: (until ?? lastExpiry) === null ? null : daysBetween(today, (until ?? lastExpiry)!),
      });
    }
  }
  return items.sort(
    (a, b) =>
      a.siteId.localeCompare(b.siteId) ||
      (a.state === b.state ? 0 : a.state === 'overdue' ? -1 : 1) ||
      (a.daysLeft ?? -1e9) - (b.daysLeft ?? -1e9) ||
      a.username.localeCompare(b.username),
  );
}

/** Staff current per requirement on one day, per site: required (who must hold it), current (who does). */
export function coverageOn(
  siteIds: readonly string[],
  staff: readonly StaffFacts[],
  certifications: readonly CertificationFacts[],
  month: string,
  countedOn: string,
): CoverageRow[] {
  return siteIds.map((siteId) => {
    const members = staff.filter((member) => member.siteId === siteId && member.createdOn <= countedOn);
    const requirements = REQUIREMENT_ORDER.map((certification) => {
      const bound = members.filter((member) => requirementsOf(member.roles).includes(certification));
      const current = bound.filter(
        (member) => validUntilOn(certifications, member.id, certification, countedOn) !== null,
      ).length;
      return {
        certification,
        required: bound.length,
        current,
        ratio: bound.length === 0 ? null : Math.round((current / bound.length) * 10_000) / 10_000,
      };
    }).filter((row) => row.required > 0);
    return { siteId, month, countedOn, requirements };
  });
}
