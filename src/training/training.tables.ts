// Kysely's view of the training tables (conventions as in platform/database/schema.ts).

export interface TrainingCourseTable {
  id: string;
  code: string;
  kind: string;
  title: string;
  content_version: string;
  content_ref: string;
  /** The certification kind a pass grants. */
  grants: string;
  validity_days: number;
  pass_mark: number;
  questions_per_attempt: number;
  status: string;
  created_at: number;
  updated_at: number;
}

export interface TrainingQuestionTable {
  id: string;
  course_id: string;
  prompt: string;
  /** JSON array of text. */
  options: string;
  answer: number;
  created_at: number;
}

export interface TrainingSessionTable {
  id: string;
  course_id: string;
  site_id: string;
  trainer_id: string;
  starts_at: number;
  ends_at: number;
  mode: string;
  location: string | null;
  created_by: string;
  created_at: number;
}

/** Append-only: a person's status at a session is their latest row. */
export interface TrainingAttendanceTable {
  id: string;
  session_id: string;
  staff_id: string;
  status: string;
  note: string | null;
  recorded_by: string;
  recorded_at: number;
}

export interface TrainingAttemptTable {
  id: string;
  course_id: string;
  staff_id: string;
  content_version: string;
  catalogue_version: string | null;
  /** JSON array of questions as the candidate sees them. */
  questions: string;
  /** JSON array of the right option per question: never sent to the candidate. */
  answer_key: string;
  pass_mark: number;
  status: string;
  /** JSON array of the options chosen, once submitted. */
  answers: string | null;
  score: number | null;
  passed: number | null;
  started_at: number;
  expires_at: number;
  submitted_at: number | null;
}

export interface TrainingCertificateTable {
  id: string;
  staff_id: string;
  course_id: string;
  course_kind: string;
  certification: string;
  content_version: string;
  score: number | null;
  valid_from: string;
  valid_until: string;
  verification_code: string;
  source: string;
  attempt_id: string | null;
  reason: string | null;
  /** The row in `certifications` the gates read. */
  certification_id: string;
  /** The signed statement (canonical JSON), its key and signature. */
  statement: string;
  key_id: string;
  signature: string;
  issued_by: string;
  revoked_at: number | null;
  revoked_reason: string | null;
  revoked_by: string | null;
  created_at: number;
}

/** Append-only: a person's standing is their latest row. */
export interface TrainingBackgroundCheckTable {
  id: string;
  staff_id: string;
  status: string;
  checked_on: string;
  /** Plain notes written before migration 014; new notes go to note_enc. */
  note: string | null;
  /** The note, vault-encrypted (it may carry the vetting authority's findings). */
  note_enc: string | null;
  recorded_by: string;
  recorded_at: number;
}

export interface TrainingTables {
  training_courses: TrainingCourseTable;
  training_questions: TrainingQuestionTable;
  training_sessions: TrainingSessionTable;
  training_attendance: TrainingAttendanceTable;
  training_attempts: TrainingAttemptTable;
  training_certificates: TrainingCertificateTable;
  training_background_checks: TrainingBackgroundCheckTable;
}
