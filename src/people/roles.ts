// Roles (closed list, from the architecture) and the permissions each grants. Every route declares the one
// permission it needs; least privilege: a role gets only what its work requires. What a role may do *within* a
// permission (which site, which record) is decided in one place: people/access.ts.

/** The roles people hold. */
export const STAFF_ROLES = [
  'courier',
  'screener',
  'station-manager',
  'security-officer',
  'legal-liaison',
  'auditor',
  'admin',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * The roles machines hold through API keys: an X-ray station's software submitting scans, a hub's dispatch line
 * sending screened parcels and bags on, an order system taking parcels in. No person holds them, and no API key
 * holds a person's role.
 */
export const MACHINE_ROLES = ['xray-station', 'dispatch-station', 'order-system'] as const;
export type MachineRole = (typeof MACHINE_ROLES)[number];

export const ROLES = [...STAFF_ROLES, ...MACHINE_ROLES] as const;
export type Role = StaffRole | MachineRole;

export const PERMISSIONS = {
  'sites:all':
    "act on and read every site's records (parcels, senders, staff, machines, reports); without it, only one's own site",
  'company:read': 'read the company profile',
  'company:manage': 'set the company profile',
  'sites:read': 'list and read sites',
  'sites:manage': 'register and change sites',
  'staff:read': 'list and read staff and their certifications',
  'staff:manage': 'register staff, change roles, suspend, revoke certifications',
  'apikeys:manage': 'issue and revoke API keys for machines',
  'audit:read': 'read audit entries, proofs and checkpoints; verify the chain',
  'identity:unmask': 'see personal data unmasked, with a stated purpose (audited)',
  'identity:verify': 'run the identity gate at the counter: verify senders, record refusals',
  'identity:read': 'read registered senders, masked',
  'refusals:read': 'list refusals at the identity gate (station managers: their own site)',
  'watchlist:manage': 'add, remove and list watchlist entries (documents, phones)',
  'clues:read': 'list the clues raised for security officers',
  'agreements:read': 'read agreement customers, their security agreements and accounts',
  'agreements:manage':
    'register organisations; sign, suspend, reactivate and terminate agreements; add accounts',
  'retention:run': 'purge personal data past its retention period',
  'screening:use': 'screen parcel descriptions against the active catalogue',
  'catalogue:read': 'list, read and diff catalogue versions',
  'catalogue:publish': 'publish a new catalogue version',
  'parcels:intake': 'take parcels in at the counter (identity gate, screening, risk decision)',
  'parcels:inspect': 'record the inspection on acceptance and issue the inspection mark',
  'parcels:read': "read a parcel's timeline, masked",
  'parcels:hold': 'hold and release parcels, record custody hand-overs',
  'marks:verify': 'verify an inspection mark',
  'risk:read': 'read risk rule set versions',
  'risk:manage': 'publish risk rule sets and dry-run candidates against past parcels',
  'machines:read': 'list and read screening machines (X-ray equipment) and their certification',
  'machines:manage':
    'register screening machines, renew their certificates, record calibrations, retire them',
  'scans:submit': 'submit X-ray scan events from a hub station (one or a batch)',
  'parcels:open-inspection':
    'resolve an open inspection after a suspect X-ray scan (clear or prohibited found)',
  'parcels:dispatch': 'dispatch screened parcels, one by one or as a bag or cage',
  'reports:read':
    'read the three-gate coverage report and its gaps, attestations and inclusion proofs (station managers: their own site)',
  'reports:attest': 'sign a day coverage attestation',
  'cases:read':
    'read cases, their timeline, evidence and custody hand-overs (sealed national-security cases: only with the sealed-case clearance)',
  'cases:manage':
    'triage clues, open and work cases (status, outcome, assignment), add evidence, set case deadlines',
  'cases:clearance':
    'grant and revoke the sealed-case clearance (national-security cases) to security officers',
  'parcels:custody': 'seize a held parcel or hand it to an authority, with the custody hand-over',
  'parcels:deliver': 'record the delivery of a dispatched parcel, with who received it',
  'case-reports:read':
    'read reports of cases to the authorities (their status, hashes, route), of cases one may see',
  'case-reports:draft': 'draft and edit reports of cases to the authorities',
  'case-reports:approve':
    'approve a report to an authority drafted by someone else (four eyes), which signs its package',
  'case-reports:submit': 'record the submission of an approved report and its acknowledgement',
  'case-reports:export':
    'download a report package or its PDF (carries the personal data the authority needs; audited)',
  'cases:figures':
    'read case figures: funnel, times to hold and report, outcomes, reports per authority, recognition',
  'requests:handle':
    'register lawful requests from the authorities, record their verification checklist, return or refuse them, keep the agency directory (sealed: no one else sees a request)',
  'requests:approve':
    'approve a verified lawful request, as a designated approver who neither registered nor verified it',
  'requests:designate': 'designate and remove the approvers of lawful requests (without seeing the requests)',
  'training:take': "take assessments and read one's own training certificates",
  'training:read':
    'read courses, sessions and rosters, certificates, due lists, reminders and training coverage (station managers: their own site)',
  'training:manage':
    "schedule sessions, record attendance and background checks, revoke training certificates (station managers: their own site's couriers and screeners)",
  'training:courses': 'create and change training courses and their question banks',
  'training:certify': "record a certificate by hand, with a reason (an admin's audited manual entry)",
  'webhooks:manage':
    "register the company's own systems for signed webhooks on case and report events, rotate their secrets, read and redeliver deliveries",
} as const;
export type Permission = keyof typeof PERMISSIONS;

/** What a route needs: a permission, any signed-in principal, or nothing (health, docs, login). */
export type Access = Permission | 'authenticated' | 'public';

/** Lawful requests are sealed: an admin designates their approvers but does not see them (Counter-Espionage Law). */
const SEALED_FROM_ADMIN: readonly Permission[] = ['requests:handle', 'requests:approve'];
const ALL = (Object.keys(PERMISSIONS) as Permission[]).filter(
  (permission) => !SEALED_FROM_ADMIN.includes(permission),
);

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  courier: [
    'sites:read',
    'screening:use',
    'catalogue:read',
    'identity:verify',
    'identity:read',
    'parcels:intake',
    'parcels:inspect',
    'parcels:read',
    'marks:verify',
    'parcels:deliver',
    'training:take',
  ],
  screener: [
    'sites:read',
    'screening:use',
    'catalogue:read',
    'parcels:read',
    'marks:verify',
    'machines:read',
    'scans:submit',
    'parcels:open-inspection',
    'parcels:dispatch',
    'training:take',
  ],
  'station-manager': [
    'company:read',
    'sites:read',
    'staff:read',
    'staff:manage',
    'screening:use',
    'catalogue:read',
    'identity:verify',
    'identity:read',
    'refusals:read',
    'agreements:read',
    'parcels:intake',
    'parcels:inspect',
    'parcels:read',
    'marks:verify',
    'machines:read',
    'machines:manage',
    'parcels:open-inspection',
    'parcels:dispatch',
    'reports:read',
    'reports:attest',
    'parcels:deliver',
    'case-reports:read',
    'case-reports:approve',
    'cases:figures',
    'training:take',
    'training:read',
    'training:manage',
  ],
  'security-officer': [
    'sites:all',
    'company:read',
    'sites:read',
    'staff:read',
    'audit:read',
    'identity:unmask',
    'screening:use',
    'catalogue:read',
    'catalogue:publish',
    'identity:read',
    'refusals:read',
    'watchlist:manage',
    'clues:read',
    'agreements:read',
    'parcels:read',
    'parcels:hold',
    'marks:verify',
    'risk:read',
    'risk:manage',
    'machines:read',
    'parcels:open-inspection',
    'reports:read',
    'reports:attest',
    'cases:read',
    'cases:manage',
    'parcels:custody',
    'case-reports:read',
    'case-reports:draft',
    'case-reports:approve',
    'case-reports:submit',
    'case-reports:export',
    'cases:figures',
    'training:take',
    'training:read',
    'training:courses',
  ],
  'legal-liaison': [
    'requests:handle',
    'requests:approve',
    'sites:all',
    'company:read',
    'sites:read',
    'identity:unmask',
    'case-reports:read',
    'case-reports:submit',
    'case-reports:export',
    'training:take',
  ],
  auditor: [
    'sites:all',
    'company:read',
    'sites:read',
    'staff:read',
    'audit:read',
    'catalogue:read',
    'identity:read',
    'refusals:read',
    'agreements:read',
    'parcels:read',
    'marks:verify',
    'risk:read',
    'machines:read',
    'reports:read',
    'cases:read',
    'case-reports:read',
    'cases:figures',
    'training:take',
    'training:read',
  ],
  admin: ALL,
  'xray-station': ['sites:read', 'catalogue:read', 'machines:read', 'marks:verify', 'scans:submit'],
  // The dispatch gate itself refuses any parcel not X-rayed clear: the line may only ask.
  'dispatch-station': ['sites:read', 'marks:verify', 'parcels:dispatch'],
  'order-system': ['sites:read', 'screening:use', 'catalogue:read', 'parcels:intake', 'parcels:read'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

export function isMachineRole(value: string): value is MachineRole {
  return (MACHINE_ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}
