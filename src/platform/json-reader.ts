// Reading untrusted JSON documents (catalogue versions, risk rule sets) field by field: every check names
// the path of the value it rejects and says what it got, through the caller's own error type.

export type JsonObject = Record<string, unknown>;

/** A short, safe description of a value for an error message. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value.toString()}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

export interface JsonReader {
  object: (value: unknown, path: string) => JsonObject;
  array: (value: unknown, path: string) => unknown[];
  /** A non-empty string. */
  string: (value: unknown, path: string) => string;
  boolean: (value: unknown, path: string) => boolean;
  positiveNumber: (value: unknown, path: string) => number;
  oneOf: <T extends string>(value: unknown, allowed: readonly T[], path: string) => T;
}

/** Checks that throw through `fail(path, problem)`, which must throw the caller's error. */
export function jsonReader(fail: (path: string, problem: string) => never): JsonReader {
  return {
    object: (value, path) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        fail(path, `expected an object, got ${describeJson(value)}`);
      }
      return value as JsonObject;
    },
    array: (value, path) => {
      if (!Array.isArray(value)) fail(path, `expected an array, got ${describeJson(value)}`);
      return value as unknown[];
    },
    string: (value, path) => {
      if (typeof value !== 'string' || value.trim() === '') {
        fail(path, `expected a non-empty string, got ${describeJson(value)}`);
      }
      return value;
    },
    boolean: (value, path) => {
      if (typeof value !== 'boolean') fail(path, `expected true or false, got ${describeJson(value)}`);
      return value;
    },
    positiveNumber: (value, path) => {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        fail(path, `expected a positive number, got ${describeJson(value)}`);
      }
      return value;
    },
    oneOf: (value, allowed, path) => {
      if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
        fail(path, `expected one of ${allowed.join('|')}, got ${describeJson(value)}`);
      }
      return value as (typeof allowed)[number];
    },
  };
}
