import { readFileSync, writeFileSync } from 'node:fs';
import { expect, it, vi } from 'vitest';
import type { App } from '../app.js';
import { DirectoryBlobStore, sha256Hex } from './blob-store.js';
import { ManualClock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { parcelFoundAtHub, PDF, PNG, raise } from '../testing/case-factories.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  createStaffMember,
  describeEachDialect,
  unique,
} from '../testing/test-app.js';

async function caseOf(app: App, waybillNo: string) {
  const cases = await app.cases.findCases(adminContext(), { waybillNo });
  expect(cases).toHaveLength(1);
  return app.cases.getCase(adminContext(), cases[0]!.id);
}

async function expectError(promise: Promise<unknown>, code: string, path?: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (path !== undefined) expect((error as AppError).errors.map((e) => e.path)).toContain(path);
  return error as AppError;
}

describeEachDialect('cases: clues filed into cases', (env) => {
  it('opens a case from a prohibited-found-at-hub clue, and a second clue on the same waybill joins it', async () => {
    const { app } = env();
    const before = await auditHead(app);
    const { waybillNo } = await parcelFoundAtHub(app);
    const opened = await caseOf(app, waybillNo);
    expect(opened).toMatchObject({
      status: 'open',
      outcome: null,
      priority: 'critical',
      category: 'controlled-instruments',
      sealed: false,
      key: `waybill:${waybillNo}`,
    });
    expect(opened.deadlineAt - opened.openedAt).toBe(60 * 60_000);
    expect(opened.clues.map((c) => [c.kind, c.status, c.caseId])).toEqual([
      ['prohibited-found-at-hub', 'attached', opened.id],
    ]);
    expect(opened.timeline.map((e) => e.kind)).toEqual(['opened']);
    const actions = (await auditEntriesAfter(app, before)).map((e) => e.action);
    expect(actions.indexOf('case.opened')).toBeGreaterThan(actions.indexOf('clue.raised'));

    const head = await auditHead(app);
    const second = await raise(app, { waybillNo, kind: 'unmarked-parcel-at-hub', severity: 'high' });
    expect(second.status).toBe('attached');
    const joined = await caseOf(app, waybillNo);
    expect(joined.id).toBe(opened.id);
    expect(joined.clues.map((c) => c.kind)).toEqual(['prohibited-found-at-hub', 'unmarked-parcel-at-hub']);
    expect(joined.timeline.map((e) => e.kind)).toEqual(['opened', 'clue-attached']);
    const entries = await auditEntriesAfter(app, head);
    expect(entries.map((e) => e.action)).toEqual(['clue.raised', 'case.clue-attached']);
    expect(entries[1]!.subjectId).toBe(opened.id);
  });

  it('leaves a clue that is not a crime-related find for triage; triage dismisses, opens or attaches', async () => {
    const { app } = env();
    const waybillNo = unique('WBT').toUpperCase();
    const lone = await raise(app, { waybillNo, kind: 'risk-hold', severity: 'high' });
    expect(await app.cases.findCases(adminContext(), { waybillNo })).toEqual([]);
    expect(lone.status).toBe('open');
    // A find of a category that is not crime-related does not open a case by itself either.
    await raise(app, {
      waybillNo: unique('WBB').toUpperCase(),
      kind: 'prohibited-found-at-hub',
      severity: 'high',
      details: { category: 'batteries' },
    });

    await expectError(
      app.cases.triage(adminContext(), lone.id, { action: 'dismiss', reason: ' ' }),
      'validation-failed',
      '/reason',
    );
    const opened = await app.cases.triage(adminContext(), lone.id, { action: 'open', note: 'looks wrong' });
    expect(opened.clue).toMatchObject({ status: 'attached', caseId: opened.case!.id });
    expect(opened.case).toMatchObject({ status: 'open', priority: 'high', waybillNo });
    await expectError(
      app.cases.triage(adminContext(), lone.id, { action: 'dismiss', reason: 'again' }),
      'conflict',
    );

    const other = await raise(app, {
      kind: 'watchlist-hit',
      severity: 'high',
      subjectType: 'phone',
      subjectIndex: unique('ix'),
    });
    const attached = await app.cases.triage(adminContext(), other.id, {
      action: 'attach',
      caseId: opened.case!.id,
    });
    expect(attached.clue.caseId).toBe(opened.case!.id);
    const third = await raise(app, {
      kind: 'repeated-refusals',
      severity: 'low',
      subjectType: 'phone',
      subjectIndex: unique('ix'),
    });
    const before = await auditHead(app);
    const dismissed = await app.cases.triage(adminContext(), third.id, {
      action: 'dismiss',
      reason: 'a tourist',
    });
    expect(dismissed).toMatchObject({ clue: { status: 'dismissed', triageNote: 'a tourist' }, case: null });
    expect((await auditEntriesAfter(app, before)).map((e) => e.action)).toEqual(['clue.dismissed']);
    await expectError(
      app.cases.triage(adminContext(), unique('nope'), { action: 'attach', caseId: opened.case!.id }),
      'not-found',
    );
  });

  it('raises priority but never lowers it, moves through its statuses, and needs reopening once closed', async () => {
    const { app } = env();
    const waybillNo = unique('WBP').toUpperCase();
    const clue = await raise(app, { waybillNo, severity: 'low' });
    const { case: opened } = await app.cases.triage(adminContext(), clue.id, { action: 'open' });
    expect(opened!.priority).toBe('low');
    await raise(app, {
      waybillNo,
      severity: 'medium',
      kind: 'prohibited-declared',
      details: { waybillNo, categories: ['firearms'] },
    });
    expect((await caseOf(app, waybillNo)).priority).toBe('high');
    await raise(app, { waybillNo, severity: 'low' });
    const after = await caseOf(app, waybillNo);
    expect(after.priority).toBe('high');
    // A crime-related category tightens the deadline to the crime-related one.
    expect(after.deadlineAt - after.openedAt).toBe(60 * 60_000);

    const id = opened!.id;
    await expectError(
      app.cases.changeStatus(adminContext(), id, { status: 'reported', reason: 'sent it' }),
      'invalid-transition',
      '/status',
    );
    await expectError(
      app.cases.changeStatus(adminContext(), id, { status: 'closed', reason: 'done here' }),
      'validation-failed',
      '/outcome',
    );
    await app.cases.changeStatus(adminContext(), id, { status: 'investigating', reason: 'looking' });
    const closed = await app.cases.changeStatus(adminContext(), id, {
      status: 'closed',
      outcome: 'false-alarm',
      reason: 'a toy',
    });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'false-alarm', overdue: false });
    const officer = await createStaffMember(app, ['security-officer']);
    const refused = await expectError(
      app.cases.assign(adminContext(), id, { officerId: officer.staff.id }),
      'conflict',
    );
    expect(refused.message).toContain('closed');

    // While closed, a new clue on the waybill does not join it.
    await raise(app, { waybillNo, severity: 'low' });
    expect((await app.cases.getCase(adminContext(), id)).clues).toHaveLength(3);

    // Another case holds the waybill meanwhile: reopening this one would make two open cases on one key.
    const holder = await raise(app, { waybillNo, severity: 'low' });
    const { case: second } = await app.cases.triage(adminContext(), holder.id, { action: 'open' });
    await expectError(
      app.cases.changeStatus(adminContext(), id, { status: 'investigating', reason: 'new facts' }),
      'conflict',
    );
    await app.cases.changeStatus(adminContext(), second!.id, {
      status: 'closed',
      outcome: 'false-alarm',
      reason: 'same facts',
    });
    const reopened = await app.cases.changeStatus(adminContext(), id, {
      status: 'investigating',
      reason: 'new facts',
    });
    expect(reopened).toMatchObject({ status: 'investigating', outcome: null, closedAt: null });
    const assigned = await app.cases.assign(adminContext(), id, { officerId: officer.staff.id });
    expect(assigned.assigneeId).toBe(officer.staff.id);
    const courier = await createStaffMember(app, ['courier']);
    await expectError(
      app.cases.assign(adminContext(), id, { officerId: courier.staff.id }),
      'validation-failed',
      '/officerId',
    );
    const timeline = (await app.cases.getCase(adminContext(), id)).timeline.map((e) => e.kind);
    expect(timeline).toEqual([
      'opened',
      'clue-attached',
      'clue-attached',
      'status-changed',
      'status-changed',
      'reopened',
      'assigned',
    ]);
  });
});

describeEachDialect('cases: evidence', (env) => {
  it('stores files content-addressed, re-checks the hash on download and detects a tampered blob', async () => {
    const { app, dataDir } = env();
    const { waybillNo } = await parcelFoundAtHub(app);
    const id = (await caseOf(app, waybillNo)).id;
    const before = await auditHead(app);
    const evidence = await app.cases.addEvidence(adminContext(), id, {
      kind: 'file',
      fileName: 'xray.png',
      mediaType: 'image/png',
      contentBase64: PNG.toString('base64'),
      description: 'X-ray image',
    });
    expect(evidence).toMatchObject({ sha256: sha256Hex(PNG), sizeBytes: PNG.length, locked: false });
    const added = (await auditEntriesAfter(app, before)).find((e) => e.action === 'evidence.added')!;
    expect(added.subjectId).toBe(sha256Hex(PNG));

    const download = await app.cases.getEvidenceContent(adminContext(), id, evidence.id);
    expect(download.bytes.equals(PNG)).toBe(true);

    const blobs = new DirectoryBlobStore(`${dataDir}/evidence`);
    const file = blobs.pathOf(evidence.sha256);
    expect(readFileSync(file).equals(PNG)).toBe(true);
    writeFileSync(file, Buffer.concat([PNG, Buffer.from([0])]));
    const head = await auditHead(app);
    const tampered = await expectError(
      app.cases.getEvidenceContent(adminContext(), id, evidence.id),
      'integrity-failed',
    );
    expect(tampered.message).toContain('altered');
    expect((await auditEntriesAfter(app, head)).map((e) => e.action)).toEqual(['evidence.integrity-failed']);

    const record = await app.cases.addEvidence(adminContext(), id, {
      kind: 'record',
      recordKind: 'parcel-gate-records',
    });
    const snapshot = JSON.parse(
      (await app.cases.getEvidenceContent(adminContext(), id, record.id)).bytes.toString('utf8'),
    ) as { waybillNo: string; gates: unknown };
    expect(snapshot.waybillNo).toBe(waybillNo);
    expect(JSON.stringify(snapshot)).not.toContain('李四');
    const mark = await app.cases.addEvidence(adminContext(), id, {
      kind: 'record',
      recordKind: 'inspection-mark',
    });
    expect(mark.mediaType).toBe('application/json');
  });

  it('refuses an oversized or forbidden file before storing anything', async () => {
    const { app, dataDir } = env();
    const { waybillNo } = await parcelFoundAtHub(app);
    const id = (await caseOf(app, waybillNo)).id;
    const blobs = new DirectoryBlobStore(`${dataDir}/evidence`);
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    await expectError(
      app.cases.addEvidence(adminContext(), id, {
        kind: 'file',
        fileName: 'big.pdf',
        mediaType: 'application/pdf',
        contentBase64: big.toString('base64'),
      }),
      'body-too-large',
      '/contentBase64',
    );
    expect(await blobs.has(sha256Hex(big))).toBe(false);
    const script = Buffer.from('#!/bin/sh\necho hi\n');
    await expectError(
      app.cases.addEvidence(adminContext(), id, {
        kind: 'file',
        fileName: 'x.sh',
        mediaType: 'text/x-sh',
        contentBase64: script.toString('base64'),
      }),
      'unsupported-media-type',
      '/mediaType',
    );
    await expectError(
      app.cases.addEvidence(adminContext(), id, {
        kind: 'file',
        fileName: 'fake.png',
        mediaType: 'image/png',
        contentBase64: script.toString('base64'),
      }),
      'unsupported-media-type',
      '/contentBase64',
    );
    expect(await blobs.has(sha256Hex(script))).toBe(false);
    expect((await app.cases.getCase(adminContext(), id)).evidence).toEqual([]);
  });

  it('locks evidence a report includes, on the timeline and in the audit chain', async () => {
    const { app } = env();
    const { waybillNo } = await parcelFoundAtHub(app);
    const id = (await caseOf(app, waybillNo)).id;
    const evidence = await app.cases.addEvidence(adminContext(), id, {
      kind: 'file',
      fileName: 'photo.png',
      mediaType: 'image/png',
      contentBase64: PNG.toString('base64'),
    });
    const locked = await app.store.transaction((trx) =>
      app.cases.lockEvidenceWithin(trx, id, [evidence.id], { context: adminContext(), lockedBy: 'report-1' }),
    );
    expect(locked).toMatchObject([{ id: evidence.id, locked: true, lockedBy: 'report-1' }]);
    await expectError(
      app.store.transaction((trx) => app.cases.lockEvidenceWithin(trx, id, ['nope'])),
      'unknown-reference',
      '/evidenceIds/0',
    );
    expect((await app.cases.getCase(adminContext(), id)).timeline.map((e) => e.kind)).toContain(
      'evidence-locked',
    );

    // Locked evidence is never withdrawn; other evidence is, with a reason, and then stays out of reports.
    await expectError(
      app.cases.withdrawEvidence(adminContext(), id, evidence.id, { reason: 'wrong photo' }),
      'conflict',
    );
    const other = await app.cases.addEvidence(adminContext(), id, {
      kind: 'file',
      fileName: 'blurred.pdf',
      mediaType: 'application/pdf',
      contentBase64: PDF.toString('base64'),
    });
    const before = await auditHead(app);
    const withdrawn = await app.cases.withdrawEvidence(adminContext(), id, other.id, {
      reason: 'duplicate scan',
    });
    expect(withdrawn).toMatchObject({ withdrawn: true, withdrawnReason: 'duplicate scan', locked: false });
    expect((await auditEntriesAfter(app, before)).map((e) => [e.action, e.subjectId])).toEqual([
      ['evidence.withdrawn', sha256Hex(PDF)],
    ]);
    await expectError(
      app.store.transaction((trx) => app.cases.lockEvidenceWithin(trx, id, [other.id])),
      'conflict',
      '/evidenceIds/0',
    );
  });

  it('writes the blob before the row: a failed write leaves no row, a failed transaction an orphan blob only', async () => {
    const { app, dataDir } = env();
    const { waybillNo } = await parcelFoundAtHub(app);
    const id = (await caseOf(app, waybillNo)).id;
    const blobs = new DirectoryBlobStore(`${dataDir}/evidence`);
    // The store the cases service keeps evidence in (app.ts hands it the same one).
    const put = app.evidenceBlobs.put.bind(app.evidenceBlobs);
    const writes = vi.spyOn(app.evidenceBlobs, 'put');
    const png = Buffer.concat([PNG, Buffer.from(unique('x'))]);
    try {
      // The disk fails mid-write: nothing is recorded.
      writes.mockRejectedValueOnce(new Error('disk full'));
      await expect(
        app.cases.addEvidence(adminContext(), id, {
          kind: 'file',
          fileName: 'a.png',
          mediaType: 'image/png',
          contentBase64: png.toString('base64'),
        }),
      ).rejects.toThrow('disk full');
      // The case is closed between the write and the row's transaction: the blob stays, counted as nothing.
      writes.mockImplementationOnce(async (bytes) => {
        const sha = await put(bytes);
        await app.cases.changeStatus(adminContext(), id, {
          status: 'closed',
          outcome: 'inconclusive',
          reason: 'closed meanwhile',
        });
        return sha;
      });
      await expectError(
        app.cases.addEvidence(adminContext(), id, {
          kind: 'file',
          fileName: 'a.png',
          mediaType: 'image/png',
          contentBase64: png.toString('base64'),
        }),
        'conflict',
      );
    } finally {
      writes.mockRestore();
    }
    expect(await blobs.has(sha256Hex(png))).toBe(true);
    expect((await app.cases.getCase(adminContext(), id)).evidence).toEqual([]);
  });
});

describeEachDialect('cases: custody hand-overs', (env) => {
  it('hands a held parcel to an authority with a receipt, and seizes another', async () => {
    const { app } = env();
    const { waybillNo } = await parcelFoundAtHub(app);
    const officer = await createStaffMember(app, ['security-officer']);
    await expectError(
      app.custody.handOver(adminContext(), 'hand-to-authority', waybillNo, {
        toName: '王警官',
        location: 'hub security room',
      }),
      'validation-failed',
      '/toUnit',
    );
    const before = await auditHead(app);
    const handover = await app.custody.handOver(adminContext(), 'hand-to-authority', waybillNo, {
      toName: '王警官',
      toUnit: '上海市公安局徐汇分局',
      toOfficerNo: '012345',
      location: 'hub security room',
      proof: {
        kind: 'receipt',
        fileName: 'receipt.pdf',
        mediaType: 'application/pdf',
        contentBase64: PDF.toString('base64'),
      },
    });
    expect(handover).toMatchObject({
      kind: 'hand-to-authority',
      toUnit: '上海市公安局徐汇分局',
      proofKind: 'receipt',
      proofSha256: sha256Hex(PDF),
    });
    expect((await app.parcels.getTimeline(adminContext(), waybillNo)).state).toBe('handed-to-authority');
    const detail = await caseOf(app, waybillNo);
    expect(detail.custody.map((h) => h.id)).toEqual([handover.id]);
    expect(detail.evidence.map((e) => [e.sha256, e.id])).toEqual([
      [sha256Hex(PDF), handover.proofEvidenceId],
    ]);
    expect(detail.timeline.map((e) => e.kind)).toEqual(['opened', 'evidence-added', 'custody-handover']);
    const actions = (await auditEntriesAfter(app, before)).map((e) => e.action);
    expect(actions).toEqual(['evidence.added', 'parcel.handed-to-authority']);
    // Nothing moves a parcel that left custody.
    await expectError(
      app.custody.handOver(adminContext(), 'seize', waybillNo, { toName: officer.staff.id, location: 'x' }),
      'invalid-transition',
    );

    const second = await parcelFoundAtHub(app);
    const seized = await app.custody.handOver(adminContext(), 'seize', second.waybillNo, {
      toName: officer.staff.id,
      location: 'evidence locker 3',
    });
    expect(seized).toMatchObject({ kind: 'seize', fromCustodian: second.screener.id, proofKind: null });
    expect((await app.parcels.getTimeline(adminContext(), second.waybillNo)).state).toBe('seized');
  });
});

const start = Date.UTC(2026, 11, 7, 2, 0, 0);
const clock = new ManualClock(start);

describeEachDialect(
  'cases: deadlines and overdue counts',
  (env) => {
    it('counts the cases past their deadline until they are reported or closed', async () => {
      const { app } = env();
      clock.set(start);
      await expectError(
        app.cases.setDeadline(adminContext(), 'no-such', 5),
        'validation-failed',
        '/params/category',
      );
      await app.cases.setDeadline(adminContext(), 'default', 30);
      await app.cases.setDeadline(adminContext(), 'firearms', 10);
      expect(await app.cases.findDeadlines()).toEqual([
        { category: 'crime-related', minutes: 60, builtIn: true },
        { category: 'default', minutes: 30, builtIn: false },
        { category: 'firearms', minutes: 10, builtIn: false },
      ]);
      const slow = await raise(app, { waybillNo: unique('WBD').toUpperCase(), severity: 'low' });
      const slowCase = (await app.cases.triage(adminContext(), slow.id, { action: 'open' })).case!;
      const fastWaybill = unique('WBF').toUpperCase();
      await raise(app, {
        waybillNo: fastWaybill,
        kind: 'prohibited-found',
        severity: 'high',
        details: { category: 'firearms' },
      });
      const fastCase = (await app.cases.findCases(adminContext(), { waybillNo: fastWaybill }))[0]!;
      expect(fastCase.deadlineAt).toBe(start + 10 * 60_000);
      expect(slowCase.deadlineAt).toBe(start + 30 * 60_000);
      expect(await app.cases.findOverdue(adminContext())).toEqual({ count: 0, cases: [] });

      clock.advance(11 * 60_000);
      const early = await app.cases.findOverdue(adminContext());
      expect(early.count).toBe(1);
      expect(early.cases.map((c) => [c.id, c.overdue])).toEqual([[fastCase.id, true]]);

      clock.advance(20 * 60_000);
      const late = await app.cases.findOverdue(adminContext());
      expect(late.count).toBe(2);
      expect(late.cases.map((c) => c.id)).toEqual([fastCase.id, slowCase.id]);
      expect((await app.cases.findCases(adminContext(), { overdue: true })).length).toBe(2);

      await app.cases.changeStatus(adminContext(), fastCase.id, {
        status: 'closed',
        outcome: 'inconclusive',
        reason: 'handled by phone',
      });
      expect((await app.cases.findOverdue(adminContext())).count).toBe(1);
    });
  },
  { clock },
);
