// What changed between two rule set versions, rule by rule (the API has no diff for rule sets; both versions are
// small documents the console already reads whole).
import type { RiskRule, RuleSet } from './types';

export type RuleField = 'description' | 'weight' | 'when' | 'position';

export type RuleChange =
  | { kind: 'added'; id: string; after: RiskRule }
  | { kind: 'removed'; id: string; before: RiskRule }
  | { kind: 'changed'; id: string; fields: RuleField[]; before: RiskRule; after: RiskRule };

export interface RuleSetDiff {
  from: string;
  to: string;
  thresholds: { name: 'inspect' | 'hold'; before: number; after: number }[];
  rules: RuleChange[];
}

// Key order in a JSON document carries no meaning: compare conditions with their keys sorted.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/** Thresholds that moved, then rules removed, changed (in the newer order) and added. */
export function diffRuleSets(from: RuleSet, to: RuleSet): RuleSetDiff {
  const thresholds = (['inspect', 'hold'] as const)
    .filter((name) => from.threshold[name] !== to.threshold[name])
    .map((name) => ({ name, before: from.threshold[name], after: to.threshold[name] }));
  const beforeById = new Map(from.rules.map((rule, index) => [rule.id, { rule, index }]));
  const afterIds = new Set(to.rules.map((rule) => rule.id));
  const rules: RuleChange[] = from.rules
    .filter((rule) => !afterIds.has(rule.id))
    .map((rule) => ({ kind: 'removed', id: rule.id, before: rule }));
  const surviving = from.rules.filter((rule) => afterIds.has(rule.id)).map((rule) => rule.id);
  let position = 0;
  for (const after of to.rules) {
    const previous = beforeById.get(after.id);
    if (previous === undefined) {
      rules.push({ kind: 'added', id: after.id, after });
      continue;
    }
    const before = previous.rule;
    const fields: RuleField[] = [];
    if (before.description !== after.description) fields.push('description');
    if (before.weight !== after.weight) fields.push('weight');
    if (canonical(before.when) !== canonical(after.when)) fields.push('when');
    if (surviving[position] !== after.id) fields.push('position');
    position++;
    if (fields.length > 0) rules.push({ kind: 'changed', id: after.id, fields, before, after });
  }
  return { from: from.version, to: to.version, thresholds, rules };
}
