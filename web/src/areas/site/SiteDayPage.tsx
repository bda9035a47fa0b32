import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/PageHeader';

export default function SiteDayPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('nav.site')} />;
}
