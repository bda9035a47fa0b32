// A report's life: draft → approved → submitted → acknowledged, and the four-eyes rule on approval. Pure.
import { AppError } from '../../platform/errors.js';

export const REPORT_STATUSES = ['draft', 'approved', 'submitted', 'acknowledged'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_ACTIONS = ['edit', 'approve', 'submit', 'acknowledge'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

const FROM: Record<ReportAction, ReportStatus> = {
  edit: 'draft',
  approve: 'draft',
  submit: 'approved',
  acknowledge: 'submitted',
};

const TO: Record<ReportAction, ReportStatus> = {
  edit: 'draft',
  approve: 'approved',
  submit: 'submitted',
  acknowledge: 'acknowledged',
};

const WHY: Record<ReportAction, string> = {
  edit: 'only a draft report can be edited',
  approve: 'only a draft report can be approved',
  submit: 'a report is submitted only once approved (four eyes)',
  acknowledge: 'only a submitted report can be acknowledged',
};

/** The status after `action`, or a 409 naming the current status. */
export function nextReportStatus(current: ReportStatus, action: ReportAction): ReportStatus {
  if (FROM[action] !== current) {
    throw new AppError('invalid-transition', `${WHY[action]}; this report is ${current}`);
  }
  return TO[action];
}

/** Who may approve: a second officer, never the report's own author (four eyes). */
export function throwIfOwnReport(authorId: string, approverId: string): void {
  if (authorId === approverId) {
    throw new AppError('forbidden', 'a report is approved by a second officer, never by its own author', {
      errors: [{ path: '/approvedBy', message: 'must not be the author of the report' }],
    });
  }
}
