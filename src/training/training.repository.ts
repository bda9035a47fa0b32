import type { CertificationTable } from '../platform/database/schema.js';
import type { Executor } from '../platform/database/store.js';
import type {
  TrainingAttemptTable,
  TrainingAttendanceTable,
  TrainingBackgroundCheckTable,
  TrainingCertificateTable,
  TrainingCourseTable,
  TrainingQuestionTable,
  TrainingSessionTable,
} from './training.tables.js';

/** All SQL for training: courses, questions, sessions, attendance, attempts, certificates, background checks. */
export class TrainingRepository {
  async insertCourse(db: Executor, row: TrainingCourseTable): Promise<void> {
    await db.insertInto('training_courses').values(row).execute();
  }

  async updateCourse(db: Executor, id: string, changes: Partial<TrainingCourseTable>): Promise<void> {
    await db.updateTable('training_courses').set(changes).where('id', '=', id).execute();
  }

  async findCourse(db: Executor, id: string): Promise<TrainingCourseTable | undefined> {
    return db.selectFrom('training_courses').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findCourseByCode(db: Executor, code: string): Promise<TrainingCourseTable | undefined> {
    return db.selectFrom('training_courses').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async findCourses(db: Executor): Promise<TrainingCourseTable[]> {
    return db.selectFrom('training_courses').selectAll().orderBy('code').execute();
  }

  async questionCounts(db: Executor): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('training_questions')
      .select(['course_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('course_id')
      .execute();
    return new Map(rows.map((row) => [row.course_id, Number(row.n)]));
  }

  async insertQuestions(db: Executor, rows: TrainingQuestionTable[]): Promise<void> {
    if (rows.length > 0) await db.insertInto('training_questions').values(rows).execute();
  }

  async findQuestions(db: Executor, courseId: string): Promise<TrainingQuestionTable[]> {
    return db
      .selectFrom('training_questions')
      .selectAll()
      .where('course_id', '=', courseId)
      .orderBy('id')
      .execute();
  }

  async insertSession(db: Executor, row: TrainingSessionTable): Promise<void> {
    await db.insertInto('training_sessions').values(row).execute();
  }

  async findSession(db: Executor, id: string): Promise<TrainingSessionTable | undefined> {
    return db.selectFrom('training_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findSessions(db: Executor, filter: { siteId?: string }): Promise<TrainingSessionTable[]> {
    let query = db.selectFrom('training_sessions').selectAll().orderBy('starts_at', 'desc').limit(500);
    if (filter.siteId !== undefined) query = query.where('site_id', '=', filter.siteId);
    return query.execute();
  }

  async insertAttendance(db: Executor, row: TrainingAttendanceTable): Promise<void> {
    await db.insertInto('training_attendance').values(row).execute();
  }

  async findAttendance(db: Executor, sessionId: string): Promise<TrainingAttendanceTable[]> {
    return db
      .selectFrom('training_attendance')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
  }

  /** When the person's latest status at the session was recorded (their next one is recorded later). */
  async lastAttendanceAt(db: Executor, sessionId: string, staffId: string): Promise<number | null> {
    const row = await db
      .selectFrom('training_attendance')
      .select((eb) => eb.fn.max('recorded_at').as('at'))
      .where('session_id', '=', sessionId)
      .where('staff_id', '=', staffId)
      .executeTakeFirst();
    return row?.at === null || row?.at === undefined ? null : Number(row.at);
  }

  async insertAttempt(db: Executor, row: TrainingAttemptTable): Promise<void> {
    await db.insertInto('training_attempts').values(row).execute();
  }

  async findAttempt(db: Executor, id: string): Promise<TrainingAttemptTable | undefined> {
    return db.selectFrom('training_attempts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async updateAttempt(db: Executor, id: string, changes: Partial<TrainingAttemptTable>): Promise<void> {
    await db.updateTable('training_attempts').set(changes).where('id', '=', id).execute();
  }

  async insertCertificate(db: Executor, row: TrainingCertificateTable): Promise<void> {
    await db.insertInto('training_certificates').values(row).execute();
  }

  async findCertificate(db: Executor, id: string): Promise<TrainingCertificateTable | undefined> {
    return db.selectFrom('training_certificates').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findCertificateByCode(db: Executor, code: string): Promise<TrainingCertificateTable | undefined> {
    return db
      .selectFrom('training_certificates')
      .selectAll()
      .where('verification_code', '=', code)
      .executeTakeFirst();
  }

  async findCertificateByAttempt(
    db: Executor,
    attemptId: string,
  ): Promise<TrainingCertificateTable | undefined> {
    return db
      .selectFrom('training_certificates')
      .selectAll()
      .where('attempt_id', '=', attemptId)
      .executeTakeFirst();
  }

  async findCertificates(
    db: Executor,
    filter: { staffId?: string; siteId?: string },
  ): Promise<TrainingCertificateTable[]> {
    let query = db
      .selectFrom('training_certificates')
      .selectAll('training_certificates')
      .orderBy('training_certificates.created_at', 'desc')
      .limit(1000);
    if (filter.staffId !== undefined)
      query = query.where('training_certificates.staff_id', '=', filter.staffId);
    if (filter.siteId !== undefined)
      query = query
        .innerJoin('staff', 'staff.id', 'training_certificates.staff_id')
        .where('staff.site_id', '=', filter.siteId);
    return query.execute();
  }

  async revokeCertificate(
    db: Executor,
    id: string,
    changes: { revoked_at: number; revoked_reason: string; revoked_by: string },
  ): Promise<void> {
    await db.updateTable('training_certificates').set(changes).where('id', '=', id).execute();
  }

  async insertBackgroundCheck(db: Executor, row: TrainingBackgroundCheckTable): Promise<void> {
    await db.insertInto('training_background_checks').values(row).execute();
  }

  async findBackgroundChecks(db: Executor, staffId: string): Promise<TrainingBackgroundCheckTable[]> {
    return db
      .selectFrom('training_background_checks')
      .selectAll()
      .where('staff_id', '=', staffId)
      .orderBy('recorded_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** Unrevoked certifications of the given staff (every kind), for due lists and coverage. */
  async findCertificationsOf(db: Executor, staffIds: readonly string[]): Promise<CertificationTable[]> {
    if (staffIds.length === 0) return [];
    const rows: CertificationTable[] = [];
    for (let i = 0; i < staffIds.length; i += 500) {
      rows.push(
        ...(await db
          .selectFrom('certifications')
          .selectAll()
          .where('staff_id', 'in', staffIds.slice(i, i + 500))
          .where('revoked_at', 'is', null)
          .execute()),
      );
    }
    return rows;
  }

  async insertCertification(db: Executor, row: CertificationTable): Promise<void> {
    await db.insertInto('certifications').values(row).execute();
  }

  async revokeCertification(db: Executor, id: string, at: number): Promise<void> {
    await db
      .updateTable('certifications')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Unrevoked certifications of one kind held by one person (the X-ray ones a failed background check ends). */
  async findLiveCertifications(db: Executor, staffId: string, kind: string): Promise<CertificationTable[]> {
    return db
      .selectFrom('certifications')
      .selectAll()
      .where('staff_id', '=', staffId)
      .where('kind', '=', kind)
      .where('revoked_at', 'is', null)
      .execute();
  }
}
