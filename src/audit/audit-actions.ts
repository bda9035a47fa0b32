// The closed list of audited actions. Every state change in ParcelGuard appends exactly one of these.
// Add new actions here (with their one-line meaning) when a capability gains a new state change.

export const AUDIT_ACTIONS = {
  /**
   * A batch: one chain entry for a group intake's records, its data digest the Merkle root over them (each record
   * kept in audit_leaves, provable on its own).
   */
  'audit.batch': 'records of one group transaction, chained as one entry',
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
  /** A parcel was taken in at the counter: identity gate, screening and risk gave refuse, inspect or hold. */
  'parcel.taken-in': 'parcel taken in with a decision',
  /** A parcel was inspected on acceptance (accepted with a mark, or refused). */
  'parcel.inspected': 'parcel inspected',
  /** A parcel was held: all movement stops. */
  'parcel.held': 'parcel held',
  /** A held parcel was released back to the state it was held from. */
  'parcel.released': 'parcel released',
  /** A held parcel changed hands (chain of custody). */
  'parcel.custody-transferred': 'parcel custody transferred',
  /** A risk rule set version was published (becomes the active version). */
  'risk-rules.published': 'risk rule set published',
  /** A prohibited-items catalogue version was published (becomes the active version). */
  'catalogue.published': 'catalogue version published',
  /** A person was verified at the identity gate for the first time and registered as a sender. */
  'sender.verified': 'sender verified and registered',
  /** A registered sender was verified again: last seen, latest verification or a new phone recorded. */
  'sender.updated': 'registered sender seen again',
  /** A batch of senders registered before names were indexed was given the name index (`sender index-names`). */
  'sender.names-indexed': 'name index given to senders registered before it',
  /** The identity gate refused a parcel (no, invalid or mismatching document, agreement not active). */
  'identity.refused': 'parcel refused at the identity gate',
  /** A clue was raised for security officers (repeated refusals, a watchlist hit). */
  'clue.raised': 'clue raised',
  /** An organisation (agreement customer) was registered with its unified social credit code. */
  'organisation.registered': 'organisation registered',
  /** A security agreement was signed, with its responsible person verified. */
  'agreement.created': 'security agreement created',
  /** A security agreement was suspended, reactivated or terminated. */
  'agreement.status-changed': 'security agreement status changed',
  /** An account was added to ship under a security agreement. */
  'agreement-account.added': 'agreement account added',
  /** A document or phone was put on the watchlist. */
  'watchlist.added': 'watchlist entry added',
  /** A watchlist entry was removed. */
  'watchlist.removed': 'watchlist entry removed',
  /** Someone saw personal data unmasked, for a stated purpose (recorded as a digest). */
  'personal-data.unmasked': 'personal data unmasked',
  /** Personal data past its retention period was purged (counts only). */
  'retention.purged': 'expired personal data purged',
  /** A screening machine (X-ray equipment) was registered with its certificate. */
  'machine.registered': 'screening machine registered',
  /** A screening machine's certificate, calibration or status changed. */
  'machine.updated': 'screening machine changed',
  /** An X-ray (or other) scan was recorded for a parcel at a hub, with what it did to the parcel. */
  'scan.recorded': 'scan recorded',
  /** A scan was rejected: unknown or uncertified machine, or an untrained operator (counted). */
  'scan.rejected': 'scan rejected',
  /** An open inspection after a suspect scan ended: cleared, or prohibited contents found. */
  'parcel.open-inspection-closed': 'open inspection closed',
  /** Screened parcels left a site: one parcel, or a bag or cage. */
  'parcel.dispatched': 'parcels dispatched',
  /** A day's coverage was attested: counts and a Merkle root over the per-parcel gate records, signed. */
  'attestation.created': 'coverage attestation signed',
  /** A clue was dismissed on triage, with the reason. */
  'clue.dismissed': 'clue dismissed',
  /** A case was opened (from a clue, automatically or on triage). */
  'case.opened': 'case opened',
  /** A clue joined a case (automatically on its key, or on triage); priority and deadline may have tightened. */
  'case.clue-attached': 'clue attached to a case',
  /** A case moved to another status (outcome kept apart). */
  'case.status-changed': 'case status changed',
  /** A reported or closed case was reopened. */
  'case.reopened': 'case reopened',
  /** A case was assigned to a security officer. */
  'case.assigned': 'case assigned',
  /** Someone read a sealed (national-security) case: every read is recorded. */
  'case.sealed-read': 'sealed case read',
  /** A case deadline (minutes, per category) was set. */
  'case.deadline-set': 'case deadline set',
  /** A security officer was granted the sealed-case clearance. */
  'case.clearance-granted': 'sealed-case clearance granted',
  /** A security officer's sealed-case clearance was revoked. */
  'case.clearance-revoked': 'sealed-case clearance revoked',
  /** Evidence (a file or a record snapshot) was added to a case; the subject is its SHA-256. */
  'evidence.added': 'evidence added',
  /** Evidence was downloaded, its hash re-checked. */
  'evidence.downloaded': 'evidence downloaded',
  /** A download found an evidence file missing or altered (its SHA-256 no longer matches). */
  'evidence.integrity-failed': 'evidence integrity check failed',
  /** Evidence was withdrawn from a case (kept, with the reason); locked evidence never is. */
  'evidence.withdrawn': 'evidence withdrawn',
  /** Evidence was locked because a report includes it. */
  'evidence.locked': 'evidence locked',
  /** A held parcel was seized, with its custody hand-over. */
  'parcel.seized': 'parcel seized',
  /** A held parcel was handed to an authority (receiving officer, unit, signature or receipt). */
  'parcel.handed-to-authority': 'parcel handed to an authority',
  /** A dispatched parcel was delivered, with who received it. */
  'parcel.delivered': 'parcel delivered',
  /** A report of a case to an authority was drafted (routed authority, override, evidence included). */
  'case-report.drafted': 'report to an authority drafted',
  /** A draft report's authority, facts or evidence changed. */
  'case-report.edited': 'report to an authority edited',
  /** A report was approved by a second officer (four eyes) and its package signed: document and PDF hashes. */
  'case-report.approved': 'report to an authority approved and signed',
  /** A report was handed to its authority: channel, the authority's reference, who, when. */
  'case-report.submitted': 'report to an authority submitted',
  /** The authority acknowledged a report. */
  'case-report.acknowledged': 'report to an authority acknowledged',
  /** A report's signed package (or its PDF) was read. */
  'case-report.package-read': 'report package read',
  /** An Ed25519 signing public key was registered for verifying checkpoints and marks. */
  'signing-key.registered': 'signing key registered',
  /** A training course was created, or its content version, pass mark, validity or status changed. */
  'training-course.saved': 'training course created or changed',
  /** Questions were added to a course's question bank. */
  'training-questions.added': 'questions added to a course',
  /** A training session was scheduled (site, trainer, time, in person or online). */
  'training-session.scheduled': 'training session scheduled',
  /** An attendance status was recorded for a person at a session (append-only). */
  'training-attendance.recorded': 'training attendance recorded',
  /** An assessment attempt was started (questions drawn). */
  'training-attempt.started': 'assessment attempt started',
  /** An assessment attempt was submitted and scored. */
  'training-attempt.submitted': 'assessment attempt scored',
  /** A training certificate was issued: from a passed attempt, or an admin's manual entry with a reason. */
  'training-certificate.issued': 'training certificate issued',
  /** A training certificate was revoked, with a reason. */
  'training-certificate.revoked': 'training certificate revoked',
  /** A background check result was recorded for a staff member (X-ray operators need one). */
  'background-check.recorded': 'background check recorded',
  /** A webhook endpoint was registered (name, URL without its query, event kinds; never the secret). */
  'webhook.created': 'webhook endpoint registered',
  /** A webhook endpoint's name, URL, event kinds or active flag changed. */
  'webhook.updated': 'webhook endpoint changed',
  /** A webhook endpoint and its deliveries were removed. */
  'webhook.deleted': 'webhook endpoint removed',
  /** A webhook endpoint's signing secret was replaced (the previous one signs on through a grace period). */
  'webhook.secret-rotated': 'webhook secret rotated',
  /** A webhook delivery was queued again by hand. */
  'webhook.redelivery-requested': 'webhook delivery queued again',
  /** Delivered webhooks older than the configured days were removed from the outbox (the dispatcher, hourly). */
  'webhook.deliveries-pruned': 'delivered webhooks removed from the outbox',
  // Lawful requests (sealed): the entries join the chain, their data only as a digest.
  'lawful-request.registered': 'lawful request registered',
  'lawful-request.check-recorded': 'lawful request checklist item recorded',
  'lawful-request.returned': 'lawful request returned for more information',
  'lawful-request.refused': 'lawful request refused',
  'lawful-request.approved': 'lawful request approved',
  'lawful-request.read': 'lawful request read',
  'lawful-request.listed': 'lawful request register listed',
  'lawful-request.approver-designated': 'lawful request approver designated',
  'lawful-request.approver-removed': 'lawful request approver removed',
  'lawful-request.closed': 'lawful request closed',
  'lawful-request.exported': 'lawful request package exported (personal data disclosed under it)',
  'lawful-request.package-read': 'lawful request package read',
  'lawful-request.fulfilled': 'lawful request fulfilled: package receipt recorded',
  'lawful-request.detained': 'parcel detained under a lawful request',
  'lawful-request.legal-hold-on': 'lawful request legal hold on',
  'lawful-request.legal-hold-lifted': 'lawful request legal hold lifted',
  'agency-directory.added': 'agency directory entry added',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}
