// The API answers errors as application/problem+json: a stable code, a detail, and for bad input the fields at
// fault (errors[].path, a JSON pointer such as /body/sender/documentNo). Forms show each next to its field.

export interface ProblemField {
  path: string;
  message: string;
}

export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  errors?: ProblemField[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
}

export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).status === 'number' &&
    typeof (value as Problem).code === 'string'
  );
}

/** "/sender/documentNo" → ['sender', 'documentNo']; "/items/0/description" → ['items', 0, 'description']. */
export function pointerToNamePath(pointer: string): (string | number)[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^(0|[1-9]\d*)$/.test(part) ? Number(part) : part));
}

export interface FieldError {
  name: (string | number)[];
  errors: string[];
}

/**
 * The problem's field errors as Ant Design Form fields, relative to `prefix` (a form that edits only the
 * sender part of a body passes ['sender']). Fields outside the prefix, and errors with no path, are left for
 * the form-level message: `unplaced`.
 */
export function fieldErrors(
  problem: Problem,
  prefix: (string | number)[] = [],
): { fields: FieldError[]; unplaced: string[] } {
  const byName = new Map<string, FieldError>();
  const unplaced: string[] = [];
  for (const error of problem.errors ?? []) {
    // Body fields arrive as /body/<field>: the form edits the body, so its names start below it.
    const name = pointerToNamePath(error.path.replace(/^\/body(?=\/|$)/, ''));
    const inside = prefix.every((part, index) => name[index] === part) && name.length > prefix.length;
    if (!inside) {
      unplaced.push(error.path === '' ? error.message : `${error.path}: ${error.message}`);
      continue;
    }
    const relative = name.slice(prefix.length);
    const key = JSON.stringify(relative);
    const existing = byName.get(key);
    if (existing === undefined) byName.set(key, { name: relative, errors: [error.message] });
    else existing.errors.push(error.message);
  }
  return { fields: [...byName.values()], unplaced };
}
