// The intake decision, free of I/O: the request's checks, the identity gate's input, and how the gate, the
// screening of every item and the risk rules combine into refuse | inspect | hold with reasons and a message for
// the counter.
import type { GateDecision, GateInput } from '../identity/identity.types.js';
import { AppError } from '../platform/errors.js';
import { FieldProblems } from '../platform/validation.js';
import type { Category, Route } from '../screening/catalogue.js';
import { crimeRelatedProhibited } from '../screening/category-meaning.js';
import type { ScreeningResult } from '../screening/screener.js';
import type { ParcelState } from './parcel-state.js';
import type { ParcelTable } from './parcels.tables.js';
import type { IntakeInput, IntakeResult, ParcelDecision } from './parcels.types.js';
import type { RiskAssessment } from './risk-rules.js';
import { isWaybillNo, WAYBILL_NO_RULE } from './waybill.js';

const COUNTRY = /^[A-Z]{2}$/;
const REFER_TO_SUPERVISOR = 'Refer to a supervisor.';
const VERIFICATION_REQUIRED =
  'is required with a document: how the sender was checked against it (card-reader, visual or face-match)';

/** The state a parcel starts in, by the intake decision. */
export const INTAKE_STATE: Record<ParcelDecision, ParcelState> = {
  refuse: 'refused',
  hold: 'held',
  inspect: 'awaiting-inspection',
};

/**
 * What the identity gate is asked about this intake. `screened` (per item, in order) lets the gate judge the
 * contents against an agreement's permitted goods by the screener's category as well as the description.
 */
export function toGateInput(
  input: IntakeInput,
  screened: readonly Pick<ScreeningResult, 'category'>[] = [],
): GateInput {
  const sender = input.sender;
  const site = { siteId: input.siteId, ...(sender.phone === undefined ? {} : { phone: sender.phone }) };
  const documentFields = {
    ...(sender.documentType === undefined ? {} : { documentType: sender.documentType }),
    ...(sender.number === undefined ? {} : { number: sender.number }),
    ...(sender.nationality === undefined ? {} : { nationality: sender.nationality }),
  };
  if (sender.agreementId !== undefined) {
    return {
      kind: 'agreement',
      agreementId: sender.agreementId,
      ...site,
      ...documentFields,
      ...(sender.name === undefined ? {} : { name: sender.name }),
      ...(sender.verification === undefined ? {} : { verification: sender.verification }),
      goods: input.items.map((item, index) => ({
        description: item.description,
        category: screened[index]?.category ?? null,
      })),
    };
  }
  if (sender.refusedToShow === true) return { kind: 'refused-to-show', ...site };
  if (sender.documentType === undefined || sender.number === undefined)
    return { kind: 'no-document', ...site };
  // throwIfInvalidIntake asks for the verification with any document: none is never taken for a visual check.
  if (sender.verification === undefined) {
    throw AppError.invalidField('/sender/verification', VERIFICATION_REQUIRED);
  }
  return {
    kind: 'document',
    ...site,
    ...documentFields,
    documentType: sender.documentType,
    number: sender.number,
    name: sender.name ?? '',
    verification: sender.verification,
  };
}

export function decide(
  gate: GateDecision,
  screened: ScreeningResult[],
  risk: RiskAssessment,
  categories: readonly Category[],
): { decision: ParcelDecision; reasons: string[]; counterMessage: string } {
  if (gate.decision === 'refuse')
    return {
      decision: 'refuse',
      reasons: [
        `identity: ${gate.reason ?? 'refused'}${gate.reasonDetail === undefined ? '' : ` (${gate.reasonDetail})`}`,
      ],
      counterMessage: gate.counterMessage,
    };
  if (gate.decision === 'hold')
    return { decision: 'hold', reasons: ['identity: held'], counterMessage: REFER_TO_SUPERVISOR };
  const prohibited = screened.filter((result) => result.verdict === 'prohibited');
  if (prohibited.length > 0) {
    const crime = crimeRelatedProhibited(categories, prohibited).length > 0;
    return {
      decision: 'refuse',
      reasons: prohibited.flatMap((result) =>
        result.reasons.filter((reason) => reason.startsWith('prohibited') || reason.startsWith('over-limit')),
      ),
      counterMessage: crime
        ? 'Refuse the parcel: it declares prohibited items. Keep the sender informed only that it cannot be accepted; a supervisor will follow up.'
        : 'Refuse the parcel: it declares prohibited items.',
    };
  }
  if (risk.decision === 'hold') {
    return {
      decision: 'hold',
      reasons: risk.hits.map((hit) => `risk: ${hit.ruleId} (+${hit.weight})`),
      counterMessage: REFER_TO_SUPERVISOR,
    };
  }
  const reasons = [
    ...screened.flatMap((result) => result.reasons.filter((reason) => !reason.startsWith('exception'))),
    ...risk.hits.map((hit) => `risk: ${hit.ruleId} (+${hit.weight}): ${hit.description}`),
  ];
  const careful = screened.some((result) => result.verdict !== 'clear') || risk.decision === 'inspect';
  return {
    decision: 'inspect',
    reasons,
    counterMessage: careful
      ? 'Inspect with care: open the parcel and check every flagged item before sealing.'
      : 'Inspect the contents against the declaration, then seal and mark.',
  };
}

export function worstVerdict(screened: readonly ScreeningResult[]): ScreeningResult['verdict'] {
  const order = ['clear', 'watch', 'restricted', 'prohibited'] as const;
  return screened.reduce<ScreeningResult['verdict']>(
    (worst, result) => (order.indexOf(result.verdict) > order.indexOf(worst) ? result.verdict : worst),
    'clear',
  );
}

export function sumDeclared(input: IntakeInput): number | null {
  const values = input.items
    .map((item) => item.declaredValue)
    .filter((value): value is number => value !== undefined);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
}

export function toIntakeResult(
  row: ParcelTable,
  items: IntakeInput['items'],
  screened: ScreeningResult[],
  replayed: boolean,
): IntakeResult {
  return {
    waybillNo: row.waybill_no,
    state: row.state,
    decision: row.decision,
    counterMessage: row.counter_message,
    reasons: row.decision === 'hold' ? [] : (JSON.parse(row.decision_reasons) as string[]),
    catalogueVersion: row.catalogue_version,
    items: items.map((item, index) => ({
      description: item.description,
      verdict: screened[index]!.verdict,
      category: screened[index]!.category,
    })),
    replayed,
  };
}

export function throwIfInvalidIntake(input: IntakeInput): void {
  const problems = new FieldProblems()
    .check(isWaybillNo(input.waybillNo), 'waybillNo', WAYBILL_NO_RULE)
    .check(
      input.noticeAcknowledged,
      'noticeAcknowledged',
      'must be true: the sender must be shown the prohibited-items notice first',
    )
    .check(
      COUNTRY.test(input.origin.country),
      'origin/country',
      'must be an ISO 3166-1 alpha-2 code, e.g. CN',
    )
    .check(
      COUNTRY.test(input.destination.country),
      'destination/country',
      'must be an ISO 3166-1 alpha-2 code, e.g. CN',
    )
    .check(input.items.length > 0, 'items', 'must list at least one item')
    .check(
      Number.isInteger(input.weightGrams) && input.weightGrams > 0,
      'weightGrams',
      'must be a positive whole number of grams',
    )
    // How the counter checked the person is part of real-name collection: a document without it was not checked.
    .check(
      (input.sender.documentType === undefined && input.sender.number === undefined) ||
        input.sender.refusedToShow === true ||
        input.sender.verification !== undefined,
      'sender/verification',
      VERIFICATION_REQUIRED,
    );
  const expectedRoute: Route =
    input.origin.country === 'CN' && input.destination.country === 'CN'
      ? 'domestic'
      : input.origin.country === 'CN'
        ? 'outbound'
        : 'inbound';
  problems.check(
    input.route === expectedRoute || (input.origin.country !== 'CN' && input.destination.country !== 'CN'),
    'route',
    `must be ${expectedRoute} for a parcel from ${input.origin.country} to ${input.destination.country}`,
  );
  problems.throwIfAny();
}
