// The catalogue documents as the API returns them (src/screening/catalogue.ts, catalogue-diff.ts): the routes
// that return a whole version or a diff declare no response schema, so their shapes are written out here.
import type { paths } from '../../../api/schema';

export type CatalogueVersionSummary =
  paths['/api/v1/catalogue/versions']['get']['responses'][200]['content']['application/json'][number];

export type Verdict = 'prohibited' | 'restricted' | 'watch' | 'clear';
export type Route = 'domestic' | 'inbound' | 'outbound';
export const ROUTES: readonly Route[] = ['domestic', 'inbound', 'outbound'];
export const VERDICT_TONE = { prohibited: 'bad', restricted: 'warn', watch: 'info', clear: 'ok' } as const;

export interface QuantityLimit {
  id: string;
  label: string;
  terms?: string[];
  measure: string;
  max: number | null;
  units: Record<string, number>;
  defaultUnit?: string;
  note?: string;
}

export interface Category {
  slug: string;
  name: string;
  nameEn: string;
  group: string;
  verdicts: Record<Route, Verdict>;
  reportTo: string[];
  crimeRelated: boolean;
  terms: { zh: string[]; en: string[]; slang: string[] };
  overrides: { terms: string[]; verdicts: Partial<Record<Route, Verdict>>; note?: string }[];
  limits: QuantityLimit[];
}

export interface DictionaryGroup {
  label: string;
  words: string[];
  note?: string;
}

export interface Combination {
  id: string;
  category: string;
  groups: string[][];
  unless: string[];
  verdicts?: Partial<Record<Route, Verdict>>;
  reach?: number;
  note?: string;
}

export interface Catalogue {
  version: string;
  notes: string[];
  categories: Category[];
  exceptions: string[];
  vagueWords: string[];
  depictionWords: string[];
  dictionary: DictionaryGroup[];
  insideWordTerms: string[];
  combinations: Combination[];
  mediaWords: string[];
  mediaCategories: string[];
}

export interface CategoryChange {
  slug: string;
  changedFields: string[];
  addedTerms: string[];
  removedTerms: string[];
}

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
  addedDictionaryWords: string[];
  removedDictionaryWords: string[];
  addedInsideWordTerms: string[];
  removedInsideWordTerms: string[];
  addedCombinations: string[];
  removedCombinations: string[];
  changedCombinations: string[];
  addedMediaWords: string[];
  removedMediaWords: string[];
  addedMediaCategories: string[];
  removedMediaCategories: string[];
  addedNotes: string[];
}
