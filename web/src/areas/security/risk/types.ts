// The risk rule set documents as the API returns them: generated from the route schemas
// (web/src/api/schema.d.ts, `npm run api:types`), so they follow the server's RuleSet and DryRunReport. Only
// the console's own constants are written here.
import type { paths } from '../../../api/schema';

export type VersionSummary =
  paths['/api/v1/risk/rule-sets']['get']['responses'][200]['content']['application/json'][number];
export type RuleSet =
  paths['/api/v1/risk/rule-sets/{version}']['get']['responses'][200]['content']['application/json'];
export type DryRunReport =
  paths['/api/v1/risk/dry-run']['post']['responses'][200]['content']['application/json'];

export type RiskRule = RuleSet['rules'][number];
export type Condition = RiskRule['when'];
/** A comparison of one fact: the conditions that are not all / any / not. */
export type FactCondition = Extract<Condition, { fact: string }>;
export type DryRunChange = DryRunReport['changed'][number];
export type RiskDecision = DryRunChange['from'];

export const RISK_DECISIONS: readonly RiskDecision[] = ['none', 'inspect', 'hold'];

/** A literal a fact is compared with. */
export type Scalar = Extract<Condition, { eq: unknown }>['eq'];

export const COMPARISONS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'includesAny', 'exists'] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const DECISION_TONE = { none: 'ok', inspect: 'warn', hold: 'bad' } as const;
