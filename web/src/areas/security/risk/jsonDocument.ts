// A candidate document (rule set, catalogue) edited as JSON text: parsed here first, then validated by the API,
// whose errors name a JSON path inside the document (/body/ruleSet/rules/0/weight). Those are shown under the
// text area with their path; errors on other fields (notes) go next to those fields.
import { fieldErrors, type FieldError, type Problem } from '../../../api/problem';

/** The text parsed as a JSON object, or the parser's complaint. */
export function parseJsonObject(text: string): { value: Record<string, unknown> } | { error: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'not-object' };
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export interface DocumentErrors {
  /** Errors inside the document, each "<JSON path>: <message>" (the path relative to the document). */
  document: string[];
  /** Errors on the form's other fields. */
  fields: FieldError[];
  unplaced: string[];
}

/** Splits a problem's errors between the document (under `documentKey`) and the other fields. */
export function documentErrors(problem: Problem, documentKey: string): DocumentErrors {
  const document: string[] = [];
  const others: NonNullable<Problem['errors']> = [];
  const prefix = `/${documentKey}`;
  for (const error of problem.errors ?? []) {
    const path = error.path.replace(/^\/body(?=\/|$)/, '');
    if (path === prefix || path.startsWith(`${prefix}/`)) {
      const inside = path.slice(prefix.length) || '/';
      // The validators repeat the path in their message ("ruleSet.rules[0].weight: expected …"): keep the rest.
      const message = error.message.replace(/^[\w$.[\]-]+: /, '');
      document.push(`${inside}: ${message}`);
    } else {
      others.push(error);
    }
  }
  const { fields, unplaced } = fieldErrors({ ...problem, errors: others });
  if (document.length === 0 && fields.length === 0 && unplaced.length === 0) {
    unplaced.push(problem.detail ?? problem.title ?? problem.code);
  }
  return { document, fields, unplaced };
}
