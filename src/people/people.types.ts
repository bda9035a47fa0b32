import type { StaffRole } from './roles.js';

export const SITE_KINDS = ['outlet', 'hub'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const CERTIFICATION_KINDS = [
  'prohibited-items-identification',
  'xray-operation',
  'national-security-awareness',
  'safety-training',
  'law-and-ethics',
] as const;
export type CertificationKind = (typeof CERTIFICATION_KINDS)[number];

export interface Company {
  id: string;
  name: string;
  uscc: string | null;
  licenceNo: string | null;
  updatedAt: number;
}

export interface Site {
  id: string;
  code: string;
  name: string;
  kind: SiteKind;
  regionCode: string;
  status: 'active' | 'closed';
  createdAt: number;
  updatedAt: number;
}

export interface Staff {
  id: string;
  username: string;
  name: string;
  siteId: string;
  roles: StaffRole[];
  status: 'active' | 'suspended';
  /** Masked phone (e.g. 138****5678) or null. */
  phoneMasked: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Certification {
  id: string;
  staffId: string;
  kind: CertificationKind;
  certificateNo: string | null;
  issuedOn: string;
  expiresOn: string;
  revokedAt: number | null;
  createdAt: number;
  /** 'training' when issued by training, 'manual' when an admin typed it in; null for older records. */
  source: 'training' | 'manual' | null;
  /** Why it was entered by hand (manual entries). */
  reason: string | null;
}
