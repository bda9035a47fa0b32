import { AppError, describeFieldErrors, type FieldError } from './errors.js';

/** Collects field problems so one answer names every bad field, not just the first. */
export class FieldProblems {
  private readonly problems: FieldError[] = [];

  add(path: string, message: string): this {
    this.problems.push({ path: path.startsWith('/') ? path : `/${path}`, message });
    return this;
  }

  check(condition: boolean, path: string, message: string): this {
    if (!condition) this.add(path, message);
    return this;
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    throw new AppError('validation-failed', describeFieldErrors(this.problems), { errors: this.problems });
  }
}

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A field problem shaped like Ajv's errors, so the HTTP layer reports it like any schema violation. */
export interface ValueProblem {
  instancePath: string;
  keyword: 'storable';
  message: string;
  params: Record<string, never>;
}

/**
 * Values JSON and query strings can carry that no column should get: a NUL character in text (PostgreSQL
 * refuses it where SQLite would store it, so the same request failed on one database only) and a number that
 * is not finite or is an integer beyond ±2^53 (no longer exact, and past a bigint column). Schemas say what a
 * field is; this says what no field may be. Walks without recursion: a body may nest thousands deep.
 */
export function unstorableValues(value: unknown): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (pending.length > 0 && problems.length < 20) {
    const { value: item, path } = pending.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000'))
        problems.push({
          instancePath: path,
          keyword: 'storable',
          message: 'must not contain a NUL character',
          params: {},
        });
    } else if (typeof item === 'number') {
      if (!Number.isFinite(item) || (Number.isInteger(item) && !Number.isSafeInteger(item)))
        problems.push({ instancePath: path, keyword: 'storable', message: 'is out of range', params: {} });
    } else if (Array.isArray(item)) {
      item.forEach((child, index) => pending.push({ value: child, path: `${path}/${index}` }));
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item))
        pending.push({ value: child, path: `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}` });
    }
  }
  return problems;
}

/** A compiled schema check that also refuses unstorable values (above) once the schema is satisfied. */
export function withStorableValues<
  V extends ((data: unknown, ...rest: never[]) => boolean) & { errors?: unknown },
>(validate: V): V {
  const check = ((data: unknown, ...rest: never[]) => {
    if (!validate(data, ...rest)) {
      check.errors = validate.errors;
      return false;
    }
    const problems = unstorableValues(data);
    check.errors = problems.length === 0 ? null : problems;
    return problems.length === 0;
  }) as V;
  // Fastify hands Ajv's own validators their parent data (so a root value can be coerced): keep that working.
  Object.assign(check, { schemaEnv: (validate as { schemaEnv?: unknown }).schemaEnv });
  return check;
}
