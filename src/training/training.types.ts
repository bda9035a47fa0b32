// Training and certification: courses, sessions and attendance, assessments, signed certificates, background
// checks. A passed course grants one of the certifications `people` keeps (people.types.ts); the gates read those.
import type { CertificationKind } from '../people/people.types.js';

export const COURSE_KINDS = [
  'onboarding-safety',
  'national-security-awareness',
  'law-and-ethics',
  'prohibited-items-identification',
  'xray-operation',
] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];

/** The certification a pass of each kind of course grants. */
export const GRANTS_OF_KIND: Record<CourseKind, CertificationKind> = {
  'onboarding-safety': 'safety-training',
  'national-security-awareness': 'national-security-awareness',
  'law-and-ethics': 'law-and-ethics',
  'prohibited-items-identification': 'prohibited-items-identification',
  'xray-operation': 'xray-operation',
};

export const SESSION_MODES = ['in-person', 'online'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

export const ATTENDANCE_STATUSES = ['booked', 'attended', 'partly-attended', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const BACKGROUND_CHECK_STATUSES = ['pending', 'cleared', 'failed'] as const;
export type BackgroundCheckStatus = (typeof BACKGROUND_CHECK_STATUSES)[number];

export interface Course {
  id: string;
  code: string;
  kind: CourseKind;
  title: string;
  /** The version of the course material (slides, video, handbook) a certificate names. */
  contentVersion: string;
  /** Where the material of this version lives (a document number, a URL). */
  contentRef: string;
  grants: CertificationKind;
  /** How long a certificate stays valid, in days from the day it is issued. */
  validityDays: number;
  /** Percentage of correct answers needed to pass (1-100). */
  passMark: number;
  questionsPerAttempt: number;
  /** Questions in the bank; for prohibited-items identification they come from the active catalogue instead. */
  questionCount: number;
  generatedFromCatalogue: boolean;
  status: 'active' | 'retired';
  createdAt: number;
  updatedAt: number;
}

export interface Question {
  id: string;
  courseId: string;
  prompt: string;
  options: string[];
  /** Index into options. */
  answer: number;
  createdAt: number;
}

export interface TrainingSession {
  id: string;
  courseId: string;
  siteId: string;
  trainerId: string;
  /** The trainer by name: a station manager may not list the staff of the site a visiting trainer comes from. */
  trainerName: string | null;
  startsAt: number;
  endsAt: number;
  mode: SessionMode;
  location: string | null;
  createdAt: number;
}

export interface AttendanceMark {
  id: string;
  sessionId: string;
  staffId: string;
  status: AttendanceStatus;
  note: string | null;
  recordedBy: string;
  recordedAt: number;
}

/** A session and, per person, the latest attendance status with its history. */
export interface Roster {
  session: TrainingSession;
  attendees: { staffId: string; name: string | null; status: AttendanceStatus; history: AttendanceMark[] }[];
}

/** One question of an attempt as the candidate sees it (no answer). */
export interface AttemptQuestion {
  /** Position in the attempt. */
  number: number;
  prompt: string;
  options: string[];
  /** For catalogue questions: the description asked about ("may this be accepted?"). */
  description: string | null;
}

export interface Attempt {
  id: string;
  courseId: string;
  staffId: string;
  contentVersion: string;
  catalogueVersion: string | null;
  status: 'open' | 'submitted' | 'expired';
  questions: AttemptQuestion[];
  passMark: number;
  score: number | null;
  passed: boolean | null;
  startedAt: number;
  expiresAt: number;
  submittedAt: number | null;
  certificateId: string | null;
}

export interface Certificate {
  id: string;
  staffId: string;
  courseId: string;
  courseKind: CourseKind;
  certification: CertificationKind;
  contentVersion: string;
  score: number | null;
  validFrom: string;
  validUntil: string;
  verificationCode: string;
  source: 'assessment' | 'manual';
  attemptId: string | null;
  reason: string | null;
  issuedBy: string;
  revokedAt: number | null;
  revokedReason: string | null;
  createdAt: number;
  /** The signed document `parcelguard training verify-certificate` checks offline. */
  document: SignedCertificate;
}

/** What a certificate signature covers (canonical JSON, under a domain-separation prefix). */
export interface CertificateStatement {
  format: 'parcelguard.training-certificate.v1';
  certificateId: string;
  verificationCode: string;
  staffId: string;
  username: string;
  courseCode: string;
  courseKind: CourseKind;
  certification: CertificationKind;
  contentVersion: string;
  score: number | null;
  validFrom: string;
  validUntil: string;
  source: 'assessment' | 'manual';
  issuedAt: number;
}

export interface SignedCertificate {
  statement: CertificateStatement;
  keyId: string;
  /** Ed25519, base64url. */
  signature: string;
}

export interface BackgroundCheck {
  id: string;
  staffId: string;
  status: BackgroundCheckStatus;
  checkedOn: string;
  note: string | null;
  recordedBy: string;
  recordedAt: number;
}

/** One person's standing for one required certification. */
export interface DueItem {
  staffId: string;
  username: string;
  name: string;
  siteId: string;
  certification: CertificationKind;
  /** The latest expiry among their valid certificates, null when they hold none. */
  validUntil: string | null;
  state: 'overdue' | 'due';
  /** Days from today to the expiry (negative: past); null when never certified. */
  daysLeft: number | null;
}

export interface CoverageRow {
  siteId: string;
  month: string;
  /** The China calendar day counted: the month's last day, or today for the current month. */
  countedOn: string;
  requirements: {
    certification: CertificationKind;
    required: number;
    current: number;
    ratio: number | null;
  }[];
}
