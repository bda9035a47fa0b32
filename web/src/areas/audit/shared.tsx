// What the audit pages share: the sites a caller may pick, the public keys the browser verifies with, and the
// verdict panel that says verified or not, check by check.
import { useQuery } from '@tanstack/react-query';
import { Alert, Select, Typography } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useSession } from '../../session/session';
import type { Verdict } from './verify';

export const ALL_SITES = '*';

export interface SiteOption {
  id: string;
  code: string;
  name: string;
}

/** Company-wide roles pick any site or all of them; anyone else only their own (the API enforces it). */
export function useSites() {
  const session = useSession();
  const me = session.me;
  const companyWide = session.can('sites:all');
  const sites = useQuery({
    queryKey: ['audit', 'sites'],
    queryFn: () => unwrap(api.GET('/api/v1/sites')),
    enabled: companyWide,
    staleTime: 5 * 60_000,
  });
  const options: SiteOption[] = companyWide
    ? [...(sites.data ?? [])].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    : me?.site !== null && me?.site !== undefined && me.siteId !== null
      ? [{ id: me.siteId, code: me.site.code, name: me.site.name }]
      : [];
  const codeOf = (siteId: string | null) =>
    siteId === null ? null : (options.find((site) => site.id === siteId)?.code ?? siteId);
  return {
    companyWide,
    options,
    loading: companyWide && sites.isPending,
    codeOf,
    /** The picker's starting value: every site for company-wide roles, else their own. */
    initial: companyWide ? ALL_SITES : (me?.siteId ?? ALL_SITES),
  };
}

export function SiteSelect({
  value,
  onChange,
  sites,
  id,
  allowAll = true,
}: {
  value?: string;
  onChange?: (value: string) => void;
  sites: ReturnType<typeof useSites>;
  id?: string;
  allowAll?: boolean;
}) {
  const { t } = useTranslation('audit');
  const options = [
    ...(sites.companyWide && allowAll ? [{ value: ALL_SITES, label: t('site.all') }] : []),
    ...sites.options.map((site) => ({ value: site.id, label: `${site.code} · ${site.name}` })),
  ];
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      options={options}
      loading={sites.loading}
      disabled={!sites.companyWide}
      style={{ minWidth: 220 }}
      popupMatchSelectWidth={false}
    />
  );
}

export function usePublicKeys() {
  return useQuery({
    queryKey: ['audit', 'public-keys'],
    queryFn: () => unwrap(api.GET('/api/v1/audit/public-keys')),
    staleTime: 10 * 60_000,
  });
}

/** An API failure in words: its detail, or the network message. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const detail =
    error instanceof ApiError
      ? (error.problem.detail ?? error.problem.code)
      : error instanceof Error
        ? error.message
        : String(error);
  const network = error instanceof ApiError ? error.code === 'unreachable' : error instanceof TypeError;
  return (
    <Alert
      type="error"
      showIcon
      title={network ? t('errors.network') : t('errors.generic', { detail })}
      style={{ marginBottom: 16 }}
    />
  );
}

/** Verified, or NOT verified with every failed check named; passed checks listed too. */
export function VerdictPanel({ verdict, subject }: { verdict: Verdict; subject: string }) {
  const { t } = useTranslation('audit');
  const failed = verdict.checks.filter((check) => !check.ok);
  const passed = verdict.checks.filter((check) => check.ok);
  return (
    <Alert
      type={verdict.verified ? 'success' : 'error'}
      showIcon
      title={verdict.verified ? t('verdict.verified', { subject }) : t('verdict.notVerified', { subject })}
      description={
        <>
          {failed.length > 0 && (
            <>
              <Typography.Text strong>{t('verdict.reasons')}</Typography.Text>
              <ul style={{ margin: '4px 0 8px', paddingInlineStart: 20 }}>
                {failed.map((check) => (
                  <li key={check.code}>{t(`check.${check.code}.bad`, check.params)}</li>
                ))}
              </ul>
            </>
          )}
          {passed.length > 0 && (
            <>
              <Typography.Text strong>{t('verdict.passed')}</Typography.Text>
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                {passed.map((check) => (
                  <li key={check.code}>{t(`check.${check.code}.ok`, check.params)}</li>
                ))}
              </ul>
            </>
          )}
        </>
      }
    />
  );
}

/** A card's title as a heading (h2 under the page's h1), so that screen readers can jump between sections. */
export function CardTitle({ children }: { children: string }) {
  return (
    <Typography.Title level={2} style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>
      {children}
    </Typography.Title>
  );
}

/**
 * A table that may be wider than the screen (a tablet held upright): it scrolls sideways inside a named region
 * that the keyboard can reach.
 */
export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      {children}
    </div>
  );
}

/** Text for screen readers only. */
export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
};
