// The closed set of webhook event kinds, the case timeline kind each comes from, and the body a receiver gets.
// Pure: no I/O. The body carries ids, kinds, statuses and times only, never personal data; for a sealed case
// (national security) nothing beyond ids, kind and time.
import type { CaseFacts } from '../cases/case-event-sink.js';

/** Timeline kind (cases.service.ts, custody.service.ts, reports/case-reports.service.ts) → webhook event kind. */
const TIMELINE_KINDS = {
  opened: 'case.opened',
  'clue-attached': 'case.clue-attached',
  'status-changed': 'case.status-changed',
  reopened: 'case.reopened',
  assigned: 'case.assigned',
  'evidence-added': 'case.evidence-added',
  'evidence-withdrawn': 'case.evidence-withdrawn',
  'evidence-locked': 'case.evidence-locked',
  'custody-handover': 'case.custody-handover',
  'report-drafted': 'case-report.drafted',
  'report-edited': 'case-report.edited',
  'report-approved': 'case-report.approved',
  'report-submitted': 'case-report.submitted',
  'report-acknowledged': 'case-report.acknowledged',
} as const;

export type WebhookEventKind = (typeof TIMELINE_KINDS)[keyof typeof TIMELINE_KINDS];

export const WEBHOOK_EVENT_KINDS: readonly WebhookEventKind[] = Object.values(TIMELINE_KINDS);

export function isWebhookEventKind(value: string): value is WebhookEventKind {
  return (WEBHOOK_EVENT_KINDS as readonly string[]).includes(value);
}

/** The webhook kind of a timeline event, or null for a kind no receiver can subscribe to. */
export function webhookKindOf(timelineKind: string): WebhookEventKind | null {
  return Object.hasOwn(TIMELINE_KINDS, timelineKind)
    ? TIMELINE_KINDS[timelineKind as keyof typeof TIMELINE_KINDS]
    : null;
}

export interface WebhookPayload {
  /** The case timeline event's id: the same on every delivery of it (receivers deduplicate on it). */
  id: string;
  kind: WebhookEventKind;
  /** Epoch milliseconds. */
  occurredAt: number;
  case: { id: string; status?: string; priority?: string };
  report?: { id: string; authority?: string; status?: string };
}

/** The body of a delivery. Sealed cases: ids, kind and time only (no status, priority, authority). */
export function buildPayload(
  event: { id: string; caseId: string; at: number; data: Record<string, unknown> },
  kind: WebhookEventKind,
  facts: CaseFacts,
): WebhookPayload {
  const payload: WebhookPayload = {
    id: event.id,
    kind,
    occurredAt: event.at,
    case: facts.sealed
      ? { id: event.caseId }
      : { id: event.caseId, status: facts.status, priority: facts.priority },
  };
  if (kind.startsWith('case-report.') && typeof event.data.reportId === 'string') {
    payload.report = facts.sealed
      ? { id: event.data.reportId }
      : {
          id: event.data.reportId,
          ...(typeof event.data.authority === 'string' ? { authority: event.data.authority } : {}),
          ...(typeof event.data.status === 'string' ? { status: event.data.status } : {}),
        };
  }
  return payload;
}
