// The document type slugs of IDENTITY.md: a contract shared by the CLI, the API and stored sender records.

/** Every supported document type slug. */
export const DOCUMENT_TYPES = [
  'resident-id',
  'hkmo-residence',
  'tw-residence',
  'hkmo-permit',
  'tw-permit',
  'foreign-permanent-resident',
  'passport',
  'military-id',
  'uscc',
] as const;

/** One document type slug. */
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const DOCUMENT_TYPE_SET: ReadonlySet<string> = new Set(DOCUMENT_TYPES);

/** True when `value` is a supported document type slug (exact, case-sensitive). */
export function isDocumentType(value: unknown): value is DocumentType {
  return typeof value === 'string' && DOCUMENT_TYPE_SET.has(value);
}
