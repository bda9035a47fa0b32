import { describe, expect, it } from 'vitest';
import { diffRuleSets } from './ruleSetDiff';
import type { RuleSet } from './types';

const base: RuleSet = {
  version: '1',
  threshold: { inspect: 30, hold: 70 },
  rules: [
    { id: 'a', description: 'A', weight: 10, when: { fact: 'route', eq: 'outbound' } },
    { id: 'b', description: 'B', weight: 20, when: { all: [{ fact: 'itemCount', gte: 3 }] } },
    { id: 'c', description: 'C', weight: 30, when: { fact: 'sender.watchlisted', eq: true } },
  ],
};

describe('rule set diff', () => {
  it('finds nothing between a version and itself, whatever the key order', () => {
    const reordered: RuleSet = {
      ...base,
      version: '2',
      rules: base.rules.map((rule) => ({
        when: rule.when,
        weight: rule.weight,
        description: rule.description,
        id: rule.id,
      })),
    };
    expect(diffRuleSets(base, reordered)).toEqual({ from: '1', to: '2', thresholds: [], rules: [] });
  });

  it('lists thresholds moved, rules removed, changed field by field, and added', () => {
    const next: RuleSet = {
      version: '2',
      threshold: { inspect: 25, hold: 70 },
      rules: [
        { id: 'b', description: 'B', weight: 25, when: { all: [{ fact: 'itemCount', gte: 4 }] } },
        { id: 'c', description: 'C!', weight: 30, when: { fact: 'sender.watchlisted', eq: true } },
        { id: 'd', description: 'D', weight: 5, when: { fact: 'route', eq: 'inbound' } },
      ],
    };
    const diff = diffRuleSets(base, next);
    expect(diff.thresholds).toEqual([{ name: 'inspect', before: 30, after: 25 }]);
    expect(
      diff.rules.map((change) => [change.kind, change.id, 'fields' in change ? change.fields : []]),
    ).toEqual([
      ['removed', 'a', []],
      ['changed', 'b', ['weight', 'when']],
      ['changed', 'c', ['description']],
      ['added', 'd', []],
    ]);
  });

  it('notices a rule moved in the order', () => {
    const swapped: RuleSet = {
      ...base,
      version: '2',
      rules: [base.rules[1]!, base.rules[0]!, base.rules[2]!],
    };
    expect(
      diffRuleSets(base, swapped).rules.map((change) => [change.id, 'fields' in change ? change.fields : []]),
    ).toEqual([
      ['b', ['position']],
      ['a', ['position']],
    ]);
  });
});
