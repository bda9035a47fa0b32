import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/PageHeader';

export default function RiskRulesPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('nav.security')} />;
}
