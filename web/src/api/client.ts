// The one way the console talks to the API: openapi-fetch typed by the generated schema (schema.d.ts), the
// session token added to every request, and every failure turned into an ApiError carrying the problem.
import i18next from 'i18next';
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, isProblem } from './problem';
import type { paths } from './schema';

const TOKEN_KEY = 'parcelguard.session';

/** The session token is the only thing the console keeps in browser storage (for this tab only). */
export const sessionToken = {
  get(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

type ExpiryListener = () => void;
const expiryListeners = new Set<ExpiryListener>();

/** Called when the API answers 401 to a signed-in request: the session ended (expired, revoked, signed out). */
export function onSessionExpired(listener: ExpiryListener): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = sessionToken.get();
    if (token !== null) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('authorization')) {
      for (const listener of expiryListeners) listener();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/**
 * The data of an openapi-fetch result, or its problem thrown as an ApiError (for react-query). When no answer came
 * at all (the network or the server is down), an ApiError `unreachable` in the reader's language: fetch's own
 * "Failed to fetch" says nothing to a courier.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch (caught) {
    if (!(caught instanceof TypeError)) throw caught; // an abort, or a bug: not a network failure
    throw new ApiError({ status: 0, code: 'unreachable', detail: i18next.t('common:errors.network') });
  }
  const { data, error, response } = answer;
  if (response.ok) return data as T;
  if (isProblem(error)) throw new ApiError(error);
  throw new ApiError({ status: response.status, code: 'http-error', detail: response.statusText });
}
