import { Type } from 'typebox';
import { CalendarDate, Nullable, StrictObject, Timestamp } from '../http/schemas.js';
import { EVIDENCE_MEDIA_TYPES } from '../cases/evidence-files.js';
import {
  AGENCY_KINDS,
  ARRIVAL_CHANNELS,
  CHECK_ITEMS,
  DATA_CATEGORIES,
  DOCUMENT_KINDS,
  ORGAN_LEVELS,
  REQUEST_STATUSES,
} from './requests.tables.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Reason = Type.String({ minLength: 1, maxLength: 500 });

export const RequestParams = StrictObject({ id: Id });
export const ApproverParams = StrictObject({ staffId: Id });

const Officer = StrictObject({ name: Text(100), workIdNo: Text(40) });

const Scope = StrictObject({
  waybills: Type.Optional(Type.Array(Text(40), { maxItems: 1000 })),
  senderDocuments: Type.Optional(
    Type.Array(
      StrictObject({
        documentType: Text(40),
        number: Text(60),
        nationality: Type.Optional(Text(3)),
      }),
      { maxItems: 100 },
    ),
  ),
  senderPhones: Type.Optional(Type.Array(Text(30), { maxItems: 100 })),
  recipientPhones: Type.Optional(Type.Array(Text(30), { maxItems: 100 })),
  siteIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
  from: Type.Optional(CalendarDate),
  to: Type.Optional(CalendarDate),
  categories: Type.Array(Type.Enum([...DATA_CATEGORIES]), { maxItems: DATA_CATEGORIES.length }),
});

export const RegisterBody = StrictObject({
  agencyKind: Type.Enum([...AGENCY_KINDS]),
  issuingOrgan: Text(200),
  organLevel: Type.Enum([...ORGAN_LEVELS]),
  foreignAgency: Type.Optional(
    Type.Boolean({ description: 'a foreign authority: recorded, never answered' }),
  ),
  documentKind: Type.Enum([...DOCUMENT_KINDS]),
  documentNumber: Text(100),
  documentDate: CalendarDate,
  documentScan: Type.Optional(
    StrictObject({
      fileName: Text(200),
      mediaType: Type.String({ minLength: 1, maxLength: 100, description: EVIDENCE_MEDIA_TYPES.join(', ') }),
      contentBase64: Type.String({ minLength: 1, description: 'the scan, base64 (at most 10 MiB decoded)' }),
    }),
  ),
  officers: Type.Array(Officer, { minItems: 1, maxItems: 20 }),
  arrivedVia: Type.Enum([...ARRIVAL_CHANNELS]),
  receivedAt: Type.Optional(Timestamp),
  deadlineAt: Timestamp,
  scope: Scope,
});

export const CheckBody = StrictObject({
  item: Type.Enum([...CHECK_ITEMS]),
  passed: Type.Boolean(),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  directoryEntryId: Type.Optional(Id),
});

export const ReasonBody = StrictObject({ reason: Reason });

export const RequestListQuery = StrictObject({
  status: Type.Optional(Type.Enum([...REQUEST_STATUSES])),
  overdue: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export const RequestSummarySchema = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  agencyKind: Type.Enum([...AGENCY_KINDS]),
  issuingOrgan: Type.String(),
  status: Type.Enum([...REQUEST_STATUSES]),
  deadlineAt: Timestamp,
  overdue: Type.Boolean(),
  receivedAt: Timestamp,
});

export const RequestSchema = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  agencyKind: Type.Enum([...AGENCY_KINDS]),
  issuingOrgan: Type.String(),
  organLevel: Type.Enum([...ORGAN_LEVELS]),
  foreignAgency: Type.Boolean(),
  document: Type.Object({
    kind: Type.Enum([...DOCUMENT_KINDS]),
    number: Type.String(),
    date: CalendarDate,
    sha256: Nullable(Type.String()),
    mediaType: Nullable(Type.String()),
  }),
  officers: Type.Array(Type.Object({ name: Type.String(), workIdNo: Type.String() })),
  arrivedVia: Type.Enum([...ARRIVAL_CHANNELS]),
  receivedBy: Type.String(),
  receivedByName: Nullable(Type.String({ description: 'the staff member who registered it, by name' })),
  receivedAt: Timestamp,
  deadlineAt: Timestamp,
  overdue: Type.Boolean(),
  scope: Scope,
  status: Type.Enum([...REQUEST_STATUSES]),
  statusReason: Nullable(Type.String()),
  checklist: Type.Array(Type.Object({ item: Type.Enum([...CHECK_ITEMS]), passed: Nullable(Type.Boolean()) })),
  missingStep: Nullable(
    Type.String({ description: 'what is still missing before anything may be disclosed' }),
  ),
  approvedBy: Nullable(Type.String()),
  approvedByName: Nullable(Type.String({ description: 'the approver, by name' })),
  approvedAt: Nullable(Timestamp),
  legalHold: Type.Boolean(),
  packageSha256: Nullable(Type.String()),
  exportedAt: Nullable(Timestamp),
  receipt: Nullable(
    Type.Object({
      receivingOfficers: Type.Array(Type.Object({ name: Type.String(), workIdNo: Type.String() })),
      receivedAt: Timestamp,
      note: Nullable(Type.String()),
    }),
  ),
  fulfilledAt: Nullable(Timestamp),
  detainedWaybills: Type.Array(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const ReceiptBody = StrictObject({
  receivingOfficers: Type.Array(Officer, { minItems: 1, maxItems: 20 }),
  receivedAt: Type.Optional(Timestamp),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export const DetainBody = StrictObject({ waybills: Type.Array(Text(40), { minItems: 1, maxItems: 1000 }) });
export const LegalHoldBody = StrictObject({ on: Type.Boolean(), reason: Reason });
export const FiguresQuery = StrictObject({ from: CalendarDate, to: CalendarDate });
export const FiguresSchema = Type.Object({
  from: CalendarDate,
  to: CalendarDate,
  rows: Type.Array(
    Type.Object({
      quarter: Type.String({ description: 'e.g. 2026-Q4 (China time)' }),
      agencyKind: Type.Enum([...AGENCY_KINDS]),
      received: Type.Integer(),
      refused: Type.Integer(),
      fulfilled: Type.Integer(),
    }),
  ),
  overdue: Type.Integer(),
});
/** The package: a signed manifest of JSON files (base64). Open: a verifier checks whatever it is given. */
export const PackageSchema = Type.Object(
  {
    format: Type.String(),
    manifest: Type.Object({}, { additionalProperties: true }),
    signature: Type.String(),
    files: Type.Record(Type.String(), Type.String()),
    publicKeyPem: Type.String(),
  },
  { additionalProperties: true },
);
export const PackageCheckSchema = Type.Object({
  valid: Type.Boolean(),
  requestId: Type.Optional(Type.String()),
  reference: Type.Optional(Type.String()),
  files: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
});

export const DirectoryBody = StrictObject({
  agencyKind: Type.Enum([...AGENCY_KINDS]),
  organ: Text(200),
  phone: Text(30),
});
export const DirectoryEntrySchema = Type.Object({
  id: Type.String(),
  agencyKind: Type.Enum([...AGENCY_KINDS]),
  organ: Type.String(),
  phone: Type.String(),
});
export const ApproverSchema = Type.Object({ staffId: Type.String(), designated: Type.Boolean() });
