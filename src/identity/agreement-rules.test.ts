import { describe, expect, it } from 'vitest';
import { canTransition, effectiveStatus, findAgreementGap, type AgreementTerms } from './agreement-rules.js';

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
