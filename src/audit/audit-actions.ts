// The closed list of audited actions. Every state change in ParcelGuard appends exactly one of these.
// Add new actions here (with their one-line meaning) when a capability gains a new state change.

export const AUDIT_ACTIONS = {
  /** The company's profile (name, credit code, licence) was set or changed. */
  'company.updated': 'company profile set or changed',
  /** A site (outlet or hub) was registered. */
  'site.created': 'site registered',
  /** A site's name, region or status changed. */
  'site.updated': 'site changed',
  /** A staff member was registered. */
  'staff.created': 'staff member registered',
  /** A staff member's name, site or roles changed. */
  'staff.updated': 'staff member changed',
  /** A staff member was suspended: their sessions end, they can no longer sign in. */
  'staff.suspended': 'staff member suspended',
  /** A suspended staff member was reactivated. */
  'staff.reactivated': 'staff member reactivated',
  /** A staff member's password was set or changed. */
  'staff.password-changed': 'password set or changed',
  /** A certification (training) was recorded for a staff member. */
  'certification.granted': 'certification recorded',
  /** A certification was revoked before its expiry. */
  'certification.revoked': 'certification revoked',
  /** A staff member signed in: a session was opened. */
  'session.opened': 'signed in',
  /** A session was closed by signing out. */
  'session.closed': 'signed out',
  /** An API key for a machine (terminal, X-ray station, order system) was issued. */
  'apikey.created': 'API key issued',
  /** An API key was revoked. */
  'apikey.revoked': 'API key revoked',
  /** Stored personal data was re-encrypted under the active key (one batch of a key rotation). */
  'vault.reencrypted': 'personal data re-encrypted under a new key',
  /** An Ed25519 signing public key was registered for verifying checkpoints and marks. */
  'signing-key.registered': 'signing key registered',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}
