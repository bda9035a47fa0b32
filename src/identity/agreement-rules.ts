// The security agreement's life (pure): its status as read, the status changes allowed, and whether it covers a
// parcel at a site today. Dates are YYYY-MM-DD (China Standard Time), compared as text.
import { foldText } from '../screening/normalise.js';
import type { AgreementStatus, GoodsLine, StoredAgreementStatus } from './identity.types.js';

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

/**
 * The lines of a parcel outside an agreement's permitted goods (empty: the agreement covers its contents). A line
 * is within when its description, folded the way the screener folds text (case, width, traditional characters,
 * separators), contains a permitted term folded the same way, or when the screener's category for it is a
 * permitted term (a category slug such as `batteries`). Terms are matched as written: an agreement for `茶叶` does
 * not cover `tea`, so agreements list their goods in the words waybills use.
 */
export function findGoodsOutsideAgreement(
  permittedGoods: readonly string[],
  goods: readonly GoodsLine[],
): GoodsLine[] {
  const terms = permittedGoods.map((term) => foldText(term)).filter((term) => term.length > 0);
  const slugs = new Set(permittedGoods.map((term) => term.trim().toLowerCase()));
  return goods.filter((line) => {
    if (line.category !== null && slugs.has(line.category)) return false;
    const description = foldText(line.description);
    return !terms.some((term) => description.includes(term));
  });
}
