import type { paths } from '../../api/schema';
import type { Tone } from '../../app/StatusTag';

export type CaseSummary =
  paths['/api/v1/cases']['get']['responses'][200]['content']['application/json'][number];
export type CaseDetail = paths['/api/v1/cases/{id}']['get']['responses'][200]['content']['application/json'];
export type CaseStatus = CaseSummary['status'];

export const CASE_STATUSES: CaseStatus[] = [
  'open',
  'investigating',
  'awaiting-approval',
  'reported',
  'closed',
];

export const STATUS_TONE: Record<CaseStatus, Tone> = {
  open: 'warn',
  investigating: 'info',
  'awaiting-approval': 'info',
  reported: 'ok',
  closed: 'neutral',
};

export const PRIORITY_TONE: Record<CaseSummary['priority'], Tone> = {
  low: 'neutral',
  medium: 'info',
  high: 'warn',
  critical: 'bad',
};
