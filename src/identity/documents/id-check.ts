// The `id check` CLI contract, one NDJSON line at a time: the input line is
// {"type", "number", "nationality"?, "mrz"?}; the output object is {"valid", "reason", "message", "normalized",
// ...carried facts}. Kept here, free of I/O, so the CLI only reads lines and prints what this returns.

import { rejectDocument } from './document-check.js';
import type { DocumentCheck } from './document-check.js';
import { validateDocument } from './validate-document.js';

/** Output of checkIdLine: the DocumentCheck of the line's document. */
export type IdLineCheck = DocumentCheck;

/**
 * Checks one NDJSON input line; never throws. Returns null for a blank (or whitespace-only) line, which the caller
 * skips without output; a malformed line gives reason `bad-input` with a message naming the field.
 */
export function checkIdLine(line: string, today?: Date): IdLineCheck | null {
  if (line.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return badInput('The line is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return badInput('The line must be a JSON object with "type" and "number".');
  }
  const record = parsed as Record<string, unknown>;
  const { type, number, nationality, mrz } = record;
  if (typeof type !== 'string') return badInput(`Field "type" ${describeProblem(type)}.`);
  if (typeof number !== 'string') return badInput(`Field "number" ${describeProblem(number)}.`);
  // Optional fields may be absent or null; anything else but a string is a mistake worth reporting.
  if (nationality !== undefined && nationality !== null && typeof nationality !== 'string') {
    return badInput('Field "nationality" must be a string.');
  }
  if (mrz !== undefined && mrz !== null && typeof mrz !== 'string')
    return badInput('Field "mrz" must be a string.');
  return validateDocument(
    { type, number, nationality: nationality ?? undefined, mrz: mrz ?? undefined },
    today === undefined ? undefined : { today },
  );
}

function describeProblem(value: unknown): string {
  return value === undefined ? 'is missing' : 'must be a string';
}

function badInput(message: string): IdLineCheck {
  return { ...rejectDocument('bad-input'), message };
}
