// Route schemas of the reports. The descriptions are the API's definitions of each count and ratio; they
// say the same as coverage.ts, which the code follows.
import { Type } from 'typebox';
import { CalendarDate, Nullable, StrictObject, Timestamp } from '../http/schemas.js';

const SiteId = Type.String({ minLength: 1, maxLength: 64 });
const Count = (description: string) => Type.Integer({ minimum: 0, description });
const Ratio = (description: string) => Nullable(Type.Number({ minimum: 0, maximum: 1, description }));

export const CoverageQuery = StrictObject({
  from: { ...CalendarDate, description: 'first China calendar day (UTC+8), YYYY-MM-DD, inclusive' },
  to: { ...CalendarDate, description: 'last China calendar day, inclusive; at most 92 days after from' },
  siteId: Type.Optional({
    ...SiteId,
    description: 'one site (station managers: only their own; default: theirs)',
  }),
  gapLimit: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 10_000, description: 'list at most this many gaps (10,000)' }),
  ),
});

const Ratios = Type.Object(
  {
    realName: Ratio(
      'real-name coverage: (enteredNetwork − realNameGaps) / (enteredNetwork + hubUnknownParcel); null when 0/0',
    ),
    inspection: Ratio(
      'inspection coverage: (enteredNetwork − inspectionGaps) / (enteredNetwork + hubUnknownParcel + hubHeldUnmarked)',
    ),
    xrayBeforeDispatch: Ratio('X-ray before dispatch: xrayBeforeDispatch / dispatched'),
    acceptance: Ratio('accepted / presented'),
    refusal: Ratio('refused / presented'),
  },
  { description: 'ratios in [0, 1]; null when the denominator is 0' },
);

const countProperties = {
  presented: Count('parcels taken in at the site that day (intake day, China calendar), every decision'),
  refused: Count(
    'parcels refused: at the identity gate, for their contents at the counter, or at inspection',
  ),
  refusedByReason: Type.Record(Type.String(), Type.Integer(), {
    description:
      '`identity:<gate reason>` (gate refused), `contents` (screening or risk refused at the counter), ' +
      '`inspection:<outcome>` (the inspection on acceptance did not end consistent)',
  }),
  accepted: Count("passed the inspection on acceptance (inspection_outcome 'consistent')"),
  realNamePassed: Count("passed real-name collection (gate decision 'pass')"),
  realNameVerifiedSender: Count('of realNamePassed: a verified, registered sender'),
  realNameAgreement: Count('of realNamePassed: under a security agreement'),
  inspected: Count('inspected on acceptance, any outcome'),
  inspectedWithMark: Count('inspected and given an inspection mark (consistent outcome)'),
  xrayClear: Count('X-rayed clear (or cleared by an open inspection)'),
  dispatched: Count('dispatched'),
  xrayBeforeDispatch: Count('dispatched and X-rayed clear no later than dispatch'),
  enteredNetwork: Count(
    'entered the network: state accepted, open-inspection, screened, dispatched or delivered, or inspected ' +
      'consistent, or dispatched (a held parcel counts only if it had been accepted or dispatched before)',
  ),
  heldAtIntake: Count("held by the intake decision (decision 'hold')"),
  holds: Count('hold events recorded at the site that day (by event day)'),
  clues: Count('clues raised at the site that day'),
  scansRejected: Count(
    'scans rejected at the site that day (unknown or uncertified machine, untrained operator)',
  ),
  realNameGaps: Count('parcels of that intake day in the network without passing real-name collection'),
  inspectionGaps: Count('parcels of that intake day in the network without a consistent inspection'),
  xrayGaps: Count('parcels of that intake day dispatched without being X-rayed clear before dispatch'),
  hubHeldUnmarked: Count(
    'waybills scanned at the site that day without a valid inspection mark (held-unmarked, refused-parcel)',
  ),
  hubUnknownParcel: Count('waybills scanned at the site that day that were never taken in (unknown-parcel)'),
};

const Row = Type.Object({ siteId: Type.String(), day: Type.String(), ...countProperties, ratios: Ratios });
const Totals = Type.Object({ ...countProperties, ratios: Ratios });
const Gap = Type.Object({
  waybillNo: Type.String(),
  siteId: Type.String({ description: 'the intake site (parcel gaps) or the scanning hub (scan gaps)' }),
  day: Type.String({ description: 'the intake day (parcel gaps) or the scan day (scan gaps)' }),
  gates: Type.Array(Type.Enum(['real-name', 'inspection', 'x-ray']), { description: 'the gates missed' }),
  source: Type.Enum(['parcel', 'scan']),
  state: Nullable(Type.String()),
  scanOutcome: Nullable(Type.Enum(['held-unmarked', 'unknown-parcel', 'refused-parcel'])),
});

export const CoverageResponse = Type.Object({
  from: Type.String(),
  to: Type.String(),
  siteId: Nullable(Type.String()),
  rows: Type.Array(Row, { description: 'one per site and day, zeros included' }),
  totals: Totals,
  gaps: Type.Array(Gap, {
    description:
      'every parcel missing a gate (real-name, inspection: entered the network without it; x-ray: dispatched ' +
      'without an X-ray clear before), and every waybill a hub scanned held-unmarked or refused-parcel (inspection) or ' +
      'unknown-parcel (real-name, inspection)',
  }),
  gapsTruncated: Type.Boolean({
    description: 'more gaps than gapLimit: the counts are complete, the list not',
  }),
});

export const AttestBody = StrictObject({
  date: { ...CalendarDate, description: 'the China calendar day to attest (not after today)' },
  siteId: Type.Optional({
    ...SiteId,
    description: 'one site; omitted: every site (station managers: theirs)',
  }),
});

export const AttestationsQuery = StrictObject({
  date: Type.Optional(CalendarDate),
  siteId: Type.Optional(SiteId),
});

export const SignedStatementSchema = Type.Object(
  {
    format: Type.String(),
    statement: Type.Object({}, { additionalProperties: true }),
    signature: Type.String(),
  },
  { description: 'the statement (counts, Merkle root, tree size, key id) and its Ed25519 signature' },
);

export const AttestationSummarySchema = Type.Object({
  id: Type.String(),
  day: Type.String(),
  siteId: Nullable(Type.String()),
  merkleRoot: Type.String(),
  leafCount: Type.Integer(),
  keyId: Type.String(),
  createdBy: Type.String(),
  createdAt: Timestamp,
});

export const ProofQuery = StrictObject({ waybillNo: Type.String({ minLength: 1, maxLength: 40 }) });
export const ProofSchema = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      'an inclusion proof: the gate record, leaf index, tree size, audit path and the signed statement, ' +
      'verifiable offline with the public key (`parcelguard report verify`)',
  },
);
