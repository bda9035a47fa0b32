import { randomBytes, randomInt } from 'node:crypto';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor, RequestContext } from '../people/actor.js';
import { authorize, siteFilterFor, type Subject } from '../people/access.js';
import type { PeopleRepository } from '../people/people.repository.js';
import { isStaffRole, type Permission } from '../people/roles.js';
import { chinaDate, type Clock } from '../platform/clock.js';
import { canonicalJson } from '../platform/canonical-json.js';
import type { Signer } from '../platform/crypto/signing.js';
import type { Vault } from '../platform/crypto/vault.js';
import type { CertificationTable, StaffTable } from '../platform/database/schema.js';
import type { Executor, Store } from '../platform/database/store.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { FieldProblems, isCalendarDate } from '../platform/validation.js';
import type { ScreeningService } from '../screening/screening.service.js';
import { parseAttendanceCsv } from './attendance-csv.js';
import {
  certificateSigningBytes,
  verifySignedCertificate,
  type CertificateCheck,
} from './certificate-signing.js';
import { drawWithoutReplacement, generateCatalogueQuestions, scoreAnswers } from './question-generator.js';
import {
  addDays,
  coverageOn,
  dueItems,
  lastDayOfMonth,
  OPERATIONAL_PERMISSIONS,
  type CertificationFacts,
  type StaffFacts,
} from './requirements.js';
import type { TrainingRepository } from './training.repository.js';
import type {
  TrainingAttemptTable,
  TrainingAttendanceTable,
  TrainingBackgroundCheckTable,
  TrainingCertificateTable,
  TrainingCourseTable,
  TrainingQuestionTable,
  TrainingSessionTable,
} from './training.tables.js';
import {
  ATTENDANCE_STATUSES,
  BACKGROUND_CHECK_STATUSES,
  COURSE_KINDS,
  GRANTS_OF_KIND,
  SESSION_MODES,
  type Attempt,
  type AttemptQuestion,
  type AttendanceMark,
  type AttendanceStatus,
  type BackgroundCheck,
  type BackgroundCheckStatus,
  type Certificate,
  type CertificateStatement,
  type Course,
  type CourseKind,
  type CoverageRow,
  type DueItem,
  type Question,
  type Roster,
  type SessionMode,
  type TrainingSession,
} from './training.types.js';

export interface CreateCourseInput {
  code: string;
  kind: CourseKind;
  title: string;
  contentVersion: string;
  contentRef: string;
  validityDays: number;
  passMark: number;
  questionsPerAttempt: number;
}

export interface UpdateCourseInput {
  title?: string;
  contentVersion?: string;
  contentRef?: string;
  validityDays?: number;
  passMark?: number;
  questionsPerAttempt?: number;
  status?: 'active' | 'retired';
}

export interface QuestionInput {
  prompt: string;
  options: string[];
  answer: number;
}

export interface ScheduleSessionInput {
  courseId: string;
  siteId: string;
  trainerId: string;
  startsAt: number;
  endsAt: number;
  mode: SessionMode;
  location?: string | null;
}

export interface AttendanceInput {
  staffId: string;
  status: AttendanceStatus;
  note?: string | null;
}

export interface ManualCertificateInput {
  staffId: string;
  courseId: string;
  validFrom: string;
  reason: string;
  score?: number | null;
}

export interface BackgroundCheckInput {
  status: BackgroundCheckStatus;
  checkedOn: string;
  note?: string | null;
}

export interface AttemptResult {
  attempt: Attempt;
  certificate: Certificate | null;
  /** Why no certificate came of a pass (a missing background check for X-ray operation), else null. */
  withheld: string | null;
}

export interface ImportSummary {
  recorded: number;
  errors: { line: number; message: string }[];
}

/** How long an attempt stays open once its questions are drawn. */
export const ATTEMPT_MINUTES = 60;
const CODE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Courses, sessions and attendance, assessments, certificates, background checks, due lists and coverage. */
/** The vault context a background check's note is encrypted with (bound in as additional data). */
const BACKGROUND_CHECK_NOTE_CONTEXT = 'training.background-check-note';

export class TrainingService {
  constructor(
    private readonly store: Store,
    private readonly repository: TrainingRepository,
    private readonly people: PeopleRepository,
    private readonly screening: ScreeningService,
    private readonly audit: AuditService,
    private readonly signer: Signer,
    private readonly vault: Vault,
    private readonly clock: Clock,
  ) {}

  // ----- courses -----

  async createCourse(context: RequestContext, input: CreateCourseInput): Promise<Course> {
    const code = input.code.trim().toUpperCase();
    const problems = new FieldProblems()
      .check(CODE.test(code), 'code', 'must be 2-32 capital letters, digits or dashes')
      .check(
        (COURSE_KINDS as readonly string[]).includes(input.kind),
        'kind',
        `must be one of ${COURSE_KINDS.join(', ')}`,
      );
    checkCourseFields(problems, input);
    problems.throwIfAny();
    const now = this.clock.now();
    const row: TrainingCourseTable = {
      id: newId(now),
      code,
      kind: input.kind,
      title: input.title.trim(),
      content_version: input.contentVersion.trim(),
      content_ref: input.contentRef.trim(),
      grants: GRANTS_OF_KIND[input.kind],
      validity_days: input.validityDays,
      pass_mark: input.passMark,
      questions_per_attempt: input.questionsPerAttempt,
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    await this.store.transaction(async (trx) => {
      if ((await this.repository.findCourseByCode(trx, code)) !== undefined)
        throw new AppError('conflict', `the course code ${code} is taken`, {
          errors: [{ path: '/code', message: 'is already in use' }],
        });
      await this.repository.insertCourse(trx, row);
      await this.audit.append(trx, context, {
        action: 'training-course.saved',
        subject: { type: 'training-course', id: row.id },
        data: row,
      });
    });
    return toCourse(row, 0);
  }

  /** A new content version, pass mark, validity or status; certificates already issued keep what they name. */
  async updateCourse(context: RequestContext, id: string, input: UpdateCourseInput): Promise<Course> {
    const problems = new FieldProblems();
    checkCourseFields(problems, input);
    problems.throwIfAny();
    return this.store.transaction(async (trx) => {
      const existing = await this.courseWithin(trx, id);
      const changes: Partial<TrainingCourseTable> = { updated_at: this.clock.now() };
      if (input.title !== undefined) changes.title = input.title.trim();
      if (input.contentVersion !== undefined) changes.content_version = input.contentVersion.trim();
      if (input.contentRef !== undefined) changes.content_ref = input.contentRef.trim();
      if (input.validityDays !== undefined) changes.validity_days = input.validityDays;
      if (input.passMark !== undefined) changes.pass_mark = input.passMark;
      if (input.questionsPerAttempt !== undefined) changes.questions_per_attempt = input.questionsPerAttempt;
      if (input.status !== undefined) changes.status = input.status;
      await this.repository.updateCourse(trx, id, changes);
      await this.audit.append(trx, context, {
        action: 'training-course.saved',
        subject: { type: 'training-course', id },
        data: changes,
      });
      const counts = await this.repository.questionCounts(trx);
      return toCourse({ ...existing, ...changes }, counts.get(id) ?? 0);
    });
  }

  async findCourses(): Promise<Course[]> {
    const counts = await this.repository.questionCounts(this.store.db);
    return (await this.repository.findCourses(this.store.db)).map((row) =>
      toCourse(row, counts.get(row.id) ?? 0),
    );
  }

  async getCourse(idOrCode: string): Promise<Course> {
    const row = await this.courseByIdOrCode(this.store.db, idOrCode);
    const counts = await this.repository.questionCounts(this.store.db);
    return toCourse(row, counts.get(row.id) ?? 0);
  }

  /** Adds questions to a course's bank (not to prohibited-items identification: the catalogue writes those). */
  async addQuestions(
    context: RequestContext,
    courseId: string,
    questions: QuestionInput[],
  ): Promise<Question[]> {
    const problems = new FieldProblems().check(
      questions.length > 0,
      'questions',
      'must list at least one question',
    );
    questions.forEach((question, index) => {
      const at = `questions/${index}`;
      problems
        .check(question.prompt.trim().length > 0, `${at}/prompt`, 'must not be empty')
        .check(question.options.length >= 2, `${at}/options`, 'must offer at least two options');
      question.options.forEach((option, o) =>
        problems.check(option.trim().length > 0, `${at}/options/${o}`, 'must not be empty'),
      );
      problems.check(
        Number.isInteger(question.answer) &&
          question.answer >= 0 &&
          question.answer < question.options.length,
        `${at}/answer`,
        'must be the index of one of the options',
      );
    });
    problems.throwIfAny();
    const now = this.clock.now();
    const rows: TrainingQuestionTable[] = questions.map((question) => ({
      id: newId(now),
      course_id: courseId,
      prompt: question.prompt.trim(),
      options: JSON.stringify(question.options.map((option) => option.trim())),
      answer: question.answer,
      created_at: now,
    }));
    await this.store.transaction(async (trx) => {
      const course = await this.courseWithin(trx, courseId);
      if (course.kind === 'prohibited-items-identification')
        throw new AppError(
          'conflict',
          'prohibited-items identification questions come from the active catalogue',
          {
            errors: [{ path: '/questions', message: 'this course has no question bank of its own' }],
          },
        );
      await this.repository.insertQuestions(trx, rows);
      await this.audit.append(trx, context, {
        action: 'training-questions.added',
        subject: { type: 'training-course', id: course.id },
        data: { count: rows.length, ids: rows.map((row) => row.id) },
      });
    });
    return rows.map(toQuestion);
  }

  async findQuestions(courseId: string): Promise<Question[]> {
    const course = await this.courseByIdOrCode(this.store.db, courseId);
    return (await this.repository.findQuestions(this.store.db, course.id)).map(toQuestion);
  }

  // ----- sessions and attendance -----

  async scheduleSession(context: RequestContext, input: ScheduleSessionInput): Promise<TrainingSession> {
    const problems = new FieldProblems()
      .check(Number.isInteger(input.startsAt) && input.startsAt > 0, 'startsAt', 'must be epoch milliseconds')
      .check(input.endsAt > input.startsAt, 'endsAt', 'must be after startsAt')
      .check(
        (SESSION_MODES as readonly string[]).includes(input.mode),
        'mode',
        `must be one of ${SESSION_MODES.join(', ')}`,
      );
    problems.throwIfAny();
    authorize(context.actor, 'act', { kind: 'site', id: input.siteId }, { path: '/siteId' });
    const now = this.clock.now();
    const row: TrainingSessionTable = {
      id: newId(now),
      course_id: input.courseId,
      site_id: input.siteId,
      trainer_id: input.trainerId,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      mode: input.mode,
      location: input.location?.trim() || null,
      created_by: actorLabel(context.actor),
      created_at: now,
    };
    const trainer = await this.store.transaction(async (trx) => {
      if ((await this.repository.findCourse(trx, input.courseId)) === undefined)
        throw unknown('/courseId', 'no such course');
      if ((await this.people.findSite(trx, input.siteId)) === undefined)
        throw unknown('/siteId', 'no such site');
      const found = await this.people.findStaff(trx, input.trainerId);
      if (found === undefined || found.status !== 'active')
        throw unknown('/trainerId', 'no such active staff member');
      await this.repository.insertSession(trx, row);
      await this.audit.append(trx, context, {
        action: 'training-session.scheduled',
        subject: { type: 'training-session', id: row.id },
        data: row,
      });
      return found;
    });
    return toSession(row, new Map([[trainer.id, trainer.name]]));
  }

  async findSessions(context: RequestContext, filter: { siteId?: string } = {}): Promise<TrainingSession[]> {
    const siteId = siteFilterFor(context.actor, filter.siteId);
    const rows = await this.repository.findSessions(this.store.db, siteId === undefined ? {} : { siteId });
    const names = await this.people.staffNames(
      this.store.db,
      rows.map((row) => row.trainer_id),
    );
    return rows.map((row) => toSession(row, names));
  }

  /** A session and who is on it, each with their latest status and its history (404 outside the caller's reach). */
  async getRoster(context: RequestContext, sessionId: string): Promise<Roster> {
    const session = await this.sessionVisible(this.store.db, context, sessionId);
    return this.rosterOf(this.store.db, session);
  }

  /** Appends one attendance status for a person at a session (booked, attended, partly attended, absent). */
  async recordAttendance(
    context: RequestContext,
    sessionId: string,
    input: AttendanceInput,
  ): Promise<Roster> {
    new FieldProblems()
      .check(
        (ATTENDANCE_STATUSES as readonly string[]).includes(input.status),
        'status',
        `must be one of ${ATTENDANCE_STATUSES.join(', ')}`,
      )
      .throwIfAny();
    return this.store.transaction(async (trx) => {
      const session = await this.sessionVisible(trx, context, sessionId);
      authorize(context.actor, 'act', { kind: 'site', id: session.site_id });
      await this.appendAttendance(trx, context, session, input, '/staffId');
      return this.rosterOf(trx, session);
    });
  }

  /**
   * CSV attendance (header `session,username,status,note`; session by id, username or staff id): every good
   * line is recorded, every bad one reported with its line number and nothing recorded for it.
   */
  async importAttendance(context: RequestContext, csv: string): Promise<ImportSummary> {
    const parsed = parseAttendanceCsv(csv);
    const errors = [...parsed.errors];
    let recorded = 0;
    for (const line of parsed.lines) {
      try {
        await this.store.transaction(async (trx) => {
          const session = await this.sessionVisible(trx, context, line.session);
          authorize(context.actor, 'act', { kind: 'site', id: session.site_id });
          const member =
            (await this.people.findStaffByUsername(trx, line.username.toLowerCase())) ??
            (await this.people.findStaff(trx, line.username));
          if (member === undefined)
            throw new AppError('unknown-reference', `no staff member ${line.username}`);
          await this.appendAttendance(
            trx,
            context,
            session,
            { staffId: member.id, status: line.status, note: line.note },
            '/username',
          );
        });
        recorded += 1;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.push({ line: line.line, message: `${error.code}: ${error.message}` });
      }
    }
    return { recorded, errors: errors.sort((a, b) => a.line - b.line) };
  }

  private async appendAttendance(
    trx: Executor,
    context: RequestContext,
    session: TrainingSessionTable,
    input: AttendanceInput,
    path: string,
  ): Promise<void> {
    const member = await this.people.findStaff(trx, input.staffId);
    if (member === undefined) throw unknown(path, 'no such staff member');
    // Append-only, read in recorded order: two statuses within one millisecond still come in the order given.
    const last = await this.repository.lastAttendanceAt(trx, session.id, member.id);
    const now = Math.max(this.clock.now(), last === null ? 0 : last + 1);
    const row: TrainingAttendanceTable = {
      id: newId(now),
      session_id: session.id,
      staff_id: member.id,
      status: input.status,
      note: input.note?.trim() || null,
      recorded_by: actorLabel(context.actor),
      recorded_at: now,
    };
    await this.repository.insertAttendance(trx, row);
    await this.audit.append(trx, context, {
      action: 'training-attendance.recorded',
      subject: { type: 'training-session', id: session.id },
      data: { staffId: row.staff_id, status: row.status, attendanceId: row.id },
    });
  }

  // ----- assessments -----

  /** Draws the questions of a new attempt for the signed-in person (a person, not the CLI or a machine). */
  async startAttempt(context: RequestContext, courseId: string): Promise<Attempt> {
    const staffId = personOf(context);
    const course = await this.courseByIdOrCode(this.store.db, courseId, '/courseId');
    if (course.status !== 'active')
      throw new AppError('conflict', 'the course is retired', {
        errors: [{ path: '/courseId', message: 'is retired' }],
      });
    if (course.grants === 'xray-operation') await this.throwUnlessCleared(this.store.db, staffId);
    const now = this.clock.now();
    let questions: (AttemptQuestion & { answer: number })[];
    let catalogueVersion: string | null = null;
    if (course.kind === 'prohibited-items-identification') {
      const screener = await this.screening.activeScreener();
      catalogueVersion = screener.catalogue.version;
      questions = generateCatalogueQuestions(screener, course.questions_per_attempt, secureRandom).map(
        (question, index) => ({ number: index + 1, ...question }),
      );
    } else {
      const bank = await this.repository.findQuestions(this.store.db, course.id);
      if (bank.length === 0)
        throw new AppError('conflict', 'the course has no questions yet', {
          errors: [{ path: '/courseId', message: 'has an empty question bank' }],
        });
      questions = drawWithoutReplacement(bank, course.questions_per_attempt, secureRandom).map(
        (row, index) => ({
          number: index + 1,
          prompt: row.prompt,
          options: JSON.parse(row.options) as string[],
          description: null,
          answer: row.answer,
        }),
      );
    }
    const row: TrainingAttemptTable = {
      id: newId(now),
      course_id: course.id,
      staff_id: staffId,
      content_version: course.content_version,
      catalogue_version: catalogueVersion,
      questions: JSON.stringify(questions.map(({ answer: _answer, ...question }) => question)),
      answer_key: JSON.stringify(questions.map((question) => question.answer)),
      pass_mark: course.pass_mark,
      status: 'open',
      answers: null,
      score: null,
      passed: null,
      started_at: now,
      expires_at: now + ATTEMPT_MINUTES * 60_000,
      submitted_at: null,
    };
    await this.store.transaction(async (trx) => {
      await this.repository.insertAttempt(trx, row);
      await this.audit.append(trx, context, {
        action: 'training-attempt.started',
        subject: { type: 'training-attempt', id: row.id },
        data: {
          courseId: course.id,
          staffId,
          contentVersion: row.content_version,
          catalogueVersion,
          questions: questions.length,
        },
      });
    });
    return toAttempt(row, null);
  }

  /** One's own attempt (404 for anyone else's). */
  async getAttempt(context: RequestContext, attemptId: string): Promise<Attempt> {
    const staffId = personOf(context);
    const row = await this.repository.findAttempt(this.store.db, attemptId);
    if (row === undefined || row.staff_id !== staffId)
      throw new AppError('not-found', 'the attempt was not found');
    const certificate = await this.repository.findCertificateByAttempt(this.store.db, row.id);
    return toAttempt(this.expiredIfLate(row), certificate?.id ?? null);
  }

  /**
   * Scores one's own open attempt; a pass issues a signed certificate in the same transaction. Someone else's
   * attempt answers 404; a submitted or expired one 409.
   */
  async submitAttempt(context: RequestContext, attemptId: string, answers: number[]): Promise<AttemptResult> {
    const staffId = personOf(context);
    return this.store.transaction(async (trx) => {
      const row = await this.repository.findAttempt(trx, attemptId);
      if (row === undefined || row.staff_id !== staffId)
        throw new AppError('not-found', 'the attempt was not found');
      const now = this.clock.now();
      if (row.status !== 'open' || now > row.expires_at) {
        throw new AppError(
          'conflict',
          `the attempt is closed (${row.status === 'open' ? 'expired' : row.status})`,
        );
      }
      const key = JSON.parse(row.answer_key) as number[];
      const problems = new FieldProblems().check(
        answers.length === key.length,
        'answers',
        `must give one answer per question (${key.length})`,
      );
      answers.forEach((answer, index) =>
        problems.check(
          Number.isInteger(answer) && answer >= 0,
          `answers/${index}`,
          'must be an option index',
        ),
      );
      problems.throwIfAny();
      const score = scoreAnswers(key, answers);
      const passed = score >= row.pass_mark;
      const changes: Partial<TrainingAttemptTable> = {
        status: 'submitted',
        answers: JSON.stringify(answers),
        score,
        passed: passed ? 1 : 0,
        submitted_at: now,
      };
      await this.repository.updateAttempt(trx, row.id, changes);
      await this.audit.append(trx, context, {
        action: 'training-attempt.submitted',
        subject: { type: 'training-attempt', id: row.id },
        data: { score, passed, passMark: row.pass_mark },
      });
      const submitted = { ...row, ...changes };
      if (!passed) return { attempt: toAttempt(submitted, null), certificate: null, withheld: null };
      const course = (await this.repository.findCourse(trx, row.course_id))!;
      if (course.grants === 'xray-operation' && !(await this.isCleared(trx, staffId))) {
        return {
          attempt: toAttempt(submitted, null),
          certificate: null,
          withheld: 'X-ray operation needs a cleared background check on record',
        };
      }
      const certificate = await this.issue(trx, context, {
        staffId,
        course,
        contentVersion: row.content_version,
        score,
        validFrom: chinaDate(now),
        source: 'assessment',
        attemptId: row.id,
        reason: null,
      });
      return { attempt: toAttempt(submitted, certificate.id), certificate, withheld: null };
    });
  }

  // ----- certificates -----

  /** An admin's manual entry (training done elsewhere, records carried over): audited, with a reason. */
  async issueManualCertificate(context: RequestContext, input: ManualCertificateInput): Promise<Certificate> {
    const today = chinaDate(this.clock.now());
    const problems = new FieldProblems()
      .check(isCalendarDate(input.validFrom), 'validFrom', 'must be a real date written YYYY-MM-DD')
      .check(input.reason.trim().length >= 10, 'reason', 'must say why, in at least 10 characters');
    if (isCalendarDate(input.validFrom))
      problems.check(input.validFrom <= today, 'validFrom', 'must not be in the future');
    if (input.score !== undefined && input.score !== null)
      problems.check(
        Number.isInteger(input.score) && input.score >= 0 && input.score <= 100,
        'score',
        'must be 0-100',
      );
    problems.throwIfAny();
    return this.store.transaction(async (trx) => {
      const member = await this.people.findStaff(trx, input.staffId);
      if (member === undefined) throw unknown('/staffId', 'no such staff member');
      authorize(context.actor, 'read', staffSubject(member));
      const course = await this.repository.findCourse(trx, input.courseId);
      if (course === undefined) throw unknown('/courseId', 'no such course');
      if (course.grants === 'xray-operation' && !(await this.isCleared(trx, member.id)))
        throw new AppError('not-certified', 'X-ray operation needs a cleared background check on record', {
          errors: [{ path: '/staffId', message: 'has no cleared background check' }],
        });
      return this.issue(trx, context, {
        staffId: member.id,
        course,
        contentVersion: course.content_version,
        score: input.score ?? null,
        validFrom: input.validFrom,
        source: 'manual',
        attemptId: null,
        reason: input.reason.trim(),
      });
    });
  }

  private async issue(
    trx: Executor,
    context: RequestContext,
    input: {
      staffId: string;
      course: TrainingCourseTable;
      contentVersion: string;
      score: number | null;
      validFrom: string;
      source: 'assessment' | 'manual';
      attemptId: string | null;
      reason: string | null;
    },
  ): Promise<Certificate> {
    const member = (await this.people.findStaff(trx, input.staffId))!;
    const now = this.clock.now();
    const id = newId(now);
    const validUntil = addDays(input.validFrom, input.course.validity_days - 1);
    const verificationCode = newVerificationCode();
    const statement: CertificateStatement = {
      format: 'parcelguard.training-certificate.v1',
      certificateId: id,
      verificationCode,
      staffId: member.id,
      username: member.username,
      courseCode: input.course.code,
      courseKind: input.course.kind as CourseKind,
      certification: input.course.grants as Certificate['certification'],
      contentVersion: input.contentVersion,
      score: input.score,
      validFrom: input.validFrom,
      validUntil,
      source: input.source,
      issuedAt: now,
    };
    const { keyId, signature } = this.signer.sign(certificateSigningBytes(statement));
    const certification: CertificationTable = {
      id: newId(now),
      staff_id: member.id,
      kind: input.course.grants,
      certificate_no: verificationCode,
      issued_on: input.validFrom,
      expires_on: validUntil,
      revoked_at: null,
      created_at: now,
      source: 'training',
      reason: input.reason,
    };
    const row: TrainingCertificateTable = {
      id,
      staff_id: member.id,
      course_id: input.course.id,
      course_kind: input.course.kind,
      certification: input.course.grants,
      content_version: input.contentVersion,
      score: input.score,
      valid_from: input.validFrom,
      valid_until: validUntil,
      verification_code: verificationCode,
      source: input.source,
      attempt_id: input.attemptId,
      reason: input.reason,
      certification_id: certification.id,
      statement: canonicalJson(statement),
      key_id: keyId,
      signature,
      issued_by: actorLabel(context.actor),
      revoked_at: null,
      revoked_reason: null,
      revoked_by: null,
      created_at: now,
    };
    await this.repository.insertCertification(trx, certification);
    await this.repository.insertCertificate(trx, row);
    await this.audit.append(trx, context, [
      {
        action: 'training-certificate.issued',
        subject: { type: 'training-certificate', id },
        data: { ...row, statement: undefined },
      },
      {
        action: 'certification.granted',
        subject: { type: 'certification', id: certification.id },
        data: certification,
      },
    ]);
    return toCertificate(row);
  }

  /** Revokes a certificate (and the certification the gates read) with a reason; revoking twice changes nothing. */
  async revokeCertificate(context: RequestContext, id: string, reason: string): Promise<Certificate> {
    new FieldProblems()
      .check(reason.trim().length >= 5, 'reason', 'must say why, in at least 5 characters')
      .throwIfAny();
    return this.store.transaction(async (trx) => {
      const row = await this.repository.findCertificate(trx, id);
      if (row === undefined) throw new AppError('not-found', 'the certificate was not found');
      const member = (await this.people.findStaff(trx, row.staff_id))!;
      authorize(context.actor, 'manage', staffSubject(member), { noun: 'certificate' });
      if (row.revoked_at !== null) return toCertificate(row);
      const now = this.clock.now();
      const changes = {
        revoked_at: now,
        revoked_reason: reason.trim(),
        revoked_by: actorLabel(context.actor),
      };
      await this.repository.revokeCertificate(trx, id, changes);
      await this.repository.revokeCertification(trx, row.certification_id, now);
      await this.audit.append(trx, context, [
        {
          action: 'training-certificate.revoked',
          subject: { type: 'training-certificate', id },
          data: { reason: changes.revoked_reason },
        },
        { action: 'certification.revoked', subject: { type: 'certification', id: row.certification_id } },
      ]);
      return toCertificate({ ...row, ...changes });
    });
  }

  async getCertificate(context: RequestContext, id: string): Promise<Certificate> {
    const row = await this.repository.findCertificate(this.store.db, id);
    if (row === undefined) throw new AppError('not-found', 'the certificate was not found');
    if (!(context.actor.type === 'staff' && context.actor.id === row.staff_id)) {
      const member = (await this.people.findStaff(this.store.db, row.staff_id))!;
      authorize(context.actor, 'read', staffSubject(member), { noun: 'certificate' });
    }
    return toCertificate(row);
  }

  /** Certificates of one person or of the sites the caller reaches. */
  async findCertificates(
    context: RequestContext,
    filter: { staffId?: string; siteId?: string } = {},
  ): Promise<Certificate[]> {
    if (filter.staffId !== undefined) {
      const member = await this.people.findStaff(this.store.db, filter.staffId);
      if (member === undefined) throw new AppError('not-found', 'the staff member was not found');
      authorize(context.actor, 'read', staffSubject(member));
      return (await this.repository.findCertificates(this.store.db, { staffId: member.id })).map(
        toCertificate,
      );
    }
    const siteId = siteFilterFor(context.actor, filter.siteId);
    return (
      await this.repository.findCertificates(this.store.db, siteId === undefined ? {} : { siteId })
    ).map(toCertificate);
  }

  /** The signed-in person's own certificates (the console's "my certificates"). */
  async findOwnCertificates(context: RequestContext): Promise<Certificate[]> {
    const staffId = personOf(context);
    return (await this.repository.findCertificates(this.store.db, { staffId })).map(toCertificate);
  }

  /**
   * Checks a signed certificate with this installation's public keys, and whether it has been revoked here. The
   * offline check (`verifySignedCertificate`) needs only the public key and cannot know about revocation.
   */
  async verifyCertificate(document: unknown): Promise<CertificateCheck & { revoked: boolean | null }> {
    const keys = new Map(this.signer.publicKeys().map((key) => [key.keyId, key.publicKeyPem]));
    const check = verifySignedCertificate(document, keys, chinaDate(this.clock.now()));
    if (!check.valid) return { ...check, revoked: null };
    const row = await this.repository.findCertificate(this.store.db, check.statement.certificateId);
    return { ...check, revoked: row === undefined ? null : row.revoked_at !== null };
  }

  // ----- background checks -----

  /** Records a background check; a failed one revokes the person's X-ray operation certifications. */
  async recordBackgroundCheck(
    context: RequestContext,
    staffId: string,
    input: BackgroundCheckInput,
  ): Promise<BackgroundCheck> {
    const today = chinaDate(this.clock.now());
    const problems = new FieldProblems()
      .check(
        (BACKGROUND_CHECK_STATUSES as readonly string[]).includes(input.status),
        'status',
        `must be one of ${BACKGROUND_CHECK_STATUSES.join(', ')}`,
      )
      .check(isCalendarDate(input.checkedOn), 'checkedOn', 'must be a real date written YYYY-MM-DD');
    if (isCalendarDate(input.checkedOn))
      problems.check(input.checkedOn <= today, 'checkedOn', 'must not be in the future');
    problems.throwIfAny();
    return this.store.transaction(async (trx) => {
      const member = await this.people.findStaff(trx, staffId);
      if (member === undefined) throw new AppError('not-found', 'the staff member was not found');
      authorize(context.actor, 'manage', staffSubject(member));
      // The latest check counts: one recorded within the same millisecond as the previous still comes after it.
      const [previous] = await this.repository.findBackgroundChecks(trx, member.id);
      const now = Math.max(this.clock.now(), previous === undefined ? 0 : previous.recorded_at + 1);
      const row: TrainingBackgroundCheckTable = {
        id: newId(now),
        staff_id: member.id,
        status: input.status,
        checked_on: input.checkedOn,
        note: null,
        note_enc: this.vault.encryptOptional(input.note?.trim() || null, BACKGROUND_CHECK_NOTE_CONTEXT),
        recorded_by: actorLabel(context.actor),
        recorded_at: now,
      };
      await this.repository.insertBackgroundCheck(trx, row);
      // The note may name the vetting authority's findings: kept on the row, not in the audit data.
      const records: Parameters<AuditService['append']>[2] = [
        {
          action: 'background-check.recorded',
          subject: { type: 'staff', id: member.id },
          data: { checkId: row.id, status: row.status, checkedOn: row.checked_on },
        },
      ];
      if (input.status === 'failed') {
        for (const certification of await this.repository.findLiveCertifications(
          trx,
          member.id,
          'xray-operation',
        )) {
          await this.repository.revokeCertification(trx, certification.id, now);
          (records as unknown[]).push({
            action: 'certification.revoked',
            subject: { type: 'certification', id: certification.id },
            data: { reason: 'background check failed' },
          });
        }
      }
      await this.audit.append(trx, context, records);
      return this.toBackgroundCheck(row);
    });
  }

  async findBackgroundChecks(context: RequestContext, staffId: string): Promise<BackgroundCheck[]> {
    const member = await this.people.findStaff(this.store.db, staffId);
    if (member === undefined) throw new AppError('not-found', 'the staff member was not found');
    authorize(context.actor, 'read', staffSubject(member));
    return (await this.repository.findBackgroundChecks(this.store.db, staffId)).map((row) =>
      this.toBackgroundCheck(row),
    );
  }

  private async isCleared(db: Executor, staffId: string): Promise<boolean> {
    const [latest] = await this.repository.findBackgroundChecks(db, staffId);
    return latest?.status === 'cleared';
  }

  private async throwUnlessCleared(db: Executor, staffId: string): Promise<void> {
    if (!(await this.isCleared(db, staffId)))
      throw new AppError('not-certified', 'X-ray operation needs a cleared background check on record');
  }

  // ----- the onboarding gate -----

  /** Whether the person has passed onboarding safety training (a valid `safety-training` certification today). */
  async isOnboarded(staffId: string, on?: string): Promise<boolean> {
    return this.people.hasValidCertification(
      this.store.db,
      staffId,
      'safety-training',
      on ?? chinaDate(this.clock.now()),
    );
  }

  /**
   * The onboarding gate: a person (not a machine, not the CLI) may take no operational action until onboarding
   * safety training is passed: 403 `not-certified`.
   */
  async throwIfNotOnboarded(actor: Actor, permission: Permission): Promise<void> {
    if (actor.type !== 'staff' || !OPERATIONAL_PERMISSIONS.has(permission)) return;
    if (await this.isOnboarded(actor.id)) return;
    throw new AppError(
      'not-certified',
      'onboarding safety training must be passed before any operational action',
    );
  }

  private toBackgroundCheck(row: TrainingBackgroundCheckTable): BackgroundCheck {
    return {
      id: row.id,
      staffId: row.staff_id,
      status: row.status as BackgroundCheckStatus,
      checkedOn: row.checked_on,
      note: this.vault.decryptOptional(row.note_enc, BACKGROUND_CHECK_NOTE_CONTEXT) ?? row.note,
      recordedBy: row.recorded_by,
      recordedAt: row.recorded_at,
    };
  }

  // ----- due, reminders, coverage -----

  /** Who must recertify within `withinDays` days, and who is overdue, at the sites the caller reaches. */
  async due(
    context: RequestContext,
    query: { siteId?: string; withinDays?: number } = {},
  ): Promise<DueItem[]> {
    const withinDays = query.withinDays ?? 30;
    new FieldProblems()
      .check(
        Number.isInteger(withinDays) && withinDays >= 0 && withinDays <= 366,
        'withinDays',
        'must be 0-366',
      )
      .throwIfAny();
    const siteId = siteFilterFor(context.actor, query.siteId);
    const { staff, certifications } = await this.facts(siteId);
    return dueItems(staff, certifications, chinaDate(this.clock.now()), withinDays);
  }

  /** The reminders a station manager sees: their own site's due and overdue within 30 days. */
  async reminders(context: RequestContext): Promise<DueItem[]> {
    if (context.actor.siteId === null) return this.due(context, {});
    return this.due(context, { siteId: context.actor.siteId });
  }

  /** Staff current per requirement, per site, for one month (counted on its last day, or today if it is this month). */
  async coverage(context: RequestContext, query: { month: string; siteId?: string }): Promise<CoverageRow[]> {
    const today = chinaDate(this.clock.now());
    const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(query.month);
    new FieldProblems()
      .check(valid, 'month', 'must be a month written YYYY-MM')
      .check(!valid || query.month <= today.slice(0, 7), 'month', 'must not be in the future')
      .throwIfAny();
    const siteId = siteFilterFor(context.actor, query.siteId);
    const last = lastDayOfMonth(query.month);
    const countedOn = last < today ? last : today;
    const { staff, certifications } = await this.facts(siteId);
    const siteIds =
      siteId !== undefined
        ? [siteId]
        : (await this.people.findSites(this.store.db, {})).map((site) => site.id);
    return coverageOn(siteIds, staff, certifications, query.month, countedOn);
  }

  private async facts(
    siteId: string | undefined,
  ): Promise<{ staff: StaffFacts[]; certifications: CertificationFacts[] }> {
    const rows = (
      await this.people.findStaffList(this.store.db, siteId === undefined ? {} : { siteId })
    ).filter((row) => row.status === 'active');
    const staff = rows.map((row) => ({
      id: row.id,
      username: row.username,
      name: row.name,
      siteId: row.site_id,
      roles: row.roles.split(',').filter(isStaffRole),
      createdOn: chinaDate(row.created_at),
    }));
    const certifications = (
      await this.repository.findCertificationsOf(
        this.store.db,
        rows.map((row) => row.id),
      )
    ).map((row) => ({
      staffId: row.staff_id,
      kind: row.kind,
      issuedOn: row.issued_on,
      expiresOn: row.expires_on,
      revoked: row.revoked_at !== null,
    }));
    return { staff, certifications };
  }

  // ----- helpers -----

  private async courseWithin(db: Executor, id: string): Promise<TrainingCourseTable> {
    const row = await this.repository.findCourse(db, id);
    if (row === undefined) throw new AppError('not-found', 'the course was not found');
    return row;
  }

  private async courseByIdOrCode(
    db: Executor,
    idOrCode: string,
    path?: string,
  ): Promise<TrainingCourseTable> {
    const row =
      (await this.repository.findCourse(db, idOrCode)) ??
      (await this.repository.findCourseByCode(db, idOrCode.trim().toUpperCase()));
    if (row === undefined) {
      if (path !== undefined) throw unknown(path, 'no such course');
      throw new AppError('not-found', 'the course was not found');
    }
    return row;
  }

  private async sessionVisible(
    db: Executor,
    context: RequestContext,
    id: string,
  ): Promise<TrainingSessionTable> {
    const session = await this.repository.findSession(db, id);
    if (session === undefined) throw new AppError('not-found', 'the session was not found');
    authorize(context.actor, 'read', { kind: 'record', siteId: session.site_id }, { noun: 'session' });
    return session;
  }

  private async rosterOf(db: Executor, session: TrainingSessionTable): Promise<Roster> {
    const marks = (await this.repository.findAttendance(db, session.id)).map(toAttendance);
    const byStaff = new Map<string, AttendanceMark[]>();
    for (const mark of marks) byStaff.set(mark.staffId, [...(byStaff.get(mark.staffId) ?? []), mark]);
    const names = await this.people.staffNames(db, [session.trainer_id, ...byStaff.keys()]);
    return {
      session: toSession(session, names),
      attendees: [...byStaff.entries()].map(([staffId, history]) => ({
        staffId,
        name: names.get(staffId) ?? null,
        status: history[history.length - 1]!.status,
        history,
      })),
    };
  }

  private expiredIfLate(row: TrainingAttemptTable): TrainingAttemptTable {
    return row.status === 'open' && this.clock.now() > row.expires_at ? { ...row, status: 'expired' } : row;
  }
}

function checkCourseFields(problems: FieldProblems, input: UpdateCourseInput): void {
  if (input.title !== undefined) problems.check(input.title.trim().length > 0, 'title', 'must not be empty');
  if (input.contentVersion !== undefined)
    problems.check(input.contentVersion.trim().length > 0, 'contentVersion', 'must not be empty');
  if (input.contentRef !== undefined)
    problems.check(input.contentRef.trim().length > 0, 'contentRef', 'must not be empty');
  if (input.validityDays !== undefined)
    problems.check(
      Number.isInteger(input.validityDays) && input.validityDays >= 1 && input.validityDays <= 3660,
      'validityDays',
      'must be 1-3660 days',
    );
  if (input.passMark !== undefined)
    problems.check(
      Number.isInteger(input.passMark) && input.passMark >= 1 && input.passMark <= 100,
      'passMark',
      'must be 1-100',
    );
  if (input.questionsPerAttempt !== undefined)
    problems.check(
      Number.isInteger(input.questionsPerAttempt) &&
        input.questionsPerAttempt >= 1 &&
        input.questionsPerAttempt <= 50,
      'questionsPerAttempt',
      'must be 1-50',
    );
}

function personOf(context: RequestContext): string {
  if (context.actor.type !== 'staff')
    throw new AppError('forbidden', 'only a signed-in person takes an assessment or has certificates');
  return context.actor.id;
}

function actorLabel(actor: Actor): string {
  return `${actor.type}:${actor.id}`;
}

function unknown(path: string, message: string): AppError {
  return new AppError('unknown-reference', `${path.slice(1)}: ${message}`, { errors: [{ path, message }] });
}

function secureRandom(): number {
  return randomInt(0, 2 ** 47) / 2 ** 47;
}

function newVerificationCode(): string {
  const bytes = randomBytes(12);
  let code = '';
  for (const byte of bytes) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  return `TC-${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}

/** A staff row as people/access.ts sees it. */
function staffSubject(row: StaffTable): Extract<Subject, { kind: 'staff' }> {
  return { kind: 'staff', id: row.id, siteId: row.site_id, roles: row.roles.split(',').filter(isStaffRole) };
}

function toCourse(row: TrainingCourseTable, questionCount: number): Course {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind as CourseKind,
    title: row.title,
    contentVersion: row.content_version,
    contentRef: row.content_ref,
    grants: row.grants as Course['grants'],
    validityDays: row.validity_days,
    passMark: row.pass_mark,
    questionsPerAttempt: row.questions_per_attempt,
    questionCount,
    generatedFromCatalogue: row.kind === 'prohibited-items-identification',
    status: row.status as Course['status'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toQuestion(row: TrainingQuestionTable): Question {
  return {
    id: row.id,
    courseId: row.course_id,
    prompt: row.prompt,
    options: JSON.parse(row.options) as string[],
    answer: row.answer,
    createdAt: row.created_at,
  };
}

function toSession(row: TrainingSessionTable, names: ReadonlyMap<string, string>): TrainingSession {
  return {
    id: row.id,
    courseId: row.course_id,
    siteId: row.site_id,
    trainerId: row.trainer_id,
    trainerName: names.get(row.trainer_id) ?? null,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    mode: row.mode as SessionMode,
    location: row.location,
    createdAt: row.created_at,
  };
}

function toAttendance(row: TrainingAttendanceTable): AttendanceMark {
  return {
    id: row.id,
    sessionId: row.session_id,
    staffId: row.staff_id,
    status: row.status as AttendanceStatus,
    note: row.note,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

function toAttempt(row: TrainingAttemptTable, certificateId: string | null): Attempt {
  return {
    id: row.id,
    courseId: row.course_id,
    staffId: row.staff_id,
    contentVersion: row.content_version,
    catalogueVersion: row.catalogue_version,
    status: row.status as Attempt['status'],
    questions: JSON.parse(row.questions) as AttemptQuestion[],
    passMark: row.pass_mark,
    score: row.score,
    passed: row.passed === null ? null : row.passed === 1,
    startedAt: row.started_at,
    expiresAt: row.expires_at,
    submittedAt: row.submitted_at,
    certificateId,
  };
}

function toCertificate(row: TrainingCertificateTable): Certificate {
  return {
    id: row.id,
    staffId: row.staff_id,
    courseId: row.course_id,
    courseKind: row.course_kind as CourseKind,
    certification: row.certification as Certificate['certification'],
    contentVersion: row.content_version,
    score: row.score,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    verificationCode: row.verification_code,
    source: row.source as Certificate['source'],
    attemptId: row.attempt_id,
    reason: row.reason,
    issuedBy: row.issued_by,
    revokedAt: row.revoked_at,
    revokedReason: row.revoked_reason,
    createdAt: row.created_at,
    document: {
      statement: JSON.parse(row.statement) as CertificateStatement,
      keyId: row.key_id,
      signature: row.signature,
    },
  };
}
