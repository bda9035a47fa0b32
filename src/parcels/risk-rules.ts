// Declarative risk rules: versioned data a security officer publishes, weighted and explainable (in the manner
// of Tazama typologies or Marble scenarios). A rule is a condition over RiskFacts; a parcel's score is the sum
// of the weights of the rules it meets, and two thresholds turn the score into a decision. Every hit names the
// rule, its weight and the facts it read, so a held parcel can always be explained. Pure: no I/O, no clock.
// This file evaluates a parsed rule set (one parcel, or a dry run over many); the shapes are in
// risk-rules.types.ts, the facts a rule may name in risk-facts.ts, parsing in risk-rules.parse.ts.
import { factDefinition } from './risk-facts.js';
import type {
  DryRunChange,
  DryRunReport,
  FactValue,
  RiskAssessment,
  RiskDecision,
  RiskFacts,
  RiskHit,
  RuleSet,
  Condition,
} from './risk-rules.types.js';

export * from './risk-rules.types.js';
export { RECENT_PARCELS_CAP, RISK_FACT_PATHS } from './risk-facts.js';
export { categoriesNamed, loadDefaultRuleSet, parseRuleSet, type NamedCategory } from './risk-rules.parse.js';

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
