// Which URLs may receive webhooks, the retry schedule, the event kinds and what a payload may say. Pure.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPayload, WEBHOOK_EVENT_KINDS, webhookKindOf } from './webhook-events.js';
import { auditableUrl, DEFAULT_RETRY_POLICY, endpointUrlProblem, nextAttemptAt } from './webhook-rules.js';

describe('webhook endpoint URLs', () => {
  it('takes https anywhere and plain http only on the local machine, saying so otherwise', () => {
    expect(endpointUrlProblem('https://orders.example.com/hooks')).toBeNull();
    expect(endpointUrlProblem('http://127.0.0.1:8080/hook')).toBeNull();
    expect(endpointUrlProblem('http://localhost/hook')).toBeNull();
    expect(endpointUrlProblem('http://orders.example.com/hook')).toBe(
      'must use https (plain http is allowed only for localhost and 127.0.0.1)',
    );
    expect(endpointUrlProblem('ftp://orders.example.com/')).toMatch(/must use https/);
    expect(endpointUrlProblem('orders.example.com/hook')).toBe('must be an absolute URL (https://…)');
    expect(endpointUrlProblem('https://user:pw@orders.example.com/')).toMatch(/user name or password/);
  });

  it('records a URL in the audit log without its query (a receiver token may be there)', () => {
    expect(auditableUrl('https://orders.example.com/hook?token=s3cret')).toBe(
      'https://orders.example.com/hook',
    );
  });
});

describe('webhook retries', () => {
  it('waits a minute, then doubles, and gives up after the last attempt', () => {
    const policy = DEFAULT_RETRY_POLICY;
    expect(nextAttemptAt(0, 1, policy)).toBe(60_000);
    expect(nextAttemptAt(0, 2, policy)).toBe(120_000);
    expect(nextAttemptAt(0, 3, policy)).toBe(240_000);
    expect(nextAttemptAt(0, policy.maxAttempts - 1, policy)).toBe(60_000 * 2 ** (policy.maxAttempts - 2));
    expect(nextAttemptAt(0, policy.maxAttempts, policy)).toBeNull();
  });
});

describe('webhook events', () => {
  it('has a webhook kind for every timeline kind the cases and reports capabilities write', () => {
    // The kinds written, read from the sources: a new timeline kind without a webhook kind fails here.
    const sources = [
      '../cases/cases.service.ts',
      '../cases/custody.service.ts',
      '../cases/reports/case-reports.service.ts',
    ].map((file) => readFileSync(new URL(file, import.meta.url), 'utf8'));
    const written = new Set<string>();
    for (const source of sources) {
      const calls = /(?:recordWithin|appendEventWithin|eventRow)\([^'()]*?'([a-z-]+)',/g;
      for (const match of source.matchAll(calls)) written.add(match[1]!);
      for (const match of source.matchAll(/reopening \? '([a-z-]+)' : '([a-z-]+)'/g)) {
        written.add(match[1]!);
        written.add(match[2]!);
      }
    }
    expect(written.size).toBeGreaterThanOrEqual(10);
    for (const kind of written) expect(webhookKindOf(kind), kind).not.toBeNull();
    expect(new Set(WEBHOOK_EVENT_KINDS).size).toBe(WEBHOOK_EVENT_KINDS.length);
    expect(webhookKindOf('toString')).toBeNull();
  });

  it('says status and priority of an ordinary case, and report id, authority and status of a report event', () => {
    const event = {
      id: 'e1',
      caseId: 'c1',
      at: 1,
      data: { reportId: 'r1', authority: 'public-security', status: 'approved', summary: '张三 …' },
    };
    expect(
      buildPayload(event, 'case-report.approved', {
        status: 'awaiting-approval',
        priority: 'high',
        sealed: false,
      }),
    ).toEqual({
      id: 'e1',
      kind: 'case-report.approved',
      occurredAt: 1,
      case: { id: 'c1', status: 'awaiting-approval', priority: 'high' },
      report: { id: 'r1', authority: 'public-security', status: 'approved' },
    });
  });

  it('says only ids, kind and time of a sealed case', () => {
    const event = {
      id: 'e1',
      caseId: 'c1',
      at: 1,
      data: { reportId: 'r1', authority: 'national-security-12339' },
    };
    expect(
      buildPayload(event, 'case-report.drafted', {
        status: 'investigating',
        priority: 'critical',
        sealed: true,
      }),
    ).toEqual({
      id: 'e1',
      kind: 'case-report.drafted',
      occurredAt: 1,
      case: { id: 'c1' },
      report: { id: 'r1' },
    });
  });
});
