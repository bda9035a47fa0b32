import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

export function useCatalogueVersions() {
  return useQuery({
    queryKey: ['catalogue-versions'],
    queryFn: () => unwrap(api.GET('/api/v1/catalogue/versions')),
  });
}

/** One version, whole (published versions never change, so it is cached for the session). */
export function useCatalogue(version: string | undefined) {
  return useQuery({
    queryKey: ['catalogue', version],
    queryFn: () =>
      unwrap(api.GET('/api/v1/catalogue/versions/{version}', { params: { path: { version: version! } } })),
    enabled: version !== undefined,
    staleTime: Infinity,
  });
}

export function useCatalogueDiff(from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: ['catalogue-diff', from, to],
    queryFn: () => unwrap(api.GET('/api/v1/catalogue/diff', { params: { query: { from: from!, to: to! } } })),
    enabled: from !== undefined && to !== undefined,
    staleTime: Infinity,
  });
}
