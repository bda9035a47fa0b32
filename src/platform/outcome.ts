/** What a piece of work came to: its value, or the error it failed with. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * The outcome of `promise`, which never rejects: for work started now and looked at later (a rejection left
 * unobserved meanwhile would be reported as unhandled).
 */
export function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}
