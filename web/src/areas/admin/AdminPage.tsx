// Administration: sites, staff (roles, suspension, passwords, certifications), API keys for machines, the
// state of the key material and webhooks. Each tab is a nested route (/admin/sites, /admin/staff, /admin/api-keys,
// /admin/keys, /admin/webhooks); a role sees only the tabs its permissions let it use (a station manager: staff only).
import { ConfigProvider, Tabs } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { PageHeader } from '../../app/PageHeader';
import { useSession } from '../../session/session';
import { Loading } from '../../app/Loading';

const SitesTab = lazy(() => import('./SitesTab'));
const StaffTab = lazy(() => import('./StaffTab'));
const ApiKeysTab = lazy(() => import('./ApiKeysTab'));
const KeysTab = lazy(() => import('./KeysTab'));
const WebhooksTab = lazy(() => import('./WebhooksTab'));

interface TabSpec {
  key: string;
  permission: string;
  element: ReactNode;
}

const TABS: TabSpec[] = [
  { key: 'sites', permission: 'sites:manage', element: <SitesTab /> },
  { key: 'staff', permission: 'staff:manage', element: <StaffTab /> },
  { key: 'api-keys', permission: 'apikeys:manage', element: <ApiKeysTab /> },
  // Key rotation is an operator's command on the server (see KeysTab); the status is for whoever issues keys.
  { key: 'keys', permission: 'apikeys:manage', element: <KeysTab /> },
  { key: 'webhooks', permission: 'webhooks:manage', element: <WebhooksTab /> },
];

// Ant Design's red (danger buttons, field errors) is too light for WCAG AA on white: a darker one here.
const THEME = { token: { colorError: '#c41d1d' } };

export default function AdminPage() {
  const { t } = useTranslation('admin');
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const tabs = TABS.filter((tab) => session.can(tab.permission));
  const current = /^\/admin\/([^/]+)/.exec(location.pathname)?.[1];
  const active = tabs.find((tab) => tab.key === current)?.key;
  const loading = <Loading label={t('common:state.loading')} />;
  return (
    <ConfigProvider theme={THEME}>
      <PageHeader title={t('title')} />
      <Tabs
        activeKey={active}
        onChange={(key) => void navigate(`/admin/${key}`)}
        destroyOnHidden
        items={tabs.map((tab) => ({
          key: tab.key,
          label: t(`tabs.${tab.key}`),
          children: tab.key === active ? <Suspense fallback={loading}>{tab.element}</Suspense> : null,
        }))}
      />
      <Routes>
        {tabs.length > 0 && <Route index element={<Navigate to={`/admin/${tabs[0]!.key}`} replace />} />}
        {tabs.map((tab) => (
          <Route key={tab.key} path={`${tab.key}/*`} element={null} />
        ))}
        <Route path="*" element={<Navigate to="/admin" replace />} />
      </Routes>
    </ConfigProvider>
  );
}
