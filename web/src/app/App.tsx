import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from '../api/problem';
import { SessionProvider, useSession } from '../session/session';
import SignInPage from '../session/SignInPage';
import { AREAS, homePath } from './areas';
import NotFoundPage from './NotFoundPage';
import { Shell } from './Shell';
import { Loading } from './Loading';

// Ant Design's defaults fall short of WCAG AA contrast on white in places: its grey texts, its link blue
// (#1677ff, 4.1:1) and its error red (#ff4d4f, 3.3:1). Darker shades here, for every page.
const THEME = {
  token: {
    colorPrimary: '#1f5fbf',
    colorInfo: '#1f5fbf',
    colorLink: '#1f5fbf',
    colorLinkHover: '#174a94',
    colorPrimaryHover: '#174a94',
    colorError: '#cf1322',
    colorErrorHover: '#a8071a',
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#737373',
  },
};

// networkMode 'always': react-query's default parks a call while the browser says it is offline and sends it when
// the browser says it is back, with nothing on screen but a spinner. At a counter that is a save that seems to
// hang and may land after the courier gave up on it; sent now, a dropped network fails with an error the page shows.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      networkMode: 'always',
      // A 4xx will not get better by asking again; a dropped connection (unreachable, status 0) might.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
    mutations: { networkMode: 'always' },
  },
});

function RequireSession() {
  const session = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (session.loading) return <Loading fullscreen label={t('state.loading')} />;
  if (session.me === null && !session.expired)
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  if (session.me === null) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return <Shell />;
}

function Home() {
  const { me } = useSession();
  return me === null ? null : <Navigate to={homePath(me)} replace />;
}

function AreaRoutes() {
  const { me } = useSession();
  if (me === null) return null;
  return (
    <Routes>
      <Route element={<RequireSession />}>
        <Route index element={<Home />} />
        {AREAS.filter((area) => area.allowed(me)).map((area) => (
          <Route key={area.key} path={`${area.path}/*`} element={<area.page />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

function Router() {
  const session = useSession();
  const { t } = useTranslation();
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route
        path="*"
        element={
          session.loading ? (
            <Loading fullscreen label={t('state.loading')} />
          ) : session.me === null ? (
            <RequireSession />
          ) : (
            <AreaRoutes />
          )
        }
      />
    </Routes>
  );
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={THEME}
      // Two-character Chinese labels keep their own spacing: 登录, not 登 录 (and screen readers read it whole).
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <BrowserRouter>
              <Router />
            </BrowserRouter>
          </SessionProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
