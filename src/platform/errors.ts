// One error type for the whole application, with a closed list of codes mapped to HTTP in exactly one table.
// Services throw AppError and know nothing of HTTP; the HTTP layer reads the table; the CLI prints the detail.

/** Every error code the application may return, with its HTTP status and a short title. */
export const ERROR_CODES = {
  'validation-failed': { status: 400, title: 'The request is not valid' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'body-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body has an unsupported media type' },
  unauthenticated: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'You are not allowed to do this' },
  'not-certified': { status: 403, title: 'A valid certification is required' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  'invalid-transition': { status: 409, title: 'This state change is not allowed' },
  'parcel-held': { status: 409, title: 'The parcel is held: all movement is stopped' },
  'not-screened': { status: 409, title: 'The parcel has not been X-rayed clear: it cannot be dispatched' },
  'unknown-reference': { status: 422, title: 'The request refers to something that does not exist' },
  'machine-not-certified': {
    status: 422,
    title: 'The screening machine is not registered or its certification is not valid',
  },
  'request-timeout': { status: 408, title: 'The request did not arrive in time' },
  'too-many-attempts': { status: 429, title: 'Too many attempts; try again later' },
  'integrity-failed': { status: 500, title: 'Stored data failed its integrity check' },
  unavailable: { status: 503, title: 'The service is not available' },
  internal: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One field-level problem: a JSON pointer into the input (e.g. `/body/siteId`) and what is wrong with it. */
export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  errors?: FieldError[];
  /** Seconds the caller should wait before retrying (429, 503). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** The application's only error type. `detail` must never contain personal data. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[];
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, detail: string, options: AppErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.errors = options.errors ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get title(): string {
    return ERROR_CODES[this.code].title;
  }

  /** A single invalid field: the most common validation failure. */
  static invalidField(path: string, message: string): AppError {
    const errors = [{ path, message }];
    return new AppError('validation-failed', describeFieldErrors(errors), { errors });
  }

  /**
   * The same error with every field path rewritten, for a caller whose input nests the input the error was
   * raised about (`/documentType` of the gate is `/sender/documentType` of an intake, `/body/...` over HTTP). A
   * detail that lists the fields (`describeFieldErrors`) is rewritten with them, so both name the same paths.
   */
  withFieldPaths(rewrite: (path: string) => string): AppError {
    if (this.errors.length === 0) return this;
    const errors = this.errors.map((fieldError) => ({ ...fieldError, path: rewrite(fieldError.path) }));
    const detail =
      this.message === describeFieldErrors(this.errors) ? describeFieldErrors(errors) : this.message;
    return new AppError(this.code, detail, {
      errors,
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
      cause: this,
    });
  }

  /**
   * Nothing of this kind answers to the reference given. The detail names the kind only: the reference is what
   * the caller typed (a waybill, an ID number typed as one, a username), and errors never repeat input back.
   * Words after the kind (the id in `'site ' + id`, as older call sites still pass it) are dropped.
   */
  static notFound(what: NotFoundKind | `${NotFoundKind} ${string}`): AppError {
    const kind = NOT_FOUND_KINDS.find((known) => what === known || what.startsWith(`${known} `));
    return new AppError('not-found', `the ${NOT_FOUND_NOUNS[kind ?? 'record']} was not found`);
  }
}

/** What a 404 may name, and the noun its detail uses (`waybill` reads as the parcel). */
const NOT_FOUND_NOUNS = {
  'a sender with this document': 'sender',
  'API key': 'API key',
  agreement: 'agreement',
  attestation: 'attestation',
  'audit entry': 'audit entry',
  'catalogue version': 'catalogue version',
  certification: 'certification',
  'company profile': 'company profile',
  parcel: 'parcel',
  record: 'record',
  'risk rule set': 'risk rule set',
  'screening machine': 'screening machine',
  sender: 'sender',
  site: 'site',
  'staff member': 'staff member',
  'the company profile': 'company profile',
  'watchlist entry': 'watchlist entry',
  waybill: 'parcel',
} as const;

export type NotFoundKind = keyof typeof NOT_FOUND_NOUNS;

// Longest first, so that a kind is never taken for a shorter one it starts with.
const NOT_FOUND_KINDS = (Object.keys(NOT_FOUND_NOUNS) as NotFoundKind[]).sort((a, b) => b.length - a.length);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The detail of a validation failure: each field's path and message (`/name: must not be empty; /kind: …`). */
export function describeFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((fieldError) => `${fieldError.path}: ${fieldError.message}`).join('; ');
}
