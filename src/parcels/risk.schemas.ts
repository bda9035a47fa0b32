// Request and response schemas of the risk rule set routes. The whole-rule-set and dry-run responses are the
// contract the console's types are generated from; Fastify serialises a response from its schema and drops every
// property the schema does not name, so these name every field of RuleSet and DryRunReport (the type checks at
// the end fail to compile when the server's types and these schemas part).
import { Type, type Static } from 'typebox';
import { StrictObject, Timestamp } from '../http/schemas.js';
import type { DryRunReport, RuleSet } from './risk-rules.types.js';

const RuleSetDocument = Type.Object(
  {},
  { additionalProperties: true, description: 'a whole rule set: {version, threshold, rules}' },
);
export const PublishBody = StrictObject({
  ruleSet: RuleSetDocument,
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
});
export const DryRunBody = StrictObject({ ruleSet: RuleSetDocument, from: Timestamp, to: Timestamp });

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
const fact = Type.String({
  description: 'a dotted path into the risk facts ("sender.recentParcels.count7d")',
});

/**
 * A rule's condition, nested as deep as the parser allows: each kind of condition names its
 * properties, so the serialiser writes every one. Every kind requires its own keys, and those keys tell the
 * kinds apart, so the first kind that matches a condition is the one it is.
 */
const Condition = Type.Cyclic(
  {
    Condition: Type.Union([
      Type.Object({ all: Type.Array(Type.Ref('Condition')) }),
      Type.Object({ any: Type.Array(Type.Ref('Condition')) }),
      Type.Object({ not: Type.Ref('Condition') }),
      Type.Object({ fact, eq: Scalar }),
      Type.Object({ fact, ne: Scalar }),
      Type.Object({ fact, gt: Type.Number() }),
      Type.Object({ fact, gte: Type.Number() }),
      Type.Object({ fact, lt: Type.Number() }),
      Type.Object({ fact, lte: Type.Number() }),
      Type.Object({ fact, in: Type.Array(Scalar) }),
      Type.Object({ fact, includesAny: Type.Array(Type.String()) }),
      Type.Object({ fact, exists: Type.Boolean() }),
    ]),
  },
  'Condition',
);

/** A whole rule set version (RuleSet in risk-rules.types.ts). */
export const RuleSetSchema = Type.Object(
  {
    version: Type.String(),
    threshold: Type.Object({ inspect: Type.Number(), hold: Type.Number() }),
    rules: Type.Array(
      Type.Object({
        id: Type.String(),
        description: Type.String(),
        weight: Type.Number({ description: 'points added to the score when the rule holds' }),
        when: Condition,
      }),
    ),
  },
  { description: 'a whole rule set version, as published' },
);

const RiskDecision = Type.Enum(['none', 'inspect', 'hold']);
const DecisionCounts = Type.Object({ none: Type.Integer(), inspect: Type.Integer(), hold: Type.Integer() });

/** What publishing a candidate would have changed over past parcels (DryRunReport in risk-rules.types.ts). */
export const DryRunReportSchema = Type.Object({
  currentVersion: Type.String(),
  candidateVersion: Type.String(),
  evaluated: Type.Integer(),
  changed: Type.Array(
    Type.Object({
      waybillNo: Type.String(),
      from: RiskDecision,
      to: RiskDecision,
      fromScore: Type.Number(),
      toScore: Type.Number(),
      addedHits: Type.Array(Type.String(), { description: 'rules that hold under the candidate only' }),
      removedHits: Type.Array(Type.String(), { description: 'rules that hold under the current set only' }),
    }),
  ),
  summary: Type.Object({
    current: DecisionCounts,
    candidate: DecisionCounts,
    escalated: Type.Integer(),
    relaxed: Type.Integer(),
    ruleHits: Type.Array(
      Type.Object({ ruleId: Type.String(), current: Type.Integer(), candidate: Type.Integer() }),
      { description: 'how often each rule of either set held: current rules first, then new ones' },
    ),
  }),
});

// Assignable both ways: a field added to, removed from or retyped in one side only stops the build. (An optional
// field the schema leaves out passes here; the route tests compare whole bodies with the service's objects.)
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _ruleSetMatchesSchema: SameShape<RuleSet, Static<typeof RuleSetSchema>> = true;
const _reportMatchesSchema: SameShape<DryRunReport, Static<typeof DryRunReportSchema>> = true;
