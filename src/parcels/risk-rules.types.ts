// The shapes of declarative risk rules and of what they read and produce (see risk-rules.ts).
import type { Route, Verdict } from '../screening/catalogue.js';

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
