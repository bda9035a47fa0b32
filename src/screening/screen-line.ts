// The NDJSON contract of the screening CLI: one JSON item a line in, one JSON answer a line out. A bad line gets
// an error answer of its own and never stops the stream.
import { ROUTES } from './catalogue.js';
import type { Route } from './catalogue.js';
import type { Screener, ScreeningInput, ScreeningResult } from './screener.js';

/** The answer for one line: the screening result, or an error naming the offending field. */
export type ScreenLineOutput = ScreeningResult | { error: string };

function readInput(value: unknown): ScreeningInput | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'line: expected a JSON object';
  const item = value as Record<string, unknown>;
  if (typeof item.description !== 'string') return 'description: expected a string';
  const input: ScreeningInput = { description: item.description };
  if (item.route !== undefined && item.route !== null) {
    if (typeof item.route !== 'string' || !(ROUTES as readonly string[]).includes(item.route)) {
      return `route: expected one of ${ROUTES.join('|')}`;
    }
    input.route = item.route as Route;
  }
  if (item.quantity !== undefined && item.quantity !== null) {
    if (typeof item.quantity !== 'number' || !Number.isFinite(item.quantity) || item.quantity < 0) {
      return 'quantity: expected a non-negative number';
    }
    input.quantity = item.quantity;
  }
  if (item.unit !== undefined && item.unit !== null) {
    if (typeof item.unit !== 'string') return 'unit: expected a string';
    input.unit = item.unit;
  }
  return input;
}

/**
 * Screens one NDJSON line: `{"description", "route"?, "quantity"?, "unit"?}` → result, `{"error"}` for a
 * malformed line, null for a blank line. Never throws.
 */
export function screenLine(screener: Screener, line: string): ScreenLineOutput | null {
  if (line.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    return { error: `line: not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const input = readInput(parsed);
  if (typeof input === 'string') return { error: input };
  try {
    const result = screener.screen(input);
    return {
      verdict: result.verdict,
      category: result.category,
      matches: result.matches.map(({ term, category, start, end }) => ({ term, category, start, end })),
      reasons: result.reasons,
      catalogueVersion: result.catalogueVersion,
    };
  } catch (error) {
    return {
      error: `description: could not be screened (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}
