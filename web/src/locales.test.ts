// Every string the console shows is translated: each language has the same keys (plural forms aside), none
// empty, and no page writes visible text in code instead of through t().
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;
const LOCALES = path.join(SRC, 'locales');
const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) =>
    keys(inner, prefix === '' ? key : `${prefix}.${key}`),
  );
}

function leaves(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [value];
  return Object.values(value).flatMap(leaves);
}

function* files(dir: string, extension: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full, extension);
    else if (entry.name.endsWith(extension)) yield full;
  }
}

describe('console strings', () => {
  const languages = readdirSync(LOCALES);
  const namespaces = [...new Set(languages.flatMap((language) => readdirSync(path.join(LOCALES, language))))];

  it('come in Chinese and English', () => {
    expect(languages.sort()).toEqual(['en', 'zh-CN']);
  });

  for (const namespace of namespaces) {
    it(`${namespace}: the same keys in every language, none empty`, () => {
      const read = (language: string) =>
        JSON.parse(readFileSync(path.join(LOCALES, language, namespace), 'utf8')) as unknown;
      const english = read('en');
      const chinese = read('zh-CN');
      const normalised = (value: unknown) =>
        [...new Set(keys(value).map((key) => key.replace(PLURAL, '')))].sort();
      expect(normalised(chinese)).toEqual(normalised(english));
      for (const value of [...leaves(english), ...leaves(chinese)]) {
        expect(typeof value === 'string' && value.trim() !== '').toBe(true);
      }
    });
  }

  it('are never written into the pages themselves', () => {
    // Text between JSX tags that has letters or Chinese characters in it, outside {…}: a string not through t().
    const literal = /(?<![=-])>\s*([A-Za-z\u4e00-\u9fff][^<>{}]*?)\s*</g;
    const offenders: string[] = [];
    for (const file of files(SRC, '.tsx')) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(literal)) {
        const text = match[1]!;
        // Generic type arguments (Form<Values>) and arrow bodies are code, not text.
        if (/^[A-Z]\w*$/.test(text) || /=>|\)\s*$|&&|\|\||;/.test(text)) continue;
        offenders.push(`${path.relative(SRC, file)}: ${text}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
