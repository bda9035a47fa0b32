// The result every document validator returns, and the closed list of reasons a document can be rejected for.
// The reason codes are a contract (CLI output, API responses, stored refusals): add codes, never rename them.

/** Why a document number was rejected: a stable kebab-case code. */
export type DocumentReason =
  /** The `type` is not one of DOCUMENT_TYPES. */
  | 'unknown-type'
  /** The request itself is malformed (not JSON, not an object, a field missing or not a string). */
  | 'bad-input'
  /** The number is empty once surrounding whitespace is trimmed. */
  | 'empty'
  /** The number has the wrong number of characters for its type. */
  | 'bad-length'
  /** The number contains a character its type does not allow. */
  | 'bad-characters'
  /** The check character does not match the rest of the number. */
  | 'bad-checksum'
  /** The region (province) code is not one the type allows. */
  | 'bad-region'
  /** The embedded birth date is not a real calendar date. */
  | 'bad-date'
  /** The embedded birth date is after today. */
  | 'future-date'
  /** The embedded birth date is before 1900-01-01. */
  | 'date-before-1900'
  /** A 15-digit first-generation resident ID, no longer a valid document. */
  | 'first-generation-id'
  /** The characters are allowed but their arrangement is not a format of the type. */
  | 'bad-pattern'
  /** The nationality is not an ISO 3166-1 code. */
  | 'bad-nationality'
  /** The type needs a nationality and none was given. */
  | 'nationality-required'
  /** The machine-readable zone is not a well-formed TD3 MRZ. */
  | 'bad-mrz'
  /** A check digit of the machine-readable zone does not hold. */
  | 'bad-mrz-checksum'
  /** The machine-readable zone names a different document number or nationality. */
  | 'mrz-mismatch';

/** Default English message for each reason code. */
export const DOCUMENT_REASON_MESSAGES: Readonly<Record<DocumentReason, string>> = {
  'unknown-type': 'The document type is not one of the supported types.',
  'bad-input': 'The request is malformed.',
  empty: 'The document number is empty.',
  'bad-length': 'The document number has the wrong length for its type.',
  'bad-characters': 'The document number contains characters its type does not allow.',
  'bad-checksum': 'The check character does not match the document number.',
  'bad-region': 'The region code is not valid for this document type.',
  'bad-date': 'The birth date in the document number is not a real date.',
  'future-date': 'The birth date in the document number is in the future.',
  'date-before-1900': 'The birth date in the document number is before 1900.',
  'first-generation-id': 'First-generation 15-digit resident ID numbers are no longer valid documents.',
  'bad-pattern': 'The document number does not match the format of its type.',
  'bad-nationality': 'The nationality is not an ISO 3166-1 country code.',
  'nationality-required': 'A nationality (ISO 3166-1 alpha-3) is required for this document type.',
  'bad-mrz': 'The machine-readable zone is not a valid TD3 passport MRZ.',
  'bad-mrz-checksum': 'A check digit in the machine-readable zone does not hold.',
  'mrz-mismatch': 'The machine-readable zone does not match the document number or nationality given.',
};

/** Every reason code, in declaration order. */
export const DOCUMENT_REASONS = Object.keys(DOCUMENT_REASON_MESSAGES) as readonly DocumentReason[];

/** Message of an accepted document. */
export const VALID_DOCUMENT_MESSAGE = 'The document number is valid.';

/** The outcome of validating one document number, with the facts the number carries when it is valid. */
export interface DocumentCheck {
  valid: boolean;
  reason: DocumentReason | null;
  message: string;
  /** The number in canonical form (trimmed, upper case where the type allows); null when rejected. */
  normalized: string | null;
  /** `YYYY-MM-DD`. */
  birthDate?: string;
  sex?: 'male' | 'female';
  /** `code` is the 6-digit region code, `province` its first two digits. */
  region?: { code: string; province: string };
  /** ISO 3166-1 alpha-3. */
  nationality?: string;
}

/** The facts a valid document may carry besides its normalized number. */
export type DocumentFacts = Pick<DocumentCheck, 'birthDate' | 'sex' | 'region' | 'nationality'>;

/** A rejection with the reason's default message. */
export function rejectDocument(reason: DocumentReason): DocumentCheck {
  return { valid: false, reason, message: DOCUMENT_REASON_MESSAGES[reason], normalized: null };
}

/** An acceptance carrying `facts`; facts left undefined are omitted so JSON output stays clean. */
export function acceptDocument(normalized: string, facts: DocumentFacts = {}): DocumentCheck {
  const check: DocumentCheck = { valid: true, reason: null, message: VALID_DOCUMENT_MESSAGE, normalized };
  if (facts.birthDate !== undefined) check.birthDate = facts.birthDate;
  if (facts.sex !== undefined) check.sex = facts.sex;
  if (facts.region !== undefined) check.region = facts.region;
  if (facts.nationality !== undefined) check.nationality = facts.nationality;
  return check;
}
