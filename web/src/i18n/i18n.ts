// i18next with every area's strings: one JSON file per area and language under locales/<language>/, picked up
// here without a list to keep (import.meta.glob), so an area brings its own strings.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { chooseLanguage, LANGUAGE_STORAGE_KEY, LANGUAGES, type Language } from './language';

type Strings = Record<string, unknown>;
const files = import.meta.glob<Strings>('../locales/*/*.json', { eager: true, import: 'default' });

export function resourcesFrom(found: Record<string, Strings>): Record<string, Record<string, Strings>> {
  const resources: Record<string, Record<string, Strings>> = {};
  for (const [file, strings] of Object.entries(found)) {
    const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
    if (match === null) continue;
    const [, language, namespace] = match as unknown as [string, string, string];
    (resources[language] ??= {})[namespace] = strings;
  }
  return resources;
}

function remembered(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
  document.documentElement.lang = language;
}

const initial = chooseLanguage(window.location.search, remembered());
rememberLanguage(initial);

void i18next.use(initReactI18next).init({
  resources: resourcesFrom(files),
  lng: initial,
  fallbackLng: false,
  supportedLngs: [...LANGUAGES],
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18next;
