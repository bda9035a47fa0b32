// The frame every signed-in page sits in: navigation by what the role may do, the site, the language, and
// sign-out. The sider folds to icons on a 10" tablet at the counter.
import { Button, Flex, Layout, Menu, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { SessionExpiredDialog } from '../session/SessionExpiredDialog';
import { useSession } from '../session/session';
import { AREAS } from './areas';
import { LanguageSwitch } from './LanguageSwitch';
import { Loading } from './Loading';

export function Shell() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 1100);
  const me = session.me;
  if (me === null) return null;
  const areas = AREAS.filter((area) => area.allowed(me));
  const selected = areas.find((area) => location.pathname.startsWith(area.path))?.key;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        theme="light"
        width={200}
        trigger={null}
      >
        <div style={{ padding: '16px 16px 8px', fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          {collapsed ? 'PG' : t('app.name')}
        </div>
        <nav aria-label={t('nav.label')}>
          <Menu
            mode="inline"
            selectedKeys={selected === undefined ? [] : [selected]}
            items={areas.map((area) => {
              const label = t(area.labelKey);
              // Folded (a tablet at the counter), the menu shows only icons: the label's first character
              // stands in for one, and the full label is the item's tooltip and the link's name.
              return {
                key: area.key,
                icon: <span aria-hidden="true">{label.slice(0, 1)}</span>,
                label: <Link to={area.path}>{label}</Link>,
              };
            })}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px', borderBottom: '1px solid #f0f0f0' }}>
          <Flex align="center" justify="space-between" style={{ height: '100%' }} gap={12}>
            <Button
              type="text"
              onClick={() => setCollapsed(!collapsed)}
              aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
            >
              {collapsed ? '»' : '«'}
            </Button>
            <Flex align="center" gap={12} style={{ marginLeft: 'auto' }}>
              <Typography.Text type="secondary" data-testid="whoami">
                {me.staff?.name ?? me.actorType}
                {me.site === null ? '' : ` · ${me.site.code}`}
              </Typography.Text>
              <LanguageSwitch />
              <Button
                onClick={() => {
                  void session.signOut().then(() => navigate('/sign-in', { replace: true }));
                }}
              >
                {t('signIn.signOut')}
              </Button>
            </Flex>
          </Flex>
        </Layout.Header>
        {/* Layout.Content is the page's <main>. */}
        <Layout.Content style={{ padding: 16 }}>
          <Suspense fallback={<Loading label={t('state.loading')} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      <SessionExpiredDialog />
    </Layout>
  );
}
