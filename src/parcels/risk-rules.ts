// Declarative risk rules: versioned data a security officer publishes, weighted and explainable (in the manner
// of Tazama typologies or Marble scenarios). A rule is a condition over RiskFacts; a parcel's score is the sum
// of the weights of the rules it meets, and two thresholds turn the score into a decision. Every hit names the
// rule, its weight and the facts it read, so a held parcel can always be explained. Pure: no I/O, no clock.
import { describeJson, jsonReader } from '../platform/json-reader.js';
import { ROUTES, VERDICTS } from '../screening/catalogue.js';
import type { Route, Verdict } from '../screening/catalogue.js';
import defaultRuleSetDocument from './risk-rules.default.json' with { type: 'json' };

/** Everything a rule may look at, gathered by the intake service for one parcel. */
export interface RiskFacts {
  route: Route;
  /** ISO 3166-1 alpha-2, upper case ("CN"). */
  originCountry: string;
  destinationCountry: string;
  itemCount: number;
  /** Declared value in yuan; null when the sender declared none. */
  declaredValueCny: number | null;
  /** Weighed at the counter; null when not weighed. */
  weightGrams: number | null;
  screening: {
    /** The most severe item verdict. */
    verdict: Verdict;
    /** Categories matched with a non-clear verdict on this route, over all items (ScreeningResult matches). */
    categories: string[];
    /** Items whose description says nothing about the contents ("礼品", "parts"). */
    vagueItemCount: number;
    /** Per item: its verdict and its winning category (null when clear or vague). */
    items: { verdict: Verdict; category: string | null }[];
  };
  sender: {
    /** No earlier accepted parcel from this sender (or agreement account). */
    isFirstTime: boolean;
    watchlisted: boolean;
    /** Times the identity gate refused this sender in the last 30 days. */
    refusalsLast30d: number;
    /** The sender's earlier parcels (this one excluded). */
    recentParcels: {
      count7d: number;
      count30d: number;
      /** Parcels with at least one item screened watch or restricted, in the last 7 days. */
      watchCount7d: number;
      watchCount30d: number;
      /**
       * Parcels with an item screened non-clear in each category, in the last 30 days; a category absent here
       * counts 0. Like the other counts, over at most RECENT_PARCELS_CAP of the most recent parcels.
       */
      byCategory30d: Record<string, number>;
    };
  };
  recipient: { watchlisted: boolean };
  /** The security agreement (协议用户) the parcel was sent under, if any. */
  agreement: { present: boolean; active: boolean };
}

/** A literal a condition compares a fact with. */
export type Scalar = string | number | boolean;

/** A condition over RiskFacts: a combination, or one comparison of one fact (`fact` is a dotted path). */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: string; eq: Scalar }
  | { fact: string; ne: Scalar }
  | { fact: string; gt: number }
  | { fact: string; gte: number }
  | { fact: string; lt: number }
  | { fact: string; lte: number }
  | { fact: string; in: Scalar[] }
  | { fact: string; includesAny: string[] }
  | { fact: string; exists: boolean };

/** One weighted rule. */
export interface RiskRule {
  id: string;
  description: string;
  /** Points added to the score when the rule holds; always positive (a rule can only add suspicion). */
  weight: number;
  when: Condition;
}

/** A published version of the rules and the thresholds that turn a score into a decision. */
export interface RuleSet {
  version: string;
  threshold: { inspect: number; hold: number };
  rules: RiskRule[];
}

/** What the intake does with a parcel: nothing more, an open inspection, or a hold for a security officer. */
export type RiskDecision = 'none' | 'inspect' | 'hold';

/** A value as read from RiskFacts for an explanation (a missing value is null). */
export type FactValue = string | number | boolean | null | string[];

/** One rule that held, with the facts it read (by path). */
export interface RiskHit {
  ruleId: string;
  description: string;
  weight: number;
  facts: Record<string, FactValue>;
}

/** The outcome of evaluating a rule set on one parcel. */
export interface RiskAssessment {
  ruleSetVersion: string;
  score: number;
  decision: RiskDecision;
  hits: RiskHit[];
}

/** One parcel whose decision differs between two rule sets, and which rules account for it. */
export interface DryRunChange {
  waybillNo: string;
  from: RiskDecision;
  to: RiskDecision;
  fromScore: number;
  toScore: number;
  /** Ids of rules that hold under the candidate but not the current set. */
  addedHits: string[];
  removedHits: string[];
}

/** What publishing a candidate rule set would have changed over a set of past parcels. */
export interface DryRunReport {
  currentVersion: string;
  candidateVersion: string;
  evaluated: number;
  changed: DryRunChange[];
  summary: {
    current: Record<RiskDecision, number>;
    candidate: Record<RiskDecision, number>;
    /** Parcels whose decision got stricter (none → inspect, inspect → hold…) or more lenient. */
    escalated: number;
    relaxed: number;
    /** How often each rule (of either set) held, in rule order: current rules first, then new ones. */
    ruleHits: { ruleId: string; current: number; candidate: number }[];
  };
}

/** A rule set document that failed validation; `path` names the offending field. */
export class RuleSetError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'RuleSetError';
  }
}

// ---------------------------------------------------------------------------------------------------------
// The facts a rule may name. Reading them through this table (never by walking arbitrary paths) means a typo in
// a rule is an error at publication instead of a rule that silently never fires, a literal of the wrong type is
// caught the same way, and no path can reach into Object.prototype.

type FactKind = 'string' | 'number' | 'boolean' | 'string-list';

interface FactDefinition {
  kind: FactKind;
  /** The fact may be missing (null); only these accept `exists`. */
  nullable: boolean;
  /** Closed set of values for string facts and string lists. */
  values?: readonly string[];
  /** Shape every literal must have (country codes, category slugs). */
  pattern?: RegExp;
  /** The largest value the fact can take: a literal above it could never be reached. */
  max?: number;
  read(facts: RiskFacts): FactValue;
}

/**
 * A sender's recent parcels are counted over at most this many of the most recent (in the 30 days): the counts
 * saturate here, so that a sender with thousands of parcels a month costs each intake a bounded read.
 */
export const RECENT_PARCELS_CAP = 1_000;

const COUNTRY_CODE = /^[A-Z]{2}$/;
const SLUG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const BY_CATEGORY_PREFIX = 'sender.recentParcels.byCategory30d.';

const numberFact = (read: (facts: RiskFacts) => number): FactDefinition => ({
  kind: 'number',
  nullable: false,
  read,
});
const recentParcelsFact = (read: (facts: RiskFacts) => number): FactDefinition => ({
  kind: 'number',
  nullable: false,
  max: RECENT_PARCELS_CAP,
  read,
});
const booleanFact = (read: (facts: RiskFacts) => boolean): FactDefinition => ({
  kind: 'boolean',
  nullable: false,
  read,
});

const FACTS: ReadonlyMap<string, FactDefinition> = new Map<string, FactDefinition>([
  ['route', { kind: 'string', nullable: false, values: ROUTES, read: (facts) => facts.route }],
  [
    'originCountry',
    { kind: 'string', nullable: false, pattern: COUNTRY_CODE, read: (facts) => facts.originCountry },
  ],
  [
    'destinationCountry',
    { kind: 'string', nullable: false, pattern: COUNTRY_CODE, read: (facts) => facts.destinationCountry },
  ],
  ['itemCount', numberFact((facts) => facts.itemCount)],
  ['declaredValueCny', { kind: 'number', nullable: true, read: (facts) => facts.declaredValueCny }],
  ['weightGrams', { kind: 'number', nullable: true, read: (facts) => facts.weightGrams }],
  [
    'screening.verdict',
    { kind: 'string', nullable: false, values: VERDICTS, read: (facts) => facts.screening.verdict },
  ],
  [
    'screening.categories',
    { kind: 'string-list', nullable: false, pattern: SLUG, read: (facts) => [...facts.screening.categories] },
  ],
  ['screening.vagueItemCount', numberFact((facts) => facts.screening.vagueItemCount)],
  [
    'screening.items.verdict',
    {
      kind: 'string-list',
      nullable: false,
      values: VERDICTS,
      read: (facts) => facts.screening.items.map((item) => item.verdict),
    },
  ],
  [
    'screening.items.category',
    {
      kind: 'string-list',
      nullable: false,
      pattern: SLUG,
      read: (facts) =>
        facts.screening.items.flatMap((item) => (item.category === null ? [] : [item.category])),
    },
  ],
  ['sender.isFirstTime', booleanFact((facts) => facts.sender.isFirstTime)],
  ['sender.watchlisted', booleanFact((facts) => facts.sender.watchlisted)],
  ['sender.refusalsLast30d', numberFact((facts) => facts.sender.refusalsLast30d)],
  ['sender.recentParcels.count7d', recentParcelsFact((facts) => facts.sender.recentParcels.count7d)],
  ['sender.recentParcels.count30d', recentParcelsFact((facts) => facts.sender.recentParcels.count30d)],
  [
    'sender.recentParcels.watchCount7d',
    recentParcelsFact((facts) => facts.sender.recentParcels.watchCount7d),
  ],
  [
    'sender.recentParcels.watchCount30d',
    recentParcelsFact((facts) => facts.sender.recentParcels.watchCount30d),
  ],
  ['recipient.watchlisted', booleanFact((facts) => facts.recipient.watchlisted)],
  ['agreement.present', booleanFact((facts) => facts.agreement.present)],
  ['agreement.active', booleanFact((facts) => facts.agreement.active)],
]);

/** Every fact path a rule may name; `<category>` stands for any category slug. */
export const RISK_FACT_PATHS: readonly string[] = [...FACTS.keys(), `${BY_CATEGORY_PREFIX}<category>`];

// Per-category counts are keyed by slug, so their paths are open-ended; they are read with an own-property
// check and default to 0 (no parcel of that category).
function factDefinition(path: string): FactDefinition | undefined {
  const known = FACTS.get(path);
  if (known !== undefined) return known;
  if (!path.startsWith(BY_CATEGORY_PREFIX)) return undefined;
  const category = path.slice(BY_CATEGORY_PREFIX.length);
  if (!SLUG.test(category)) return undefined;
  return recentParcelsFact((facts) => {
    const counts = facts.sender.recentParcels.byCategory30d;
    return Object.hasOwn(counts, category) ? (counts[category] ?? 0) : 0;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Parsing: every field checked, unknown fields refused, every error naming its path.

type Json = Record<string, unknown>;

const COMPARISONS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'includesAny', 'exists'] as const;
type Comparison = (typeof COMPARISONS)[number];
const OPERATORS_BY_KIND: Readonly<Record<FactKind, readonly Comparison[]>> = {
  string: ['eq', 'ne', 'in'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'],
  boolean: ['eq', 'ne'],
  'string-list': ['includesAny'],
};
// Conditions nest; a bound keeps a hostile or broken document from exhausting the stack.
const MAX_CONDITION_DEPTH = 16;

const read = jsonReader((path, problem) => {
  throw new RuleSetError(path, problem);
});
const describe = describeJson;
const expectObject = (value: unknown, path: string): Json => read.object(value, path);
const expectArray = read.array;
const expectString = read.string;
const expectPositiveNumber = read.positiveNumber;

function throwIfUnknownKeys(object: Json, known: readonly string[], path: string): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) throw new RuleSetError(`${path}.${key}`, 'is not a known field');
  }
}

// Checks one literal against the fact it is compared with: its type, its closed set of values, its shape.
function parseLiteral(value: unknown, fact: string, definition: FactDefinition, path: string): Scalar {
  const kind = definition.kind === 'string-list' ? 'string' : definition.kind;
  if (typeof value !== kind || (typeof value === 'number' && !Number.isFinite(value))) {
    throw new RuleSetError(path, `${fact} is a ${kind}; got ${describe(value)}`);
  }
  const literal = value as Scalar;
  if (typeof literal === 'number' && definition.max !== undefined && literal > definition.max) {
    throw new RuleSetError(
      path,
      `${fact} counts at most ${definition.max} (the most recent parcels); ${literal} could never be reached`,
    );
  }
  if (typeof literal === 'string') {
    if (definition.values !== undefined && !definition.values.includes(literal)) {
      throw new RuleSetError(
        path,
        `${fact} is one of ${definition.values.join('|')}; got ${describe(literal)}`,
      );
    }
    if (definition.pattern !== undefined && !definition.pattern.test(literal)) {
      throw new RuleSetError(path, `${describe(literal)} is not a valid value of ${fact}`);
    }
  }
  return literal;
}

function parseLiteralList(value: unknown, fact: string, definition: FactDefinition, path: string): Scalar[] {
  const list = expectArray(value, path);
  if (list.length === 0) throw new RuleSetError(path, 'is empty, so the condition could never hold');
  return list.map((item, index) => parseLiteral(item, fact, definition, `${path}[${index}]`));
}

function parseFactCondition(object: Json, path: string): Condition {
  const fact = expectString(object.fact, `${path}.fact`);
  const definition = factDefinition(fact);
  if (definition === undefined) throw new RuleSetError(`${path}.fact`, `"${fact}" is not a known fact`);
  const operators = Object.keys(object).filter((key) => key !== 'fact');
  for (const key of operators) {
    if (!(COMPARISONS as readonly string[]).includes(key)) {
      throw new RuleSetError(`${path}.${key}`, `is not an operator (${COMPARISONS.join('|')})`);
    }
  }
  if (operators.length !== 1) {
    throw new RuleSetError(path, `a fact condition takes exactly one operator, got ${operators.length}`);
  }
  const operator = operators[0] as Comparison;
  const operand = object[operator];
  const at = `${path}.${operator}`;
  const allowed = definition.nullable
    ? [...OPERATORS_BY_KIND[definition.kind], 'exists']
    : OPERATORS_BY_KIND[definition.kind];
  if (!allowed.includes(operator)) {
    const why = operator === 'exists' ? `${fact} is never missing` : `${fact} is a ${definition.kind}`;
    throw new RuleSetError(at, `${why}; use ${allowed.join('|')}`);
  }
  switch (operator) {
    case 'eq':
      return { fact, eq: parseLiteral(operand, fact, definition, at) };
    case 'ne':
      return { fact, ne: parseLiteral(operand, fact, definition, at) };
    case 'gt':
      return { fact, gt: parseLiteral(operand, fact, definition, at) as number };
    case 'gte':
      return { fact, gte: parseLiteral(operand, fact, definition, at) as number };
    case 'lt':
      return { fact, lt: parseLiteral(operand, fact, definition, at) as number };
    case 'lte':
      return { fact, lte: parseLiteral(operand, fact, definition, at) as number };
    case 'in':
      return { fact, in: parseLiteralList(operand, fact, definition, at) };
    case 'includesAny':
      return { fact, includesAny: parseLiteralList(operand, fact, definition, at) as string[] };
    case 'exists':
      if (typeof operand !== 'boolean')
        throw new RuleSetError(at, `expected true or false, got ${describe(operand)}`);
      return { fact, exists: operand };
  }
}

function parseCondition(value: unknown, path: string, depth: number): Condition {
  if (depth > MAX_CONDITION_DEPTH) {
    throw new RuleSetError(path, `conditions nest deeper than ${MAX_CONDITION_DEPTH} levels`);
  }
  const object = expectObject(value, path);
  const combinators = ['all', 'any', 'not'].filter((key) => key in object);
  if (combinators.length === 0 && !('fact' in object)) {
    throw new RuleSetError(path, 'expected one of all, any, not or fact');
  }
  if (combinators.length > 1 || (combinators.length === 1 && 'fact' in object)) {
    throw new RuleSetError(path, 'a condition is one of all, any, not or fact, not several');
  }
  const combinator = combinators[0];
  if (combinator === undefined) return parseFactCondition(object, path);
  throwIfUnknownKeys(object, [combinator], path);
  const at = `${path}.${combinator}`;
  if (combinator === 'not') return { not: parseCondition(object.not, at, depth + 1) };
  const list = expectArray(object[combinator], at);
  if (list.length === 0) throw new RuleSetError(at, 'is empty');
  const conditions = list.map((item, index) => parseCondition(item, `${at}[${index}]`, depth + 1));
  return combinator === 'all' ? { all: conditions } : { any: conditions };
}

function parseRule(value: unknown, path: string): RiskRule {
  const object = expectObject(value, path);
  throwIfUnknownKeys(object, ['id', 'description', 'weight', 'when'], path);
  const id = expectString(object.id, `${path}.id`);
  if (!SLUG.test(id)) throw new RuleSetError(`${path}.id`, `"${id}" is not a kebab-case id`);
  return {
    id,
    description: expectString(object.description, `${path}.description`),
    weight: expectPositiveNumber(object.weight, `${path}.weight`),
    when: parseCondition(object.when, `${path}.when`, 1),
  };
}

// Facts whose values are category slugs: a literal compared with them names a category.
const CATEGORY_FACTS = new Set(['screening.categories', 'screening.items.category']);

/** A category slug a rule names, and where: the rule's index and id, and the condition's path inside it. */
export interface NamedCategory {
  ruleIndex: number;
  ruleId: string;
  path: string;
  category: string;
}

/**
 * Every category a rule set names: literals compared with the screening's categories, and the categories of
 * per-category history facts. A slug the catalogue does not define is a rule that can never fire (a misspelling
 * publishes silently otherwise), so publishing checks these against the active catalogue.
 */
export function categoriesNamed(ruleSet: RuleSet): NamedCategory[] {
  const named: NamedCategory[] = [];
  const visit = (condition: Condition, path: string, ruleIndex: number, ruleId: string): void => {
    if ('all' in condition) {
      condition.all.forEach((inner, index) => visit(inner, `${path}.all[${index}]`, ruleIndex, ruleId));
      return;
    }
    if ('any' in condition) {
      condition.any.forEach((inner, index) => visit(inner, `${path}.any[${index}]`, ruleIndex, ruleId));
      return;
    }
    if ('not' in condition) {
      visit(condition.not, `${path}.not`, ruleIndex, ruleId);
      return;
    }
    if (condition.fact.startsWith(BY_CATEGORY_PREFIX)) {
      const category = condition.fact.slice(BY_CATEGORY_PREFIX.length);
      named.push({ ruleIndex, ruleId, path: `${path}.fact`, category });
    }
    // Category facts are string lists, which parseCondition compares with includesAny only.
    if (!CATEGORY_FACTS.has(condition.fact) || !('includesAny' in condition)) return;
    condition.includesAny.forEach((category, index) => {
      named.push({ ruleIndex, ruleId, path: `${path}.includesAny[${index}]`, category });
    });
  };
  ruleSet.rules.forEach((rule, index) => visit(rule.when, `ruleSet.rules[${index}].when`, index, rule.id));
  return named;
}

/** Validates a rule set document; throws a RuleSetError naming the path of the first bad field. */
export function parseRuleSet(json: unknown): RuleSet {
  const root = expectObject(json, 'ruleSet');
  throwIfUnknownKeys(root, ['$comment', 'version', 'threshold', 'rules'], 'ruleSet');
  const version = expectString(root.version, 'ruleSet.version');
  const thresholdObject = expectObject(root.threshold, 'ruleSet.threshold');
  throwIfUnknownKeys(thresholdObject, ['inspect', 'hold'], 'ruleSet.threshold');
  const threshold = {
    inspect: expectPositiveNumber(thresholdObject.inspect, 'ruleSet.threshold.inspect'),
    hold: expectPositiveNumber(thresholdObject.hold, 'ruleSet.threshold.hold'),
  };
  if (threshold.hold < threshold.inspect) {
    throw new RuleSetError(
      'ruleSet.threshold.hold',
      `${threshold.hold} is below the inspect threshold ${threshold.inspect}`,
    );
  }
  const rules = expectArray(root.rules, 'ruleSet.rules').map((rule, index) =>
    parseRule(rule, `ruleSet.rules[${index}]`),
  );
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    if (seen.has(rule.id)) throw new RuleSetError(`ruleSet.rules[${index}].id`, `"${rule.id}" repeats`);
    seen.add(rule.id);
  });
  return { version, threshold, rules };
}

/** Parses and returns the rule set bundled with the code. */
export function loadDefaultRuleSet(): RuleSet {
  return parseRuleSet(defaultRuleSetDocument);
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation.

// Only parsed conditions reach here, so every path has a definition; an unknown one reads as missing.
function readFact(facts: RiskFacts, path: string): FactValue {
  return factDefinition(path)?.read(facts) ?? null;
}

// Comparisons on a missing value are false, except `ne` (a missing value differs from any literal).
function holds(condition: Condition, facts: RiskFacts): boolean {
  if ('all' in condition) return condition.all.every((inner) => holds(inner, facts));
  if ('any' in condition) return condition.any.some((inner) => holds(inner, facts));
  if ('not' in condition) return !holds(condition.not, facts);
  const value = readFact(facts, condition.fact);
  if ('exists' in condition) return (value !== null) === condition.exists;
  if ('ne' in condition) return value !== condition.ne;
  if (value === null) return false;
  if ('eq' in condition) return value === condition.eq;
  if ('in' in condition) return condition.in.some((literal) => literal === value);
  if ('includesAny' in condition) {
    return Array.isArray(value) && condition.includesAny.some((literal) => value.includes(literal));
  }
  if (typeof value !== 'number') return false;
  if ('gt' in condition) return value > condition.gt;
  if ('gte' in condition) return value >= condition.gte;
  if ('lt' in condition) return value < condition.lt;
  return value <= condition.lte;
}

// Every fact a condition names, in order of first appearance: the explanation shows them all, including those
// an `any` did not need, so the reader sees the whole picture the rule was written against.
function factPathsOf(condition: Condition, into: string[] = []): string[] {
  if ('all' in condition) for (const inner of condition.all) factPathsOf(inner, into);
  else if ('any' in condition) for (const inner of condition.any) factPathsOf(inner, into);
  else if ('not' in condition) factPathsOf(condition.not, into);
  else if (!into.includes(condition.fact)) into.push(condition.fact);
  return into;
}

// Sums of fractional weights drift (0.1 + 0.2); a score is compared with thresholds, so round it.
function roundScore(score: number): number {
  return Math.round(score * 1e6) / 1e6;
}

function decide(score: number, threshold: RuleSet['threshold']): RiskDecision {
  if (score >= threshold.hold) return 'hold';
  return score >= threshold.inspect ? 'inspect' : 'none';
}

/** Scores one parcel's facts against a rule set; every hit names its rule, weight and the facts it read. */
export function evaluateRisk(ruleSet: RuleSet, facts: RiskFacts): RiskAssessment {
  const hits: RiskHit[] = [];
  let score = 0;
  for (const rule of ruleSet.rules) {
    if (!holds(rule.when, facts)) continue;
    score += rule.weight;
    const read: Record<string, FactValue> = {};
    for (const path of factPathsOf(rule.when)) read[path] = readFact(facts, path);
    hits.push({ ruleId: rule.id, description: rule.description, weight: rule.weight, facts: read });
  }
  score = roundScore(score);
  return { ruleSetVersion: ruleSet.version, score, decision: decide(score, ruleSet.threshold), hits };
}

const DECISION_RANK: Readonly<Record<RiskDecision, number>> = { none: 0, inspect: 1, hold: 2 };

/**
 * Replays past parcels under the current and a candidate rule set and reports what would have changed.
 * Writes nothing; accepts any iterable, so a caller can stream stored parcels through it.
 */
export function dryRun(
  currentRuleSet: RuleSet,
  candidateRuleSet: RuleSet,
  factsList: Iterable<{ waybillNo: string; facts: RiskFacts }>,
): DryRunReport {
  // Seeded with every rule, in order, so a rule that never holds shows as 0 (often the finding that matters).
  const ruleHits = new Map<string, { ruleId: string; current: number; candidate: number }>();
  const tally = (ruleId: string): { current: number; candidate: number } => {
    let counts = ruleHits.get(ruleId);
    if (counts === undefined) {
      counts = { ruleId, current: 0, candidate: 0 };
      ruleHits.set(ruleId, counts);
    }
    return counts;
  };
  for (const rule of [...currentRuleSet.rules, ...candidateRuleSet.rules]) tally(rule.id);
  const current: Record<RiskDecision, number> = { none: 0, inspect: 0, hold: 0 };
  const candidate: Record<RiskDecision, number> = { none: 0, inspect: 0, hold: 0 };
  const changed: DryRunChange[] = [];
  let evaluated = 0;
  let escalated = 0;
  let relaxed = 0;

  for (const { waybillNo, facts } of factsList) {
    evaluated++;
    const before = evaluateRisk(currentRuleSet, facts);
    const after = evaluateRisk(candidateRuleSet, facts);
    current[before.decision]++;
    candidate[after.decision]++;
    const beforeIds = before.hits.map((hit) => hit.ruleId);
    const afterIds = after.hits.map((hit) => hit.ruleId);
    for (const id of beforeIds) tally(id).current++;
    for (const id of afterIds) tally(id).candidate++;
    if (before.decision === after.decision) continue;
    if (DECISION_RANK[after.decision] > DECISION_RANK[before.decision]) escalated++;
    else relaxed++;
    changed.push({
      waybillNo,
      from: before.decision,
      to: after.decision,
      fromScore: before.score,
      toScore: after.score,
      addedHits: afterIds.filter((id) => !beforeIds.includes(id)),
      removedHits: beforeIds.filter((id) => !afterIds.includes(id)),
    });
  }

  return {
    currentVersion: currentRuleSet.version,
    candidateVersion: candidateRuleSet.version,
    evaluated,
    changed,
    summary: { current, candidate, escalated, relaxed, ruleHits: [...ruleHits.values()] },
  };
}
