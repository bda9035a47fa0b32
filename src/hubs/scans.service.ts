import { createHash } from 'node:crypto';
import type { AuditService } from '../audit/audit.service.js';
import type { CluesService } from '../cases/clues.service.js';
import { actingPersonId, authorize, throwIfNotStaffOf } from '../people/access.js';
import type { RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import { canonicalJson } from '../platform/canonical-json.js';
import { chinaDate, type Clock } from '../platform/clock.js';
import { withinSavepoint } from '../platform/database/savepoints.js';
import type { Executor, Store, Trx } from '../platform/database/store.js';
import { AppError, type ErrorCode, type FieldError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems } from '../platform/validation.js';
import type { ParcelState } from '../parcels/parcel-state.js';
import type { ParcelsService } from '../parcels/parcels.service.js';
import type { ParcelTable } from '../parcels/parcels.tables.js';
import type { HubsRepository } from './hubs.repository.js';
import type { ScanTable, ScreeningMachineTable } from './hubs.tables.js';
import { machineProblem } from './machines.service.js';
import { cleanWaybillNo, isWaybillNo, WAYBILL_NO_RULE } from '../parcels/waybill.js';

/** Screening method codes (DUTIES.md): X-ray, trace detection, hand search, visual check, dogs, metal detection. */
export const SCAN_METHODS = ['XRY', 'ETD', 'PHS', 'VCK', 'EDD', 'CMD'] as const;
export type ScanMethod = (typeof SCAN_METHODS)[number];
export const SCAN_RESULTS = ['clear', 'suspect'] as const;

/** The most scans one request may carry: a station flushes its buffer in batches of this size or fewer. */
export const MAX_SCANS_PER_BATCH = 1000;
/** Station clocks drift; a scan stamped further ahead of ours than this is rejected as mis-stamped. */
const MAX_CLOCK_AHEAD_MS = 5 * 60_000;
const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const SHA256 = /^[0-9a-f]{64}$/;

export interface ScanInput {
  /** The station's own id for this scan event: sending it again is answered, never counted twice. */
  eventId: string;
  waybillNo: string;
  machineCode: string;
  operatorId?: string;
  /** ISO 8601 date-time with an offset, e.g. 2026-11-28T09:15:00+08:00. */
  scannedAt: string;
  result: 'clear' | 'suspect';
  method?: ScanMethod;
  imageRef?: string;
  imageSha256?: string;
  threats?: string[];
}

/**
 * What a scan did to its parcel:
 * - `screened`: X-ray clear, the parcel may be dispatched;
 * - `open-inspection`: suspect, the parcel waits for a trained screener to open it;
 * - `rescan`: recorded, no change (already screened, or still waiting for its open inspection);
 * - `held-suspect`: suspect on a parcel already screened: held;
 * - `held-unmarked`: the parcel reached the hub without a valid inspection mark (it got past gate two): held, clue;
 * - `unknown-parcel`: no counter ever took this waybill in (it got past gates one and two): clue;
 * - `refused-parcel`: a parcel refused at the counter turned up in the network: clue.
 */
export type ScanOutcome =
  | 'screened'
  | 'open-inspection'
  | 'rescan'
  | 'held-suspect'
  | 'held-unmarked'
  | 'unknown-parcel'
  | 'refused-parcel';

/** One answer per scan, in input order: recorded (201), replayed (200), or a problem with its status. */
export interface ScanAnswer {
  eventId: string;
  waybillNo: string;
  status: number;
  replayed?: boolean;
  outcome?: ScanOutcome;
  state?: ParcelState | null;
  /** What the screener at the belt should do. */
  instruction?: string;
  problem?: { code: ErrorCode; detail: string; errors: FieldError[] };
}

const INSTRUCTIONS: Record<ScanOutcome, string> = {
  screened: 'Clear: the parcel may move on.',
  'open-inspection': 'Suspect: divert the parcel for an open inspection by a trained screener.',
  rescan: 'Recorded.',
  'held-suspect': 'Suspect on a parcel already screened: divert and keep it; it is held.',
  'held-unmarked': 'No valid inspection mark: divert and keep the parcel; it is held and reported.',
  'unknown-parcel': 'This waybill was never taken in at a counter: divert and keep the item; it is reported.',
  'refused-parcel': 'This parcel was refused at the counter: divert and keep it; it is reported.',
};

/**
 * The third gate at the hub: X-ray scans from certified machines by trained operators, idempotent by the
 * station's event id. A batch is one transaction; each scan inside it is a savepoint, so one scan's problem
 * never undoes another's record.
 */
export class ScansService {
  constructor(
    private readonly store: Store,
    private readonly repository: HubsRepository,
    private readonly people: PeopleRepository,
    private readonly parcels: ParcelsService,
    private readonly clues: CluesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async submit(context: RequestContext, inputs: readonly ScanInput[]): Promise<ScanAnswer[]> {
    throwIfBadBatchSize(inputs);
    return this.store.transaction((trx) => this.submitWithin(trx, context, inputs));
  }

  /**
   * `submit` inside the caller's open transaction: the event consumer (events/) writes a whole JetStream batch,
   * and its receipts, in one transaction. Each scan is still its own savepoint.
   */
  async submitWithin(trx: Trx, context: RequestContext, inputs: readonly ScanInput[]): Promise<ScanAnswer[]> {
    throwIfBadBatchSize(inputs);
    const checked = inputs.map((input) => checkScan(input, this.clock.now()));
    const answers: ScanAnswer[] = [];
    // A station's batch comes from one or two machines and operators: look each up once per transaction.
    const lookups = new BatchLookups(trx, this.repository, this.people);
    for (const [index, scan] of checked.entries()) {
      if ('problem' in scan) {
        answers.push(scan.problem);
        continue;
      }
      const outcome = await withinSavepoint(this.store, trx, () =>
        this.recordWithin(trx, context, scan.ok, lookups),
      );
      if (outcome.ok) answers.push(outcome.value);
      else if (outcome.error instanceof AppError) answers.push(problemAnswer(inputs[index]!, outcome.error));
      else throw outcome.error;
    }
    return answers;
  }

  private async recordWithin(
    trx: Executor,
    context: RequestContext,
    scan: CheckedScan,
    lookups: BatchLookups,
  ): Promise<ScanAnswer> {
    const existing = await this.repository.findScan(trx, scan.eventId);
    if (existing !== undefined) {
      if (existing.request_hash !== scan.requestHash) {
        throw new AppError('conflict', 'this scan event was already sent with other contents', {
          errors: [{ path: '/eventId', message: 'is already used by another scan' }],
        });
      }
      return {
        eventId: existing.event_id,
        waybillNo: existing.waybill_no,
        status: 200,
        replayed: true,
        outcome: existing.outcome as ScanOutcome,
        state: existing.state_after as ParcelState | null,
        instruction: INSTRUCTIONS[existing.outcome as ScanOutcome],
      };
    }
    const day = chinaDate(scan.scannedAt);
    const machine = await lookups.machine(scan.machineCode);
    const machineRejection = machineProblem(machine, day);
    if (machineRejection !== null) {
      return this.reject(trx, context, scan, machine, machineRejection, {
        code: 'machine-not-certified',
        detail:
          machineRejection === 'unknown-machine'
            ? `machine ${scan.machineCode} is not registered`
            : machineRejection === 'machine-retired'
              ? `machine ${scan.machineCode} is retired`
              : `machine ${scan.machineCode} is not certified on ${day} (certified until ${machine!.certified_until})`,
        errors: [{ path: '/machineCode', message: 'is not a registered machine certified on the scan day' }],
      });
    }
    authorize(context.actor, 'act', { kind: 'site', id: machine!.site_id }, { path: '/machineCode' });
    // A person at the belt scans as themselves; a station's software names its operator, who works at its hub.
    const acting = actingPersonId(context.actor, scan.operatorId, '/operatorId');
    if (acting === undefined) {
      throw AppError.invalidField('/operatorId', 'is required when a station (API key) sends the scan');
    }
    const operatorId = acting.id;
    const operator = await lookups.staff(operatorId);
    if (operator === undefined || operator.status !== 'active') {
      throw new AppError('unknown-reference', 'the operator is not an active staff member', {
        errors: [{ path: '/operatorId', message: 'no such active staff member' }],
      });
    }
    if (acting.checkSite) throwIfNotStaffOf(operator, machine!.site_id, '/operatorId');
    // An operator a station or the CLI names is held to onboarding as one signing in is (http/server.ts).
    const named = context.actor.type !== 'staff';
    if (named && !(await lookups.certified(operatorId, 'safety-training', day))) {
      return this.reject(trx, context, scan, machine, 'operator-not-certified', {
        code: 'not-certified',
        detail: `the operator has not passed onboarding safety training by ${day}`,
        errors: [{ path: '/operatorId', message: 'has not passed onboarding safety training' }],
      });
    }
    if (!(await lookups.certified(operatorId, 'xray-operation', day))) {
      return this.reject(trx, context, scan, machine, 'operator-not-certified', {
        code: 'not-certified',
        detail: `the operator holds no valid xray-operation certification on ${day}`,
        errors: [{ path: '/operatorId', message: 'has no valid xray-operation certification' }],
      });
    }
    return this.applyToParcel(trx, context, scan, machine!, operatorId);
  }

  /** The scan is valid: what it does depends on where the parcel stands. */
  private async applyToParcel(
    trx: Executor,
    context: RequestContext,
    scan: CheckedScan,
    machine: ScreeningMachineTable,
    operatorId: string,
  ): Promise<ScanAnswer> {
    const parcel = await this.parcels.findParcelWithin(trx, scan.waybillNo);
    const record = { siteId: machine.site_id, custodian: operatorId, details: { scan: scan.eventId } };
    let outcome: ScanOutcome;
    let state: ParcelState | null = parcel?.state ?? null;
    let clue: { kind: string; reason: string } | null = null;
    if (parcel === undefined) {
      outcome = 'unknown-parcel';
      clue = { kind: 'unregistered-parcel-at-hub', reason: 'no counter took this waybill in' };
    } else if (parcel.state === 'refused') {
      outcome = 'refused-parcel';
      clue = { kind: 'refused-parcel-at-hub', reason: 'the parcel was refused at the counter' };
    } else if (parcel.state === 'awaiting-inspection' || !this.hasValidMark(parcel)) {
      // Gate two was skipped (or its mark does not verify): stop the parcel before it goes any further.
      outcome = 'held-unmarked';
      clue = { kind: 'unmarked-parcel-at-hub', reason: 'the parcel has no valid inspection mark' };
      state = await this.parcels.moveWithin(trx, context, parcel, 'hold', {
        ...record,
        reason: 'reached a hub without a valid inspection mark',
      });
    } else if (parcel.state === 'accepted' || parcel.state === 'open-inspection') {
      if (scan.result === 'clear') {
        outcome = 'screened';
        state = await this.parcels.moveWithin(trx, context, parcel, 'scan-clear', record, {
          screened_at: Math.min(scan.scannedAt, this.clock.now()),
          screened_by_scan: scan.eventId,
        });
      } else if (parcel.state === 'accepted') {
        outcome = 'open-inspection';
        state = await this.parcels.moveWithin(trx, context, parcel, 'scan-suspect', record);
      } else {
        outcome = 'rescan';
      }
    } else if (parcel.state === 'held') {
      throw new AppError('parcel-held', 'the parcel is held: it must not be moved or scanned on');
    } else if (scan.result === 'suspect' && (parcel.state === 'screened' || parcel.state === 'dispatched')) {
      outcome = 'held-suspect';
      state = await this.parcels.moveWithin(trx, context, parcel, 'hold', {
        ...record,
        reason: 'X-ray suspect on a parcel already screened',
      });
    } else {
      outcome = 'rescan';
    }
    const row: ScanTable = {
      event_id: scan.eventId,
      request_hash: scan.requestHash,
      waybill_no: scan.waybillNo,
      machine_id: machine.id,
      operator_id: operatorId,
      site_id: machine.site_id,
      scanned_at: scan.scannedAt,
      result: scan.result,
      method: scan.method,
      image_ref: scan.imageRef,
      image_sha256: scan.imageSha256,
      threats: JSON.stringify(scan.threats),
      outcome,
      state_after: state,
      received_at: this.clock.now(),
    };
    await this.repository.insertScan(trx, row);
    await this.audit.append(trx, context, {
      action: 'scan.recorded',
      subject: { type: 'parcel', id: scan.waybillNo },
      data: row,
    });
    if (clue !== null) {
      await this.clues.raiseWithin(trx, context, {
        source: 'hubs',
        kind: clue.kind,
        severity: 'high',
        subjectType: 'parcel',
        subjectIndex: null,
        siteId: machine.site_id,
        details: { waybillNo: scan.waybillNo, reason: clue.reason, scan: scan.eventId, result: scan.result },
        refs: [
          { type: 'parcel', id: scan.waybillNo },
          { type: 'scan', id: scan.eventId },
        ],
      });
    }
    return {
      eventId: scan.eventId,
      waybillNo: scan.waybillNo,
      status: 201,
      outcome,
      state,
      instruction: INSTRUCTIONS[outcome],
    };
  }

  private hasValidMark(parcel: ParcelTable): boolean {
    if (parcel.inspection_mark === null) return false;
    return this.parcels.verifyMark(parcel.inspection_mark, parcel.waybill_no).valid;
  }

  /** A refused scan is still a fact: it is counted (scan_rejections) and audited, then answered as a problem. */
  private async reject(
    trx: Executor,
    context: RequestContext,
    scan: CheckedScan,
    machine: ScreeningMachineTable | undefined,
    reason: string,
    problem: NonNullable<ScanAnswer['problem']>,
  ): Promise<ScanAnswer> {
    const now = this.clock.now();
    const row = {
      id: newId(now),
      event_id: scan.eventId,
      machine_code: scan.machineCode,
      site_id: machine?.site_id ?? context.actor.siteId,
      waybill_no: scan.waybillNo,
      reason,
      at: now,
    };
    await this.repository.insertRejection(trx, row);
    await this.audit.append(trx, context, {
      action: 'scan.rejected',
      subject: { type: 'parcel', id: scan.waybillNo },
      data: row,
    });
    return {
      eventId: scan.eventId,
      waybillNo: scan.waybillNo,
      status: problem.code === 'not-certified' ? 403 : 422,
      problem,
    };
  }
}

function throwIfBadBatchSize(inputs: readonly ScanInput[]): void {
  if (inputs.length === 0 || inputs.length > MAX_SCANS_PER_BATCH) {
    throw AppError.invalidField('scans', `must hold 1 to ${MAX_SCANS_PER_BATCH} scans`);
  }
}

/** Per-transaction memo of the lookups every scan of a batch repeats (machine, operator, certification). */
class BatchLookups {
  private readonly machines = new Map<string, Promise<ScreeningMachineTable | undefined>>();
  private readonly staffMembers = new Map<string, ReturnType<PeopleRepository['findStaff']>>();
  private readonly certifications = new Map<string, Promise<boolean>>();

  constructor(
    private readonly trx: Executor,
    private readonly repository: HubsRepository,
    private readonly people: PeopleRepository,
  ) {}

  machine(code: string): Promise<ScreeningMachineTable | undefined> {
    return memo(this.machines, code, () => this.repository.findMachineByCode(this.trx, code));
  }

  staff(id: string): ReturnType<PeopleRepository['findStaff']> {
    return memo(this.staffMembers, id, () => this.people.findStaff(this.trx, id));
  }

  /** Whether the operator holds a valid certification of `kind` on `day` (onboarding, X-ray operation). */
  certified(operatorId: string, kind: 'safety-training' | 'xray-operation', day: string): Promise<boolean> {
    return memo(this.certifications, `${operatorId} ${kind} ${day}`, () =>
      this.people.hasValidCertification(this.trx, operatorId, kind, day),
    );
  }
}

function memo<T>(cache: Map<string, T>, key: string, load: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = load();
    cache.set(key, value);
  }
  return value;
}

interface CheckedScan {
  eventId: string;
  waybillNo: string;
  machineCode: string;
  operatorId: string | undefined;
  scannedAt: number;
  result: 'clear' | 'suspect';
  method: ScanMethod;
  imageRef: string | null;
  imageSha256: string | null;
  threats: string[];
  requestHash: string;
}

/** Shape checks done before any database work; a bad scan is answered without touching the store. */
function checkScan(input: ScanInput, now: number): { ok: CheckedScan } | { problem: ScanAnswer } {
  const waybillNo = typeof input.waybillNo === 'string' ? cleanWaybillNo(input.waybillNo) : '';
  const scannedAt =
    typeof input.scannedAt === 'string' && /T.*(Z|[+-]\d{2}:\d{2})$/.test(input.scannedAt)
      ? Date.parse(input.scannedAt)
      : Number.NaN;
  const method = input.method ?? 'XRY';
  const problems = new FieldProblems()
    .check(
      typeof input.eventId === 'string' && EVENT_ID.test(input.eventId),
      'eventId',
      'must be 1-100 letters, digits or . _ : -',
    )
    .check(isWaybillNo(waybillNo), 'waybillNo', WAYBILL_NO_RULE)
    .check(
      typeof input.machineCode === 'string' && input.machineCode.trim().length > 0,
      'machineCode',
      'is required',
    )
    .check(
      !Number.isNaN(scannedAt),
      'scannedAt',
      'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-28T09:15:00+08:00',
    )
    .check(
      Number.isNaN(scannedAt) || scannedAt <= now + MAX_CLOCK_AHEAD_MS,
      'scannedAt',
      'must not be in the future (check the station clock)',
    )
    .check((SCAN_RESULTS as readonly string[]).includes(input.result), 'result', 'must be clear or suspect')
    .check(
      (SCAN_METHODS as readonly string[]).includes(method),
      'method',
      `must be one of ${SCAN_METHODS.join(', ')}`,
    )
    .check(
      input.imageSha256 === undefined || SHA256.test(input.imageSha256),
      'imageSha256',
      'must be a SHA-256 hex digest (64 lower-case hex characters)',
    )
    .check(
      input.threats === undefined ||
        (Array.isArray(input.threats) && input.threats.every((threat) => typeof threat === 'string')),
      'threats',
      'must be a list of threat category names',
    );
  try {
    problems.throwIfAny();
  } catch (error) {
    return { problem: problemAnswer(input, error as AppError) };
  }
  const checked = {
    eventId: input.eventId,
    waybillNo,
    machineCode: input.machineCode.trim().toUpperCase(),
    operatorId: input.operatorId,
    scannedAt,
    result: input.result,
    method,
    imageRef: input.imageRef ?? null,
    imageSha256: input.imageSha256 ?? null,
    threats: input.threats ?? [],
  };
  return {
    ok: { ...checked, requestHash: createHash('sha256').update(canonicalJson(checked)).digest('hex') },
  };
}

function problemAnswer(input: ScanInput, error: AppError): ScanAnswer {
  return {
    eventId: String(input.eventId),
    waybillNo: String(input.waybillNo),
    status: error.status,
    problem: { code: error.code, detail: error.message, errors: error.errors ?? [] },
  };
}
