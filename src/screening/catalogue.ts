// The prohibited-items catalogue as versioned data: its document type and the validator that guards every
// version a security officer publishes. The screener trusts only what parseCatalogue has accepted.

/** What the counter must do with an item. */
import { describeJson, jsonReader } from '../platform/json-reader.js';

export type Verdict = 'prohibited' | 'restricted' | 'watch' | 'clear';

/** Where a parcel travels; the same words can be harmless on one route and prohibited on another. */
export type Route = 'domestic' | 'inbound' | 'outbound';

/** A verdict for each route. */
export type RouteVerdicts = Record<Route, Verdict>;

/** Who must be told when an item of a category is found (see DUTIES.md, "When something is found"). */
export type ReportingAuthority =
  | 'police'
  | 'national-security-12339'
  | 'customs'
  | 'commerce'
  | 'central-bank'
  | 'postal-regulator'
  | 'health'
  | 'market-regulation'
  | 'forestry'
  | 'ecology-environment'
  | 'tobacco-monopoly';

/** Where a category comes from: the official directory, national-security guidance, or a restricted class. */
export type CategoryGroup = 'official' | 'national-security' | 'restricted';

/** Terms of a category in the languages couriers and senders actually write. */
export interface CategoryTerms {
  /** Chinese terms (simplified; traditional input is folded to simplified before matching). */
  zh: string[];
  /** English terms. */
  en: string[];
  /** Street names, brand names, abbreviations and evasive spellings in any language. */
  slang: string[];
}

/** Terms whose verdict differs from their category's on some routes (riskier or safer readings). */
export interface TermOverride {
  terms: string[];
  verdicts: Partial<RouteVerdicts>;
  /** Why these terms differ, for the officer reading a version diff. */
  note?: string;
}

/** A numeric limit for a restricted class: above it the item becomes prohibited. */
export interface QuantityLimit {
  id: string;
  /** Human-readable name of what is limited, used in reasons ("cigarettes and cigars"). */
  label: string;
  /** Terms the limit applies to; absent means every term of the category. */
  terms?: string[];
  /** Base measure the limit is expressed in ("sticks", "g", "Wh", "devices"). */
  measure: string;
  /** Largest allowed amount per parcel (per item for capacity limits); null means none is enforced. */
  max: number | null;
  /** Unit words (lower case) and how many base measures one unit is. */
  units: Record<string, number>;
  /** Unit assumed when an item gives a quantity without a unit. */
  defaultUnit?: string;
  /**
   * Charge units (mAh, Ah) whose factors assume this cell voltage; when the description states a voltage
   * ("48V 20Ah") the amount is scaled by stated / nominal voltage.
   */
  nominalVoltage?: number;
  chargeUnits?: string[];
  /** Why this number, or that it is unconfirmed. */
  note?: string;
}

/** One category of the catalogue; its slug is part of the public contract. */
export interface Category {
  slug: string;
  name: string;
  nameEn: string;
  group: CategoryGroup;
  verdicts: RouteVerdicts;
  reportTo: ReportingAuthority[];
  crimeRelated: boolean;
  terms: CategoryTerms;
  overrides: TermOverride[];
  limits: QuantityLimit[];
}

/**
 * Words taught to the word segmenter, grouped so an officer can read why (place names, brands, foods, everyday
 * products). A term found inside one of them, or inside any longer word the segmenter knows, does not count.
 */
export interface DictionaryGroup {
  label: string;
  words: string[];
  note?: string;
}

/**
 * Words that together make an item of a category though none does alone (a pathogen named beside "strain",
 * a classified marking beside an issuing organ): one word of every group, within `reach` of each other. The
 * first group names the thing and is looked for in every description; the other groups only qualify it and
 * are looked for only once the first group (or a term) was found, so put the rarer, more telling words first.
 */
export interface Combination {
  id: string;
  /** Slug of the category the combination reports. */
  category: string;
  groups: string[][];
  /** Words that, anywhere in the description, say it is something else (a test kit, dried fruit). */
  unless: string[];
  /** Verdicts per route; routes not named take the category's verdict. */
  verdicts?: Partial<RouteVerdicts>;
  /** Largest distance in UTF-16 code units between the first and the last word; absent means anywhere. */
  reach?: number;
  note?: string;
}

/** A whole catalogue version. */
export interface Catalogue {
  version: string;
  /** What this version changed and why, newest first: the catalogue's own notes for the officer. */
  notes: string[];
  categories: Category[];
  /** Benign phrases that contain a term (手枪钻, 象牙白, glue gun): they cancel the terms inside them. */
  exceptions: string[];
  /** Words that say nothing about the contents (礼品, parts): alone they call for an open inspection. */
  vagueWords: string[];
  /**
   * Words that, written right after a term, say the item only depicts, detects or accompanies it (炸弹造型抱枕,
   * 酒精检测仪, 充电宝保护套): such a term is watched, not refused.
   */
  depictionWords: string[];
  /** Words added to the segmenter's dictionary (see DictionaryGroup). */
  dictionary: DictionaryGroup[];
  /** Terms that count even inside a longer word (their every use is the item): 冰毒 in 冰毒片. */
  insideWordTerms: string[];
  combinations: Combination[];
  /**
   * Words naming books and media (书, 杂志, documentary): a term they follow is the subject of the item, not its
   * contents (a book on rare earths is not rare earths), except in `mediaCategories`.
   */
  mediaWords: string[];
  /** Categories whose items are themselves media or documents (illegal publications, state secrets). */
  mediaCategories: string[];
}

export const VERDICTS: readonly Verdict[] = ['prohibited', 'restricted', 'watch', 'clear'];
export const ROUTES: readonly Route[] = ['domestic', 'inbound', 'outbound'];
export const REPORTING_AUTHORITIES: readonly ReportingAuthority[] = [
  'police',
  'national-security-12339',
  'customs',
  'commerce',
  'central-bank',
  'postal-regulator',
  'health',
  'market-regulation',
  'forestry',
  'ecology-environment',
  'tobacco-monopoly',
];
const CATEGORY_GROUPS: readonly CategoryGroup[] = ['official', 'national-security', 'restricted'];

/** Longest term the matcher accepts, in UTF-16 code units (its offset ring buffer is sized for it). */
export const MAX_TERM_LENGTH = 64;

const SLUG_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
// A term must contain something the matcher can see: a letter, a digit or a CJK character.
const MATCHABLE = /[\p{L}\p{N}]/u;

/** A catalogue document that failed validation; `path` names the offending field. */
export class CatalogueError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'CatalogueError';
  }
}

type Json = Record<string, unknown>;

const read = jsonReader((path, problem) => {
  throw new CatalogueError(path, problem);
});
const describe = describeJson;
const expectObject = (value: unknown, path: string): Json => read.object(value, path);
const expectArray = read.array;
const expectString = read.string;
const expectBoolean = read.boolean;
const expectOneOf = read.oneOf;
const expectPositiveNumber = read.positiveNumber;

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : expectString(value, path);
}

function parsePhrase(value: unknown, path: string): string {
  const phrase = expectString(value, path);
  if (phrase.length > MAX_TERM_LENGTH) {
    throw new CatalogueError(path, `is ${phrase.length} characters long; the limit is ${MAX_TERM_LENGTH}`);
  }
  if (!MATCHABLE.test(phrase)) {
    throw new CatalogueError(path, `${describe(phrase)} has no letter, digit or CJK character to match`);
  }
  return phrase;
}

function parsePhrases(value: unknown, path: string): string[] {
  return expectArray(value, path).map((item, index) => parsePhrase(item, `${path}[${index}]`));
}

function parseRouteVerdicts(value: unknown, path: string): RouteVerdicts {
  const object = expectObject(value, path);
  throwIfUnknownKeys(object, ROUTES, path);
  const verdicts = {} as RouteVerdicts;
  for (const route of ROUTES) verdicts[route] = expectOneOf(object[route], VERDICTS, `${path}.${route}`);
  return verdicts;
}

function parsePartialRouteVerdicts(value: unknown, path: string): Partial<RouteVerdicts> {
  const object = expectObject(value, path);
  throwIfUnknownKeys(object, ROUTES, path);
  const verdicts: Partial<RouteVerdicts> = {};
  for (const route of ROUTES) {
    if (object[route] !== undefined)
      verdicts[route] = expectOneOf(object[route], VERDICTS, `${path}.${route}`);
  }
  if (Object.keys(verdicts).length === 0) throw new CatalogueError(path, 'names no route');
  return verdicts;
}

function throwIfUnknownKeys(object: Json, known: readonly string[], path: string): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) throw new CatalogueError(`${path}.${key}`, 'is not a known field');
  }
}

function parseTerms(value: unknown, path: string): CategoryTerms {
  const object = expectObject(value, path);
  throwIfUnknownKeys(object, ['zh', 'en', 'slang'], path);
  return {
    zh: parsePhrases(object.zh, `${path}.zh`),
    en: parsePhrases(object.en, `${path}.en`),
    slang: parsePhrases(object.slang ?? [], `${path}.slang`),
  };
}

function parseOverride(value: unknown, path: string): TermOverride {
  const object = expectObject(value, path);
  throwIfUnknownKeys(object, ['terms', 'verdicts', 'note'], path);
  const terms = parsePhrases(object.terms, `${path}.terms`);
  if (terms.length === 0) throw new CatalogueError(`${path}.terms`, 'is empty');
  const note = optionalString(object.note, `${path}.note`);
  return {
    terms,
    verdicts: parsePartialRouteVerdicts(object.verdicts, `${path}.verdicts`),
    ...(note === undefined ? {} : { note }),
  };
}

function parseLimit(value: unknown, path: string): QuantityLimit {
  const object = expectObject(value, path);
  throwIfUnknownKeys(
    object,
    [
      'id',
      'label',
      'terms',
      'measure',
      'max',
      'units',
      'defaultUnit',
      'nominalVoltage',
      'chargeUnits',
      'note',
    ],
    path,
  );
  const unitsObject = expectObject(object.units, `${path}.units`);
  const units: Record<string, number> = {};
  for (const [unit, factor] of Object.entries(unitsObject)) {
    if (unit.trim() === '' || unit !== unit.toLowerCase()) {
      throw new CatalogueError(`${path}.units.${unit}`, 'unit words must be non-empty and lower case');
    }
    units[unit] = expectPositiveNumber(factor, `${path}.units.${unit}`);
  }
  if (Object.keys(units).length === 0) throw new CatalogueError(`${path}.units`, 'names no unit');
  const max = object.max === null ? null : expectPositiveNumber(object.max, `${path}.max`);
  const defaultUnit = optionalString(object.defaultUnit, `${path}.defaultUnit`);
  if (defaultUnit !== undefined && units[defaultUnit] === undefined) {
    throw new CatalogueError(`${path}.defaultUnit`, `"${defaultUnit}" is not one of the limit's units`);
  }
  const note = optionalString(object.note, `${path}.note`);
  const nominalVoltage =
    object.nominalVoltage === undefined
      ? undefined
      : expectPositiveNumber(object.nominalVoltage, `${path}.nominalVoltage`);
  const chargeUnits =
    object.chargeUnits === undefined
      ? undefined
      : expectArray(object.chargeUnits, `${path}.chargeUnits`).map((unit, index) => {
          const name = expectString(unit, `${path}.chargeUnits[${index}]`);
          if (units[name] === undefined) {
            throw new CatalogueError(
              `${path}.chargeUnits[${index}]`,
              `"${name}" is not one of the limit's units`,
            );
          }
          return name;
        });
  if ((nominalVoltage === undefined) !== (chargeUnits === undefined)) {
    throw new CatalogueError(`${path}.nominalVoltage`, 'nominalVoltage and chargeUnits go together');
  }
  return {
    id: expectString(object.id, `${path}.id`),
    label: expectString(object.label, `${path}.label`),
    ...(object.terms === undefined ? {} : { terms: parsePhrases(object.terms, `${path}.terms`) }),
    measure: expectString(object.measure, `${path}.measure`),
    max,
    units,
    ...(defaultUnit === undefined ? {} : { defaultUnit }),
    ...(nominalVoltage === undefined ? {} : { nominalVoltage, chargeUnits }),
    ...(note === undefined ? {} : { note }),
  };
}

function parseCategory(value: unknown, path: string): Category {
  const object = expectObject(value, path);
  throwIfUnknownKeys(
    object,
    [
      'slug',
      'name',
      'nameEn',
      'group',
      'verdicts',
      'reportTo',
      'crimeRelated',
      'terms',
      'overrides',
      'limits',
    ],
    path,
  );
  const slug = expectString(object.slug, `${path}.slug`);
  if (!SLUG_PATTERN.test(slug))
    throw new CatalogueError(`${path}.slug`, `"${slug}" is not a kebab-case slug`);
  const reportTo = expectArray(object.reportTo, `${path}.reportTo`).map((authority, index) =>
    expectOneOf(authority, REPORTING_AUTHORITIES, `${path}.reportTo[${index}]`),
  );
  const limits = expectArray(object.limits ?? [], `${path}.limits`).map((limit, index) =>
    parseLimit(limit, `${path}.limits[${index}]`),
  );
  const limitIds = new Set<string>();
  limits.forEach((limit, index) => {
    if (limitIds.has(limit.id))
      throw new CatalogueError(`${path}.limits[${index}].id`, `"${limit.id}" repeats`);
    limitIds.add(limit.id);
  });
  return {
    slug,
    name: expectString(object.name, `${path}.name`),
    nameEn: expectString(object.nameEn, `${path}.nameEn`),
    group: expectOneOf(object.group, CATEGORY_GROUPS, `${path}.group`),
    verdicts: parseRouteVerdicts(object.verdicts, `${path}.verdicts`),
    reportTo,
    crimeRelated: expectBoolean(object.crimeRelated, `${path}.crimeRelated`),
    terms: parseTerms(object.terms, `${path}.terms`),
    overrides: expectArray(object.overrides ?? [], `${path}.overrides`).map((override, index) =>
      parseOverride(override, `${path}.overrides[${index}]`),
    ),
    limits,
  };
}

function parseStringList(value: unknown, path: string): string[] {
  return expectArray(value ?? [], path).map((item, index) => expectString(item, `${path}[${index}]`));
}

function parseDictionaryGroup(value: unknown, path: string): DictionaryGroup {
  const object = expectObject(value, path);
  throwIfUnknownKeys(object, ['label', 'words', 'note'], path);
  const words = parsePhrases(object.words, `${path}.words`);
  if (words.length === 0) throw new CatalogueError(`${path}.words`, 'is empty');
  // The segmenter's dictionary holds whole words: a space would make a line the dictionary cannot read.
  words.forEach((word, index) => {
    if (/\s/.test(word)) throw new CatalogueError(`${path}.words[${index}]`, 'must not contain spaces');
  });
  const note = optionalString(object.note, `${path}.note`);
  return {
    label: expectString(object.label, `${path}.label`),
    words,
    ...(note === undefined ? {} : { note }),
  };
}

function parseCombination(value: unknown, path: string, slugs: ReadonlySet<string>): Combination {
  const object = expectObject(value, path);
  throwIfUnknownKeys(object, ['id', 'category', 'groups', 'unless', 'verdicts', 'reach', 'note'], path);
  const category = expectString(object.category, `${path}.category`);
  if (!slugs.has(category)) throw new CatalogueError(`${path}.category`, `"${category}" is not a category`);
  const groups = expectArray(object.groups, `${path}.groups`).map((group, index) => {
    const words = parsePhrases(group, `${path}.groups[${index}]`);
    if (words.length === 0) throw new CatalogueError(`${path}.groups[${index}]`, 'is empty');
    return words;
  });
  if (groups.length < 2) throw new CatalogueError(`${path}.groups`, 'needs at least two groups');
  if (groups.length > 8) throw new CatalogueError(`${path}.groups`, 'has more than 8 groups');
  const note = optionalString(object.note, `${path}.note`);
  const reach = object.reach === undefined ? undefined : expectPositiveNumber(object.reach, `${path}.reach`);
  return {
    id: expectString(object.id, `${path}.id`),
    category,
    groups,
    unless: parsePhrases(object.unless ?? [], `${path}.unless`),
    ...(object.verdicts === undefined
      ? {}
      : { verdicts: parsePartialRouteVerdicts(object.verdicts, `${path}.verdicts`) }),
    ...(reach === undefined ? {} : { reach }),
    ...(note === undefined ? {} : { note }),
  };
}

/** Validates an untrusted catalogue document; throws a CatalogueError naming the path of the first bad field. */
export function parseCatalogue(json: unknown): Catalogue {
  const root = expectObject(json, 'catalogue');
  throwIfUnknownKeys(
    root,
    [
      '$comment',
      'version',
      'notes',
      'categories',
      'exceptions',
      'vagueWords',
      'depictionWords',
      'dictionary',
      'insideWordTerms',
      'combinations',
      'mediaWords',
      'mediaCategories',
    ],
    'catalogue',
  );
  const version = expectString(root.version, 'catalogue.version');
  const categories = expectArray(root.categories, 'catalogue.categories').map((category, index) =>
    parseCategory(category, `catalogue.categories[${index}]`),
  );
  if (categories.length === 0) throw new CatalogueError('catalogue.categories', 'is empty');
  const slugs = new Set<string>();
  categories.forEach((category, index) => {
    if (slugs.has(category.slug)) {
      throw new CatalogueError(`catalogue.categories[${index}].slug`, `"${category.slug}" repeats`);
    }
    slugs.add(category.slug);
  });
  const combinations = expectArray(root.combinations ?? [], 'catalogue.combinations').map((item, index) =>
    parseCombination(item, `catalogue.combinations[${index}]`, slugs),
  );
  const combinationIds = new Set<string>();
  combinations.forEach((combination, index) => {
    if (combinationIds.has(combination.id)) {
      throw new CatalogueError(`catalogue.combinations[${index}].id`, `"${combination.id}" repeats`);
    }
    combinationIds.add(combination.id);
  });
  const mediaCategories = parseStringList(root.mediaCategories, 'catalogue.mediaCategories');
  mediaCategories.forEach((slug, index) => {
    if (!slugs.has(slug))
      throw new CatalogueError(`catalogue.mediaCategories[${index}]`, `"${slug}" is not a category`);
  });
  return {
    version,
    notes: parseStringList(root.notes, 'catalogue.notes'),
    categories,
    exceptions: parsePhrases(root.exceptions, 'catalogue.exceptions'),
    vagueWords: parsePhrases(root.vagueWords, 'catalogue.vagueWords'),
    depictionWords: parsePhrases(root.depictionWords ?? [], 'catalogue.depictionWords'),
    dictionary: expectArray(root.dictionary ?? [], 'catalogue.dictionary').map((group, index) =>
      parseDictionaryGroup(group, `catalogue.dictionary[${index}]`),
    ),
    insideWordTerms: parsePhrases(root.insideWordTerms ?? [], 'catalogue.insideWordTerms'),
    combinations,
    mediaWords: parsePhrases(root.mediaWords ?? [], 'catalogue.mediaWords'),
    mediaCategories,
  };
}

/** Every term of a category: its term lists, its override terms and its limit terms, without repeats. */
export function findCategoryTerms(category: Category): string[] {
  const all = [
    ...category.terms.zh,
    ...category.terms.en,
    ...category.terms.slang,
    ...category.overrides.flatMap((override) => override.terms),
    ...category.limits.flatMap((limit) => limit.terms ?? []),
  ];
  return [...new Set(all)];
}
