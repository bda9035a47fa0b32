import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

export function useRuleSetVersions() {
  return useQuery({
    queryKey: ['risk-rule-sets'],
    queryFn: () => unwrap(api.GET('/api/v1/risk/rule-sets')),
  });
}

/** One version, whole (published versions never change, so it is cached for the session). */
export function useRuleSet(version: string | undefined) {
  return useQuery({
    queryKey: ['risk-rule-set', version],
    queryFn: () =>
      unwrap(api.GET('/api/v1/risk/rule-sets/{version}', { params: { path: { version: version! } } })),
    enabled: version !== undefined,
    staleTime: Infinity,
  });
}
