// The single entry point for document validation: routes a number to the rules of its type (IDENTITY.md).

import { DOCUMENT_REASON_MESSAGES, rejectDocument } from './document-check.js';
import type { DocumentCheck } from './document-check.js';
import { DOCUMENT_TYPES } from './document-types.js';
import { checkForeignPermanentResident } from './foreign-permanent-resident.js';
import { checkMilitaryId } from './military-id.js';
import { checkPassport } from './passport.js';
import { checkHkmoPermit, checkTwPermit } from './permits.js';
import { checkResidentIdFamily } from './resident-id.js';
import { checkUscc } from './uscc.js';

const UNKNOWN_TYPE_MESSAGE = `${DOCUMENT_REASON_MESSAGES['unknown-type']} Expected one of: ${DOCUMENT_TYPES.join(', ')}.`;

/** A document to validate; `nationality` is required for passports, `mrz` optional for them, both ignored otherwise. */
export interface DocumentInput {
  type: string;
  number: string;
  nationality?: string;
  mrz?: string;
}

/** Options of validateDocument. */
export interface ValidateDocumentOptions {
  /** The date birth dates must not be after, as its China Standard Time calendar date; defaults to now. */
  today?: Date;
}

/** Validates a document number against the rules of its type; never throws. */
export function validateDocument(input: DocumentInput, options?: ValidateDocumentOptions): DocumentCheck {
  const today = options?.today;
  // Callers from plain JavaScript or loosely typed JSON may pass anything; answer rather than throw.
  if (typeof input.number !== 'string') {
    return { ...rejectDocument('bad-input'), message: 'Field "number" must be a string.' };
  }
  switch (input.type) {
    case 'resident-id':
    case 'hkmo-residence':
    case 'tw-residence':
      return checkResidentIdFamily(input.number, input.type, today);
    case 'foreign-permanent-resident':
      return checkForeignPermanentResident(input.number, today);
    case 'hkmo-permit':
      return checkHkmoPermit(input.number);
    case 'tw-permit':
      return checkTwPermit(input.number);
    case 'passport':
      return checkPassport(input.number, optionalString(input.nationality), optionalString(input.mrz), today);
    case 'military-id':
      return checkMilitaryId(input.number);
    case 'uscc':
      return checkUscc(input.number);
    default:
      return { ...rejectDocument('unknown-type'), message: UNKNOWN_TYPE_MESSAGE };
  }
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
