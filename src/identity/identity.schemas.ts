import { Type } from 'typebox';
import { CalendarDate, DiscriminatedUnion, Nullable, StrictObject, Timestamp } from '../http/schemas.js';
import { DOCUMENT_REASONS, DOCUMENT_TYPES } from './documents/index.js';
import { PURPOSE_REFERENCE, UNMASK_REASON_CODES } from './unmask-purpose.js';
import {
  CLUE_SEVERITIES,
  GATE_DECISIONS,
  GATE_KINDS,
  PERSON_DOCUMENT_TYPES,
  REFUSAL_REASONS,
  VERIFICATION_METHODS,
  WATCHLIST_KINDS,
} from './identity.types.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const PersonDocumentType = Type.Enum(PERSON_DOCUMENT_TYPES);
const DocumentNumber = Type.String({ minLength: 1, maxLength: 64 });
const Nationality = Type.String({ minLength: 3, maxLength: 3, description: 'ISO 3166-1 alpha-3; passports' });
const Mrz = Type.String({ maxLength: 200, description: 'passport machine-readable zone (TD3)' });
const PersonName = Type.String({ minLength: 1, maxLength: 100, description: 'the name on the waybill' });
const Phone = Type.String({ minLength: 6, maxLength: 30 });

/** How the person was checked against the document; only a face-match carries the device's score. */
export const VerificationBody = DiscriminatedUnion('method', [
  StrictObject({ method: Type.Literal('card-reader') }),
  StrictObject({ method: Type.Literal('visual') }),
  StrictObject({
    method: Type.Literal('face-match'),
    deviceScore: Type.Number({ minimum: 0, maximum: 1, description: "the device's similarity score" }),
  }),
]);

/** The fields of a document presentation (reused by the agreement's responsible person). */
export const documentPresentationFields = {
  documentType: PersonDocumentType,
  number: DocumentNumber,
  nationality: Type.Optional(Nationality),
  mrz: Type.Optional(Mrz),
  name: PersonName,
  phone: Type.Optional(Phone),
  verification: VerificationBody,
};

export const GateBody = DiscriminatedUnion('kind', [
  StrictObject(
    { kind: Type.Literal('document'), siteId: Id, ...documentPresentationFields },
    { description: 'The sender shows an identity document.' },
  ),
  StrictObject(
    {
      kind: Type.Literal('agreement'),
      agreementId: Id,
      accountId: Type.Optional(Id),
      siteId: Id,
      name: Type.Optional(PersonName),
      phone: Type.Optional(Phone),
      documentType: Type.Optional(PersonDocumentType),
      number: Type.Optional(DocumentNumber),
      nationality: Type.Optional(Nationality),
      mrz: Type.Optional(Mrz),
      verification: Type.Optional(VerificationBody),
    },
    {
      description:
        'An agreement customer: no per-parcel ID while the agreement covers the parcel; document fields, when ' +
        'given, are checked instead if it does not.',
    },
  ),
  StrictObject(
    { kind: Type.Literal('refused-to-show'), siteId: Id, phone: Type.Optional(Phone) },
    { description: 'The sender will not show an identity document.' },
  ),
  StrictObject(
    { kind: Type.Literal('no-document'), siteId: Id, phone: Type.Optional(Phone) },
    { description: 'The sender has no identity document with them.' },
  ),
]);

export const GateDecisionSchema = Type.Object({
  decision: Type.Enum(GATE_DECISIONS),
  senderId: Type.Optional(Type.String()),
  agreementId: Type.Optional(Type.String()),
  reason: Nullable(Type.Enum(REFUSAL_REASONS)),
  counterMessage: Type.String({
    description: 'what to tell the sender; on a hold only "Refer to a supervisor."',
  }),
  refusalId: Type.Optional(Type.String()),
});

export const SenderSchema = Type.Object({
  id: Type.String(),
  documentType: Type.String(),
  nationality: Nullable(Type.String()),
  documentNumberMasked: Type.String(),
  nameMasked: Type.String(),
  phonesMasked: Type.Array(Type.String()),
  verification: Type.Object({
    method: Type.Enum(VERIFICATION_METHODS),
    deviceScore: Nullable(Type.Number()),
    actorType: Type.String(),
    actorId: Type.String(),
    siteId: Type.String(),
    at: Timestamp,
  }),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  lastSeenSiteId: Type.String(),
});

export const UnmaskedSenderSchema = Type.Object({
  id: Type.String(),
  documentType: Type.String(),
  nationality: Nullable(Type.String()),
  documentNumber: Type.String(),
  name: Type.String(),
  phones: Type.Array(Type.String()),
});

export const SenderLookupBody = StrictObject({
  documentType: PersonDocumentType,
  number: DocumentNumber,
  nationality: Type.Optional(Nationality),
});

const PurposeReference = Type.String({
  pattern: PURPOSE_REFERENCE.source,
  description: 'the reference of the case or lawful request, as written on its file',
});
const PurposeNote = Type.Optional(Type.String({ maxLength: 500 }));

export const UnmaskBody = StrictObject({
  purpose: DiscriminatedUnion('kind', [
    StrictObject(
      { kind: Type.Literal('case'), reference: PurposeReference, note: PurposeNote },
      { description: 'the case the plaintext serves' },
    ),
    StrictObject(
      { kind: Type.Literal('lawful-request'), reference: PurposeReference, note: PurposeNote },
      { description: 'the lawful request from an authority the plaintext answers' },
    ),
    StrictObject(
      {
        kind: Type.Literal('reason'),
        code: Type.Enum(UNMASK_REASON_CODES),
        text: Type.String({ minLength: 10, maxLength: 500, description: 'a few words on why' }),
      },
      { description: 'a reason from the closed list, with a few words' },
    ),
  ]),
});

export const RefusalSchema = Type.Object({
  id: Type.String(),
  reason: Type.Enum(REFUSAL_REASONS),
  documentReason: Nullable(Type.Enum(DOCUMENT_REASONS)),
  gateKind: Type.Enum(GATE_KINDS),
  documentType: Nullable(Type.String()),
  agreementId: Nullable(Type.String()),
  siteId: Type.String(),
  actorType: Type.String(),
  actorId: Type.String(),
  requestId: Type.String(),
  createdAt: Timestamp,
  details: Nullable(
    Type.Record(Type.String(), Type.Unknown(), {
      description:
        'what the refusal was measured against: a failed face match gives { faceMatch: { deviceScore, minScore } }',
    }),
  ),
});

export const RefusalListQuery = StrictObject({
  siteId: Type.Optional(Id),
  reason: Type.Optional(Type.Enum(REFUSAL_REASONS)),
  before: Type.Optional(Type.Integer({ minimum: 0, description: 'only refusals created before (epoch ms)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export const ClueSchema = Type.Object({
  id: Type.String(),
  source: Type.String(),
  kind: Type.String(),
  severity: Type.Enum(CLUE_SEVERITIES),
  subjectType: Type.String(),
  subjectIndex: Nullable(Type.String({ description: 'keyed blind index of the document or phone' })),
  siteId: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  refs: Type.Array(Type.Object({ type: Type.String(), id: Type.String() })),
  status: Type.String(),
  createdAt: Timestamp,
});

export const ClueListQuery = StrictObject({
  status: Type.Optional(Type.String({ maxLength: 40 })),
  kind: Type.Optional(Type.String({ maxLength: 40 })),
  siteId: Type.Optional(Id),
  before: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export const WatchlistEntrySchema = Type.Object({
  id: Type.String(),
  kind: Type.Enum(WATCHLIST_KINDS),
  documentType: Nullable(Type.String()),
  nationality: Nullable(Type.String()),
  valueMasked: Type.String(),
  reason: Type.String(),
  expiresOn: Nullable(CalendarDate),
  active: Type.Boolean(),
  createdByType: Type.String(),
  createdBy: Type.String(),
  createdAt: Timestamp,
  removedAt: Nullable(Timestamp),
  removedBy: Nullable(Type.String()),
});

const watchlistTerms = {
  reason: Type.String({ minLength: 3, maxLength: 500, description: 'why it is watched (no personal data)' }),
  expiresOn: Type.Optional(
    Nullable(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: 'YYYY-MM-DD: the last day it matches (China Standard Time); none: until removed',
      }),
    ),
  ),
};

export const AddWatchlistBody = DiscriminatedUnion('kind', [
  StrictObject({
    kind: Type.Literal('document'),
    documentType: Type.Enum(DOCUMENT_TYPES),
    number: DocumentNumber,
    nationality: Type.Optional(Nationality),
    ...watchlistTerms,
  }),
  StrictObject({ kind: Type.Literal('phone'), phone: Phone, ...watchlistTerms }),
]);

export const WatchlistListQuery = StrictObject({
  includeInactive: Type.Optional(Type.Boolean({ default: false, description: 'also removed and expired' })),
});

export const RetentionReportSchema = Type.Object({
  senders: Type.Integer(),
  senderPhones: Type.Integer(),
  keptForLegalHold: Type.Integer({
    description: "past retention but kept: a lawful request's legal hold covers them",
  }),
  refusals: Type.Integer(),
  sendersLastSeenBefore: Timestamp,
  refusalsBefore: Timestamp,
});
