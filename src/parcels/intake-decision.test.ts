import { describe, expect, it } from 'vitest';
import type { GateDecision } from '../identity/identity.types.js';
import type { Category } from '../screening/catalogue.js';
import type { ScreeningResult } from '../screening/screener.js';
import { intakeBody } from '../testing/parcel-factories.js';
import { decide, throwIfInvalidIntake, toGateInput, worstVerdict } from './intake-decision.js';
import type { RiskAssessment } from './risk-rules.js';

const passed: GateDecision = { decision: 'pass', reason: null, counterMessage: 'Proceed.', clueIds: [] };
const clear = (): ScreeningResult => ({
  verdict: 'clear',
  category: null,
  matches: [],
  reasons: [],
  catalogueVersion: 'v1',
});
const flagged = (verdict: ScreeningResult['verdict'], category: string): ScreeningResult => ({
  ...clear(),
  verdict,
  category,
  reasons: [`${verdict}: ${category}`],
});
const quietRisk: RiskAssessment = { ruleSetVersion: 'r1', score: 0, decision: 'none', hits: [] };
const hit = { ruleId: 'first-time-high-risk', description: 'first-time sender', weight: 40, facts: {} };
const categories = [
  { slug: 'firearms', crimeRelated: true },
  { slug: 'lithium-batteries', crimeRelated: false },
] as Category[];

describe('decide', () => {
  it('refuses on the identity gate first, whatever the items', () => {
    const gate: GateDecision = {
      ...passed,
      decision: 'refuse',
      reason: 'invalid-document',
      counterMessage: 'No.',
    };
    expect(decide(gate, [flagged('prohibited', 'firearms')], quietRisk, categories)).toEqual({
      decision: 'refuse',
      reasons: ['identity: invalid-document'],
      counterMessage: 'No.',
    });
  });

  it('holds when the gate holds (a watchlist match), without telling the counter why', () => {
    const gate: GateDecision = { ...passed, decision: 'hold' };
    expect(decide(gate, [clear()], quietRisk, categories)).toMatchObject({
      decision: 'hold',
      reasons: ['identity: held'],
      counterMessage: 'Refer to a supervisor.',
    });
  });

  it('refuses a prohibited item; a crime-related one says a supervisor follows up', () => {
    const crime = decide(passed, [clear(), flagged('prohibited', 'firearms')], quietRisk, categories);
    expect(crime).toMatchObject({ decision: 'refuse', reasons: ['prohibited: firearms'] });
    expect(crime.counterMessage).toContain('a supervisor will follow up');
    const plain = decide(passed, [flagged('prohibited', 'lithium-batteries')], quietRisk, categories);
    expect(plain.counterMessage).toBe('Refuse the parcel: it declares prohibited items.');
  });

  it('holds on the risk rules, naming each rule and its weight', () => {
    const risk: RiskAssessment = {
      ...quietRisk,
      score: 80,
      decision: 'hold',
      hits: [hit, { ...hit, ruleId: 'r2' }],
    };
    expect(decide(passed, [clear()], risk, categories)).toMatchObject({
      decision: 'hold',
      reasons: ['risk: first-time-high-risk (+40)', 'risk: r2 (+40)'],
    });
  });

  it('asks for inspection, with care when an item is flagged or a rule asks for it', () => {
    expect(decide(passed, [clear()], quietRisk, categories)).toEqual({
      decision: 'inspect',
      reasons: [],
      counterMessage: 'Inspect the contents against the declaration, then seal and mark.',
    });
    const watched = decide(passed, [flagged('watch', 'lithium-batteries')], quietRisk, categories);
    expect(watched.reasons).toEqual(['watch: lithium-batteries']);
    expect(watched.counterMessage).toContain('Inspect with care');
    const risky = decide(passed, [clear()], { ...quietRisk, decision: 'inspect', hits: [hit] }, categories);
    expect(risky.reasons).toEqual(['risk: first-time-high-risk (+40): first-time sender']);
    expect(risky.counterMessage).toContain('Inspect with care');
  });
});

describe('worstVerdict', () => {
  it('is the most serious verdict among the items', () => {
    expect(worstVerdict([])).toBe('clear');
    expect(worstVerdict([flagged('watch', 'a'), flagged('restricted', 'b'), clear()])).toBe('restricted');
  });
});

describe('toGateInput', () => {
  const body = intakeBody('site-1');

  it('presents the document with the verification the courier names, and never makes one up', () => {
    expect(toGateInput(body)).toMatchObject({
      kind: 'document',
      siteId: 'site-1',
      documentType: 'resident-id',
      verification: { method: 'card-reader' },
    });
    const { verification: _, ...sender } = body.sender;
    expect(() => toGateInput({ ...body, sender })).toThrow(
      expect.objectContaining({
        code: 'validation-failed',
        errors: [expect.objectContaining({ path: '/sender/verification' })],
      }),
    );
  });

  it("hands the gate an agreement parcel's contents with the screener's categories", () => {
    const items = [{ description: '茶叶' }, { description: '充电宝' }];
    expect(
      toGateInput({ ...body, items, sender: { agreementId: 'ag-1' } }, [
        { category: null },
        { category: 'batteries' },
      ]),
    ).toMatchObject({
      kind: 'agreement',
      goods: [
        { description: '茶叶', category: null },
        { description: '充电宝', category: 'batteries' },
      ],
    });
  });

  it('tells an agreement customer, a refusal to show, and no document apart', () => {
    expect(toGateInput({ ...body, sender: { agreementId: 'ag-1' } })).toMatchObject({
      kind: 'agreement',
      agreementId: 'ag-1',
    });
    expect(toGateInput({ ...body, sender: { refusedToShow: true } }).kind).toBe('refused-to-show');
    expect(toGateInput({ ...body, sender: { name: '张三' } }).kind).toBe('no-document');
  });
});

describe('throwIfInvalidIntake', () => {
  it('names the route that the countries call for', () => {
    const body = intakeBody('site-1', {
      route: 'domestic',
      destination: { country: 'US', address: 'New York' },
    });
    expect(() => throwIfInvalidIntake(body)).toThrow(/route.*must be outbound for a parcel from CN to US/);
  });

  it('asks for the verification whenever a document is presented, and only then', () => {
    const body = intakeBody('site-1');
    const { verification: _, ...sender } = body.sender;
    expect(() => throwIfInvalidIntake({ ...body, sender })).toThrow(/sender\/verification: is required/);
    const { documentType: _type, number: _number, ...noDocument } = sender;
    expect(() => throwIfInvalidIntake({ ...body, sender: noDocument })).not.toThrow();
    expect(() => throwIfInvalidIntake({ ...body, sender: { agreementId: 'ag-1' } })).not.toThrow();
    expect(() =>
      throwIfInvalidIntake({
        ...body,
        sender: { agreementId: 'ag-1', documentType: 'resident-id', number: '1' },
      }),
    ).toThrow(/sender\/verification: is required/);
  });
});
