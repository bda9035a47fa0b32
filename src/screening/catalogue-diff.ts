// What changed between two catalogue versions, for the officer who reviews a publication and for the audit note.
import { findCategoryTerms, ROUTES } from './catalogue.js';
import type { Catalogue, Category, Combination } from './catalogue.js';

/** How one category differs between two versions. */
export interface CategoryChange {
  slug: string;
  /** Changed fields by path inside the category, e.g. `verdicts.inbound`, `reportTo`, `limits.cigarettes`. */
  changedFields: string[];
  addedTerms: string[];
  removedTerms: string[];
}

/** The difference between catalogue `from` and catalogue `to`. */
export interface CatalogueDiff {
  fromVersion: string;
  toVersion: string;
  addedCategories: string[];
  removedCategories: string[];
  changedCategories: CategoryChange[];
  addedExceptions: string[];
  removedExceptions: string[];
  addedVagueWords: string[];
  removedVagueWords: string[];
  addedDepictionWords: string[];
  removedDepictionWords: string[];
  /** Segmenter dictionary words, as `label: word`. */
  addedDictionaryWords: string[];
  removedDictionaryWords: string[];
  addedInsideWordTerms: string[];
  removedInsideWordTerms: string[];
  /** Combination ids; a changed one is listed with the parts that changed. */
  addedCombinations: string[];
  removedCombinations: string[];
  changedCombinations: string[];
  addedMediaWords: string[];
  removedMediaWords: string[];
  addedMediaCategories: string[];
  removedMediaCategories: string[];
  /** Notes of the newer version that the older one did not have. */
  addedNotes: string[];
}

function difference(left: readonly string[], right: readonly string[]): string[] {
  const rightSet = new Set(right);
  return [...new Set(left)].filter((item) => !rightSet.has(item));
}

// Key order in JSON documents is not meaningful, so objects are compared after sorting their keys.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

function compareCategories(before: Category, after: Category): CategoryChange | null {
  const changedFields: string[] = [];
  for (const field of ['name', 'nameEn', 'group', 'crimeRelated'] as const) {
    if (before[field] !== after[field]) changedFields.push(field);
  }
  for (const route of ROUTES) {
    if (before.verdicts[route] !== after.verdicts[route]) changedFields.push(`verdicts.${route}`);
  }
  if (canonical([...before.reportTo].sort()) !== canonical([...after.reportTo].sort())) {
    changedFields.push('reportTo');
  }
  if (canonical(before.overrides) !== canonical(after.overrides)) changedFields.push('overrides');
  const limitIds = new Set([...before.limits, ...after.limits].map((limit) => limit.id));
  for (const id of limitIds) {
    const beforeLimit = before.limits.find((limit) => limit.id === id);
    const afterLimit = after.limits.find((limit) => limit.id === id);
    if (canonical(beforeLimit) !== canonical(afterLimit)) changedFields.push(`limits.${id}`);
  }
  const beforeTerms = findCategoryTerms(before);
  const afterTerms = findCategoryTerms(after);
  const addedTerms = difference(afterTerms, beforeTerms);
  const removedTerms = difference(beforeTerms, afterTerms);
  if (changedFields.length === 0 && addedTerms.length === 0 && removedTerms.length === 0) return null;
  return { slug: after.slug, changedFields, addedTerms, removedTerms };
}

/** Lists the categories, terms, exceptions, vague and depiction words added, removed or changed from `from` to `to`. */
export function diffCatalogues(from: Catalogue, to: Catalogue): CatalogueDiff {
  const fromSlugs = from.categories.map((category) => category.slug);
  const toSlugs = to.categories.map((category) => category.slug);
  const fromIds = from.combinations.map((combination) => combination.id);
  const toIds = to.combinations.map((combination) => combination.id);
  const changedCombinations: string[] = [];
  for (const after of to.combinations) {
    const before = from.combinations.find((combination) => combination.id === after.id);
    const change = before === undefined ? null : describeCombinationChange(before, after);
    if (change !== null) changedCombinations.push(change);
  }
  const changedCategories: CategoryChange[] = [];
  for (const after of to.categories) {
    const before = from.categories.find((category) => category.slug === after.slug);
    if (before === undefined) continue;
    const change = compareCategories(before, after);
    if (change !== null) changedCategories.push(change);
  }
  return {
    fromVersion: from.version,
    toVersion: to.version,
    addedCategories: difference(toSlugs, fromSlugs),
    removedCategories: difference(fromSlugs, toSlugs),
    changedCategories,
    addedExceptions: difference(to.exceptions, from.exceptions),
    removedExceptions: difference(from.exceptions, to.exceptions),
    addedVagueWords: difference(to.vagueWords, from.vagueWords),
    removedVagueWords: difference(from.vagueWords, to.vagueWords),
    addedDepictionWords: difference(to.depictionWords, from.depictionWords),
    removedDepictionWords: difference(from.depictionWords, to.depictionWords),
    addedDictionaryWords: difference(dictionaryWords(to), dictionaryWords(from)),
    removedDictionaryWords: difference(dictionaryWords(from), dictionaryWords(to)),
    addedInsideWordTerms: difference(to.insideWordTerms, from.insideWordTerms),
    removedInsideWordTerms: difference(from.insideWordTerms, to.insideWordTerms),
    addedCombinations: difference(toIds, fromIds),
    removedCombinations: difference(fromIds, toIds),
    changedCombinations,
    addedMediaWords: difference(to.mediaWords, from.mediaWords),
    removedMediaWords: difference(from.mediaWords, to.mediaWords),
    addedMediaCategories: difference(to.mediaCategories, from.mediaCategories),
    removedMediaCategories: difference(from.mediaCategories, to.mediaCategories),
    addedNotes: difference(to.notes, from.notes),
  };
}

function dictionaryWords(catalogue: Catalogue): string[] {
  return catalogue.dictionary.flatMap((group) => group.words.map((word) => `${group.label}: ${word}`));
}

function describeCombinationChange(before: Combination, after: Combination): string | null {
  const parts: string[] = [];
  if (before.category !== after.category) parts.push(`category ${before.category} → ${after.category}`);
  const groupCount = Math.max(before.groups.length, after.groups.length);
  for (let index = 0; index < groupCount; index++) {
    const added = difference(after.groups[index] ?? [], before.groups[index] ?? []);
    const removed = difference(before.groups[index] ?? [], after.groups[index] ?? []);
    if (added.length > 0) parts.push(`group ${index + 1} + ${added.join(', ')}`);
    if (removed.length > 0) parts.push(`group ${index + 1} − ${removed.join(', ')}`);
  }
  const addedUnless = difference(after.unless, before.unless);
  const removedUnless = difference(before.unless, after.unless);
  if (addedUnless.length > 0) parts.push(`unless + ${addedUnless.join(', ')}`);
  if (removedUnless.length > 0) parts.push(`unless − ${removedUnless.join(', ')}`);
  if (canonical(before.verdicts) !== canonical(after.verdicts))
    parts.push(`verdicts ${canonical(after.verdicts)}`);
  if (before.reach !== after.reach) parts.push(`reach ${before.reach ?? '∞'} → ${after.reach ?? '∞'}`);
  return parts.length === 0 ? null : `${after.id}: ${parts.join('; ')}`;
}

/** The diff as text for a person: one section per kind of change, empty sections left out. */
export function formatCatalogueDiff(diff: CatalogueDiff): string {
  const lines = [`Catalogue ${diff.fromVersion} → ${diff.toVersion}`];
  const section = (title: string, added: readonly string[], removed: readonly string[] = []): void => {
    if (added.length === 0 && removed.length === 0) return;
    lines.push('', `${title}:`);
    if (added.length > 0) lines.push(`  + ${added.join(', ')}`);
    if (removed.length > 0) lines.push(`  − ${removed.join(', ')}`);
  };
  if (diff.addedNotes.length > 0) {
    lines.push('', 'Notes of the new version:');
    for (const note of diff.addedNotes) lines.push(`  • ${note}`);
  }
  section('Categories', diff.addedCategories, diff.removedCategories);
  if (diff.changedCategories.length > 0) {
    lines.push('', 'Changed categories:');
    for (const change of diff.changedCategories) {
      lines.push(
        `  ${change.slug}${change.changedFields.length > 0 ? ` (changed: ${change.changedFields.join(', ')})` : ''}`,
      );
      if (change.addedTerms.length > 0) lines.push(`    + ${change.addedTerms.join(', ')}`);
      if (change.removedTerms.length > 0) lines.push(`    − ${change.removedTerms.join(', ')}`);
    }
  }
  section('Combinations', diff.addedCombinations, diff.removedCombinations);
  if (diff.changedCombinations.length > 0) {
    lines.push('', 'Changed combinations:');
    for (const change of diff.changedCombinations) lines.push(`  ${change}`);
  }
  section('Exceptions', diff.addedExceptions, diff.removedExceptions);
  // Dictionary words are listed per group label, as the officer edits them.
  for (const [sign, words] of [
    ['+', diff.addedDictionaryWords],
    ['−', diff.removedDictionaryWords],
  ] as const) {
    const byLabel = new Map<string, string[]>();
    for (const entry of words) {
      const split = entry.indexOf(': ');
      const label = entry.slice(0, split);
      byLabel.set(label, [...(byLabel.get(label) ?? []), entry.slice(split + 2)]);
    }
    if (byLabel.size === 0) continue;
    lines.push('', `Segmenter dictionary words (${sign === '+' ? 'added' : 'removed'}):`);
    for (const [label, grouped] of byLabel) lines.push(`  ${sign} ${label}: ${grouped.join(', ')}`);
  }
  section('Terms that count inside longer words', diff.addedInsideWordTerms, diff.removedInsideWordTerms);
  section('Media words', diff.addedMediaWords, diff.removedMediaWords);
  section('Media categories', diff.addedMediaCategories, diff.removedMediaCategories);
  section('Vague words', diff.addedVagueWords, diff.removedVagueWords);
  section('Depiction words', diff.addedDepictionWords, diff.removedDepictionWords);
  if (lines.length === 1) lines.push('', 'No differences.');
  return lines.join('\n');
}
