// Route schemas of training: courses and question banks, sessions and attendance, assessments, certificates,
// background checks, due lists and coverage.
import { Type } from 'typebox';
import { CalendarDate, Nullable, StrictObject, Timestamp } from '../http/schemas.js';
import { CERTIFICATION_KINDS } from '../people/people.types.js';
import {
  ATTENDANCE_STATUSES,
  BACKGROUND_CHECK_STATUSES,
  COURSE_KINDS,
  SESSION_MODES,
} from './training.types.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description === undefined ? {} : { description }) });
const CourseKindSchema = Type.Enum(COURSE_KINDS);
const CertificationKindSchema = Type.Enum(CERTIFICATION_KINDS);

export const CourseSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  kind: CourseKindSchema,
  title: Type.String(),
  contentVersion: Type.String({ description: 'version of the course material a certificate names' }),
  contentRef: Type.String({ description: 'where the material of this version lives' }),
  grants: CertificationKindSchema,
  validityDays: Type.Integer({
    description: 'a certificate is valid this many China calendar days from issue',
  }),
  passMark: Type.Integer({ description: 'percentage of right answers needed' }),
  questionsPerAttempt: Type.Integer(),
  questionCount: Type.Integer({ description: 'questions in the bank (0 for catalogue-generated courses)' }),
  generatedFromCatalogue: Type.Boolean(),
  status: Type.Enum(['active', 'retired']),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateCourseBody = StrictObject({
  code: Text(32, 'short unique code, e.g. ONB-SAFETY'),
  kind: CourseKindSchema,
  title: Text(200),
  contentVersion: Text(64),
  contentRef: Text(500),
  validityDays: Type.Integer({ minimum: 1, maximum: 3660 }),
  passMark: Type.Integer({ minimum: 1, maximum: 100 }),
  questionsPerAttempt: Type.Integer({ minimum: 1, maximum: 50 }),
});

export const UpdateCourseBody = StrictObject({
  title: Type.Optional(Text(200)),
  contentVersion: Type.Optional(Text(64)),
  contentRef: Type.Optional(Text(500)),
  validityDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3660 })),
  passMark: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  questionsPerAttempt: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  status: Type.Optional(Type.Enum(['active', 'retired'])),
});

export const QuestionSchema = Type.Object({
  id: Type.String(),
  courseId: Type.String(),
  prompt: Type.String(),
  options: Type.Array(Type.String()),
  answer: Type.Integer(),
  createdAt: Timestamp,
});

export const AddQuestionsBody = StrictObject({
  questions: Type.Array(
    StrictObject({
      prompt: Text(1000),
      options: Type.Array(Text(300), { minItems: 2, maxItems: 8 }),
      answer: Type.Integer({ minimum: 0, maximum: 7, description: 'index of the right option' }),
    }),
    { minItems: 1, maxItems: 200 },
  ),
});

export const SessionSchema = Type.Object({
  id: Type.String(),
  courseId: Type.String(),
  siteId: Type.String(),
  trainerId: Type.String(),
  trainerName: Nullable(Type.String({ description: 'the trainer, by name' })),
  startsAt: Timestamp,
  endsAt: Timestamp,
  mode: Type.Enum(SESSION_MODES),
  location: Nullable(Type.String()),
  createdAt: Timestamp,
});

export const ScheduleSessionBody = StrictObject({
  courseId: Id,
  siteId: Id,
  trainerId: Id,
  startsAt: Type.Integer({ minimum: 1, description: 'epoch milliseconds' }),
  endsAt: Type.Integer({ minimum: 1, description: 'epoch milliseconds, after startsAt' }),
  mode: Type.Enum(SESSION_MODES),
  location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
});

export const SessionsQuery = StrictObject({
  siteId: Type.Optional({ ...Id, description: 'one site (station managers: only their own)' }),
});

const AttendanceMarkSchema = Type.Object({
  id: Type.String(),
  sessionId: Type.String(),
  staffId: Type.String(),
  status: Type.Enum(ATTENDANCE_STATUSES),
  note: Nullable(Type.String()),
  recordedBy: Type.String(),
  recordedAt: Timestamp,
});

export const RosterSchema = Type.Object({
  session: SessionSchema,
  attendees: Type.Array(
    Type.Object({
      staffId: Type.String(),
      name: Nullable(Type.String({ description: 'the attendee, by name' })),
      status: Type.Enum(ATTENDANCE_STATUSES, { description: 'the latest status recorded' }),
      history: Type.Array(AttendanceMarkSchema, { description: 'every status recorded, oldest first' }),
    }),
  ),
});

export const AttendanceBody = StrictObject({
  staffId: Id,
  status: Type.Enum(ATTENDANCE_STATUSES),
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
});

export const ImportAttendanceBody = StrictObject({
  csv: Type.String({
    minLength: 1,
    maxLength: 1_000_000,
    description: 'CSV with the header session,username,status,note (note optional)',
  }),
});

export const ImportSummarySchema = Type.Object({
  recorded: Type.Integer({ minimum: 0 }),
  errors: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() })),
});

const AttemptQuestionSchema = Type.Object({
  number: Type.Integer(),
  prompt: Type.String(),
  options: Type.Array(Type.String()),
  description: Nullable(Type.String({ description: 'for catalogue questions: the description asked about' })),
});

export const AttemptSchema = Type.Object({
  id: Type.String(),
  courseId: Type.String(),
  staffId: Type.String(),
  contentVersion: Type.String(),
  catalogueVersion: Nullable(Type.String()),
  status: Type.Enum(['open', 'submitted', 'expired']),
  questions: Type.Array(AttemptQuestionSchema),
  passMark: Type.Integer(),
  score: Nullable(Type.Integer()),
  passed: Nullable(Type.Boolean()),
  startedAt: Timestamp,
  expiresAt: Timestamp,
  submittedAt: Nullable(Timestamp),
  certificateId: Nullable(Type.String()),
});

export const StartAttemptBody = StrictObject({ courseId: { ...Id, description: 'course id or code' } });

export const SubmitAttemptBody = StrictObject({
  answers: Type.Array(Type.Integer({ minimum: 0, maximum: 7 }), {
    maxItems: 50,
    description: 'the option chosen for each question, in order',
  }),
});

const StatementSchema = Type.Object({
  format: Type.Literal('parcelguard.training-certificate.v1'),
  certificateId: Type.String(),
  verificationCode: Type.String(),
  staffId: Type.String(),
  username: Type.String(),
  courseCode: Type.String(),
  courseKind: CourseKindSchema,
  certification: CertificationKindSchema,
  contentVersion: Type.String(),
  score: Nullable(Type.Integer()),
  validFrom: CalendarDate,
  validUntil: CalendarDate,
  source: Type.Enum(['assessment', 'manual']),
  issuedAt: Timestamp,
});

export const SignedCertificateSchema = Type.Object(
  { statement: StatementSchema, keyId: Type.String(), signature: Type.String() },
  { description: 'Ed25519 over "parcelguard.training-certificate.v1\\n" + canonical JSON of statement' },
);

export const CertificateSchema = Type.Object({
  id: Type.String(),
  staffId: Type.String(),
  courseId: Type.String(),
  courseKind: CourseKindSchema,
  certification: CertificationKindSchema,
  contentVersion: Type.String(),
  score: Nullable(Type.Integer()),
  validFrom: CalendarDate,
  validUntil: { ...CalendarDate, description: 'last China calendar day it is valid, inclusive' },
  verificationCode: Type.String(),
  source: Type.Enum(['assessment', 'manual']),
  attemptId: Nullable(Type.String()),
  reason: Nullable(Type.String({ description: 'why a certificate was entered by hand' })),
  issuedBy: Type.String(),
  revokedAt: Nullable(Timestamp),
  revokedReason: Nullable(Type.String()),
  createdAt: Timestamp,
  document: SignedCertificateSchema,
});

export const AttemptResultSchema = Type.Object({
  attempt: AttemptSchema,
  certificate: Nullable(CertificateSchema),
  withheld: Nullable(Type.String({ description: 'why a pass gave no certificate' })),
});

export const CertificatesQuery = StrictObject({
  staffId: Type.Optional(Id),
  siteId: Type.Optional({ ...Id, description: 'one site (station managers: only their own)' }),
});

export const ManualCertificateBody = StrictObject({
  staffId: Id,
  courseId: Id,
  validFrom: CalendarDate,
  reason: Type.String({
    minLength: 10,
    maxLength: 500,
    description: 'why the certificate is entered by hand',
  }),
  score: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100 }))),
});

export const RevokeBody = StrictObject({ reason: Type.String({ minLength: 5, maxLength: 500 }) });

export const VerifyCertificateBody = StrictObject({ document: SignedCertificateSchema });

export const VerificationSchema = Type.Object({
  valid: Type.Boolean({ description: "the signature checks with one of this installation's keys" }),
  statement: Type.Optional(StatementSchema),
  reason: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  validOn: Type.Optional(Nullable(Type.Boolean({ description: 'its dates cover today (China calendar)' }))),
  revoked: Nullable(Type.Boolean({ description: 'revoked here; null when unknown here' })),
});

export const BackgroundCheckSchema = Type.Object({
  id: Type.String(),
  staffId: Type.String(),
  status: Type.Enum(BACKGROUND_CHECK_STATUSES),
  checkedOn: CalendarDate,
  note: Nullable(Type.String()),
  recordedBy: Type.String(),
  recordedAt: Timestamp,
});

export const BackgroundCheckBody = StrictObject({
  status: Type.Enum(BACKGROUND_CHECK_STATUSES),
  checkedOn: CalendarDate,
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
});

export const DueQuery = StrictObject({
  siteId: Type.Optional({ ...Id, description: 'one site (station managers: only their own)' }),
  withinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 366, description: 'default 30' })),
});

export const DueItemSchema = Type.Object({
  staffId: Type.String(),
  username: Type.String(),
  name: Type.String(),
  siteId: Type.String(),
  certification: CertificationKindSchema,
  validUntil: Nullable(CalendarDate),
  state: Type.Enum(['overdue', 'due'], {
    description: 'overdue: no valid certification today; due: the valid one ends within the window',
  }),
  daysLeft: Nullable(Type.Integer()),
});

export const CoverageQuery = StrictObject({
  month: Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM (China calendar)' }),
  siteId: Type.Optional({ ...Id, description: 'one site (station managers: only their own)' }),
});

export const CoverageRowSchema = Type.Object({
  siteId: Type.String(),
  month: Type.String(),
  countedOn: { ...CalendarDate, description: "the day counted: the month's last day, or today" },
  requirements: Type.Array(
    Type.Object({
      certification: CertificationKindSchema,
      required: Type.Integer({
        description: 'active staff at the site whose roles require it, registered by countedOn',
      }),
      current: Type.Integer({ description: 'of them, those holding a valid certification on countedOn' }),
      ratio: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'current / required' })),
    }),
  ),
});
