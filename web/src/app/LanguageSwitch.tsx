import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { rememberLanguage } from '../i18n/i18n';
import { asLanguage, LANGUAGES } from '../i18n/language';

const NAMES: Record<(typeof LANGUAGES)[number], string> = { 'zh-CN': '中文', en: 'English' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t('language.label')}
      value={asLanguage(i18n.language) ?? 'zh-CN'}
      style={{ width: 120 }}
      options={LANGUAGES.map((language) => ({ value: language, label: NAMES[language] }))}
      onChange={(language) => {
        rememberLanguage(language);
        void i18n.changeLanguage(language);
      }}
    />
  );
}
