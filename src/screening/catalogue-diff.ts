// What changed between two catalogue versions, for the officer who reviews a publication and for the audit note.
import { findCategoryTerms, ROUTES } from './catalogue.js';
import type { Catalogue, Category } from './catalogue.js';

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
  };
}
