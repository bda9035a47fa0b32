// The risk rule set documents as the API returns them (src/parcels/risk-rules.ts): the routes that return a
// whole rule set or a dry-run report declare no response schema, so their shapes are written out here.
import type { paths } from '../../../api/schema';

export type VersionSummary =
  paths['/api/v1/risk/rule-sets']['get']['responses'][200]['content']['application/json'][number];

export type RiskDecision = 'none' | 'inspect' | 'hold';
export const RISK_DECISIONS: readonly RiskDecision[] = ['none', 'inspect', 'hold'];

export type Scalar = string | number | boolean;

export const COMPARISONS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'includesAny', 'exists'] as const;
export type Comparison = (typeof COMPARISONS)[number];

export type FactCondition = { fact: string } & Partial<Record<Comparison, Scalar | Scalar[]>>;
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | FactCondition;

export interface RiskRule {
  id: string;
  description: string;
  weight: number;
  when: Condition;
}

export interface RuleSet {
  version: string;
  threshold: { inspect: number; hold: number };
  rules: RiskRule[];
}

export interface DryRunChange {
  waybillNo: string;
  from: RiskDecision;
  to: RiskDecision;
  fromScore: number;
  toScore: number;
  addedHits: string[];
  removedHits: string[];
}

export interface DryRunReport {
  currentVersion: string;
  candidateVersion: string;
  evaluated: number;
  changed: DryRunChange[];
  summary: {
    current: Record<RiskDecision, number>;
    candidate: Record<RiskDecision, number>;
    escalated: number;
    relaxed: number;
    ruleHits: { ruleId: string; current: number; candidate: number }[];
  };
}

export const DECISION_TONE = { none: 'ok', inspect: 'warn', hold: 'bad' } as const;
