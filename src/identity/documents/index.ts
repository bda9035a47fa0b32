// Public surface of document validation: import from here rather than from the individual rule files.

export { checkIdLine } from './id-check.js';
export type { IdLineCheck } from './id-check.js';
export { DOCUMENT_REASON_MESSAGES, DOCUMENT_REASONS, VALID_DOCUMENT_MESSAGE } from './document-check.js';
export type { DocumentCheck, DocumentReason } from './document-check.js';
export { DOCUMENT_TYPES, isDocumentType } from './document-types.js';
export type { DocumentType } from './document-types.js';
export { validateDocument } from './validate-document.js';
export type { DocumentInput, ValidateDocumentOptions } from './validate-document.js';
