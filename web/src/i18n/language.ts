// Which language the console speaks: ?lang= on any URL wins and is remembered; then what was remembered;
// then Chinese, the language of the people at the counter.
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
export const LANGUAGE_STORAGE_KEY = 'parcelguard.language';

export function asLanguage(value: string | null | undefined): Language | null {
  if (value === null || value === undefined) return null;
  const lower = value.trim().toLowerCase();
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  if (lower === 'zh' || lower === 'zh-cn' || lower === 'zh-hans') return 'zh-CN';
  return null;
}

export function chooseLanguage(search: string, remembered: string | null): Language {
  return asLanguage(new URLSearchParams(search).get('lang')) ?? asLanguage(remembered) ?? DEFAULT_LANGUAGE;
}
