import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';

interface CatalogueCategory {
  slug: string;
  name: string;
  nameEn?: string;
}

/**
 * A category slug's name in the console's language, from the catalogue version that screened the item (read
 * once per version); the slug itself until it has loaded.
 */
export function useCategoryName(version: string | undefined): (slug: string) => string {
  const { i18n } = useTranslation();
  const catalogue = useQuery({
    queryKey: ['catalogue', version],
    queryFn: async () => {
      const document = (await unwrap(
        api.GET('/api/v1/catalogue/versions/{version}', { params: { path: { version: version! } } }),
      )) as unknown as { categories?: CatalogueCategory[] } | undefined;
      return new Map((document?.categories ?? []).map((category) => [category.slug, category]));
    },
    enabled: version !== undefined,
    staleTime: Infinity,
  });
  return (slug) => {
    const category = catalogue.data?.get(slug);
    if (category === undefined) return slug;
    return i18n.language.startsWith('zh') ? category.name : (category.nameEn ?? category.name);
  };
}
