// Request and response schemas of the screening and catalogue routes. The whole-catalogue and diff responses are
// the contract the console's types are generated from; Fastify serialises a response from its schema and drops
// every property the schema does not name, so these name every field of Catalogue and CatalogueDiff (the type
// checks at the end fail to compile when the server's types and these schemas part).
import { Type, type Static } from 'typebox';
import { Nullable, StrictObject } from '../http/schemas.js';
import { REPORTING_AUTHORITIES, ROUTES, VERDICTS, type Catalogue } from './catalogue.js';
import type { CatalogueDiff } from './catalogue-diff.js';

const Verdict = Type.Enum(VERDICTS);
const RouteSchema = Type.Enum(ROUTES);
const ItemFields = {
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  route: Type.Optional(RouteSchema),
  quantity: Type.Optional(Type.Number({ minimum: 0 })),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
};
export const ScreeningBody = StrictObject(
  {
    description: Type.Optional(ItemFields.description),
    route: ItemFields.route,
    quantity: ItemFields.quantity,
    unit: ItemFields.unit,
    items: Type.Optional(Type.Array(StrictObject(ItemFields), { minItems: 1, maxItems: 1000 })),
  },
  { description: 'one description (description, route?, quantity?, unit?) or a batch (items: [...])' },
);
const MatchSchema = Type.Object({
  term: Type.String(),
  category: Type.String(),
  start: Type.Integer(),
  end: Type.Integer(),
});
const ResultSchema = Type.Object({
  verdict: Type.Enum(['prohibited', 'restricted', 'watch', 'clear']),
  category: Nullable(Type.String()),
  matches: Type.Array(MatchSchema),
  reasons: Type.Array(Type.String()),
  catalogueVersion: Type.String(),
});
export const ScreeningResponse = Type.Union([
  ResultSchema,
  Type.Object({ results: Type.Array(ResultSchema) }),
]);
export const PublishBody = StrictObject({
  catalogue: Type.Object(
    {},
    {
      additionalProperties: true,
      description: 'the whole catalogue document (see GET …/versions/{version})',
    },
  ),
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
});
export const DiffQuery = StrictObject({
  from: Type.String({ minLength: 1 }),
  to: Type.String({ minLength: 1 }),
});

const RouteVerdicts = Type.Object({ domestic: Verdict, inbound: Verdict, outbound: Verdict });
const SomeRouteVerdicts = Type.Partial(RouteVerdicts);
const QuantityLimit = Type.Object({
  id: Type.String(),
  label: Type.String(),
  terms: Type.Optional(Type.Array(Type.String(), { description: 'absent: every term of the category' })),
  measure: Type.String({ description: 'the base measure the limit is in ("sticks", "g", "Wh")' }),
  max: Nullable(Type.Number({ description: 'null: no limit is enforced' })),
  units: Type.Record(Type.String(), Type.Number(), { description: 'unit word → base measures per unit' }),
  defaultUnit: Type.Optional(Type.String()),
  nominalVoltage: Type.Optional(Type.Number()),
  chargeUnits: Type.Optional(Type.Array(Type.String())),
  note: Type.Optional(Type.String()),
});
const Category = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  group: Type.Enum(['official', 'national-security', 'restricted']),
  verdicts: RouteVerdicts,
  reportTo: Type.Array(Type.Enum(REPORTING_AUTHORITIES)),
  crimeRelated: Type.Boolean(),
  terms: Type.Object({
    zh: Type.Array(Type.String()),
    en: Type.Array(Type.String()),
    slang: Type.Array(Type.String()),
  }),
  overrides: Type.Array(
    Type.Object({
      terms: Type.Array(Type.String()),
      verdicts: SomeRouteVerdicts,
      note: Type.Optional(Type.String()),
    }),
  ),
  limits: Type.Array(QuantityLimit),
});
const DictionaryGroup = Type.Object({
  label: Type.String(),
  words: Type.Array(Type.String()),
  note: Type.Optional(Type.String()),
});
const Combination = Type.Object({
  id: Type.String(),
  category: Type.String({ description: 'the slug of the category it reports' }),
  groups: Type.Array(Type.Array(Type.String())),
  unless: Type.Array(Type.String()),
  verdicts: Type.Optional(SomeRouteVerdicts),
  reach: Type.Optional(Type.Number()),
  note: Type.Optional(Type.String()),
});

/** A whole catalogue version (Catalogue in catalogue.ts). */
export const CatalogueSchema = Type.Object(
  {
    version: Type.String(),
    notes: Type.Array(Type.String()),
    categories: Type.Array(Category),
    exceptions: Type.Array(Type.String()),
    vagueWords: Type.Array(Type.String()),
    depictionWords: Type.Array(Type.String()),
    dictionary: Type.Array(DictionaryGroup),
    insideWordTerms: Type.Array(Type.String()),
    combinations: Type.Array(Combination),
    mediaWords: Type.Array(Type.String()),
    mediaCategories: Type.Array(Type.String()),
  },
  { description: 'a whole catalogue version, as published' },
);

const Words = Type.Array(Type.String());

/** What changed between two catalogue versions (CatalogueDiff in catalogue-diff.ts). */
export const CatalogueDiffSchema = Type.Object({
  fromVersion: Type.String(),
  toVersion: Type.String(),
  addedCategories: Words,
  removedCategories: Words,
  changedCategories: Type.Array(
    Type.Object({
      slug: Type.String(),
      changedFields: Type.Array(Type.String(), {
        description: 'paths inside the category: verdicts.inbound, reportTo, limits.<id>',
      }),
      addedTerms: Words,
      removedTerms: Words,
    }),
  ),
  addedExceptions: Words,
  removedExceptions: Words,
  addedVagueWords: Words,
  removedVagueWords: Words,
  addedDepictionWords: Words,
  removedDepictionWords: Words,
  addedDictionaryWords: Type.Array(Type.String(), { description: '"label: word"' }),
  removedDictionaryWords: Type.Array(Type.String(), { description: '"label: word"' }),
  addedInsideWordTerms: Words,
  removedInsideWordTerms: Words,
  addedCombinations: Words,
  removedCombinations: Words,
  changedCombinations: Type.Array(Type.String(), { description: '"<id>: <the parts that changed>"' }),
  addedMediaWords: Words,
  removedMediaWords: Words,
  addedMediaCategories: Words,
  removedMediaCategories: Words,
  addedNotes: Words,
});

// Assignable both ways: a field added to, removed from or retyped in one side only stops the build. (An optional
// field the schema leaves out passes here; the route tests compare whole bodies with the service's objects.)
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _catalogueMatchesSchema: SameShape<Catalogue, Static<typeof CatalogueSchema>> = true;
const _diffMatchesSchema: SameShape<CatalogueDiff, Static<typeof CatalogueDiffSchema>> = true;
