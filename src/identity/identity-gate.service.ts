import type { RequestContext } from '../people/actor.js';
import type { PeopleRepository } from '../people/people.repository.js';
import type { Vault } from '../platform/crypto/vault.js';
import type { WatchlistEntryTable } from '../platform/database/schema.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { FieldProblems } from '../platform/validation.js';
import { findGoodsOutsideAgreement } from './agreement-rules.js';
import type { AgreementsService } from './agreements.service.js';
import type { CluesService } from '../cases/clues.service.js';
import { DOCUMENT_REASON_MESSAGES } from './documents/index.js';
import type {
  DocumentPresentation,
  GateDecision,
  GateInput,
  GateKind,
  RefusalReason,
} from './identity.types.js';
import { GATE_KINDS } from './identity.types.js';
import type { NewRefusal, RefusalsService } from './refusals.service.js';
import { checkPhone, checkPresentation, type SendersService } from './senders.service.js';
import { throwIfUnknownSite } from './site-scope.js';
import { authorize } from '../people/access.js';
import { documentIndex, phoneIndex } from './subject-index.js';
import type { WatchlistService } from './watchlist.service.js';

/** All the counter is told about a hold: why a sender is held is for security officers, never the counter. */
export const REFER_TO_SUPERVISOR = 'Refer to a supervisor.';

const SENDER_VERIFIED = 'Sender verified: accept the parcel for inspection.';
const AGREEMENT_COVERS = 'Covered by a security agreement: accept the parcel for inspection without ID.';

const REFUSAL_MESSAGES: Record<RefusalReason, string> = {
  'no-document': 'Refuse the parcel: the sender must show a valid identity document.',
  'invalid-document': 'Refuse the parcel: the identity document is not valid.',
  'name-mismatch':
    'Refuse the parcel: the name on the waybill does not match the name registered for this document.',
  'refused-to-show': 'Refuse the parcel: a sender who will not show an identity document cannot send.',
  'agreement-inactive':
    'Refuse the parcel: the security agreement does not cover it here. The sender may show an identity document instead.',
  'face-match-failed':
    'Refuse the parcel: the face match failed, so the sender was not shown to hold this document.',
  'agreement-goods':
    'Refuse the parcel: the security agreement does not cover these goods. The sender may show an identity document instead.',
};

/** The gate's configured limits. */
export interface GatePolicy {
  /** The lowest face-match device score accepted (PARCELGUARD_FACE_MATCH_MIN_SCORE). */
  faceMatchMinScore: number;
}

/** The circumstances of one decision: how the sender came to the gate, where, and the phone they gave. */
interface GateCircumstances {
  gateKind: GateKind;
  siteId: string;
  phoneIndex: string | null;
  agreementId?: string;
  watchlistEmpty: boolean;
}

/**
 * Lookups a caller taking many decisions in one transaction shares between them (group intake): a site once
 * found to exist is not looked up again. Nothing the gate writes changes them.
 */
export interface GateLookups {
  readonly knownSites: Set<string>;
  /**
   * True only when the caller knows no watchlist entry can match during its transaction (none exists, and
   * none can be added before it commits): the lookups are then skipped.
   */
  readonly watchlistEmpty: boolean;
}

/**
 * The identity gate (real-name collection): pass, refuse or hold one sender. Every refusal is recorded (and
 * repeated ones raise a clue); a watchlisted document or phone holds the parcel and raises a clue.
 */
export class IdentityGate {
  constructor(
    private readonly store: Store,
    private readonly people: PeopleRepository,
    private readonly senders: SendersService,
    private readonly refusals: RefusalsService,
    private readonly clues: CluesService,
    private readonly watchlist: WatchlistService,
    private readonly agreements: AgreementsService,
    private readonly vault: Vault,
    private readonly policy: GatePolicy,
  ) {}

  /** The gate in its own transaction, for callers with nothing else to write (a counter terminal). */
  decide(context: RequestContext, input: GateInput): Promise<GateDecision> {
    return this.store.transaction((trx) => this.decideWithin(trx, context, input));
  }

  /**
   * The gate inside the caller's transaction (parcel intake): its records commit or roll back with the parcel.
   * Errors name fields of the gate's input; a caller that nests it (intake: `/sender`) moves the paths.
   */
  async decideWithin(
    trx: Executor,
    context: RequestContext,
    input: GateInput,
    lookups?: GateLookups,
  ): Promise<GateDecision> {
    throwIfInvalidGateInput(input);
    authorize(context.actor, 'act', { kind: 'site', id: input.siteId }, { path: '/siteId' });
    if (lookups?.knownSites.has(input.siteId) !== true) {
      await throwIfUnknownSite(trx, this.people, input.siteId);
      lookups?.knownSites.add(input.siteId);
    }
    const circumstances: GateCircumstances = {
      gateKind: input.kind,
      siteId: input.siteId,
      phoneIndex: input.phone === undefined ? null : phoneIndex(this.vault, input.phone),
      watchlistEmpty: lookups?.watchlistEmpty === true,
    };
    switch (input.kind) {
      case 'document':
        return this.decideOnDocument(trx, context, input, circumstances);
      case 'agreement':
        return this.decideOnAgreement(trx, context, input, circumstances);
      case 'refused-to-show':
      case 'no-document':
        return this.decideWithoutDocument(trx, context, input.kind, circumstances);
    }
  }

  private async decideOnDocument(
    trx: Executor,
    context: RequestContext,
    presentation: DocumentPresentation,
    circumstances: GateCircumstances,
  ): Promise<GateDecision> {
    const outcome = await this.senders.presentWithin(trx, context, presentation, circumstances.siteId, {
      phoneIndex: circumstances.phoneIndex,
      faceMatchMinScore: this.policy.faceMatchMinScore,
    });
    const match = await this.watchlistMatch(trx, circumstances, [
      outcome.documentIndex,
      circumstances.phoneIndex,
    ]);
    const senderId = outcome.ok ? outcome.senderId : undefined;
    if (match !== undefined) {
      const held = await this.hold(trx, context, match, circumstances, {
        ...(senderId === undefined ? {} : { senderId }),
        details: {
          documentType: presentation.documentType,
          ...(outcome.ok ? {} : { wouldRefuse: outcome.reason }),
        },
      });
      return { ...held, documentIndex: outcome.documentIndex };
    }
    if (!outcome.ok) {
      const message =
        outcome.documentReason === null
          ? REFUSAL_MESSAGES[outcome.reason]
          : `${REFUSAL_MESSAGES[outcome.reason]} ${DOCUMENT_REASON_MESSAGES[outcome.documentReason]} Check it was typed correctly.`;
      // The minimum in force is kept with a failed face match: it is configurable, and a later reader of the
      // refusal (or the parcel's reasons) must see what the score was measured against.
      const faceMatch =
        outcome.reason === 'face-match-failed'
          ? {
              deviceScore: presentation.verification.deviceScore ?? 0,
              minScore: this.policy.faceMatchMinScore,
            }
          : undefined;
      const refused = await this.refuse(
        trx,
        context,
        {
          reason: outcome.reason,
          documentReason: outcome.documentReason,
          gateKind: circumstances.gateKind,
          documentType: presentation.documentType,
          documentIndex: outcome.documentIndex,
          phoneIndex: circumstances.phoneIndex,
          agreementId: circumstances.agreementId ?? null,
          siteId: circumstances.siteId,
          ...(faceMatch === undefined ? {} : { details: { faceMatch } }),
        },
        message,
      );
      return {
        ...refused,
        ...(faceMatch === undefined
          ? {}
          : {
              reasonDetail: `device score ${faceMatch.deviceScore} below the minimum ${faceMatch.minScore}`,
            }),
        documentIndex: outcome.documentIndex,
      };
    }
    return {
      decision: 'pass',
      senderId: outcome.senderId,
      reason: null,
      counterMessage: SENDER_VERIFIED,
      clueIds: [],
      documentIndex: outcome.documentIndex,
    };
  }

  private async decideOnAgreement(
    trx: Executor,
    context: RequestContext,
    input: Extract<GateInput, { kind: 'agreement' }>,
    circumstances: GateCircumstances,
  ): Promise<GateDecision> {
    const coverage = await this.agreements.findCoverageWithin(trx, {
      agreementId: input.agreementId,
      siteId: input.siteId,
      ...(input.accountId === undefined ? {} : { accountId: input.accountId }),
    });
    // An agreement that does not exist is a wrong reference, not a customer whose agreement lapsed: answered as
    // such (nothing recorded), rather than letting a document decide under a made-up agreement's name.
    if (coverage.agreementId === null) {
      throw new AppError('unknown-reference', 'the agreement does not exist', {
        errors: [{ path: '/agreementId', message: 'no such agreement' }],
      });
    }
    const agreementCircumstances = { ...circumstances, agreementId: coverage.agreementId };
    // Goods outside the agreement lose its exemption like a lapsed agreement: the document decides, or refuse.
    const goodsOutside =
      coverage.gap === null &&
      input.goods !== undefined &&
      findGoodsOutsideAgreement(coverage.permittedGoods, input.goods).length > 0;
    if (coverage.gap === null && !goodsOutside) {
      // The organisation's credit code and its responsible person are watched like any document.
      const usccIndex =
        coverage.organisationUscc === null
          ? null
          : documentIndex(this.vault, {
              documentType: 'uscc',
              nationality: null,
              number: coverage.organisationUscc,
            });
      const match = await this.watchlistMatch(trx, circumstances, [
        usccIndex,
        coverage.responsibleDocumentIndex,
        circumstances.phoneIndex,
      ]);
      if (match !== undefined) return this.hold(trx, context, match, agreementCircumstances, { details: {} });
      return {
        decision: 'pass',
        agreementId: coverage.agreementId,
        reason: null,
        counterMessage: AGREEMENT_COVERS,
        clueIds: [],
      };
    }
    // Not covered: per-parcel ID, when the counter has it, decides instead.
    const fallback = fallbackPresentation(input);
    if (fallback !== null) return this.decideOnDocument(trx, context, fallback, agreementCircumstances);
    const match = await this.watchlistMatch(trx, circumstances, [circumstances.phoneIndex]);
    if (match !== undefined) return this.hold(trx, context, match, agreementCircumstances, { details: {} });
    const reason = goodsOutside ? 'agreement-goods' : 'agreement-inactive';
    return this.refuse(
      trx,
      context,
      {
        reason,
        documentReason: null,
        gateKind: 'agreement',
        documentType: null,
        documentIndex: null,
        phoneIndex: circumstances.phoneIndex,
        agreementId: coverage.agreementId,
        siteId: circumstances.siteId,
      },
      REFUSAL_MESSAGES[reason],
    );
  }

  private async decideWithoutDocument(
    trx: Executor,
    context: RequestContext,
    reason: 'refused-to-show' | 'no-document',
    circumstances: GateCircumstances,
  ): Promise<GateDecision> {
    const match = await this.watchlistMatch(trx, circumstances, [circumstances.phoneIndex]);
    if (match !== undefined) return this.hold(trx, context, match, circumstances, { details: {} });
    return this.refuse(
      trx,
      context,
      {
        reason,
        documentReason: null,
        gateKind: reason,
        documentType: null,
        documentIndex: null,
        phoneIndex: circumstances.phoneIndex,
        agreementId: null,
        siteId: circumstances.siteId,
      },
      REFUSAL_MESSAGES[reason],
    );
  }

  private async watchlistMatch(
    trx: Executor,
    circumstances: GateCircumstances,
    indexes: readonly (string | null)[],
  ): Promise<WatchlistEntryTable | undefined> {
    if (circumstances.watchlistEmpty) return undefined;
    return this.watchlist.findMatchWithin(trx, indexes);
  }

  private async refuse(
    trx: Executor,
    context: RequestContext,
    refusal: NewRefusal,
    counterMessage: string,
  ): Promise<GateDecision> {
    const { refusalId, clueIds } = await this.refusals.recordWithin(trx, context, refusal);
    return { decision: 'refuse', reason: refusal.reason, counterMessage, refusalId, clueIds };
  }

  private async hold(
    trx: Executor,
    context: RequestContext,
    match: WatchlistEntryTable,
    circumstances: GateCircumstances,
    extra: { senderId?: string; details: Record<string, unknown> },
  ): Promise<GateDecision> {
    const clue = await this.clues.raiseWithin(trx, context, {
      source: 'identity',
      kind: 'watchlist-hit',
      severity: 'high',
      subjectType: match.kind,
      subjectIndex: match.subject_index,
      siteId: circumstances.siteId,
      details: {
        reason: 'watchlisted',
        gateKind: circumstances.gateKind,
        matched: match.kind,
        ...extra.details,
      },
      refs: [
        { type: 'watchlist-entry', id: match.id },
        ...(extra.senderId === undefined ? [] : [{ type: 'sender', id: extra.senderId }]),
        ...(circumstances.agreementId === undefined
          ? []
          : [{ type: 'agreement', id: circumstances.agreementId }]),
      ],
    });
    return {
      decision: 'hold',
      ...(extra.senderId === undefined ? {} : { senderId: extra.senderId }),
      ...(circumstances.agreementId === undefined ? {} : { agreementId: circumstances.agreementId }),
      reason: null,
      counterMessage: REFER_TO_SUPERVISOR,
      clueIds: [clue.id],
    };
  }
}

/** The per-parcel document an agreement customer brought along, or null when none was given. */
function fallbackPresentation(input: Extract<GateInput, { kind: 'agreement' }>): DocumentPresentation | null {
  if (input.documentType === undefined || input.number === undefined) return null;
  // throwIfInvalidGateInput has made sure a name and a verification come with any document fields.
  return {
    documentType: input.documentType,
    number: input.number,
    name: input.name!,
    verification: input.verification!,
    ...(input.nationality === undefined ? {} : { nationality: input.nationality }),
    ...(input.mrz === undefined ? {} : { mrz: input.mrz }),
    ...(input.phone === undefined ? {} : { phone: input.phone }),
  };
}

/** Shape checks for callers that did not come through the HTTP schema (the CLI, parcel intake). */
function throwIfInvalidGateInput(input: GateInput): void {
  const problems = new FieldProblems()
    .check(
      (GATE_KINDS as readonly string[]).includes(input.kind),
      'kind',
      `must be one of ${GATE_KINDS.join(', ')}`,
    )
    .check(typeof input.siteId === 'string' && input.siteId.length > 0, 'siteId', 'is required');
  switch (input.kind) {
    case 'document':
      checkPresentation(problems, input, '');
      break;
    case 'agreement': {
      problems.check(input.agreementId.trim().length > 0, 'agreementId', 'is required');
      const documentGiven = input.documentType !== undefined || input.number !== undefined;
      if (documentGiven) checkPresentation(problems, input, '');
      else checkPhone(problems, input.phone, 'phone');
      break;
    }
    case 'refused-to-show':
    case 'no-document':
      checkPhone(problems, input.phone, 'phone');
      break;
  }
  problems.throwIfAny();
}
