import { AppError, type FieldError } from './errors.js';

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
    const detail = this.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
    throw new AppError('validation-failed', detail, { errors: this.problems });
  }
}

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
