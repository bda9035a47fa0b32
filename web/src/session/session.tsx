// Who is signed in. The token lives in sessionStorage (this tab only, nothing else kept); who the token
// belongs to comes from GET /auth/me. When the API answers 401 mid-work the session is marked expired: the
// page stays as it is (forms keep what was typed) under a sign-in dialog, and carries on after it.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onSessionExpired, sessionToken, unwrap } from '../api/client';
import type { paths } from '../api/schema';

export type Me = paths['/api/v1/auth/me']['get']['responses'][200]['content']['application/json'];
export type Staff = NonNullable<Me['staff']>;

export interface Session {
  me: Me | null;
  loading: boolean;
  /** The API refused the token: sign in again to carry on. */
  expired: boolean;
  signIn(username: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  can(permission: string): boolean;
}

const SessionContext = createContext<Session | null>(null);

async function fetchMe(): Promise<Me> {
  return unwrap(api.GET('/api/v1/auth/me'));
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState(() => sessionToken.get());
  const [expired, setExpired] = useState(false);
  const meQuery = useQuery({
    queryKey: ['me', token],
    queryFn: fetchMe,
    enabled: token !== null,
    retry: false,
    staleTime: 5 * 60_000,
  });

  useEffect(() => onSessionExpired(() => setExpired(true)), []);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const previous = meQuery.data?.staff?.id ?? null;
      const result = await unwrap(
        api.POST('/api/v1/auth/login', { body: { username, password }, headers: { authorization: '' } }),
      );
      sessionToken.set(result.token);
      const me = await fetchMe();
      // Someone else at the same screen: nothing of the previous person's stays in the cache.
      if (previous !== null && previous !== me.staff?.id) queryClient.clear();
      queryClient.setQueryData(['me', result.token], me);
      setToken(result.token);
      setExpired(false);
      return me;
    },
    [meQuery.data, queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.POST('/api/v1/auth/logout');
    } finally {
      sessionToken.clear();
      setToken(null);
      setExpired(false);
      queryClient.clear();
    }
  }, [queryClient]);

  const me = token === null ? null : (meQuery.data ?? null);
  const session = useMemo<Session>(
    () => ({
      me,
      loading: token !== null && meQuery.isPending,
      expired: expired || (token !== null && meQuery.isError),
      signIn,
      signOut,
      can: (permission) => me?.permissions.includes(permission) ?? false,
    }),
    [me, token, meQuery.isPending, meQuery.isError, expired, signIn, signOut],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside SessionProvider');
  return session;
}
