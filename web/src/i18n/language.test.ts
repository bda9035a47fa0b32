import { describe, expect, it } from 'vitest';
import { asLanguage, chooseLanguage } from './language';

describe('console language', () => {
  it('takes ?lang= first, then the remembered choice, then Chinese', () => {
    expect(chooseLanguage('?lang=en', 'zh-CN')).toBe('en');
    expect(chooseLanguage('?lang=zh-CN', 'en')).toBe('zh-CN');
    expect(chooseLanguage('', 'en')).toBe('en');
    expect(chooseLanguage('', null)).toBe('zh-CN');
    expect(chooseLanguage('?lang=fr', 'en')).toBe('en');
  });

  it('reads the usual spellings and nothing else', () => {
    expect(asLanguage('EN-us')).toBe('en');
    expect(asLanguage('zh')).toBe('zh-CN');
    expect(asLanguage('zh-Hans')).toBe('zh-CN');
    expect(asLanguage('de')).toBeNull();
    expect(asLanguage(undefined)).toBeNull();
  });
});
