import { describe, expect, it } from 'vitest';
import {
  canTransition,
  effectiveStatus,
  findAgreementGap,
  findGoodsOutsideAgreement,
  type AgreementTerms,
} from './agreement-rules.js';

const terms: AgreementTerms = {
  status: 'active',
  signedOn: '2026-01-01',
  validUntil: '2026-12-31',
  permittedSiteIds: [],
};

describe('security agreement rules', () => {
  it('reads an agreement past valid-until as expired, unless it was terminated', () => {
    expect(effectiveStatus(terms, '2026-12-31')).toBe('active');
    expect(effectiveStatus(terms, '2027-01-01')).toBe('expired');
    expect(effectiveStatus({ ...terms, status: 'suspended' }, '2027-01-01')).toBe('expired');
    expect(effectiveStatus({ ...terms, status: 'terminated' }, '2027-01-01')).toBe('terminated');
  });

  it('allows suspend from active, reactivate from suspended, terminate from any but terminated', () => {
    expect(canTransition('suspend', 'active')).toBe(true);
    expect(canTransition('suspend', 'expired')).toBe(false);
    expect(canTransition('reactivate', 'suspended')).toBe(true);
    expect(canTransition('reactivate', 'expired')).toBe(false);
    expect(canTransition('terminate', 'expired')).toBe(true);
    expect(canTransition('terminate', 'terminated')).toBe(false);
  });

  it('covers a parcel only while active, within its dates, at a permitted site', () => {
    expect(findAgreementGap(terms, 'site-a', '2026-06-01')).toBeNull();
    expect(findAgreementGap(terms, 'site-a', '2025-12-31')).toBe('not-yet-valid');
    expect(findAgreementGap(terms, 'site-a', '2027-01-01')).toBe('not-active');
    expect(findAgreementGap({ ...terms, status: 'suspended' }, 'site-a', '2026-06-01')).toBe('not-active');
    const limited = { ...terms, permittedSiteIds: ['site-b'] };
    expect(findAgreementGap(limited, 'site-a', '2026-06-01')).toBe('site-not-permitted');
    expect(findAgreementGap(limited, 'site-b', '2026-06-01')).toBeNull();
  });
});

describe("an agreement's permitted goods", () => {
  const line = (description: string, category: string | null = null) => ({ description, category });

  it('covers a line whose description contains a permitted term after folding', () => {
    expect(
      findGoodsOutsideAgreement(['茶叶', 'Tea Sets'], [line('西湖龍井茶葉 500g'), line('TEA-SETS x2')]),
    ).toEqual([]);
  });

  it('covers a line the screener put in a permitted category', () => {
    expect(findGoodsOutsideAgreement(['batteries'], [line('充电宝', 'batteries')])).toEqual([]);
  });

  it('names every line outside the permitted goods', () => {
    expect(
      findGoodsOutsideAgreement(
        ['tea'],
        [line('green tea'), line('mobile phones'), line('手机', 'batteries')],
      ),
    ).toEqual([line('mobile phones'), line('手机', 'batteries')]);
  });

  it('covers nothing when the agreement permits nothing', () => {
    expect(findGoodsOutsideAgreement([], [line('tea')])).toEqual([line('tea')]);
    expect(findGoodsOutsideAgreement(['  '], [line('tea')])).toEqual([line('tea')]);
  });
});
