// The security agreement's life (pure): its status as read, the status changes allowed, and whether it covers a
// parcel at a site today. Dates are YYYY-MM-DD (China Standard Time), compared as text.
import type { AgreementStatus, StoredAgreementStatus } from './identity.types.js';

export interface AgreementTerms {
  status: StoredAgreementStatus;
  signedOn: string;
  validUntil: string;
  permittedSiteIds: readonly string[];
}

/** The status as read: an agreement past its valid-until date is expired, unless it was terminated. */
export function effectiveStatus(
  terms: Pick<AgreementTerms, 'status' | 'validUntil'>,
  today: string,
): AgreementStatus {
  if (terms.status === 'terminated') return 'terminated';
  return today > terms.validUntil ? 'expired' : terms.status;
}

export const AGREEMENT_TRANSITIONS = {
  suspend: { from: ['active'], to: 'suspended' },
  reactivate: { from: ['suspended'], to: 'active' },
  terminate: { from: ['active', 'suspended', 'expired'], to: 'terminated' },
} as const satisfies Record<string, { from: readonly AgreementStatus[]; to: StoredAgreementStatus }>;
export type AgreementTransition = keyof typeof AGREEMENT_TRANSITIONS;

/** Whether `transition` may be applied to an agreement whose status (as read) is `status`. */
export function canTransition(transition: AgreementTransition, status: AgreementStatus): boolean {
  return (AGREEMENT_TRANSITIONS[transition].from as readonly AgreementStatus[]).includes(status);
}

/** Why an agreement does not cover a parcel, or null when it does. */
export type AgreementGap = 'not-active' | 'not-yet-valid' | 'site-not-permitted';

/** Whether the agreement covers a parcel at `siteId` on `today`: active, within its dates, at a permitted site. */
export function findAgreementGap(terms: AgreementTerms, siteId: string, today: string): AgreementGap | null {
  if (effectiveStatus(terms, today) !== 'active') return 'not-active';
  if (today < terms.signedOn) return 'not-yet-valid';
  if (terms.permittedSiteIds.length > 0 && !terms.permittedSiteIds.includes(siteId))
    return 'site-not-permitted';
  return null;
}
