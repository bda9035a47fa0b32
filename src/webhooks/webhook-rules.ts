// Rules of webhook endpoints and deliveries: which URLs are accepted, when a failed attempt is retried. Pure.

/** Hosts that may be reached over plain http (a receiver on the same machine: tests, a local relay). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why a URL cannot receive webhooks, or null when it can. */
export function endpointUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute URL (https://…)';
  }
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  if (url.hash !== '') return 'must not have a #fragment';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    return LOOPBACK_HOSTS.has(url.hostname)
      ? null
      : 'must use https (plain http is allowed only for localhost and 127.0.0.1)';
  }
  return 'must use https (plain http is allowed only for localhost and 127.0.0.1)';
}

/** The URL as recorded in the audit log: no query string (it may carry a receiver's token). */
export function auditableUrl(text: string): string {
  const url = new URL(text);
  return `${url.origin}${url.pathname}`;
}

export interface RetryPolicy {
  /** Attempts in all before a delivery is `failed`. */
  maxAttempts: number;
  /** Wait after the first failed attempt; doubled after each further one. */
  firstDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, firstDelayMs: 60_000 };

/** When to try again after `attempts` failed attempts, or null when the delivery has failed for good. */
export function nextAttemptAt(now: number, attempts: number, policy: RetryPolicy): number | null {
  if (attempts >= policy.maxAttempts) return null;
  return now + policy.firstDelayMs * 2 ** (attempts - 1);
}
