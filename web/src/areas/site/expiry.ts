// What needs the station manager's action: certifications and machine certificates expired or expiring within
// 30 days, machines due for calibration. Pure, so the rules are tested without a browser.
import { daysUntil } from '../../app/format';
import type { Tone } from '../../app/StatusTag';

/** Expiring within this many days needs action. */
export const WARN_DAYS = 30;
/** Calibration is due this many months after the last one (the console's rule: the API records, not decides). */
export const CALIBRATION_MONTHS = 12;

export interface Expiry {
  /** Whole days left (negative: expired that many days ago). */
  days: number;
  tone: Tone;
  needsAction: boolean;
}

export function expiryOf(date: string, now = Date.now()): Expiry {
  const days = daysUntil(date, now);
  const tone: Tone = days < 0 ? 'bad' : days <= WARN_DAYS ? 'warn' : 'ok';
  return { days, tone, needsAction: tone !== 'ok' };
}

/** YYYY-MM-DD plus `months` (clamped to the month's last day). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, last));
  return first.toISOString().slice(0, 10);
}

export function calibrationDue(lastCalibratedOn: string): string {
  return addMonths(lastCalibratedOn, CALIBRATION_MONTHS);
}

export interface CertificationLike {
  kind: string;
  expiresOn: string;
  revokedAt: number | null;
}

/**
 * Per kind, the certification that counts: the unrevoked one expiring last (a renewed certification makes the
 * old one's expiry moot). Revoked-only kinds are left out.
 */
export function currentCertifications<T extends CertificationLike>(certifications: readonly T[]): T[] {
  const byKind = new Map<string, T>();
  for (const certification of certifications) {
    if (certification.revokedAt !== null) continue;
    const current = byKind.get(certification.kind);
    if (current === undefined || certification.expiresOn > current.expiresOn)
      byKind.set(certification.kind, certification);
  }
  return [...byKind.values()].sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
}

/** The China day's bounds in epoch ms: [start, end). */
export function chinaDayBounds(day: string): { start: number; end: number } {
  const start = Date.parse(`${day}T00:00:00+08:00`);
  return { start, end: start + 86_400_000 };
}
