import { createHash } from 'node:crypto';
import type { AuditService } from '../audit/audit.service.js';
import type { CluesService } from '../identity/clues.service.js';
import type { GateLookups, IdentityGate } from '../identity/identity-gate.service.js';
import type { GateDecision } from '../identity/identity.types.js';
import { maskName, maskPhone } from '../identity/masking.js';
import type { RefusalsService } from '../identity/refusals.service.js';
import { phoneIndex } from '../identity/subject-index.js';
import type { WatchlistService } from '../identity/watchlist.service.js';
import type { RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import { canonicalJson } from '../platform/canonical-json.js';
import { chinaDate, type Clock } from '../platform/clock.js';
import type { Keyring } from '../platform/crypto/keyring.js';
import type { Vault } from '../platform/crypto/vault.js';
import { withinSavepoint, type Executor, type Store, type Trx } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { GroupCommitQueue } from '../platform/group-commit.js';
import { FieldProblems } from '../platform/validation.js';
import type { Screener, ScreeningResult } from '../screening/screener.js';
import type { ScreeningService } from '../screening/screening.service.js';
import { createInspectionMark, verifyInspectionMark } from './inspection-mark.js';
import {
  decide,
  INTAKE_STATE,
  sumDeclared,
  throwIfInvalidIntake,
  toGateInput,
  toIntakeResult,
  worstVerdict,
} from './intake-decision.js';
import { inspectionRow } from './inspection-record.js';
import { nextState, type ParcelEvent, type ParcelState } from './parcel-state.js';
import type { ParcelsRepository } from './parcels.repository.js';
import type { ParcelEventTable, ParcelTable } from './parcels.tables.js';
import {
  CURRENT_NOTICE_VERSION,
  INSPECTION_OUTCOMES,
  type InspectionInput,
  type InspectionResult,
  type IntakeInput,
  type IntakeOutcome,
  type IntakeResult,
  type ParcelTimeline,
} from './parcels.types.js';
import { storedRiskFacts } from './risk-facts-storage.js';
import { evaluateRisk, type RiskAssessment, type RiskFacts, type RuleSet } from './risk-rules.js';

/** What a state change records on the parcel's timeline. */
export interface MoveRecord {
  siteId?: string;
  custodian?: string | null;
  location?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

const SHA256 = /^[0-9a-f]{64}$/;
const DAY = 86_400_000;
const CONTEXT = {
  originAddress: 'parcel.origin-address',
  destinationAddress: 'parcel.destination-address',
} as const;
const RECIPIENT = {
  name: 'parcel.recipient-name',
  phone: 'parcel.recipient-phone',
  address: 'parcel.recipient-address',
} as const;

// Single intakes are committed in groups (see GroupCommitQueue): at most 500 parcels a group, gathered for up
// to 8 event-loop turns; two groups open at once, one in its transaction, one waiting for its fsync.
const GROUP_COMMIT = { maxGroup: 500, gatherTurns: 8, maxInFlight: 2 } as const;
// How many times a group (or a parcel of it) is run when PostgreSQL ends it as a deadlock victim.
const GROUP_ATTEMPTS = 3;

interface IntakeRequest {
  context: RequestContext;
  input: IntakeInput;
}

/** An intake request that passed the checks done outside the transaction. */
interface PreparedIntake extends IntakeRequest {
  index: number;
  waybillNo: string;
  requestHash: string;
}

/**
 * Lookups shared by the parcels of one group transaction: a site found to exist, a courier found active. Nothing
 * an intake writes changes them, and within one transaction they are read once instead of once per parcel.
 */
class GroupLookups implements GateLookups {
  readonly knownSites = new Set<string>();
  readonly activeStaff = new Set<string>();
  constructor(readonly watchlistEmpty: boolean) {}
}

/** Acceptance at the counter: intake decision, inspection and its signed mark, holds and custody, the timeline. */
export class ParcelsService {
  private readonly singleIntakes = new GroupCommitQueue<IntakeRequest, IntakeResult>(
    (requests) => this.intakeGroup(requests),
    GROUP_COMMIT,
  );

  constructor(
    private readonly store: Store,
    private readonly repository: ParcelsRepository,
    private readonly people: PeopleRepository,
    private readonly identityGate: IdentityGate,
    private readonly watchlist: WatchlistService,
    private readonly clues: CluesService,
    private readonly refusals: RefusalsService,
    private readonly screening: ScreeningService,
    private readonly audit: AuditService,
    private readonly vault: Vault,
    private readonly keyring: Keyring,
    private readonly clock: Clock,
    private readonly riskRules: () => Promise<RuleSet>,
  ) {}

  /**
   * Takes a parcel in: identity gate → screening of every item → risk rules → refuse | inspect | hold, stored
   * with its reasons. The same request again returns the same answer; another request under the same waybill
   * number is a conflict.
   *
   * Concurrent calls are committed together (group commit): a call arriving while an intake transaction runs
   * waits for it and joins the next one, each parcel in its own savepoint, each caller getting its own answer
   * or error. A call arriving when nothing runs starts a transaction at once (no waiting for company).
   */
  intake(context: RequestContext, input: IntakeInput): Promise<IntakeResult> {
    return this.singleIntakes.submit({ context, input });
  }

  /**
   * Takes many parcels in one durable transaction (one commit for all), each inside its own savepoint: a bad
   * parcel rolls back only what it wrote and answers with its own error. Answers are in input order; each
   * parcel is judged exactly as `intake` judges it, in order, so a waybill given twice in one call is a replay
   * (same request) or a conflict (another request) the second time. Throws only when the transaction as a
   * whole fails (then nothing of it was stored).
   */
  intakeMany(context: RequestContext, inputs: readonly IntakeInput[]): Promise<IntakeOutcome[]> {
    return this.intakeGroup(inputs.map((input) => ({ context, input })));
  }

  private async intakeGroup(requests: readonly IntakeRequest[]): Promise<IntakeOutcome[]> {
    const outcomes: IntakeOutcome[] = new Array<IntakeOutcome>(requests.length);
    const prepared: PreparedIntake[] = [];
    requests.forEach(({ context, input }, index) => {
      try {
        const waybillNo = input.waybillNo.trim().toUpperCase();
        throwIfInvalidIntake({ ...input, waybillNo });
        const requestHash = createHash('sha256')
          .update(canonicalJson({ ...input, waybillNo }))
          .digest('hex');
        prepared.push({ index, context, input, waybillNo, requestHash });
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    });
    if (prepared.length === 0) return outcomes;

    await this.storeGroup(prepared, outcomes, 1);
    return outcomes;
  }

  /**
   * Stores prepared intakes in one transaction and sets their outcomes. The store's writer lock keeps this
   * process's transactions from deadlocking on PostgreSQL (postgres-writer-lock.ts); a writer outside it (another
   * program on the same database) still could, and PostgreSQL then ends a transaction (or one parcel's
   * statement) as a deadlock victim or a serialization failure: nothing of it was stored, so the group (or
   * those parcels) is run again, up to GROUP_ATTEMPTS times, before the error is answered.
   */
  private async storeGroup(
    prepared: readonly PreparedIntake[],
    outcomes: IntakeOutcome[],
    attempt: number,
  ): Promise<void> {
    // Read once for the whole group, before the transaction (they are cached; a refresh reads outside it).
    const screener = await this.screening.activeScreener();
    const ruleSet = await this.riskRules();
    const raced: PreparedIntake[] = [];
    const victims: PreparedIntake[] = [];
    try {
      await this.store.transaction(async (trx) => {
        await this.audit.lockChainWithin(trx);
        // On SQLite this transaction holds the write lock (BEGIN IMMEDIATE): no watchlist entry can be added
        // before it commits, so an empty watchlist now stays empty for every parcel of the group. (PostgreSQL
        // reads committed data statement by statement: there every parcel asks.)
        const watchlistEmpty =
          this.store.dialect === 'sqlite' && !(await this.watchlist.hasEntriesWithin(trx));
        const lookups = new GroupLookups(watchlistEmpty);
        for (const item of prepared) {
          const outcome = await withinSavepoint(this.store, trx, () =>
            this.intakeWithin(trx, item, screener, ruleSet, lookups),
          );
          if (outcome.ok) outcomes[item.index] = { ok: true, value: outcome.value };
          else if (isWaybillRace(outcome.error)) raced.push(item);
          else if (isTransientConflict(outcome.error) && attempt < GROUP_ATTEMPTS) victims.push(item);
          else outcomes[item.index] = { ok: false, error: outcome.error };
        }
      });
    } catch (error) {
      if (!isTransientConflict(error) || attempt >= GROUP_ATTEMPTS) throw error;
      await this.storeGroup(prepared, outcomes, attempt + 1);
      return;
    }
    if (victims.length > 0) await this.storeGroup(victims, outcomes, attempt + 1);
    // Another API node took the same waybill in meanwhile (PostgreSQL): answer like a replay once it is visible.
    for (const item of raced) {
      try {
        const existing = await this.repository.findParcel(this.store.db, item.waybillNo);
        if (existing === undefined) {
          throw new AppError(
            'conflict',
            `waybill ${item.waybillNo} was taken in concurrently; retry to get its answer`,
          );
        }
        outcomes[item.index] = {
          ok: true,
          value: await this.replay(this.store.db, existing, item.requestHash),
        };
      } catch (error) {
        outcomes[item.index] = { ok: false, error };
      }
    }
  }

  /** One parcel inside the group's transaction (and its own savepoint). */
  private async intakeWithin(
    trx: Trx,
    item: PreparedIntake,
    screener: Screener,
    ruleSet: RuleSet,
    lookups: GroupLookups,
  ): Promise<IntakeResult> {
    const { context, input, waybillNo, requestHash } = item;
    const existing = await this.repository.findParcel(trx, waybillNo);
    if (existing !== undefined) return this.replay(trx, existing, requestHash);

    const screened = input.items.map((entry) =>
      screener.screen({
        description: entry.description,
        route: input.route,
        ...(entry.quantity === undefined ? {} : { quantity: entry.quantity }),
        ...(entry.unit === undefined ? {} : { unit: entry.unit }),
      }),
    );
    const now = this.clock.now();
    const courierId = await this.resolveStaff(trx, context, input.courierId, '/courierId', lookups);
    const gateInput = toGateInput(input);
    const gate = await this.identityGate.decideWithin(trx, context, gateInput, lookups);
    const recipientIndex = phoneIndex(this.vault, input.recipient.phone);
    const facts = await this.riskFacts(trx, input, screened, gate, recipientIndex, now, lookups);
    const risk = evaluateRisk(ruleSet, facts);
    const { decision, reasons, counterMessage } = decide(gate, screened, risk, screener.catalogue.categories);
    const state = INTAKE_STATE[decision];
    const row: ParcelTable = {
      waybill_no: waybillNo,
      site_id: input.siteId,
      route: input.route,
      state,
      held_from: decision === 'hold' ? 'awaiting-inspection' : null,
      decision,
      decision_reasons: JSON.stringify(reasons),
      counter_message: counterMessage,
      request_hash: requestHash,
      origin_country: input.origin.country,
      origin_region: input.origin.regionCode ?? null,
      origin_address_enc: this.vault.encrypt(input.origin.address, CONTEXT.originAddress),
      destination_country: input.destination.country,
      destination_region: input.destination.regionCode ?? null,
      destination_address_enc: this.vault.encrypt(input.destination.address, CONTEXT.destinationAddress),
      gate_kind: gateInput.kind,
      gate_decision: gate.decision,
      gate_reason: gate.reason,
      sender_id: gate.senderId ?? null,
      agreement_id: gate.agreementId ?? null,
      recipient_name_enc: this.vault.encrypt(input.recipient.name, RECIPIENT.name),
      recipient_phone_enc: this.vault.encrypt(input.recipient.phone, RECIPIENT.phone),
      recipient_phone_index: recipientIndex,
      recipient_address_enc: this.vault.encrypt(input.recipient.address, RECIPIENT.address),
      weight_grams: input.weightGrams,
      declared_value: sumDeclared(input),
      notice_version: input.noticeVersion ?? CURRENT_NOTICE_VERSION,
      collected_by: courierId,
      catalogue_version: screener.catalogue.version,
      screening_verdict: worstVerdict(screened),
      risk_version: risk.ruleSetVersion,
      risk_score: risk.score,
      risk_hits: JSON.stringify(risk.hits),
      risk_facts: storedRiskFacts(facts),
      inspected_by: null,
      inspected_at: null,
      inspection_mark: null,
      created_at: now,
      updated_at: now,
      // The timeline's intake step (no event row of its own: one row fewer per parcel).
      intake_actor_type: context.actor.type,
      intake_actor_id: context.actor.id,
      verification_method: gateInput.kind === 'document' ? gateInput.verification.method : null,
    };
    await this.repository.insertParcel(
      trx,
      row,
      input.items.map((entry, position) => ({
        waybill_no: waybillNo,
        position,
        description: entry.description,
        quantity: entry.quantity ?? null,
        unit: entry.unit ?? null,
        declared_value: entry.declaredValue ?? null,
        verdict: screened[position]!.verdict,
        category: screened[position]!.category,
        reasons: JSON.stringify(screened[position]!.reasons),
      })),
    );
    const crimeCategories = screened
      .filter((result) => result.verdict === 'prohibited')
      .map((result) => screener.catalogue.categories.find((category) => category.slug === result.category))
      .filter((category) => category?.crimeRelated === true)
      .map((category) => category!.slug);
    if (decision === 'refuse' && crimeCategories.length > 0) {
      // Refused at the counter, but a declared weapon, drug or state secret is a clue to report.
      await this.clues.raiseWithin(trx, context, {
        source: 'parcels',
        kind: 'prohibited-declared',
        severity: 'medium',
        subjectType: 'parcel',
        subjectIndex: null,
        siteId: input.siteId,
        details: { waybillNo, categories: [...new Set(crimeCategories)] },
        refs: [{ type: 'parcel', id: waybillNo }],
      });
    }
    if (decision === 'hold' && gate.clueIds.length === 0) {
      await this.clues.raiseWithin(trx, context, {
        source: 'parcels',
        kind: 'risk-hold',
        severity: 'high',
        subjectType: 'parcel',
        subjectIndex: null,
        siteId: input.siteId,
        details: { waybillNo, score: risk.score, rules: risk.hits.map((hit) => hit.ruleId) },
        refs: [{ type: 'parcel', id: waybillNo }],
      });
    }
    await this.audit.append(trx, context, {
      action: 'parcel.taken-in',
      subject: { type: 'parcel', id: waybillNo },
      data: { requestHash, decision, state, reasons },
    });
    return toIntakeResult(row, input.items, screened, false);
  }

  /** Records the inspection on acceptance; a consistent parcel is accepted and gets its signed mark. */
  async inspect(
    context: RequestContext,
    waybillNoRaw: string,
    input: InspectionInput,
  ): Promise<InspectionResult> {
    const waybillNo = waybillNoRaw.trim().toUpperCase();
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
      const inspectorId = await this.resolveStaff(trx, context, input.inspectorId, '/inspectorId');
      const today = chinaDate(this.clock.now());
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
          const category = screener.catalogue.categories.find((c) => c.slug === found?.category);
          // Crime-related finds are not handed back: the parcel is held (custody kept) and the find reported.
          holdAfter = category?.crimeRelated === true;
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
        await trx
          .updateTable('parcels')
          .set({
            inspected_by: inspectorId,
            inspected_at: now,
            inspection_mark: mark,
            inspection_outcome: input.outcome,
          })
          .where('waybill_no', '=', waybillNo)
          .execute();
      } else {
        await trx
          .updateTable('parcels')
          .set({
            inspected_by: inspectorId,
            inspected_at: now,
            inspection_outcome: input.outcome,
            decision_reasons: JSON.stringify([
              ...(JSON.parse(parcel.decision_reasons) as string[]),
              ...reasons,
            ]),
          })
          .where('waybill_no', '=', waybillNo)
          .execute();
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
    const waybillNo = waybillNoRaw.trim().toUpperCase();
    new FieldProblems()
      .check(input.reason.trim().length >= 3, 'reason', 'must say why (at least 3 characters)')
      .throwIfAny();
    await this.store.transaction(async (trx) => {
      const parcel = await this.getParcelWithin(trx, waybillNo);
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
    return this.getTimeline(waybillNo);
  }

  /** Releases a held parcel back to the state it was held from; a reason is required. */
  async release(
    context: RequestContext,
    waybillNoRaw: string,
    input: { reason: string },
  ): Promise<ParcelTimeline> {
    const waybillNo = waybillNoRaw.trim().toUpperCase();
    new FieldProblems()
      .check(input.reason.trim().length >= 3, 'reason', 'must say why (at least 3 characters)')
      .throwIfAny();
    await this.store.transaction(async (trx) => {
      const parcel = await this.getParcelWithin(trx, waybillNo);
      await this.moveWithin(trx, context, parcel, 'release', { reason: input.reason });
      await this.audit.append(trx, context, {
        action: 'parcel.released',
        subject: { type: 'parcel', id: waybillNo },
        data: input,
      });
    });
    return this.getTimeline(waybillNo);
  }

  /** Records a hand-over of a held parcel: who holds it now, where (chain of custody). */
  async recordCustody(
    context: RequestContext,
    waybillNoRaw: string,
    input: { handedTo: string; location: string; note?: string },
  ): Promise<ParcelTimeline> {
    const waybillNo = waybillNoRaw.trim().toUpperCase();
    new FieldProblems()
      .check(input.handedTo.trim().length > 0, 'handedTo', 'must name who receives the parcel')
      .check(input.location.trim().length > 0, 'location', 'must say where')
      .throwIfAny();
    await this.store.transaction(async (trx) => {
      const parcel = await this.getParcelWithin(trx, waybillNo);
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
    return this.getTimeline(waybillNo);
  }

  /** Verifies an inspection mark offline-style: signature with the public keys, waybill, revoked keys. */
  verifyMark(code: string, waybillNo: string) {
    const publicKeys = new Map(this.keyring.allSigningKeys().map((key) => [key.id, key.publicKeyPem]));
    return verifyInspectionMark(code, {
      expectedWaybillNo: waybillNo.trim().toUpperCase(),
      publicKeys,
      revokedKeyIds: new Set(this.keyring.revokedSigningKeyIds()),
    });
  }

  /** The parcel's timeline: state, decision, every gate, masked personal data, events and inspections. */
  async getTimeline(waybillNoRaw: string): Promise<ParcelTimeline> {
    const waybillNo = waybillNoRaw.trim().toUpperCase();
    const parcel = await this.getParcelWithin(this.store.db, waybillNo);
    const [items, events, inspections] = await Promise.all([
      this.repository.findItems(this.store.db, waybillNo),
      this.repository.findEvents(this.store.db, waybillNo),
      this.repository.findInspections(this.store.db, waybillNo),
    ]);
    const held = parcel.decision === 'hold' || parcel.state === 'held';
    return {
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
        addressMasked: maskAddress(this.vault.decrypt(parcel.origin_address_enc, CONTEXT.originAddress)),
      },
      destination: {
        country: parcel.destination_country,
        regionCode: parcel.destination_region,
        addressMasked: maskAddress(
          this.vault.decrypt(parcel.destination_address_enc, CONTEXT.destinationAddress),
        ),
      },
      recipient: {
        nameMasked: maskName(this.vault.decrypt(parcel.recipient_name_enc, RECIPIENT.name)),
        phoneMasked: maskPhone(this.vault.decrypt(parcel.recipient_phone_enc, RECIPIENT.phone)),
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
  }

  /** A parcel read inside the caller's transaction, or undefined when no counter took it in. For the hub gate. */
  findParcelWithin(trx: Executor, waybillNoRaw: string): Promise<ParcelTable | undefined> {
    return this.repository.findParcel(trx, waybillNoRaw.trim().toUpperCase());
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
      throw new AppError(
        'invalid-transition',
        `waybill ${parcel.waybill_no} changed state meanwhile; reload and retry`,
      );
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

  private async getParcelWithin(db: Executor, waybillNo: string): Promise<ParcelTable> {
    const parcel = await this.repository.findParcel(db, waybillNo);
    if (parcel === undefined) throw AppError.notFound(`waybill ${waybillNo}`);
    return parcel;
  }

  /** A staff member named in the request (or the signed-in one); 422 naming the field when unknown. */
  private async resolveStaff(
    db: Executor,
    context: RequestContext,
    given: string | undefined,
    path: string,
    lookups?: GroupLookups,
  ): Promise<string> {
    const id = given ?? (context.actor.type === 'staff' ? context.actor.id : undefined);
    if (id === undefined)
      throw AppError.invalidField(path, 'is required when the caller is not a staff member');
    if (lookups?.activeStaff.has(id) === true) return id;
    const member = await this.people.findStaff(db, id);
    if (member === undefined || member.status !== 'active') {
      throw new AppError('unknown-reference', `staff member ${id} does not exist or is suspended`, {
        errors: [{ path, message: 'no such active staff member' }],
      });
    }
    lookups?.activeStaff.add(id);
    return id;
  }

  private replay(db: Executor, existing: ParcelTable, requestHash: string): Promise<IntakeResult> {
    if (existing.request_hash !== requestHash) {
      throw new AppError(
        'conflict',
        `waybill ${existing.waybill_no} was already taken in with a different request`,
        {
          errors: [{ path: '/waybillNo', message: 'is already used by another parcel' }],
        },
      );
    }
    return this.repository.findItems(db, existing.waybill_no).then((items) => ({
      waybillNo: existing.waybill_no,
      state: existing.state,
      decision: existing.decision,
      counterMessage: existing.counter_message,
      reasons: existing.decision === 'hold' ? [] : (JSON.parse(existing.decision_reasons) as string[]),
      catalogueVersion: existing.catalogue_version,
      items: items.map((item) => ({
        description: item.description,
        verdict: item.verdict as ScreeningResult['verdict'],
        category: item.category,
      })),
      replayed: true,
    }));
  }

  private async riskFacts(
    trx: Executor,
    input: IntakeInput,
    screened: ScreeningResult[],
    gate: GateDecision,
    recipientIndex: string,
    now: number,
    lookups: GroupLookups,
  ): Promise<RiskFacts> {
    const senderId = gate.senderId ?? null;
    const history =
      senderId === null
        ? { week: { total: 0, watch: 0 }, month: { total: 0, watch: 0 }, hasEarlier: false, byCategory: {} }
        : await this.repository.senderHistory(trx, senderId, now);
    const { week, month } = history;
    const isFirstTime = senderId === null ? gate.agreementId === undefined : !history.hasEarlier;
    // Refusals are kept by the document's blind index (a refused sender may never have been registered).
    const refusalsLast30d =
      gate.documentIndex === undefined
        ? 0
        : await this.refusals.countOfDocumentSinceWithin(trx, gate.documentIndex, now - 30 * DAY);
    const recipientWatchlisted =
      !lookups.watchlistEmpty && (await this.watchlist.findMatchWithin(trx, [recipientIndex])) !== undefined;
    const categories = [
      ...new Set(
        screened
          .filter((result) => result.verdict !== 'clear')
          .flatMap((result) => result.matches.map((match) => match.category)),
      ),
    ];
    return {
      route: input.route,
      originCountry: input.origin.country,
      destinationCountry: input.destination.country,
      itemCount: input.items.length,
      declaredValueCny: sumDeclared(input),
      weightGrams: input.weightGrams,
      screening: {
        verdict: worstVerdict(screened),
        categories,
        vagueItemCount: screened.filter((result) =>
          result.reasons.some((reason) => reason.startsWith('vague-description')),
        ).length,
        items: screened.map((result) => ({ verdict: result.verdict, category: result.category })),
      },
      sender: {
        isFirstTime,
        watchlisted: gate.decision === 'hold',
        refusalsLast30d,
        recentParcels: {
          count7d: week.total,
          count30d: month.total,
          watchCount7d: week.watch,
          watchCount30d: month.watch,
          byCategory30d: history.byCategory,
        },
      },
      recipient: { watchlisted: recipientWatchlisted },
      agreement: {
        present: gate.agreementId !== undefined,
        active: gate.agreementId !== undefined && gate.decision === 'pass',
      },
    };
  }
}

/** A PostgreSQL deadlock victim or serialization failure: nothing was changed, and running again may succeed. */
function isTransientConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  return code === '40P01' || code === '40001';
}

/** A PostgreSQL unique violation on parcels: another API node inserted the same waybill meanwhile. */
function isWaybillRace(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, table } = error as { code?: unknown; table?: unknown };
  return code === '23505' && table === 'parcels';
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
