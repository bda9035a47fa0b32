// The vocabulary of real-name collection: closed lists (contracts for the API, the CLI and stored rows) and the
// shapes services return. Personal data leaves a service masked unless a caller asked to unmask it.
import type { DocumentReason } from './documents/index.js';
import { DOCUMENT_TYPES, type DocumentType } from './documents/index.js';

/** How the counter checked the person against the document. */
export const VERIFICATION_METHODS = ['card-reader', 'visual', 'face-match'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** Documents a person can present at the counter: every type except an organisation's credit code. */
export const PERSON_DOCUMENT_TYPES = DOCUMENT_TYPES.filter(
  (type): type is Exclude<DocumentType, 'uscc'> => type !== 'uscc',
);
export type PersonDocumentType = (typeof PERSON_DOCUMENT_TYPES)[number];

/** Why the identity gate refused a parcel (stored in refusals; a contract: add codes, never rename them). */
export const REFUSAL_REASONS = [
  'no-document',
  'invalid-document',
  'name-mismatch',
  'refused-to-show',
  'agreement-inactive',
  // The face-match device scored the sender below the configured minimum (PARCELGUARD_FACE_MATCH_MIN_SCORE).
  'face-match-failed',
  // The parcel holds goods outside the agreement's permitted goods, and no document was shown instead.
  'agreement-goods',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const GATE_KINDS = ['document', 'agreement', 'refused-to-show', 'no-document'] as const;
export type GateKind = (typeof GATE_KINDS)[number];

export const GATE_DECISIONS = ['pass', 'refuse', 'hold'] as const;

export const CLUE_SEVERITIES = ['low', 'medium', 'high'] as const;
export type ClueSeverity = (typeof CLUE_SEVERITIES)[number];
/** What a clue's subject index identifies. */
export const CLUE_SUBJECT_TYPES = ['document', 'phone'] as const;
export type ClueSubjectType = (typeof CLUE_SUBJECT_TYPES)[number];

export const WATCHLIST_KINDS = ['document', 'phone'] as const;
export type WatchlistKind = (typeof WATCHLIST_KINDS)[number];

/** Agreement status as read: `expired` is never stored, it is derived from valid-until. */
export const AGREEMENT_STATUSES = ['active', 'suspended', 'expired', 'terminated'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export type StoredAgreementStatus = Exclude<AgreementStatus, 'expired'>;

export interface Verification {
  method: VerificationMethod;
  /** The face-match device's similarity score, 0–1; only a face-match has one. */
  deviceScore?: number;
}

/** A person's identity document as presented at the counter, with the name and phone on the waybill. */
export interface DocumentPresentation {
  documentType: string;
  number: string;
  /** ISO 3166-1 alpha-3; required for passports. */
  nationality?: string;
  /** Passport machine-readable zone, when the reader gives one. */
  mrz?: string;
  name: string;
  phone?: string;
  verification: Verification;
}

/**
 * One line of a parcel's contents as the gate judges it against an agreement's permitted goods: the declared
 * description and the category the screener gave it (null when none).
 */
export interface GoodsLine {
  description: string;
  category: string | null;
}

/** What the counter (or the parcel intake) hands the identity gate. */
export type GateInput =
  | ({ kind: 'document'; siteId: string } & DocumentPresentation)
  | ({
      kind: 'agreement';
      agreementId: string;
      accountId?: string;
      siteId: string;
      name?: string;
      phone?: string;
      verification?: Verification;
      /**
       * The parcel's contents (parcel intake): lines outside the agreement's permitted goods lose its exemption.
       * A counter terminal asking before any parcel exists gives none.
       */
      goods?: readonly GoodsLine[];
    } & Partial<Pick<DocumentPresentation, 'documentType' | 'number' | 'nationality' | 'mrz'>>)
  | { kind: 'refused-to-show'; phone?: string; siteId: string }
  | { kind: 'no-document'; phone?: string; siteId: string };

/**
 * The gate's answer. On a hold `reason` is null and the counter message says only to refer to a supervisor:
 * why a sender is held is for security officers (it is in the clue), never for the counter.
 */
export interface GateDecision {
  decision: (typeof GATE_DECISIONS)[number];
  senderId?: string;
  agreementId?: string;
  reason: RefusalReason | null;
  /**
   * What the refusal was measured against, when there is something to say (a face match: the device's score and
   * the minimum in force). Stored with the parcel's reasons; never personal data.
   */
  reasonDetail?: string;
  counterMessage: string;
  refusalId?: string;
  /** Clues raised by this decision (for the caller's own records; not shown at the counter). */
  clueIds: string[];
  /**
   * The keyed blind index of the document presented, when one was (for the caller's own records, e.g. the
   * sender's recent refusals as a risk fact; not shown at the counter).
   */
  documentIndex?: string;
}

/** A verified person as everyone but an unmasking officer sees them. */
export interface Sender {
  id: string;
  documentType: string;
  nationality: string | null;
  documentNumberMasked: string;
  nameMasked: string;
  phonesMasked: string[];
  /** The latest verification: how, by whom, where, when. */
  verification: {
    method: VerificationMethod;
    deviceScore: number | null;
    actorType: string;
    actorId: string;
    siteId: string;
    at: number;
  };
  firstSeenAt: number;
  lastSeenAt: number;
  lastSeenSiteId: string;
}

/** The plaintext of a sender's personal data: only through an audited unmasking with a stated purpose. */
export interface UnmaskedSender {
  id: string;
  documentType: string;
  nationality: string | null;
  documentNumber: string;
  name: string;
  phones: string[];
}

export interface Refusal {
  id: string;
  reason: RefusalReason;
  /** The document validator's reason when the document was invalid. */
  documentReason: DocumentReason | null;
  gateKind: GateKind;
  documentType: string | null;
  agreementId: string | null;
  siteId: string;
  actorType: string;
  actorId: string;
  requestId: string;
  createdAt: number;
  /** What the refusal was measured against, e.g. `{ faceMatch: { deviceScore, minScore } }`; else null. */
  details: Record<string, unknown> | null;
}

/**
 * Something for a security officer to look at. Clues are general (the cases capability will take them over);
 * identity raises `repeated-refusals` and `watchlist-hit`. A clue is born `open`.
 */
export interface Clue {
  id: string;
  /** The capability that raised it. */
  source: string;
  kind: string;
  severity: ClueSeverity;
  subjectType: string;
  /** A keyed blind index of the subject (document or phone): correlates without revealing. */
  subjectIndex: string | null;
  siteId: string | null;
  details: Record<string, unknown>;
  refs: ClueRef[];
  status: string;
  createdAt: number;
}

export interface ClueRef {
  type: string;
  id: string;
}

export interface WatchlistEntry {
  id: string;
  kind: WatchlistKind;
  documentType: string | null;
  nationality: string | null;
  valueMasked: string;
  reason: string;
  expiresOn: string | null;
  /** Not removed and not past its expiry. */
  active: boolean;
  createdByType: string;
  createdBy: string;
  createdAt: number;
  removedAt: number | null;
  removedBy: string | null;
}

export interface Organisation {
  id: string;
  name: string;
  uscc: string;
  createdAt: number;
  updatedAt: number;
}

export interface AgreementAccount {
  id: string;
  agreementId: string;
  code: string;
  name: string;
  createdAt: number;
}

export interface Agreement {
  id: string;
  number: string;
  organisationId: string;
  organisationName: string;
  signedOn: string;
  validUntil: string;
  status: AgreementStatus;
  statusReason: string | null;
  /** The responsible person, verified at signing; null once retention has purged them. */
  responsiblePerson: {
    senderId: string;
    documentType: string;
    documentNumberMasked: string;
    nameMasked: string;
  } | null;
  permittedGoods: string[];
  /** Empty: every site. */
  permittedSiteIds: string[];
  signedAtSiteId: string;
  accounts: AgreementAccount[];
  createdAt: number;
  updatedAt: number;
}

export interface RetentionReport {
  senders: number;
  senderPhones: number;
  refusals: number;
  /** Senders past retention kept because a lawful request's legal hold covers them. */
  keptForLegalHold: number;
  /** Senders last seen before this instant (epoch ms) were purged unless an agreement still needs them. */
  sendersLastSeenBefore: number;
  refusalsBefore: number;
}
