import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { homePath } from '../app/areas';
import { LanguageSwitch } from '../app/LanguageSwitch';
import { SignInForm } from './SignInForm';

export default function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const next = (location.state as { from?: string } | null)?.from;
  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16 }} gap={16}>
      <main style={{ width: '100%', maxWidth: 380 }}>
        <Card>
          <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('signIn.intro')}</Typography.Paragraph>
          <SignInForm onSignedIn={(me) => void navigate(next ?? homePath(me), { replace: true })} />
        </Card>
        <Flex justify="center" style={{ marginTop: 16 }}>
          <LanguageSwitch />
        </Flex>
      </main>
    </Flex>
  );
}
