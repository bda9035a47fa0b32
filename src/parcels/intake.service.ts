// Intake at the counter: identity gate → screening of every item → risk rules → refuse | inspect | hold, stored
// with its reasons, idempotent per waybill; single intakes committed in groups, many at once in one transaction.
import type { AuditService } from '../audit/audit.service.js';
import type { CluesService } from '../cases/clues.service.js';
import type { GateLookups, IdentityGate } from '../identity/identity-gate.service.js';
import type { GateDecision, GateInput } from '../identity/identity.types.js';
import type { RefusalsService } from '../identity/refusals.service.js';
import type { WatchlistService } from '../identity/watchlist.service.js';
import type { RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import { couldBeSiteCode, resolveSiteReference } from '../people/site-reference.js';
import { chinaDate, type Clock } from '../platform/clock.js';
import type { Vault } from '../platform/crypto/vault.js';
import { withinSavepoint } from '../platform/database/savepoints.js';
import type { Executor, Store, Trx } from '../platform/database/store.js';
import { withUnitOfWork, type UnitOfWork } from '../platform/database/unit-of-work.js';
import { AppError } from '../platform/errors.js';
import { GroupCommitQueue } from '../platform/group-commit.js';
import { crimeRelatedProhibited, isVagueResult } from '../screening/category-meaning.js';
import type { Screener, ScreeningResult } from '../screening/screener.js';
import type { ScreeningService } from '../screening/screening.service.js';
import {
  decide,
  INTAKE_STATE,
  sumDeclared,
  throwIfInvalidIntake,
  toGateInput,
  toIntakeResult,
  worstVerdict,
} from './intake-decision.js';
import type { PreparedFields } from './intake-preparation.js';
import { InlineIntakePreparer, type IntakePreparer } from './intake-preparer.js';
import type { ParcelsRepository } from './parcels.repository.js';
import type { ParcelTable } from './parcels.tables.js';
import {
  CURRENT_NOTICE_VERSION,
  type IntakeInput,
  type IntakeOutcome,
  type IntakeResult,
} from './parcels.types.js';
import { storedRiskFacts } from './risk-facts-storage.js';
import { evaluateRisk, type RiskFacts, type RuleSet } from './risk-rules.js';
import { resolveStaff } from './staff-reference.js';
import { authorize } from '../people/access.js';
import { throwIfUnknownSite } from '../identity/site-scope.js';
import { cleanWaybillNo } from './waybill.js';

const DAY = 86_400_000;

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
  /** Its hash, screening and sealed fields: made by the preparer (perhaps on the worker thread) meanwhile. */
  fields: Promise<PreparedFields>;
}

/**
 * Lookups shared by the parcels of one group transaction: a site found to exist, a courier found active. Nothing
 * an intake writes changes them, and within one transaction they are read once instead of once per parcel.
 */
class GroupLookups implements GateLookups {
  readonly knownSites = new Set<string>();
  readonly activeStaff = new Map<string, string>();
  constructor(readonly watchlistEmpty: boolean) {}
}

/** What intake works with (built once, in app.ts). */
export interface IntakeServiceOptions {
  store: Store;
  repository: ParcelsRepository;
  people: PeopleRepository;
  identityGate: IdentityGate;
  watchlist: WatchlistService;
  clues: CluesService;
  refusals: RefusalsService;
  screening: ScreeningService;
  audit: AuditService;
  vault: Vault;
  clock: Clock;
  /** The active risk rule set (re-read by the risk rules service every few seconds). */
  riskRules: () => Promise<RuleSet>;
  /** Groups written a statement per table (the default) or, when false, a savepoint per parcel. */
  setBased?: boolean;
  /** Where an intake's hashing, screening and sealing run; on the writer's thread when left out. */
  preparer?: IntakePreparer;
}

/** Takes parcels in (ParcelsService answers `intake` and `intakeMany` through it). */
export class IntakeService {
  private setBasedFallbackCount = 0;

  /** Groups whose set-based run failed as a whole and were run again with a savepoint per parcel. */
  get setBasedFallbacks(): number {
    return this.setBasedFallbackCount;
  }

  private readonly singleIntakes = new GroupCommitQueue<IntakeRequest, IntakeResult>(
    (requests) => this.intakeGroup(requests),
    GROUP_COMMIT,
  );

  private readonly store: Store;
  private readonly repository: ParcelsRepository;
  private readonly people: PeopleRepository;
  private readonly identityGate: IdentityGate;
  private readonly watchlist: WatchlistService;
  private readonly clues: CluesService;
  private readonly refusals: RefusalsService;
  private readonly screening: ScreeningService;
  private readonly audit: AuditService;
  private readonly vault: Vault;
  private readonly clock: Clock;
  private readonly riskRules: () => Promise<RuleSet>;
  private readonly setBased: boolean;
  private readonly preparer: IntakePreparer;

  constructor(options: IntakeServiceOptions) {
    this.store = options.store;
    this.repository = options.repository;
    this.people = options.people;
    this.identityGate = options.identityGate;
    this.watchlist = options.watchlist;
    this.clues = options.clues;
    this.refusals = options.refusals;
    this.screening = options.screening;
    this.audit = options.audit;
    this.vault = options.vault;
    this.clock = options.clock;
    this.riskRules = options.riskRules;
    this.setBased = options.setBased ?? true;
    this.preparer = options.preparer ?? new InlineIntakePreparer(options.vault);
  }

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
    const checked: Omit<PreparedIntake, 'fields'>[] = [];
    const siteIds = await this.resolveSiteCodes(requests);
    requests.forEach(({ context, input: given }, index) => {
      const siteId = siteIds.get(given.siteId);
      const input = siteId === undefined ? given : { ...given, siteId };
      try {
        const waybillNo = cleanWaybillNo(input.waybillNo);
        throwIfInvalidIntake({ ...input, waybillNo });
        // Before anything is read: a replay must not answer another site's parcel to this caller.
        authorize(context.actor, 'act', { kind: 'site', id: input.siteId }, { path: '/siteId' });
        checked.push({ index, context, input, waybillNo });
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    });
    if (checked.length === 0) return outcomes;

    // Read once for the whole group (cached; a refresh reads outside any transaction). The preparer hashes,
    // screens and seals meanwhile: on its worker thread, a part of the group is ready while the writer stores the
    // part before it.
    const screener = await this.screening.activeScreener();
    const fields = this.preparer.prepare(checked, screener, this.clock.now());
    const prepared = checked.map((item, position) => {
      const prepared = fields[position]!;
      // Awaited when its parcel is stored; a group that fails before that must not leave it unhandled.
      prepared.catch(() => undefined);
      return { ...item, fields: prepared };
    });
    await this.storeGroup(prepared, outcomes, screener, 1, this.setBased ? 'set-based' : 'savepoints');
    return outcomes;
  }

  /**
   * The ids of the sites the group names by code (NDJSON lines and `parcelguard import` reach intake without the
   * HTTP layer's resolution). Resolved before the access check, which compares ids; ids cost no lookup.
   */
  private async resolveSiteCodes(requests: readonly IntakeRequest[]): Promise<Map<string, string>> {
    const resolved = new Map<string, string>();
    for (const { input } of requests) {
      if (resolved.has(input.siteId) || !couldBeSiteCode(input.siteId)) continue;
      resolved.set(input.siteId, await resolveSiteReference(this.store.db, this.people, input.siteId));
    }
    return resolved;
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
    screener: Screener,
    attempt: number,
    mode: 'set-based' | 'savepoints',
  ): Promise<void> {
    // Read once for the whole group, before the transaction (cached; a refresh reads outside it).
    const ruleSet = await this.riskRules();
    const raced: PreparedIntake[] = [];
    const victims: PreparedIntake[] = [];
    try {
      await this.store.transaction(async (trx) => {
        // The writer lock, held to the end: nobody else writes while the group reads and writes (unit-of-work.ts).
        await this.audit.lockChainWithin(trx);
        // On SQLite this transaction holds the write lock (BEGIN IMMEDIATE): no watchlist entry can be added
        // before it commits, so an empty watchlist now stays empty for every parcel of the group. (PostgreSQL
        // reads the entries the group's parcels may match once, in the prefetch.)
        const watchlistEmpty =
          this.store.dialect === 'sqlite' && !(await this.watchlist.hasEntriesWithin(trx));
        const lookups = new GroupLookups(watchlistEmpty);
        if (mode === 'set-based') {
          await withUnitOfWork(trx, this.store.sqlite, async (unit) => {
            await this.prefetch(trx, unit, prepared);
            for (const item of prepared) {
              const mark = unit.mark();
              try {
                const value = await this.intakeWithin(trx, item, screener, ruleSet, lookups);
                outcomes[item.index] = { ok: true, value };
              } catch (error) {
                // An answer to the caller (bad input, a conflict): nothing of it reached the database, and what it
                // staged is dropped. Anything else (a failed statement) fails the group, which is run again below
                // with a savepoint per parcel.
                if (!(error instanceof AppError)) throw error;
                unit.rollbackTo(mark);
                outcomes[item.index] = { ok: false, error };
              }
            }
          });
          return;
        }
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
      // The set-based group failed as a whole (a statement failed, or its writes did when flushed): nothing of it
      // was stored. Each parcel is then taken in its own savepoint, so a failing one answers alone.
      if (mode === 'set-based') {
        this.setBasedFallbackCount += 1;
        await this.storeGroup(prepared, outcomes, screener, attempt, 'savepoints');
        return;
      }
      if (!isTransientConflict(error) || attempt >= GROUP_ATTEMPTS) throw error;
      await this.storeGroup(prepared, outcomes, screener, attempt + 1, mode);
      return;
    }
    if (victims.length > 0) await this.storeGroup(victims, outcomes, screener, attempt + 1, mode);
    // Another API node took the same waybill in meanwhile (PostgreSQL): answer like a replay once it is visible.
    for (const item of raced) {
      try {
        const existing = await this.repository.findParcel(this.store.db, item.waybillNo);
        if (existing === undefined) {
          throw new AppError('conflict', 'the parcel was taken in concurrently; retry to get its answer');
        }
        outcomes[item.index] = {
          ok: true,
          value: await this.replay(this.store.db, existing, (await item.fields).requestHash),
        };
      } catch (error) {
        outcomes[item.index] = { ok: false, error };
      }
    }
  }

  /**
   * Reads what the group's parcels will ask, a statement per table for the whole group (PostgreSQL; on SQLite
   * every lookup is a prepared statement on the handle and the repositories skip this): the waybills already
   * taken in, the senders of the documents presented with their phones, refusals and histories, and the watchlist
   * entries of every document and phone in the group.
   */
  private async prefetch(trx: Trx, unit: UnitOfWork, prepared: readonly PreparedIntake[]): Promise<void> {
    if (this.store.dialect === 'sqlite') return;
    const now = this.clock.now();
    const gateInputs: GateInput[] = [];
    for (const { input } of prepared) {
      try {
        gateInputs.push(toGateInput(input));
      } catch {
        // A bad sender answers when its parcel is taken in; there is nothing of it to read.
      }
    }
    const senders = await this.identityGate.prefetchForGroup(
      trx,
      unit,
      gateInputs,
      prepared.map((item) => item.input.recipient.phone),
      now,
    );
    await this.repository.prefetchForGroup(trx, unit, {
      waybills: prepared.map((item) => item.waybillNo),
      senderIds: senders.map((sender) => sender.id),
      now,
    });
  }

  /** One parcel inside the group's transaction (its writes staged in the group's unit of work, or in its savepoint). */
  private async intakeWithin(
    trx: Trx,
    item: PreparedIntake,
    screener: Screener,
    ruleSet: RuleSet,
    lookups: GroupLookups,
  ): Promise<IntakeResult> {
    const { context, input, waybillNo } = item;
    const { requestHash, screened, sealed, recipientIndex, senderKeys } = await item.fields;
    // The sender's blind indexes, made on the worker: the gate below finds them computed.
    if (senderKeys !== undefined) this.vault.adopt(senderKeys);
    const existing = await this.repository.findParcel(trx, waybillNo);
    if (existing !== undefined) return this.replay(trx, existing, requestHash);

    const now = this.clock.now();
    // The site first: a courier named for a site that does not exist is answered as the unknown site it is.
    if (!lookups.knownSites.has(input.siteId)) {
      await throwIfUnknownSite(trx, this.people, input.siteId);
      lookups.knownSites.add(input.siteId);
    }
    const courierId = await resolveStaff(
      this.people,
      trx,
      context,
      input.courierId,
      '/courierId',
      input.siteId,
      chinaDate(now),
      lookups.activeStaff,
    );
    const gateInput = toGateInput(input, screened);
    const gate = await underSender(() => this.identityGate.decideWithin(trx, context, gateInput, lookups));
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
      origin_address_enc: sealed.originAddress,
      destination_country: input.destination.country,
      destination_region: input.destination.regionCode ?? null,
      destination_address_enc: sealed.destinationAddress,
      gate_kind: gateInput.kind,
      gate_decision: gate.decision,
      gate_reason: gate.reason,
      sender_id: gate.senderId ?? null,
      agreement_id: gate.agreementId ?? null,
      recipient_name_enc: sealed.recipientName,
      recipient_phone_enc: sealed.recipientPhone,
      recipient_phone_index: recipientIndex,
      recipient_address_enc: sealed.recipientAddress,
      weight_grams: input.weightGrams,
      declared_value: facts.declaredValueCny,
      notice_version: input.noticeVersion ?? CURRENT_NOTICE_VERSION,
      collected_by: courierId,
      catalogue_version: screener.catalogue.version,
      screening_verdict: facts.screening.verdict,
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
    const crimeCategories = crimeRelatedProhibited(screener.catalogue.categories, screened);
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

  private replay(db: Executor, existing: ParcelTable, requestHash: string): Promise<IntakeResult> {
    if (existing.request_hash !== requestHash) {
      throw new AppError('conflict', 'this waybill was already taken in with a different request', {
        errors: [{ path: '/waybillNo', message: 'is already used by another parcel' }],
      });
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
        vagueItemCount: screened.filter(isVagueResult).length,
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
 * Runs the identity gate for an intake. The gate names fields relative to its own input, which is the intake's
 * `sender` plus the intake's `siteId`: its field errors are moved under `/sender` (the site stays where it is), so
 * the caller reads `/body/sender/documentType`, not a `/body/documentType` the intake has no such field at.
 */
async function underSender<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw error.withFieldPaths((path) => (path === '/siteId' ? path : `/sender${path}`));
  }
}
