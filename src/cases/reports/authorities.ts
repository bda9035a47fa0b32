// The authorities a case is reported to, and which one takes which category (../shared/domain/DUTIES.md). Pure:
// no I/O. Routing gives the authority and the rule that chose it; an officer may override it with a reason.
import { FieldProblems } from '../../platform/validation.js';
import type { ReportingAuthority } from '../../screening/catalogue.js';

export const AUTHORITIES = [
  /** National security organs: espionage equipment, state-secret carriers, propaganda (hotline 12339). */
  'national-security',
  /** Public security (police): weapons, drugs, explosives, counterfeit money, other crime-related finds. */
  'public-security',
  /** Customs: items crossing the border. */
  'customs',
  /** The commerce ministry: suspected dual-use export violations (rare earths, gallium, germanium…). */
  'commerce',
  /** The postal administration: the sector regulator, for dangerous goods without a crime behind them. */
  'postal-administration',
] as const;
export type Authority = (typeof AUTHORITIES)[number];

export const SUBMISSION_CHANNELS = ['hotline', 'website', 'in-person', 'letter'] as const;
export type SubmissionChannel = (typeof SUBMISSION_CHANNELS)[number];

export interface AuthorityProfile {
  code: Authority;
  /** The name printed on the report. */
  nameZh: string;
  nameEn: string;
  /** How reports reach it (there is no public API: submission is recorded, not automated). */
  contact: { hotline: string | null; website: string | null };
  /**
   * The personal data this authority needs to act, and nothing more. The postal administration regulates the
   * sector and gets the case without any personal data.
   */
  personalData: readonly PersonalField[];
}

/** Personal data a report may carry, unmasked. */
export const PERSONAL_FIELDS = [
  'sender.name',
  'sender.documentType',
  'sender.documentNumber',
  'sender.phones',
  'origin.address',
  'recipient.name',
  'recipient.phone',
  'recipient.address',
] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

const ALL_PERSONAL: readonly PersonalField[] = PERSONAL_FIELDS;

export const AUTHORITY_PROFILES: Record<Authority, AuthorityProfile> = {
  'national-security': {
    code: 'national-security',
    nameZh: '国家安全机关（12339举报受理）',
    nameEn: 'National security organs (12339 reporting centre)',
    contact: { hotline: '12339', website: 'www.12339.gov.cn' },
    personalData: ALL_PERSONAL,
  },
  'public-security': {
    code: 'public-security',
    nameZh: '公安机关',
    nameEn: 'Public security organs (police)',
    contact: { hotline: '110', website: null },
    personalData: ALL_PERSONAL,
  },
  customs: {
    code: 'customs',
    nameZh: '海关',
    nameEn: 'Customs',
    contact: { hotline: '12360', website: null },
    personalData: [
      'sender.name',
      'sender.documentType',
      'sender.documentNumber',
      'origin.address',
      'recipient.name',
      'recipient.address',
    ],
  },
  commerce: {
    code: 'commerce',
    nameZh: '商务主管部门（出口管制）',
    nameEn: 'Ministry of Commerce (export control)',
    contact: { hotline: null, website: null },
    // Who exported and to whom: the sender's identity and addresses; phones are not needed for export control.
    personalData: [
      'sender.name',
      'sender.documentType',
      'sender.documentNumber',
      'origin.address',
      'recipient.name',
      'recipient.address',
    ],
  },
  'postal-administration': {
    code: 'postal-administration',
    nameZh: '邮政管理部门',
    nameEn: 'Postal administration',
    contact: { hotline: '12305', website: null },
    personalData: [],
  },
};

export type Direction = 'domestic' | 'inbound' | 'outbound';

export interface RouteInput {
  /** The catalogue category of what was found, or null when none is known. */
  category: string | null;
  /**
   * Whom the catalogue says the category is reported to (its `reportTo`): the catalogue owns it, so a new
   * category is routed without a change here. Empty for no category, or one the active catalogue does not define.
   */
  reportTo: readonly ReportingAuthority[];
  /** Whether the parcel crosses the border (null: unknown, treated as domestic). */
  direction: Direction | null;
}

export interface Route {
  authority: Authority;
  /** Which rule chose it, in words an officer and a reviewer read. */
  rule: string;
}

/**
 * The authority a case goes to, from whom the catalogue says its category is reported to. Order matters:
 * national security first (whatever the direction), then dual-use exports (the commerce ministry, a duty since
 * 2024-12-01), then anything crossing the border (customs), then crime-related finds (public security), then
 * border control (customs), and the postal administration for the rest.
 */
export function routeAuthority(input: RouteInput): Route {
  const { category, reportTo } = input;
  if (category !== null && reportTo.includes('national-security-12339')) {
    return { authority: 'national-security', rule: `category ${category}: national security (12339)` };
  }
  if (category !== null && reportTo.includes('commerce')) {
    return {
      authority: 'commerce',
      rule: `category ${category}: suspected dual-use export (commerce ministry)`,
    };
  }
  if (input.direction === 'inbound' || input.direction === 'outbound') {
    return { authority: 'customs', rule: `${input.direction} parcel: cross-border items go to customs` };
  }
  // Police before customs: a crime-related find at home goes to public security even when customs also want
  // to know of it (endangered wildlife).
  if (category !== null && reportTo.includes('police')) {
    return {
      authority: 'public-security',
      rule: `category ${category}: crime-related find (public security)`,
    };
  }
  if (category !== null && reportTo.includes('customs')) {
    return { authority: 'customs', rule: `category ${category}: border control (customs)` };
  }
  return {
    authority: 'postal-administration',
    rule:
      category === null
        ? 'no category known: the postal administration (override to name another authority)'
        : `category ${category}: dangerous goods without a crime behind them (postal administration)`,
  };
}

export interface AuthorityChoice extends Route {
  /** The routed authority when an officer chose another one. */
  routed: Authority;
  overridden: boolean;
  overrideReason: string | null;
}

const MIN_REASON_LENGTH = 10;

/**
 * The routed authority, or the one an officer asked for instead (then with a reason of at least 10 characters).
 * Field paths are relative to the caller's input (`/authority`, `/overrideReason`).
 */
export function chooseAuthority(route: Route, requested?: string, overrideReason?: string): AuthorityChoice {
  if (requested === undefined || requested === route.authority) {
    return { ...route, routed: route.authority, overridden: false, overrideReason: null };
  }
  const reason = overrideReason?.trim() ?? '';
  new FieldProblems()
    .check(isAuthority(requested), 'authority', `must be one of ${AUTHORITIES.join(', ')}`)
    .check(
      Array.from(reason).length >= MIN_REASON_LENGTH,
      'overrideReason',
      `another authority than the routed one (${route.authority}) needs a reason of at least ${MIN_REASON_LENGTH} characters`,
    )
    .throwIfAny();
  return {
    authority: requested as Authority,
    rule: `overridden: routed to ${route.authority} (${route.rule})`,
    routed: route.authority,
    overridden: true,
    overrideReason: reason,
  };
}

export function isAuthority(value: string): value is Authority {
  return (AUTHORITIES as readonly string[]).includes(value);
}
