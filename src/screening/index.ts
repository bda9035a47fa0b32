// Public surface of the screening capability: catalogue data, its validation and diff, the screener, the CLI line.
export {
  CatalogueError,
  findCategoryTerms,
  MAX_TERM_LENGTH,
  parseCatalogue,
  REPORTING_AUTHORITIES,
  ROUTES,
  VERDICTS,
} from './catalogue.js';
export type {
  Catalogue,
  Category,
  CategoryGroup,
  Combination,
  DictionaryGroup,
  CategoryTerms,
  QuantityLimit,
  ReportingAuthority,
  Route,
  RouteVerdicts,
  TermOverride,
  Verdict,
} from './catalogue.js';
export { crimeRelatedProhibited, isCrimeRelated, isVagueResult } from './category-meaning.js';
export { diffCatalogues, formatCatalogueDiff } from './catalogue-diff.js';
export type { CatalogueDiff, CategoryChange } from './catalogue-diff.js';
export { loadDefaultCatalogue } from './default-catalogue.js';
export { foldText } from './normalise.js';
export { createScreener, VAGUE_DESCRIPTION } from './screener.js';
export type { Screener, ScreeningInput, ScreeningMatch, ScreeningResult } from './screener.js';
export { screenLine } from './screen-line.js';
export type { ScreenLineOutput } from './screen-line.js';
