// Training and certification (issue 17): courses with a question bank, sessions and append-only attendance,
// assessment attempts, signed certificates (each projected into `certifications`, which the gates read) and
// background checks. Staff registered before onboarding training was recorded are granted it here (the onboarding
// gate would otherwise stop everyone at once): a `safety-training` certification numbered ONBOARDING-PRE-TRAINING,
// valid from their registration day with no end, revocable like any other.
import { sql, type Kysely } from 'kysely';
import { chinaDate } from '../../clock.js';
import { newId } from '../../ids.js';

export const PRE_TRAINING_ONBOARDING_NO = 'ONBOARDING-PRE-TRAINING';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('training_courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content_version', 'text', (c) => c.notNull())
    .addColumn('content_ref', 'text', (c) => c.notNull())
    .addColumn('grants', 'text', (c) => c.notNull())
    .addColumn('validity_days', 'integer', (c) => c.notNull())
    .addColumn('pass_mark', 'integer', (c) => c.notNull())
    .addColumn('questions_per_attempt', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('training_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('answer', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_questions_course_idx')
    .on('training_questions')
    .column('course_id')
    .execute();

  await db.schema
    .createTable('training_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('trainer_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_sessions_site_idx')
    .on('training_sessions')
    .columns(['site_id', 'starts_at'])
    .execute();

  await db.schema
    .createTable('training_attendance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('training_sessions.id'))
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_attendance_session_idx')
    .on('training_attendance')
    .columns(['session_id', 'staff_id'])
    .execute();

  await db.schema
    .createTable('training_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('content_version', 'text', (c) => c.notNull())
    .addColumn('catalogue_version', 'text')
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('answer_key', 'text', (c) => c.notNull())
    .addColumn('pass_mark', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answers', 'text')
    .addColumn('score', 'integer')
    .addColumn('passed', 'integer')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('training_attempts_staff_idx')
    .on('training_attempts')
    .column('staff_id')
    .execute();

  await db.schema
    .createTable('training_certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('course_kind', 'text', (c) => c.notNull())
    .addColumn('certification', 'text', (c) => c.notNull())
    .addColumn('content_version', 'text', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('verification_code', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('attempt_id', 'text', (c) => c.unique())
    .addColumn('reason', 'text')
    .addColumn('certification_id', 'text', (c) => c.notNull().references('certifications.id'))
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_reason', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_certificates_staff_idx')
    .on('training_certificates')
    .column('staff_id')
    .execute();

  await db.schema
    .createTable('training_background_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('checked_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_background_checks_staff_idx')
    .on('training_background_checks')
    .column('staff_id')
    .execute();

  await grantPreTrainingOnboarding(db);
}

/** Existing staff keep working: onboarding done before training was recorded. Returns how many were granted it. */
export async function grantPreTrainingOnboarding(db: Kysely<unknown>, now = Date.now()): Promise<number> {
  const staff = await sql<{ id: string; created_at: number | string }>`
    select s.id, s.created_at from staff s
    where not exists (
      select 1 from certifications c
      where c.staff_id = s.id and c.kind = 'safety-training' and c.revoked_at is null
    )`.execute(db);
  for (const row of staff.rows) {
    const issuedOn = chinaDate(Math.min(Number(row.created_at), now));
    await sql`
      insert into certifications (id, staff_id, kind, certificate_no, issued_on, expires_on, revoked_at, created_at)
      values (${newId(now)}, ${row.id}, 'safety-training', ${PRE_TRAINING_ONBOARDING_NO}, ${issuedOn}, '9999-12-31', null, ${now})
    `.execute(db);
  }
  return staff.rows.length;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from certifications where certificate_no = ${PRE_TRAINING_ONBOARDING_NO}`.execute(db);
  for (const table of [
    'training_background_checks',
    'training_certificates',
    'training_attempts',
    'training_attendance',
    'training_sessions',
    'training_questions',
    'training_courses',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
