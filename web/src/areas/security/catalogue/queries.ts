import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { Catalogue, CatalogueDiff } from './types';

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
    queryFn: async () =>
      (await unwrap<unknown>(
        api.GET('/api/v1/catalogue/versions/{version}', { params: { path: { version: version! } } }),
      )) as Catalogue,
    enabled: version !== undefined,
    staleTime: Infinity,
  });
}

export function useCatalogueDiff(from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: ['catalogue-diff', from, to],
    queryFn: async () =>
      (await unwrap<unknown>(
        api.GET('/api/v1/catalogue/diff', { params: { query: { from: from!, to: to! } } }),
      )) as CatalogueDiff,
    enabled: from !== undefined && to !== undefined,
    staleTime: Infinity,
  });
}
