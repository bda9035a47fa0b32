// What other capabilities may learn of a case timeline event as it is written (webhooks/ fills its outbox from
// it): called in the event's own transaction, so a rolled-back change leaves nothing behind either.
import type { Executor } from '../platform/database/store.js';
import type { CasePriority, CaseStatus } from './cases.tables.js';

/** The case as it stands when the event is written (read only when a sink asks for it). */
export interface CaseFacts {
  status: CaseStatus;
  priority: CasePriority;
  sealed: boolean;
}

export interface WrittenCaseEvent {
  id: string;
  caseId: string;
  at: number;
  /** The timeline kind (opened, status-changed, report-approved, …). */
  kind: string;
  data: Record<string, unknown>;
  /** The case's status, priority and sealing in the same transaction. */
  caseFacts(): Promise<CaseFacts>;
}

export interface CaseEventSink {
  caseEventWrittenWithin(trx: Executor, event: WrittenCaseEvent): Promise<void>;
}
