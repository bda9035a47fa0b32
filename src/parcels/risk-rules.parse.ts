// Risk rule set documents: every field checked, unknown fields refused, every error naming its path.
// Published rule sets are parsed again when read back, so a document that passes here is all evaluation sees.
import { describeJson, jsonReader } from '../platform/json-reader.js';
import {
  BY_CATEGORY_PREFIX,
  factDefinition,
  SLUG,
  type FactDefinition,
  type FactKind,
} from './risk-facts.js';
import defaultRuleSetDocument from './risk-rules.default.json' with { type: 'json' };
import {
  RuleSetError,
  type Condition,
  type RiskRule,
  type RuleSet,
  type Scalar,
} from './risk-rules.types.js';

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
