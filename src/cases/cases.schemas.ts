import { Type } from 'typebox';
import { DiscriminatedUnion, Nullable, StrictObject, Timestamp } from '../http/schemas.js';
import { ClueSchema } from '../identity/identity.schemas.js';
import { CASE_OUTCOMES, CASE_PRIORITIES, CASE_STATUSES, EVIDENCE_RECORD_KINDS } from './cases.tables.js';
import { EVIDENCE_MEDIA_TYPES } from './evidence-files.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Note = Type.String({ maxLength: 500 });

export const CaseParams = StrictObject({ id: Id });
export const EvidenceParams = StrictObject({ id: Id, evidenceId: Id });
export const ClueParams = StrictObject({ id: Id });
export const StaffParams = StrictObject({ staffId: Id });
export const DeadlineParams = StrictObject({
  category: Type.String({
    minLength: 1,
    maxLength: 60,
    description: 'a catalogue category slug, crime-related or default',
  }),
});

export const TriagedClueSchema = Type.Object({
  ...ClueSchema.properties,
  caseId: Nullable(Type.String()),
  triagedBy: Nullable(Type.String()),
  triagedAt: Nullable(Timestamp),
  triageNote: Nullable(Type.String()),
});

export const ClueQuery = StrictObject({
  status: Type.Optional(Type.Enum(['open', 'attached', 'dismissed'])),
  kind: Type.Optional(Type.String({ maxLength: 40 })),
  siteId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export const TriageBody = DiscriminatedUnion('action', [
  StrictObject({
    action: Type.Literal('dismiss'),
    reason: Reason,
  }),
  StrictObject({
    action: Type.Literal('attach'),
    caseId: Id,
    note: Type.Optional(Note),
  }),
  StrictObject({
    action: Type.Literal('open'),
    note: Type.Optional(Note),
  }),
]);

export const CaseSummarySchema = Type.Object({
  id: Type.String(),
  key: Type.String({ description: 'waybill:<no> or subject:<type>:<blind index>' }),
  waybillNo: Nullable(Type.String()),
  subjectType: Nullable(Type.String()),
  siteId: Nullable(Type.String()),
  category: Nullable(Type.String()),
  categories: Type.Array(Type.String()),
  title: Type.String(),
  status: Type.Enum(CASE_STATUSES),
  outcome: Nullable(Type.Enum(CASE_OUTCOMES)),
  priority: Type.Enum(CASE_PRIORITIES),
  sealed: Type.Boolean(),
  assigneeId: Nullable(Type.String()),
  deadlineAt: Timestamp,
  overdue: Type.Boolean(),
  openedAt: Timestamp,
  openedBy: Type.String(),
  updatedAt: Timestamp,
  reportedAt: Nullable(Timestamp),
  closedAt: Nullable(Timestamp),
});

export const CaseEventSchema = Type.Object({
  id: Type.String(),
  at: Timestamp,
  kind: Type.String(),
  actorType: Type.String(),
  actorId: Type.String(),
  actorName: Nullable(Type.String({ description: 'the actor, by name, when a staff member' })),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const EvidenceSchema = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  kind: Type.Enum(['file', 'record']),
  recordKind: Nullable(Type.Enum(EVIDENCE_RECORD_KINDS)),
  fileName: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  description: Nullable(Type.String()),
  addedBy: Type.String(),
  addedAt: Timestamp,
  locked: Type.Boolean(),
  lockedAt: Nullable(Timestamp),
  lockedBy: Nullable(Type.String()),
  withdrawn: Type.Boolean(),
  withdrawnAt: Nullable(Timestamp),
  withdrawnReason: Nullable(Type.String()),
});

export const WithdrawBody = StrictObject({ reason: Reason });

export const HandoverSchema = Type.Object({
  id: Type.String(),
  waybillNo: Type.String(),
  caseId: Nullable(Type.String()),
  kind: Type.String(),
  fromCustodian: Nullable(Type.String()),
  toName: Type.String(),
  toUnit: Nullable(Type.String()),
  toOfficerNo: Nullable(Type.String()),
  location: Type.String(),
  handedAt: Timestamp,
  proofKind: Nullable(Type.String()),
  proofSha256: Nullable(Type.String()),
  proofEvidenceId: Nullable(Type.String()),
  note: Nullable(Type.String()),
  recordedBy: Type.String(),
  recordedAt: Timestamp,
});

export const CaseDetailSchema = Type.Object({
  ...CaseSummarySchema.properties,
  assigneeName: Nullable(Type.String({ description: 'the assignee, by name' })),
  timeline: Type.Array(CaseEventSchema),
  evidence: Type.Array(EvidenceSchema),
  clues: Type.Array(TriagedClueSchema),
  custody: Type.Array(HandoverSchema),
});

export const TriageResult = Type.Object({
  clue: TriagedClueSchema,
  case: Nullable(CaseSummarySchema),
});

export const CaseListQuery = StrictObject({
  status: Type.Optional(Type.Enum(CASE_STATUSES)),
  assigneeId: Type.Optional(Id),
  siteId: Type.Optional(Id),
  waybillNo: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  overdue: Type.Optional(Type.Boolean()),
  before: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export const OverdueQuery = StrictObject({
  siteId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export const OverdueSchema = Type.Object({
  count: Type.Integer({ description: 'every overdue case the caller may see' }),
  cases: Type.Array(CaseSummarySchema, { description: 'the first of them, earliest deadline first' }),
});

export const StatusBody = StrictObject({
  status: Type.Enum(CASE_STATUSES, {
    description: 'reported is reached by submitting a report; a finished case is reopened to investigating',
  }),
  outcome: Type.Optional(Type.Enum(CASE_OUTCOMES)),
  reason: Reason,
});

export const AssignBody = StrictObject({ officerId: Id });

const FileFields = {
  fileName: Type.String({ minLength: 1, maxLength: 200 }),
  mediaType: Type.String({ minLength: 1, maxLength: 100, description: EVIDENCE_MEDIA_TYPES.join(', ') }),
  contentBase64: Type.String({ minLength: 1, description: 'the file, base64 (at most 10 MiB decoded)' }),
};

export const EvidenceBody = DiscriminatedUnion('kind', [
  StrictObject({
    kind: Type.Literal('file'),
    ...FileFields,
    description: Type.Optional(Note),
  }),
  StrictObject({
    kind: Type.Literal('record'),
    recordKind: Type.Enum(EVIDENCE_RECORD_KINDS),
    description: Type.Optional(Note),
  }),
]);

export const DeadlineSchema = Type.Object({
  category: Type.String(),
  minutes: Type.Integer(),
  builtIn: Type.Boolean(),
});
export const DeadlineBody = StrictObject({ minutes: Type.Integer({ minimum: 1, maximum: 525_600 }) });

export const ClearanceSchema = Type.Object({ staffId: Type.String(), granted: Type.Boolean() });

export const HandoverBody = StrictObject({
  toName: Type.String({ minLength: 1, maxLength: 100, description: 'receiving officer or person' }),
  toUnit: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'receiving unit (required for an authority)' }),
  ),
  toOfficerNo: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  location: Type.String({ minLength: 1, maxLength: 200 }),
  handedAt: Type.Optional(Type.Integer({ minimum: 0, description: 'epoch milliseconds; default now' })),
  note: Type.Optional(Note),
  proof: Type.Optional(
    StrictObject({
      kind: Type.Enum(['signature', 'receipt']),
      ...FileFields,
    }),
  ),
});
