// Roles (closed list, from the architecture) and the permissions each grants. Every route declares the one
// permission it needs; least privilege: a role gets only what its work requires.

export const ROLES = [
  'courier',
  'screener',
  'station-manager',
  'security-officer',
  'legal-liaison',
  'auditor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'company:read': 'read the company profile',
  'company:manage': 'set the company profile',
  'sites:read': 'list and read sites',
  'sites:manage': 'register and change sites',
  'staff:read': 'list and read staff and their certifications',
  'staff:manage': 'register staff, change roles, suspend, record certifications',
  'apikeys:manage': 'issue and revoke API keys for machines',
  'audit:read': 'read audit entries, proofs and checkpoints; verify the chain',
  'identity:unmask': 'see personal data unmasked, with a stated purpose (audited)',
} as const;
export type Permission = keyof typeof PERMISSIONS;

/** What a route needs: a permission, any signed-in principal, or nothing (health, docs, login). */
export type Access = Permission | 'authenticated' | 'public';

const ALL = Object.keys(PERMISSIONS) as Permission[];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  courier: ['sites:read'],
  screener: ['sites:read'],
  'station-manager': ['company:read', 'sites:read', 'staff:read', 'staff:manage'],
  'security-officer': ['company:read', 'sites:read', 'staff:read', 'audit:read', 'identity:unmask'],
  'legal-liaison': ['company:read', 'sites:read', 'identity:unmask'],
  auditor: ['company:read', 'sites:read', 'staff:read', 'audit:read'],
  admin: ALL,
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}
