import type { AuditService } from '../audit/audit.service.js';
import type { CluesService } from '../cases/clues.service.js';
import { maskName, maskPhone } from '../identity/masking.js';
import { authorize, can, reachesSite, siteFilterFor, type Subject } from '../people/access.js';
import type { RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import { chinaDate, type Clock } from '../platform/clock.js';
import type { Keyring } from '../platform/crypto/keyring.js';
import type { Vault } from '../platform/crypto/vault.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems } from '../platform/validation.js';
import { isCrimeRelated } from '../screening/category-meaning.js';
import type { ScreeningService } from '../screening/screening.service.js';
import { createInspectionMark, verifyInspectionMark } from './inspection-mark.js';
import { INTAKE_STATE } from './intake-decision.js';
import type { IntakeService } from './intake.service.js';
import { inspectionRow } from './inspection-record.js';
import { nextState, type ParcelEvent, type ParcelState } from './parcel-state.js';
import type { ParcelsRepository } from './parcels.repository.js';
import { PARCEL_FIELD_CONTEXT, type ParcelEventTable, type ParcelTable } from './parcels.tables.js';
import {
  INSPECTION_OUTCOMES,
  type InspectionInput,
  type InspectionResult,
  type IntakeInput,
  type IntakeOutcome,
  type IntakeResult,
  type HeldParcel,
  type ParcelTimeline,
  type SealedParcelLookup,
  SEALED_HOLD_NOTICE,
} from './parcels.types.js';
import type { RiskAssessment } from './risk-rules.js';
import { resolveStaff } from './staff-reference.js';
import { cleanWaybillNo } from './waybill.js';

/** What a state change records on the parcel's timeline. */
export interface MoveRecord {
  siteId?: string;
  custodian?: string | null;
  location?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** What is done to a parcel, as people/access.ts decides it. */
export type ParcelAction = 'read' | 'inspect' | 'move' | 'close-open-inspection';

/** What the parcels service works with (built once, in app.ts). */
export interface ParcelsServiceOptions {
  store: Store;
  repository: ParcelsRepository;
  people: PeopleRepository;
  intakes: IntakeService;
  clues: CluesService;
  screening: ScreeningService;
  audit: AuditService;
  vault: Vault;
  keyring: Keyring;
  clock: Clock;
}

/**
 * Acceptance at the counter: intake (through IntakeService), inspection and its signed mark, holds and custody,
 * the timeline, and the moves other gates make (dispatch, hub scans).
 */
export class ParcelsService {
  private readonly store: Store;
  private readonly repository: ParcelsRepository;
  private readonly people: PeopleRepository;
  private readonly intakes: IntakeService;
  private readonly clues: CluesService;
  private readonly screening: ScreeningService;
  private readonly audit: AuditService;
  private readonly vault: Vault;
  private readonly keyring: Keyring;
  private readonly clock: Clock;

  constructor(options: ParcelsServiceOptions) {
    this.store = options.store;
    this.repository = options.repository;
    this.people = options.people;
    this.intakes = options.intakes;
    this.clues = options.clues;
    this.screening = options.screening;
    this.audit = options.audit;
    this.vault = options.vault;
    this.keyring = options.keyring;
    this.clock = options.clock;
  }

  /** Answers nothing is sealed until cases is wired in (app.ts): cases depend on parcels, not the other way. */
  private sealedFrom: SealedParcelLookup = async () => new Set();

  useSealedParcelLookup(lookup: SealedParcelLookup): void {
    this.sealedFrom = lookup;
  }

  /**
   * Takes a parcel in: identity gate → screening of every item → risk rules → refuse | inspect | hold, stored
   * with its reasons. The same request again returns the same answer; another request under the same waybill
   * number is a conflict. Concurrent calls are committed together (see IntakeService).
   */
  intake(context: RequestContext, input: IntakeInput): Promise<IntakeResult> {
    return this.intakes.intake(context, input);
  }

  /** Takes many parcels in one durable transaction, each in its own savepoint (see IntakeService). */
  intakeMany(context: RequestContext, inputs: readonly IntakeInput[]): Promise<IntakeOutcome[]> {
    return this.intakes.intakeMany(context, inputs);
  }

  /**
   * Groups whose set-based run failed as a whole and were taken in again with a savepoint per parcel, since the app
   * started: each one paid for its intake twice.
   */
  get setBasedFallbacks(): number {
    return this.intakes.setBasedFallbacks;
  }

  /** Records the inspection on acceptance; a consistent parcel is accepted and gets its signed mark. */
  async inspect(
    context: RequestContext,
    waybillNoRaw: string,
    input: InspectionInput,
  ): Promise<InspectionResult> {
    const waybillNo = cleanWaybillNo(waybillNoRaw);
    const problems = new FieldProblems().check(
      (INSPECTION_OUTCOMES as readonly string[]).includes(input.outcome),
      'outcome',
      `must be one of ${INSPECTION_OUTCOMES.join(', ')}`,
    );
    if (input.outcome === 'inconsistent' || input.outcome === 'prohibited-found') {
      problems.check(
        (input.foundDescription ?? '').trim().length > 0,
        'foundDescription',
        `is required when the outcome is ${input.outcome}`,
      );
    }
    (input.photoHashes ?? []).forEach((hash, index) =>
      problems.check(SHA256.test(hash), `photoHashes/${index}`, 'must be a SHA-256 hex digest'),
    );
    problems.throwIfAny();

    // Read before the transaction: on SQLite a query outside it would wait for the transaction's connection.
    const screener = await this.screening.activeScreener();
    return this.store.transaction(async (trx) => {
      const parcel = await this.getParcelWithin(trx, waybillNo);
      await this.authorizeWithin(trx, context, 'inspect', parcel);
      const today = chinaDate(this.clock.now());
      const inspectorId = await resolveStaff(
        this.people,
        trx,
        context,
        input.inspectorId,
        '/inspectorId',
        parcel.site_id,
        today,
      );
      if (
        !(await this.people.hasValidCertification(trx, inspectorId, 'prohibited-items-identification', today))
      ) {
        throw new AppError(
          'not-certified',
          'the inspector holds no valid prohibited-items-identification certification',
        );
      }
      const now = this.clock.now();
      const found =
        input.foundDescription === undefined
          ? null
          : screener.screen({ description: input.foundDescription, route: parcel.route });
      let event: ParcelEvent = 'inspect-refused';
      const reasons: string[] = [];
      let holdAfter = false;
      switch (input.outcome) {
        case 'consistent':
          event = 'inspect-consistent';
          break;
        case 'inconsistent':
          reasons.push('the contents do not match the declaration');
          if (found !== null && found.verdict !== 'clear') reasons.push(...found.reasons);
          break;
        case 'prohibited-found': {
          reasons.push('prohibited contents found on inspection', ...(found?.reasons ?? []));
          // Crime-related finds are not handed back: the parcel is held (custody kept) and the find reported.
          holdAfter = isCrimeRelated(screener.catalogue.categories, found?.category);
          if (holdAfter) event = 'hold';
          break;
        }
        case 'refused-by-sender':
          reasons.push('the sender refused the inspection');
          break;
      }
      const state = await this.moveWithin(trx, context, parcel, event, {
        siteId: parcel.site_id,
        custodian: inspectorId,
        ...(holdAfter ? { reason: 'crime-related prohibited contents found on inspection' } : {}),
        details: { outcome: input.outcome },
      });
      let mark: string | null = null;
      if (state === 'accepted') {
        const site = await this.people.findSite(trx, parcel.site_id);
        const key = this.keyring.activeSigningKey;
        mark = createInspectionMark(
          {
            waybillNo,
            siteCode: site?.code ?? parcel.site_id,
            inspectorId,
            inspectedAt: Math.floor(now / 1000),
            catalogueVersion: parcel.catalogue_version,
          },
          { keyId: key.id, privateKey: key.privateKey },
        );
        await this.repository.recordInspection(trx, waybillNo, {
          inspected_by: inspectorId,
          inspected_at: now,
          inspection_mark: mark,
          inspection_outcome: input.outcome,
        });
      } else {
        await this.repository.recordInspection(trx, waybillNo, {
          inspected_by: inspectorId,
          inspected_at: now,
          inspection_outcome: input.outcome,
          decision_reasons: JSON.stringify([
            ...(JSON.parse(parcel.decision_reasons) as string[]),
            ...reasons,
          ]),
        });
      }
      await this.repository.insertInspection(
        trx,
        inspectionRow(waybillNo, inspectorId, input.outcome, input, found, now),
      );
      await this.audit.append(trx, context, {
        action: 'parcel.inspected',
        subject: { type: 'parcel', id: waybillNo },
        data: { outcome: input.outcome, inspectorId, photoHashes: input.photoHashes ?? [], mark },
      });
      if (holdAfter) {
        await this.clues.raiseWithin(trx, context, {
          source: 'parcels',
          kind: 'prohibited-found',
          severity: 'high',
          subjectType: 'parcel',
          subjectIndex: null,
          siteId: parcel.site_id,
          details: { waybillNo, category: found?.category ?? null },
          refs: [{ type: 'parcel', id: waybillNo }],
        });
      }
      return { waybillNo, state, outcome: input.outcome, mark, reasons };
    });
  }

  /** Stops all movement of a parcel (security officer, or automatic); the custody record says who holds it. */
  async hold(
    context: RequestContext,
    waybillNoRaw: string,
    input: { reason: string; location?: string },
  ): Promise<ParcelTimeline> {
    const waybillNo = cleanWaybillNo(waybillNoRaw);
    new FieldProblems()
      .check(input.reason.trim().length >= 3, 'reason', 'must say why (at least 3 characters)')
      .throwIfAny();
    await this.store.transaction(async (trx) => {
      const parcel = await this.getParcelWithin(trx, waybillNo);
      await this.authorizeWithin(trx, context, 'move', parcel);
      await this.moveWithin(trx, context, parcel, 'hold', {
        reason: input.reason,
        location: input.location ?? null,
        custodian: context.actor.id,
      });
      await this.audit.append(trx, context, {
        action: 'parcel.held',
        subject: { type: 'parcel', id: waybillNo },
        data: input,
      });
    });
    return this.getTimeline(context, waybillNo);
  }

  /** Releases a held parcel back to the state it was held from; a reason is required. */
  async release(
    context: RequestContext,
    waybillNoRaw: string,
    input: { reason: string },
  ): Promise<ParcelTimeline> {
    const waybillNo = cleanWaybillNo(waybillNoRaw);
    new FieldProblems()
      .check(input.reason.trim().length >= 3, 'reason', 'must say why (at least 3 characters)')
      .throwIfAny();
    await this.store.transaction(async (trx) => {
      const parcel = await this.getParcelWithin(trx, waybillNo);
      await this.authorizeWithin(trx, context, 'move', parcel);
      // Releasing lifts the stop, it does not hand the parcel over: whoever the hold (or the last hand-over) named
      // still has it until a later event says otherwise.
      const events = await this.repository.findEvents(trx, waybillNo);
      const custodian = events.findLast((event) => event.custodian !== null)?.custodian ?? null;
      await this.moveWithin(trx, context, parcel, 'release', { reason: input.reason, custodian });
      await this.audit.append(trx, context, {
        action: 'parcel.released',
        subject: { type: 'parcel', id: waybillNo },
        data: input,
      });
    });
    return this.getTimeline(context, waybillNo);
  }

  /** Records a hand-over of a held parcel: who holds it now, where (chain of custody). */
  async recordCustody(
    context: RequestContext,
    waybillNoRaw: string,
    input: { handedTo: string; location: string; note?: string },
  ): Promise<ParcelTimeline> {
    const waybillNo = cleanWaybillNo(waybillNoRaw);
    new FieldProblems()
      .check(input.handedTo.trim().length > 0, 'handedTo', 'must name who receives the parcel')
      .check(input.location.trim().length > 0, 'location', 'must say where')
      .throwIfAny();
    await this.store.transaction(async (trx) => {
      const parcel = await this.getParcelWithin(trx, waybillNo);
      await this.authorizeWithin(trx, context, 'move', parcel);
      if (parcel.state !== 'held')
        throw new AppError('invalid-transition', 'custody hand-overs are recorded for held parcels');
      await this.recordEvent(trx, context, waybillNo, 'custody', 'held', 'held', {
        custodian: input.handedTo,
        location: input.location,
        reason: input.note ?? null,
      });
      await this.audit.append(trx, context, {
        action: 'parcel.custody-transferred',
        subject: { type: 'parcel', id: waybillNo },
        data: input,
      });
    });
    return this.getTimeline(context, waybillNo);
  }

  /**
   * The parcels held now, most recently changed first: why, since when, by whom, where, who has them. Station
   * staff see those taken in at or moved through their own site; company-wide callers every site, or `siteId`.
   */
  async findHeld(
    context: RequestContext,
    filter: { siteId?: string; limit?: number } = {},
  ): Promise<HeldParcel[]> {
    const siteId = siteFilterFor(context.actor, filter.siteId);
    const rows = await this.repository.findHeld(this.store.db, {
      ...(siteId === undefined ? {} : { siteId }),
      limit: filter.limit ?? 500,
    });
    const sealed = await this.sealedFrom(
      context.actor,
      rows.map(({ parcel }) => parcel.waybill_no),
    );
    return rows.map(({ parcel, events }) => {
      // The hold is the latest move into `held` from another state; custody hand-overs (held → held) after it
      // say who has the parcel now.
      const hold = events.findLast((event) => event.from_state !== 'held') ?? null;
      const custody = events.findLast((event) => event.custodian !== null || event.location !== null) ?? hold;
      const byIntake = hold === null || hold.kind === 'intake';
      // As on the timeline: a hold by the identity gate (a watchlist hit) does not say why.
      const intakeReasons =
        parcel.gate_decision === 'hold' ? [] : (JSON.parse(parcel.decision_reasons) as string[]);
      const intakeActor =
        parcel.intake_actor_id === null || parcel.intake_actor_id === undefined
          ? null
          : { type: parcel.intake_actor_type ?? 'staff', id: parcel.intake_actor_id };
      return {
        waybillNo: parcel.waybill_no,
        siteId: parcel.site_id,
        heldAtSiteId: hold?.site_id ?? parcel.site_id,
        heldFrom: parcel.held_from,
        source: byIntake ? 'intake' : 'hold',
        heldAt: hold?.at ?? parcel.created_at,
        heldBy: hold === null ? intakeActor : { type: hold.actor_type, id: hold.actor_id },
        reason: sealed.has(parcel.waybill_no)
          ? SEALED_HOLD_NOTICE
          : byIntake
            ? intakeReasons.length === 0
              ? null
              : intakeReasons.join('; ')
            : hold.reason,
        custodian: custody?.custodian ?? (hold === null ? parcel.collected_by : null),
        location: custody?.location ?? null,
      };
    });
  }

  /** Verifies an inspection mark offline-style: signature with the public keys, waybill, revoked keys. */
  verifyMark(code: string, waybillNo: string) {
    const publicKeys = new Map(this.keyring.allSigningKeys().map((key) => [key.id, key.publicKeyPem]));
    return verifyInspectionMark(code, {
      expectedWaybillNo: cleanWaybillNo(waybillNo),
      publicKeys,
      revokedKeyIds: new Set(this.keyring.revokedSigningKeyIds()),
    });
  }

  /**
   * The parcel's timeline: state, decision, every gate, masked personal data, events and inspections; for callers
   * who reach a site the parcel was taken in at or has been at.
   */
  async getTimeline(context: RequestContext, waybillNoRaw: string): Promise<ParcelTimeline> {
    const waybillNo = cleanWaybillNo(waybillNoRaw);
    const parcel = await this.getParcelWithin(this.store.db, waybillNo);
    await this.authorizeWithin(this.store.db, context, 'read', parcel);
    const [items, events, inspections] = await Promise.all([
      this.repository.findItems(this.store.db, waybillNo),
      this.repository.findEvents(this.store.db, waybillNo),
      this.repository.findInspections(this.store.db, waybillNo),
    ]);
    const held = parcel.decision === 'hold' || parcel.state === 'held';
    // A parcel a sealed (national-security) case is about: whoever may not see the case learns only that it is
    // held — no reasons, risk hits, categories or found items.
    const sealed = (await this.sealedFrom(context.actor, [waybillNo])).has(waybillNo);
    const timeline: ParcelTimeline = {
      waybillNo,
      siteId: parcel.site_id,
      route: parcel.route,
      state: parcel.state,
      heldFrom: parcel.held_from,
      decision: parcel.decision,
      reasons:
        held && parcel.gate_decision === 'hold' ? [] : (JSON.parse(parcel.decision_reasons) as string[]),
      createdAt: parcel.created_at,
      gates: {
        identity: {
          kind: parcel.gate_kind,
          decision: parcel.gate_decision,
          senderId: parcel.sender_id,
          agreementId: parcel.agreement_id,
        },
        notice: { version: parcel.notice_version },
        screening: { verdict: parcel.screening_verdict, catalogueVersion: parcel.catalogue_version },
        risk: {
          version: parcel.risk_version,
          score: parcel.risk_score,
          hits: JSON.parse(parcel.risk_hits) as RiskAssessment['hits'],
        },
        inspection: { by: parcel.inspected_by, at: parcel.inspected_at, mark: parcel.inspection_mark },
        xray: { screenedAt: parcel.screened_at ?? null, by: parcel.screened_by_scan ?? null },
        dispatch: { at: parcel.dispatched_at ?? null, dispatchId: parcel.dispatch_id ?? null },
      },
      origin: {
        country: parcel.origin_country,
        regionCode: parcel.origin_region,
        addressMasked: maskAddress(
          this.vault.decrypt(parcel.origin_address_enc, PARCEL_FIELD_CONTEXT.originAddress),
        ),
      },
      destination: {
        country: parcel.destination_country,
        regionCode: parcel.destination_region,
        addressMasked: maskAddress(
          this.vault.decrypt(parcel.destination_address_enc, PARCEL_FIELD_CONTEXT.destinationAddress),
        ),
      },
      recipient: {
        nameMasked: maskName(
          this.vault.decrypt(parcel.recipient_name_enc, PARCEL_FIELD_CONTEXT.recipientName),
        ),
        phoneMasked: maskPhone(
          this.vault.decrypt(parcel.recipient_phone_enc, PARCEL_FIELD_CONTEXT.recipientPhone),
        ),
      },
      weightGrams: parcel.weight_grams,
      items: items.map((item) => ({
        position: item.position,
        description: item.description,
        quantity: item.quantity,
        unit: item.unit,
        verdict: item.verdict,
        category: item.category,
      })),
      events: withIntakeEvent(parcel, events).map((event) => ({
        at: event.at,
        kind: event.kind,
        fromState: event.from_state,
        toState: event.to_state,
        actorType: event.actor_type,
        actorId: event.actor_id,
        custodian: event.custodian,
        location: event.location,
        reason: event.reason,
      })),
      inspections: inspections.map((inspection) => ({
        at: inspection.at,
        inspectorId: inspection.inspector_id,
        outcome: inspection.outcome,
        foundVerdict: inspection.found_verdict,
        foundCategory: inspection.found_category,
        photoHashes: JSON.parse(inspection.photo_hashes) as string[],
      })),
    };
    return sealed ? withoutSealedFacts(timeline) : timeline;
  }

  /** A parcel read inside the caller's transaction, or undefined when no counter took it in. For the hub gate. */
  findParcelWithin(trx: Executor, waybillNoRaw: string): Promise<ParcelTable | undefined> {
    return this.repository.findParcel(trx, cleanWaybillNo(waybillNoRaw));
  }

  /**
   * Applies a state-machine event inside the caller's transaction, with its timeline event; `changes` are
   * written with the state in the same conditional update. 409 `parcel-held` / `invalid-transition` when the
   * machine says no. Used here and by the hub gate (scans, open inspections, dispatch).
   */
  async moveWithin(
    trx: Executor,
    context: RequestContext,
    parcel: ParcelTable,
    event: ParcelEvent,
    record: MoveRecord,
    changes: Partial<ParcelTable> = {},
  ): Promise<ParcelState> {
    const result = nextState(parcel.state, event, parcel.held_from);
    if (!result.ok) {
      const code =
        result.reason === 'parcel-held' || parcel.state === 'held' ? 'parcel-held' : 'invalid-transition';
      throw new AppError(code, result.message);
    }
    const moved = await this.repository.transition(trx, parcel.waybill_no, parcel.state, {
      ...changes,
      state: result.state,
      held_from: result.heldFrom,
      updated_at: this.clock.now(),
    });
    if (!moved)
      throw new AppError('invalid-transition', 'the parcel changed state meanwhile; reload and retry');
    // An actor with no site of their own (the CLI, an admin) acts where the parcel was taken in: every state
    // change is placed somewhere, so site reports count it.
    await this.recordEvent(trx, context, parcel.waybill_no, event, parcel.state, result.state, {
      ...record,
      siteId: record.siteId ?? context.actor.siteId ?? parcel.site_id,
    });
    return result.state;
  }

  private async recordEvent(
    trx: Executor,
    context: RequestContext,
    waybillNo: string,
    kind: string,
    from: ParcelState | null,
    to: ParcelState | null,
    record: {
      siteId?: string;
      custodian?: string | null;
      location?: string | null;
      reason?: string | null;
      details?: Record<string, unknown>;
    },
  ): Promise<void> {
    const now = this.clock.now();
    await this.repository.insertEvent(trx, {
      id: newId(now),
      waybill_no: waybillNo,
      at: now,
      kind,
      from_state: from,
      to_state: to,
      actor_type: context.actor.type,
      actor_id: context.actor.id,
      site_id: record.siteId ?? context.actor.siteId,
      custodian: record.custodian ?? null,
      location: record.location ?? null,
      reason: record.reason ?? null,
      details: JSON.stringify(record.details ?? {}),
    });
  }

  /**
   * Throws unless the caller may take `action` on the parcel (people/access.ts): 404 when it is outside their reach.
   * Where the parcel has been is read only when the intake site does not already decide.
   */
  async authorizeWithin(
    db: Executor,
    context: RequestContext,
    action: ParcelAction,
    parcel: ParcelTable,
  ): Promise<void> {
    authorize(context.actor, action, await this.accessSubject(db, context, action, parcel));
  }

  /** Whether the caller may take `action` on the parcel (people/access.ts). */
  async canWithin(
    db: Executor,
    context: RequestContext,
    action: ParcelAction,
    parcel: ParcelTable,
  ): Promise<boolean> {
    return can(context.actor, action, await this.accessSubject(db, context, action, parcel));
  }

  private async accessSubject(
    db: Executor,
    context: RequestContext,
    action: ParcelAction,
    parcel: ParcelTable,
  ): Promise<Extract<Subject, { kind: 'parcel' }>> {
    const places = reachesSite(context.actor, parcel.site_id)
      ? []
      : await this.repository.findPlaces(db, parcel.waybill_no);
    const openInspectionSiteId =
      action === 'close-open-inspection'
        ? await this.repository.findOpenInspectionSite(db, parcel.waybill_no)
        : null;
    return { kind: 'parcel', siteId: parcel.site_id, places, openInspectionSiteId };
  }

  private async getParcelWithin(db: Executor, waybillNo: string): Promise<ParcelTable> {
    const parcel = await this.repository.findParcel(db, waybillNo);
    if (parcel === undefined) throw new AppError('not-found', 'the parcel was not found');
    return parcel;
  }
}

/**
 * The timeline's events with the intake step first. Parcels taken in since migration LeanIntake have no intake
 * event row: the step is read from the parcel row (who took it in, the courier who holds it, its first state).
 */
function withIntakeEvent(parcel: ParcelTable, events: ParcelEventTable[]): ParcelEventTable[] {
  const actorId = parcel.intake_actor_id ?? null;
  if (actorId === null || events.some((event) => event.kind === 'intake')) return events;
  const intake: ParcelEventTable = {
    id: `intake-${parcel.waybill_no}`,
    waybill_no: parcel.waybill_no,
    at: parcel.created_at,
    kind: 'intake',
    from_state: null,
    to_state: INTAKE_STATE[parcel.decision],
    actor_type: parcel.intake_actor_type ?? 'staff',
    actor_id: actorId,
    site_id: parcel.site_id,
    custodian: parcel.collected_by,
    location: null,
    reason: null,
    details: JSON.stringify({ decision: parcel.decision }),
  };
  return [intake, ...events];
}

/** An address shown masked: the first 6 characters, the rest hidden. */
function maskAddress(address: string): string {
  const chars = [...address];
  return chars.length <= 6 ? `${chars.slice(0, 2).join('')}***` : `${chars.slice(0, 6).join('')}***`;
}

/** The timeline of a sealed case's parcel for someone outside it: what happened and when, never why. */
function withoutSealedFacts(timeline: ParcelTimeline): ParcelTimeline {
  return {
    ...timeline,
    reasons: [],
    gates: { ...timeline.gates, risk: { ...timeline.gates.risk, hits: [] } },
    items: timeline.items.map((item) => ({ ...item, category: null })),
    events: timeline.events.map((event) => ({
      ...event,
      reason: event.reason === null ? null : SEALED_HOLD_NOTICE,
    })),
    inspections: timeline.inspections.map((inspection) => ({
      ...inspection,
      foundVerdict: null,
      foundCategory: null,
    })),
  };
}
