// What the cases capability answers (HTTP, CLI, the reports capability): no personal data except the masked
// real-name snapshot kept as evidence.
import type { Clue } from '../identity/identity.types.js';
import type { CaseOutcome, CasePriority, CaseStatus, EvidenceRecordKind } from './cases.tables.js';

export interface CaseSummary {
  id: string;
  key: string;
  waybillNo: string | null;
  subjectType: string | null;
  siteId: string | null;
  category: string | null;
  categories: string[];
  title: string;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  priority: CasePriority;
  sealed: boolean;
  assigneeId: string | null;
  deadlineAt: number;
  /** The deadline passed while the case was still being worked (not reported or closed). */
  overdue: boolean;
  openedAt: number;
  openedBy: string;
  updatedAt: number;
  reportedAt: number | null;
  closedAt: number | null;
}

export interface CaseEvent {
  id: string;
  at: number;
  kind: string;
  actorType: string;
  actorId: string;
  /** The actor's name when the actor is a staff member (not an API key or the CLI operator). */
  actorName: string | null;
  data: Record<string, unknown>;
}

export interface Evidence {
  id: string;
  caseId: string;
  kind: 'file' | 'record';
  recordKind: EvidenceRecordKind | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  description: string | null;
  addedBy: string;
  addedAt: number;
  locked: boolean;
  lockedAt: number | null;
  lockedBy: string | null;
  /** Withdrawn by an officer (with the reason): kept and still downloadable, no longer offered to reports. */
  withdrawn: boolean;
  withdrawnAt: number | null;
  withdrawnReason: string | null;
}

export interface CustodyHandover {
  id: string;
  waybillNo: string;
  caseId: string | null;
  kind: string;
  fromCustodian: string | null;
  toName: string;
  toUnit: string | null;
  toOfficerNo: string | null;
  location: string;
  handedAt: number;
  proofKind: string | null;
  proofSha256: string | null;
  proofEvidenceId: string | null;
  note: string | null;
  recordedBy: string;
  recordedAt: number;
}

export interface TriagedClue extends Clue {
  caseId: string | null;
  triagedBy: string | null;
  triagedAt: number | null;
  triageNote: string | null;
}

export interface CaseDetail extends CaseSummary {
  /** Names for whoever reads the case, including a station manager who may not list staff of other sites. */
  assigneeName: string | null;
  timeline: CaseEvent[];
  evidence: Evidence[];
  clues: TriagedClue[];
  custody: CustodyHandover[];
}

export interface OverdueCases {
  count: number;
  cases: CaseSummary[];
}

export interface DeadlineSetting {
  category: string;
  minutes: number;
  /** Whether it is the built-in default (no stored setting). */
  builtIn: boolean;
}
