// Why personal data is shown in plaintext: a case or a lawful request it serves (by reference), or a reason from a
// closed list with a few words. Free text alone made the audit trail unreadable ("checking", "needed"): a
// reviewer must be able to group unmaskings by what justified them. Pure: no I/O.
import { FieldProblems } from '../platform/validation.js';

export const UNMASK_REASON_CODES = [
  /** A sender disputes what the counter recorded. */
  'counter-dispute',
  /** A person asks for the data held about them. */
  'data-subject-request',
  /** A security incident not (yet) opened as a case. */
  'security-incident',
  /** A supervisor reviews a refusal or a hold. */
  'supervisor-review',
] as const;
export type UnmaskReasonCode = (typeof UNMASK_REASON_CODES)[number];

export type UnmaskPurpose =
  | { kind: 'case'; reference: string; note?: string }
  | { kind: 'lawful-request'; reference: string; note?: string }
  | { kind: 'reason'; code: UnmaskReasonCode; text: string };

export const UNMASK_PURPOSE_KINDS = ['case', 'lawful-request', 'reason'] as const;
/** A case or request reference as written on its file: letters, digits and . _ / : - */
export const PURPOSE_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/:-]{2,63}$/;
const MIN_TEXT_LENGTH = 10;
const HAN = /\p{Script=Han}/u;

/** A stated reason worth the name: a few words, at least 10 characters (Chinese writes words without spaces). */
export function isStatedPurpose(text: string): boolean {
  const trimmed = text.trim();
  if (Array.from(trimmed).length < MIN_TEXT_LENGTH) return false;
  return HAN.test(trimmed) || trimmed.split(/\s+/).length >= 3;
}

/** Throws validation-failed naming each field of `purpose` (under /purpose) that breaks its rule. */
export function throwIfInvalidPurpose(purpose: UnmaskPurpose): void {
  const problems = new FieldProblems();
  switch (purpose.kind) {
    case 'case':
    case 'lawful-request':
      problems.check(
        PURPOSE_REFERENCE.test(purpose.reference),
        'purpose/reference',
        'must be the reference of the case or request (3-64 letters, digits, . _ / : -)',
      );
      break;
    case 'reason':
      problems
        .check(
          (UNMASK_REASON_CODES as readonly string[]).includes(purpose.code),
          'purpose/code',
          `must be one of ${UNMASK_REASON_CODES.join(', ')}`,
        )
        .check(
          isStatedPurpose(purpose.text),
          'purpose/text',
          `must say why: a few words, at least ${MIN_TEXT_LENGTH} characters`,
        );
      break;
    default:
      problems.check(false, 'purpose/kind', `must be one of ${UNMASK_PURPOSE_KINDS.join(', ')}`);
  }
  problems.throwIfAny();
}

/** What the audit entry's data records about the purpose (digested, like all audit data). */
export function purposeRecord(purpose: UnmaskPurpose): Record<string, string> {
  switch (purpose.kind) {
    case 'case':
    case 'lawful-request':
      return { kind: purpose.kind, reference: purpose.reference, note: purpose.note?.trim() ?? '' };
    case 'reason':
      return { kind: 'reason', code: purpose.code, text: purpose.text.trim() };
  }
}
