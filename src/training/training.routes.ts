import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, withErrors } from '../http/schemas.js';
import { contextOf, type RouteServices } from '../http/request-context.js';
import { AppError } from '../platform/errors.js';
import {
  AddQuestionsBody,
  AttemptResultSchema,
  AttemptSchema,
  AttendanceBody,
  BackgroundCheckBody,
  BackgroundCheckSchema,
  CertificateSchema,
  CertificatesQuery,
  CourseSchema,
  CoverageQuery,
  CoverageRowSchema,
  CreateCourseBody,
  DueItemSchema,
  DueQuery,
  ImportAttendanceBody,
  ImportSummarySchema,
  ManualCertificateBody,
  QuestionSchema,
  RevokeBody,
  RosterSchema,
  ScheduleSessionBody,
  SessionSchema,
  SessionsQuery,
  StartAttemptBody,
  SubmitAttemptBody,
  UpdateCourseBody,
  VerificationSchema,
  VerifyCertificateBody,
} from './training.schemas.js';

/** Training and certification. */
export function trainingRoutes(app: RouteServices<'training'>): FastifyPluginAsyncTypebox {
  return async (server) => {
    const tags = ['training'];
    const t = app.training;

    server.get(
      '/training/courses',
      {
        config: { access: 'training:take' },
        schema: {
          tags,
          summary: 'Training courses',
          response: withErrors({ 200: Type.Array(CourseSchema) }),
        },
      },
      () => t.findCourses(),
    );
    server.post(
      '/training/courses',
      {
        config: { access: 'training:courses' },
        schema: {
          tags,
          summary:
            'Create a course (kind, content version, the certification a pass grants, validity, pass mark)',
          body: CreateCourseBody,
          response: withErrors({ 201: CourseSchema }),
        },
      },
      async (request, reply) => reply.code(201).send(await t.createCourse(contextOf(request), request.body)),
    );
    server.patch(
      '/training/courses/:id',
      {
        config: { access: 'training:courses' },
        schema: {
          tags,
          summary: 'Change a course: a new content version, pass mark, validity, or retire it',
          params: IdParams,
          body: UpdateCourseBody,
          response: withErrors({ 200: CourseSchema }),
        },
      },
      (request) => t.updateCourse(contextOf(request), request.params.id, request.body),
    );
    server.get(
      '/training/courses/:id/questions',
      {
        config: { access: 'training:courses' },
        schema: {
          tags,
          summary: "A course's question bank, with the answers",
          params: IdParams,
          response: withErrors({ 200: Type.Array(QuestionSchema) }),
        },
      },
      (request) => t.findQuestions(request.params.id),
    );
    server.post(
      '/training/courses/:id/questions',
      {
        config: { access: 'training:courses' },
        schema: {
          tags,
          summary:
            "Add questions to a course's bank (prohibited-items identification draws from the catalogue)",
          params: IdParams,
          body: AddQuestionsBody,
          response: withErrors({ 201: Type.Array(QuestionSchema) }),
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await t.addQuestions(contextOf(request), request.params.id, request.body.questions)),
    );

    server.get(
      '/training/sessions',
      {
        config: { access: 'training:read' },
        schema: {
          tags,
          summary: 'Training sessions, newest first',
          querystring: SessionsQuery,
          response: withErrors({ 200: Type.Array(SessionSchema) }),
        },
      },
      (request) => inQuery(() => t.findSessions(contextOf(request), request.query)),
    );
    server.post(
      '/training/sessions',
      {
        config: { access: 'training:manage' },
        schema: {
          tags,
          summary: 'Schedule a session (site, trainer, time, in person or online)',
          body: ScheduleSessionBody,
          response: withErrors({ 201: SessionSchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await t.scheduleSession(contextOf(request), request.body)),
    );
    server.get(
      '/training/sessions/:id',
      {
        config: { access: 'training:read' },
        schema: {
          tags,
          summary: 'A session and its roster (latest status per person, with history)',
          params: IdParams,
          response: withErrors({ 200: RosterSchema }),
        },
      },
      (request) => t.getRoster(contextOf(request), request.params.id),
    );
    server.post(
      '/training/sessions/:id/attendance',
      {
        config: { access: 'training:manage' },
        schema: {
          tags,
          summary: 'Append an attendance status (booked, attended, partly-attended, absent)',
          params: IdParams,
          body: AttendanceBody,
          response: withErrors({ 201: RosterSchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await t.recordAttendance(contextOf(request), request.params.id, request.body)),
    );
    server.post(
      '/training/attendance/import',
      {
        config: { access: 'training:manage' },
        schema: {
          tags,
          summary: 'Import attendance from CSV: good lines recorded, bad ones reported by line number',
          body: ImportAttendanceBody,
          response: withErrors({ 200: ImportSummarySchema }),
        },
      },
      (request) => t.importAttendance(contextOf(request), request.body.csv),
    );

    server.post(
      '/training/attempts',
      {
        config: { access: 'training:take' },
        schema: {
          tags,
          summary: 'Start an assessment: questions drawn at random (no answers)',
          body: StartAttemptBody,
          response: withErrors({ 201: AttemptSchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await t.startAttempt(contextOf(request), request.body.courseId)),
    );
    server.get(
      '/training/attempts/:id',
      {
        config: { access: 'training:take' },
        schema: {
          tags,
          summary: 'One of my attempts',
          params: IdParams,
          response: withErrors({ 200: AttemptSchema }),
        },
      },
      (request) => t.getAttempt(contextOf(request), request.params.id),
    );
    server.post(
      '/training/attempts/:id/submit',
      {
        config: { access: 'training:take' },
        schema: {
          tags,
          summary: 'Submit my answers: scored; a pass issues a signed certificate (409 when closed)',
          params: IdParams,
          body: SubmitAttemptBody,
          response: withErrors({ 200: AttemptResultSchema }),
        },
      },
      (request) => t.submitAttempt(contextOf(request), request.params.id, request.body.answers),
    );

    server.get(
      '/training/certificates/mine',
      {
        config: { access: 'training:take' },
        schema: {
          tags,
          summary: 'My certificates',
          response: withErrors({ 200: Type.Array(CertificateSchema) }),
        },
      },
      (request) => t.findOwnCertificates(contextOf(request)),
    );
    server.get(
      '/training/certificates',
      {
        config: { access: 'training:read' },
        schema: {
          tags,
          summary: "Certificates of one person, or of a site's staff",
          querystring: CertificatesQuery,
          response: withErrors({ 200: Type.Array(CertificateSchema) }),
        },
      },
      (request) => inQuery(() => t.findCertificates(contextOf(request), request.query)),
    );
    server.post(
      '/training/certificates',
      {
        config: { access: 'training:certify' },
        schema: {
          tags,
          summary: "Enter a certificate by hand, with a reason (an admin's audited manual entry)",
          body: ManualCertificateBody,
          response: withErrors({ 201: CertificateSchema }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await t.issueManualCertificate(contextOf(request), request.body)),
    );
    server.post(
      '/training/certificates/verify',
      {
        config: { access: 'training:read' },
        schema: {
          tags,
          summary: 'Verify a signed certificate with this installation’s keys, and whether it was revoked',
          body: VerifyCertificateBody,
          response: withErrors({ 200: VerificationSchema }),
        },
      },
      (request) => t.verifyCertificate(request.body.document),
    );
    server.get(
      '/training/certificates/:id',
      {
        config: { access: 'training:read' },
        schema: {
          tags,
          summary: 'One certificate with its signed document',
          params: IdParams,
          response: withErrors({ 200: CertificateSchema }),
        },
      },
      (request) => t.getCertificate(contextOf(request), request.params.id),
    );
    server.post(
      '/training/certificates/:id/revoke',
      {
        config: { access: 'training:manage' },
        schema: {
          tags,
          summary: 'Revoke a certificate with a reason (the gate closes at once)',
          params: IdParams,
          body: RevokeBody,
          response: withErrors({ 200: CertificateSchema }),
        },
      },
      (request) => t.revokeCertificate(contextOf(request), request.params.id, request.body.reason),
    );

    server.get(
      '/training/staff/:id/background-checks',
      {
        config: { access: 'training:read' },
        schema: {
          tags,
          summary: "A staff member's background checks, newest first",
          params: IdParams,
          response: withErrors({ 200: Type.Array(BackgroundCheckSchema) }),
        },
      },
      (request) => t.findBackgroundChecks(contextOf(request), request.params.id),
    );
    server.post(
      '/training/staff/:id/background-checks',
      {
        config: { access: 'training:manage' },
        schema: {
          tags,
          summary:
            'Record a background check (X-ray operators need a cleared one; a failed one revokes X-ray operation)',
          params: IdParams,
          body: BackgroundCheckBody,
          response: withErrors({ 201: BackgroundCheckSchema }),
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await t.recordBackgroundCheck(contextOf(request), request.params.id, request.body)),
    );

    server.get(
      '/training/due',
      {
        config: { access: 'training:read' },
        schema: {
          tags,
          summary: 'Who must recertify within N days, and who is overdue (China calendar)',
          querystring: DueQuery,
          response: withErrors({ 200: Type.Array(DueItemSchema) }),
        },
      },
      (request) => inQuery(() => t.due(contextOf(request), request.query)),
    );
    server.get(
      '/training/reminders',
      {
        config: { access: 'training:read' },
        schema: {
          tags,
          summary: "Reminders: my site's due and overdue certifications within 30 days",
          response: withErrors({ 200: Type.Array(DueItemSchema) }),
        },
      },
      (request) => t.reminders(contextOf(request)),
    );
    server.get(
      '/training/coverage',
      {
        config: { access: 'training:read' },
        schema: {
          tags,
          summary: 'Training coverage per site for a month: staff current per requirement, as ratios',
          querystring: CoverageQuery,
          response: withErrors({ 200: Type.Array(CoverageRowSchema) }),
        },
      },
      (request) => inQuery(() => t.coverage(contextOf(request), request.query)),
    );
  };
}

/** Services name fields relative to their input; for a GET that input is the query string. */
async function inQuery<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.errors.length > 0) {
      throw new AppError(error.code, error.message, {
        errors: error.errors.map((fieldError) =>
          /^\/(body|query|params|headers)(\/|$)/.test(fieldError.path)
            ? fieldError
            : { ...fieldError, path: `/query${fieldError.path}` },
        ),
        cause: error,
      });
    }
    throw error;
  }
}
