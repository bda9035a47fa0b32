import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { RuleSet } from './types';

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
    queryFn: async () =>
      (await unwrap<unknown>(
        api.GET('/api/v1/risk/rule-sets/{version}', { params: { path: { version: version! } } }),
      )) as RuleSet,
    enabled: version !== undefined,
    staleTime: Infinity,
  });
}
