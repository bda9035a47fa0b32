import { useQuery } from '@tanstack/react-query';
import { Flex, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { StatusTag, type Tone } from '../../../app/StatusTag';
import type { ScreeningResult, Verdict } from '../types';
import { useCategoryName } from '../useCategoryNames';
import { useDebounced } from '../useDebounced';

export const VERDICT_TONE: Record<Verdict, Tone> = {
  clear: 'ok',
  watch: 'info',
  restricted: 'warn',
  prohibited: 'bad',
};

type Route = 'domestic' | 'inbound' | 'outbound';

/**
 * One item line's live screening: the description is screened once the courier pauses typing (300 ms), and the
 * verdict, the category and why are read out politely to screen readers.
 */
export function ItemScreening({
  description,
  route,
  label,
}: {
  description: string;
  route: Route;
  label: string;
}) {
  const { t } = useTranslation('counter');
  const settled = useDebounced(description.trim(), 300);
  const screening = useQuery({
    queryKey: ['screening', route, settled],
    queryFn: async () =>
      (await unwrap(
        api.POST('/api/v1/screening', { body: { description: settled, route } }),
      )) as ScreeningResult,
    enabled: settled !== '',
    staleTime: 5 * 60_000,
  });
  const categoryName = useCategoryName(screening.data?.catalogueVersion);
  const typing = description.trim() !== settled;
  return (
    <div role="status" aria-live="polite" aria-label={label} style={{ minHeight: 24 }}>
      {settled === '' ? null : screening.isError ? (
        <span style={{ color: '#a8071a' }}>{t('items.screeningFailed')}</span>
      ) : screening.data === undefined || typing ? (
        <Flex gap={8} align="center">
          <Spin size="small" />
          <span>{t('items.screening')}</span>
        </Flex>
      ) : (
        <Flex vertical gap={4}>
          <Flex gap={8} align="center" wrap>
            <span>{t('items.verdictLabel')}</span>
            <StatusTag tone={VERDICT_TONE[screening.data.verdict]}>
              {t(`verdict.${screening.data.verdict}`)}
            </StatusTag>
            {screening.data.category === null ? null : (
              <span>
                {t('items.category')} {categoryName(screening.data.category)}
              </span>
            )}
          </Flex>
          {screening.data.reasons.length === 0 ? null : (
            <span>
              {t('items.why')} {screening.data.reasons.join('; ')}
            </span>
          )}
        </Flex>
      )}
    </div>
  );
}
