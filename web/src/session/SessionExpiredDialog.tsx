import { Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from './session';
import { SignInForm } from './SignInForm';

/** Over the page, not instead of it: what was typed stays in the form below while the person signs in again. */
export function SessionExpiredDialog() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <Modal
      open={session.expired}
      title={t('signIn.expiredTitle')}
      footer={null}
      closable={false}
      mask={{ closable: false }}
    >
      <Typography.Paragraph>{t('signIn.expiredBody')}</Typography.Paragraph>
      <SignInForm username={session.me?.staff?.username ?? ''} onSignedIn={() => undefined} />
    </Modal>
  );
}
