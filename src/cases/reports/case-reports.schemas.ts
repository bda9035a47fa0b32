// Route schemas of reports to the authorities and of the case figures.
import { Type } from 'typebox';
import { CalendarDate, Nullable, StrictObject, Timestamp } from '../../http/schemas.js';
import { AUTHORITIES, PERSONAL_FIELDS, SUBMISSION_CHANNELS } from './authorities.js';
import { REPORT_STATUSES } from './report-state.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const AuthorityCode = Type.Enum([...AUTHORITIES], {
  description:
    'national-security (12339: spy equipment, state secrets, propaganda), public-security (weapons, drugs, ' +
    'explosives, counterfeit money), customs (cross-border), commerce (dual-use exports), postal-administration',
});
const Summary = Type.String({
  minLength: 1,
  maxLength: 5000,
  description:
    'the facts, as the officer states them (10 to 5000 characters; no personal data: the package adds it)',
});
const CustodyNote = Type.String({ maxLength: 500, description: 'where the item is kept and by whom' });
const EvidenceIds = Type.Array(Id, {
  maxItems: 100,
  description: 'evidence of the case to include (locked at once)',
});
const OverrideReason = Type.String({
  maxLength: 500,
  description: 'why another authority than the routed one (at least 10 characters)',
});
const StaffId = Type.String({ minLength: 1, maxLength: 64 });

export const CaseIdParams = StrictObject({ id: Id });

export const DraftBody = StrictObject({
  authority: Type.Optional(AuthorityCode),
  overrideReason: Type.Optional(OverrideReason),
  summary: Summary,
  custodyNote: Type.Optional(CustodyNote),
  evidenceIds: EvidenceIds,
  draftedBy: Type.Optional({
    ...StaffId,
    description: 'the drafting officer (API keys; a person acts as themselves)',
  }),
});

export const EditBody = StrictObject({
  authority: Type.Optional(AuthorityCode),
  overrideReason: Type.Optional(OverrideReason),
  summary: Type.Optional(Summary),
  custodyNote: Type.Optional(Nullable(CustodyNote)),
  evidenceIds: Type.Optional(EvidenceIds),
});

export const ApproveBody = StrictObject({
  approvedBy: Type.Optional({
    ...StaffId,
    description: 'the approving officer (API keys); never the author of the report (four eyes)',
  }),
});

export const SubmitBody = StrictObject({
  channel: Type.Enum([...SUBMISSION_CHANNELS]),
  authorityReference: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: "the authority's reference number" }),
  ),
  submittedAt: Type.Optional({ ...Timestamp, description: 'when it was handed over (default: now)' }),
  submittedBy: Type.Optional(StaffId),
});

export const AcknowledgeBody = StrictObject({
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  authorityReference: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const ReportsQuery = StrictObject({
  status: Type.Optional(Type.Enum([...REPORT_STATUSES])),
  authority: Type.Optional(AuthorityCode),
  siteId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

export const CaseReportSchema = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  siteId: Nullable(Type.String()),
  authority: AuthorityCode,
  routedAuthority: AuthorityCode,
  routeRule: Type.String(),
  overrideReason: Nullable(Type.String()),
  status: Type.Enum([...REPORT_STATUSES]),
  summary: Type.String(),
  custodyNote: Nullable(Type.String()),
  evidenceIds: Type.Array(Type.String()),
  evidenceFiles: Type.Array(Type.Object({ id: Type.String(), fileName: Type.String() }), {
    description: 'the evidence by file name, in the order of evidenceIds',
  }),
  personalFields: Type.Array(Type.Enum([...PERSONAL_FIELDS]), {
    description: 'the personal data the package carries for this authority (names of fields only)',
  }),
  draftedBy: Type.String(),
  draftedByName: Nullable(Type.String({ description: 'the drafter, by name' })),
  draftedAt: Timestamp,
  updatedAt: Timestamp,
  approvedBy: Nullable(Type.String()),
  approvedByName: Nullable(Type.String({ description: 'the approver, by name' })),
  approvedAt: Nullable(Timestamp),
  documentSha256: Nullable(
    Type.String({ description: 'SHA-256 of the canonical JSON document (once approved)' }),
  ),
  pdfSha256: Nullable(Type.String({ description: 'SHA-256 of the PDF (once approved)' })),
  keyId: Nullable(Type.String()),
  submittedBy: Nullable(Type.String()),
  submittedByName: Nullable(Type.String({ description: 'who recorded the submission, by name' })),
  submittedAt: Nullable(Timestamp),
  channel: Nullable(Type.Enum([...SUBMISSION_CHANNELS])),
  authorityReference: Nullable(Type.String()),
  acknowledgedBy: Nullable(Type.String()),
  acknowledgedByName: Nullable(Type.String({ description: 'who recorded the acknowledgement, by name' })),
  acknowledgedAt: Nullable(Timestamp),
  acknowledgementNote: Nullable(Type.String()),
});

const EvidenceView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  recordKind: Nullable(Type.String()),
  fileName: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  description: Nullable(Type.String()),
  addedAt: Timestamp,
  locked: Type.Boolean(),
});

export const RouteProposalSchema = Type.Object({
  caseId: Type.String(),
  authority: AuthorityCode,
  rule: Type.String(),
  authorityNameZh: Type.String(),
  direction: Nullable(Type.Enum(['domestic', 'inbound', 'outbound'])),
  personalFields: Type.Array(Type.Enum([...PERSONAL_FIELDS])),
  evidence: Type.Array(EvidenceView),
});

export const PackageSchema = Type.Object(
  {
    format: Type.String(),
    manifest: Type.Object({}, { additionalProperties: true }),
    signature: Type.String(),
    document: Type.Object({}, { additionalProperties: true }),
    pdf: Type.String({ description: 'the PDF, base64' }),
    publicKeyPem: Type.String(),
  },
  {
    description:
      'the report package: canonical JSON document, PDF, and the Ed25519-signed manifest over both hashes; ' +
      'verify offline with `parcelguard case report-verify <file> --public-key <pem>`',
  },
);

export const FiguresQuery = StrictObject({
  from: { ...CalendarDate, description: 'first China calendar day, inclusive' },
  to: { ...CalendarDate, description: 'last China calendar day, inclusive (at most 400 days)' },
  siteId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

const Duration = Type.Object({
  count: Type.Integer(),
  medianMinutes: Nullable(Type.Integer()),
  p90Minutes: Nullable(Type.Integer()),
  maxMinutes: Nullable(Type.Integer()),
});

export const FiguresSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  funnel: Type.Array(
    Type.Object({
      siteId: Nullable(Type.String()),
      month: Type.String({ description: 'China calendar month, YYYY-MM' }),
      clues: Type.Integer({ description: 'clues raised that month' }),
      cases: Type.Integer({ description: 'cases opened that month' }),
      reports: Type.Integer({ description: 'reports submitted to an authority that month' }),
    }),
  ),
  clueToHold: Duration,
  clueToReport: Duration,
  outcomesByCategory: Type.Array(
    Type.Object({ category: Nullable(Type.String()), outcome: Type.String(), count: Type.Integer() }),
  ),
  reportsByAuthority: Type.Array(
    Type.Object({ authority: Type.String(), status: Type.String(), count: Type.Integer() }),
  ),
  recognition: Type.Object({
    sites: Type.Array(Type.Object({ siteId: Nullable(Type.String()), reports: Type.Integer() })),
    people: Type.Array(
      Type.Object({
        staffId: Type.String(),
        name: Nullable(Type.String({ description: 'the person, by name' })),
        reports: Type.Integer(),
      }),
    ),
  }),
});
