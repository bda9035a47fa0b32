// Reports to the authorities on both databases: a 12339 report of a sealed spy-equipment case and a commerce
// ministry report of a dual-use export, each through four-eyes approval to a signed package verified offline (and a
// tampered copy refused); the PDF's text layer; evidence locked; the case reported; the figures recounted here.
import { expect, it } from 'vitest';
import type { App } from '../../app.js';
import type { NewClue } from '../clues.service.js';
import type { RequestContext } from '../../people/actor.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { acceptedParcel, certifiedStaff } from '../../testing/parcel-factories.js';
import { pdfText } from '../../testing/pdf-text.js';
import {
  adminContext,
  auditEntriesAfter,
  auditHead,
  createSite,
  createStaffMember,
  describeEachDialect,
} from '../../testing/test-app.js';
import { chinaMonth } from '../../platform/clock.js';
import { verifyReportPackage, type ReportPackage } from './report-package.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HY4AAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

type Member = Awaited<ReturnType<typeof createStaffMember>>['staff'];

function as(member: Member): RequestContext {
  return {
    actor: { type: 'staff', id: member.id, roles: member.roles, siteId: member.siteId },
    requestId: newId(),
  };
}

/** An outlet with a courier and its station manager, and two security officers holding the sealed clearance. */
async function station(app: App) {
  const outlet = await createSite(app);
  const courier = (await certifiedStaff(app, ['courier'], outlet.id, ['prohibited-items-identification']))
    .staff;
  const manager = (await createStaffMember(app, ['station-manager'], outlet.id)).staff;
  const officerA = (await createStaffMember(app, ['security-officer'])).staff;
  const officerB = (await createStaffMember(app, ['security-officer'])).staff;
  for (const officer of [officerA, officerB]) await app.cases.grantClearance(adminContext(), officer.id);
  return { outlet, courier, manager, officerA, officerB };
}

/** A find reported by a capability: the clue opens a case (FIND_KINDS) about the parcel. */
async function found(
  app: App,
  siteId: string,
  waybillNo: string,
  category: string,
  extra: Partial<NewClue> = {},
) {
  await app.store.transaction((trx) =>
    app.clues.raiseWithin(trx, adminContext(), {
      source: 'hubs',
      kind: 'prohibited-found-at-hub',
      severity: 'high',
      subjectType: 'parcel',
      subjectIndex: null,
      siteId,
      details: { waybillNo, category },
      refs: [{ type: 'parcel', id: waybillNo }],
      ...extra,
    }),
  );
  const [opened] = await app.cases.findCases(adminContext(), { waybillNo });
  if (opened === undefined) throw new Error('no case was opened');
  return opened;
}

async function photo(app: App, caseId: string, description: string) {
  return app.cases.addEvidence(adminContext(), caseId, {
    kind: 'file',
    fileName: 'xray.png',
    mediaType: 'image/png',
    contentBase64: PNG.toString('base64'),
    description,
  });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

function publicKeyOf(app: App): string {
  return app.signer.publicKeys().find((key) => key.keyId === app.signer.activeKeyId)!.publicKeyPem;
}

describeEachDialect('reports to the authorities', (env) => {
  it('reports a sealed spy-equipment case to 12339: four eyes, a signed package verified offline', async () => {
    const { app } = env();
    const { outlet, courier, manager, officerA, officerB } = await station(app);
    const waybillNo = await acceptedParcel(app, outlet.id, courier.id);
    const opened = await found(app, outlet.id, waybillNo, 'spy-equipment');
    expect(opened.sealed).toBe(true);
    const evidence = await photo(app, opened.id, 'X光图像：疑似窃听器');

    const route = await app.caseReports.proposeRoute(as(officerA), opened.id);
    expect(route).toMatchObject({ authority: 'national-security', direction: 'domestic' });
    expect(route.personalFields).toContain('sender.documentNumber');

    const before = await auditHead(app);
    const draft = await app.caseReports.draft(as(officerA), {
      caseId: opened.id,
      summary: '过机发现包裹内有伪装成充电器的窃听器，开箱查验属实，已扣留并保全证据。',
      custodyNote: '网点安全柜（双人双锁）',
      evidenceIds: [evidence.id],
    });
    expect(draft).toMatchObject({
      status: 'draft',
      authority: 'national-security',
      draftedBy: officerA.id,
      draftedByName: officerA.name,
      // Named by file, for a reader who may not read the case.
      evidenceFiles: [{ id: evidence.id, fileName: 'xray.png' }],
    });
    const detail = await app.cases.getCase(adminContext(), opened.id);
    expect(detail.evidence.find((item) => item.id === evidence.id)?.locked).toBe(true);
    // A drafted report puts the case into awaiting-approval, on its timeline.
    expect(opened.status).toBe('open');
    expect(detail.status).toBe('awaiting-approval');
    expect(detail.timeline.map((event) => event.kind)).toEqual(
      expect.arrayContaining(['report-drafted', 'status-changed']),
    );
    // Locked: it can no longer be withdrawn from the case.
    expect(
      (
        await rejection(
          app.cases.withdrawEvidence(adminContext(), opened.id, evidence.id, { reason: 'duplicate' }),
        )
      ).status,
    ).toBe(409);
    expect((await auditEntriesAfter(app, before)).map((entry) => entry.action)).toContain(
      'case-report.drafted',
    );

    // Not submitted unapproved; not approved by its author; the station manager has no clearance: not found.
    expect(
      (await rejection(app.caseReports.submit(as(officerA), draft.id, { channel: 'hotline' }))).status,
    ).toBe(409);
    expect((await rejection(app.caseReports.approve(as(officerA), draft.id))).status).toBe(403);
    expect((await rejection(app.caseReports.approve(as(manager), draft.id))).status).toBe(404);
    // The CLI names the approver: the author again is refused as well.
    expect(
      (await rejection(app.caseReports.approve(adminContext(), draft.id, { approvedBy: officerA.id })))
        .status,
    ).toBe(403);

    const head = await auditHead(app);
    const approved = await app.caseReports.approve(as(officerB), draft.id);
    expect(approved).toMatchObject({ status: 'approved', approvedBy: officerB.id });
    expect(approved.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    const actions = (await auditEntriesAfter(app, head)).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['case-report.approved', 'personal-data.unmasked']));
    expect(
      (
        await rejection(
          app.caseReports.edit(as(officerA), draft.id, { summary: '改写后的事实经过，十个字以上' }),
        )
      ).status,
    ).toBe(409);

    const reportPackage = await app.caseReports.getPackage(as(officerA), draft.id);
    expect(reportPackage.manifest).toMatchObject({
      documentSha256: approved.documentSha256,
      pdfSha256: approved.pdfSha256,
      authority: 'national-security',
    });
    expect(reportPackage.document.personalData?.sender).toMatchObject({ name: '张三' });
    expect(reportPackage.document.evidence.map((item) => item.sha256)).toEqual([evidence.sha256]);
    const offline = verifyReportPackage(JSON.parse(JSON.stringify(reportPackage)), publicKeyOf(app));
    expect(offline).toMatchObject({ valid: true, authority: 'national-security' });
    expect(app.caseReports.verifyPackage(reportPackage).valid).toBe(true);
    const tampered = JSON.parse(JSON.stringify(reportPackage)) as ReportPackage;
    tampered.document.personalData = null;
    expect(verifyReportPackage(tampered, publicKeyOf(app))).toMatchObject({ valid: false });

    const text = await pdfText(Buffer.from(reportPackage.pdf, 'base64'));
    expect(text).toContain('国家安全机关');
    expect(text).toContain('伪装成充电器的窃听器');
    expect(text).toContain('张三');
    expect(text).toContain(waybillNo);

    const submitted = await app.caseReports.submit(as(officerA), draft.id, {
      channel: 'hotline',
      authorityReference: '12339-2026-0042',
    });
    expect(submitted).toMatchObject({ status: 'submitted', channel: 'hotline', submittedBy: officerA.id });
    expect((await app.cases.getCase(adminContext(), opened.id)).status).toBe('reported');
    const acknowledged = await app.caseReports.acknowledge(as(officerB), draft.id, { note: '已受理' });
    expect(acknowledged).toMatchObject({ status: 'acknowledged', authorityReference: '12339-2026-0042' });
  });

  it('reports a dual-use export to the commerce ministry with only the personal data it needs', async () => {
    const { app } = env();
    const { outlet, courier, manager, officerA } = await station(app);
    const waybillNo = await acceptedParcel(app, outlet.id, courier.id, {
      overrides: {
        route: 'outbound',
        destination: { country: 'US', address: '1 Main Street, Springfield' },
      },
    });
    const opened = await found(app, outlet.id, waybillNo, 'strategic-minerals');
    expect(opened.sealed).toBe(false);
    const route = await app.caseReports.proposeRoute(as(officerA), opened.id);
    expect(route).toMatchObject({ authority: 'commerce', direction: 'outbound' });
    expect(route.personalFields).not.toContain('sender.phones');

    const draft = await app.caseReports.draft(as(officerA), {
      caseId: opened.id,
      summary: '申报为焊锡膏的出境包裹，开箱查验为金属镓锭两块，疑似违规出口两用物项。',
      evidenceIds: [],
    });
    // The station manager of the case's site approves (four eyes).
    const approved = await app.caseReports.approve(as(manager), draft.id);
    expect(approved.status).toBe('approved');
    const reportPackage = await app.caseReports.getPackage(as(officerA), draft.id);
    expect(verifyReportPackage(reportPackage, publicKeyOf(app))).toMatchObject({
      valid: true,
      authority: 'commerce',
    });
    expect(reportPackage.document.personalData?.fields).not.toContain('sender.phones');
    expect(reportPackage.document.personalData?.sender?.phones).toBeUndefined();
    const text = await pdfText(Buffer.from(reportPackage.pdf, 'base64'));
    expect(text).toContain('商务主管部门');
    expect(text).toContain('金属镓锭');
    const pdf = Buffer.from(reportPackage.pdf, 'base64');
    pdf[pdf.length - 30] = pdf[pdf.length - 30]! ^ 0xff;
    const tampered = verifyReportPackage({ ...reportPackage, pdf: pdf.toString('base64') }, publicKeyOf(app));
    expect(tampered.valid).toBe(false);
    expect(tampered.valid ? '' : tampered.reason).toContain('PDF');
  });

  it('takes another authority only with a reason, and refuses what is not a case the caller sees', async () => {
    const { app } = env();
    const { outlet, courier, officerA } = await station(app);
    const waybillNo = await acceptedParcel(app, outlet.id, courier.id);
    const opened = await found(app, outlet.id, waybillNo, 'firearms');
    const missing = await rejection(
      app.caseReports.draft(as(officerA), {
        caseId: opened.id,
        authority: 'customs',
        summary: '开箱发现疑似仿真枪支零部件，已扣留。',
        evidenceIds: [],
      }),
    );
    expect(missing.errors.map((error) => error.path)).toEqual(['/overrideReason']);
    const overridden = await app.caseReports.draft(as(officerA), {
      caseId: opened.id,
      authority: 'customs',
      overrideReason: '收件地址为境外转运仓，海关缉私部门已要求移交',
      summary: '开箱发现疑似仿真枪支零部件，已扣留。',
      evidenceIds: [],
    });
    expect(overridden).toMatchObject({ authority: 'customs', routedAuthority: 'public-security' });
    const unknownEvidence = await rejection(
      app.caseReports.edit(as(officerA), overridden.id, { evidenceIds: ['not-evidence'] }),
    );
    expect(unknownEvidence.errors.map((error) => error.path)).toEqual(['/evidenceIds/0']);
    const elsewhere = (await createStaffMember(app, ['station-manager'])).staff;
    expect((await rejection(app.caseReports.getReport(as(elsewhere), overridden.id))).status).toBe(404);
    expect((await rejection(app.caseReports.getReport(as(officerA), 'no-such-report'))).status).toBe(404);
  });

  it('counts the funnel, the times and the recognition as the stored rows say', async () => {
    const { app } = env();
    const { outlet, courier, manager, officerA, officerB } = await station(app);
    const second = await createSite(app);
    const secondCourier = (
      await certifiedStaff(app, ['courier'], second.id, ['prohibited-items-identification'])
    ).staff;
    const reportedWaybill = await acceptedParcel(app, outlet.id, courier.id);
    const reported = await found(app, outlet.id, reportedWaybill, 'firearms');
    await app.parcels.hold(adminContext(), reportedWaybill, { reason: 'figures test hold' });
    await found(app, second.id, await acceptedParcel(app, second.id, secondCourier.id), 'narcotics');
    const draft = await app.caseReports.draft(as(officerA), {
      caseId: reported.id,
      summary: '开箱发现仿真手枪一支，已扣留并报警。',
      evidenceIds: [],
    });
    await app.caseReports.approve(as(manager), draft.id);
    await app.caseReports.submit(as(officerB), draft.id, {
      channel: 'in-person',
      authorityReference: 'JX-1',
    });

    const today = new Date(app.clock.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const month = new Date(app.clock.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    expect(chinaMonth(app.clock.now())).toBe(month);

    // Recounted from the stored rows of each site, without the figures code.
    const clues = await app.store.db.selectFrom('clues').select(['site_id']).execute();
    const cases = await app.store.db
      .selectFrom('cases')
      .select(['id', 'site_id', 'category', 'outcome'])
      .execute();
    const reports = await app.store.db
      .selectFrom('case_reports')
      .select(['site_id', 'authority', 'status', 'submitted_at'])
      .execute();
    for (const site of [outlet.id, second.id]) {
      const figures = await app.caseReports.figures(adminContext(), { from: today, to: today, siteId: site });
      const submitted = reports.filter((report) => report.site_id === site && report.submitted_at !== null);
      expect(figures.funnel).toEqual([
        {
          siteId: site,
          month,
          clues: clues.filter((clue) => clue.site_id === site).length,
          cases: cases.filter((item) => item.site_id === site).length,
          reports: submitted.length,
        },
      ]);
      const byAuthority = new Map<string, number>();
      for (const report of reports.filter((item) => item.site_id === site)) {
        const key = `${report.authority}|${report.status}`;
        byAuthority.set(key, (byAuthority.get(key) ?? 0) + 1);
      }
      expect(figures.reportsByAuthority.map((row) => [`${row.authority}|${row.status}`, row.count])).toEqual(
        [...byAuthority.entries()].sort(),
      );
      expect(figures.recognition.sites).toEqual(
        submitted.length === 0 ? [] : [{ siteId: site, reports: submitted.length }],
      );
    }
    const figures = await app.caseReports.figures(adminContext(), {
      from: today,
      to: today,
      siteId: outlet.id,
    });
    expect(figures.funnel).toMatchObject([{ clues: 1, cases: 1, reports: 1 }]);
    expect(figures.reportsByAuthority).toEqual([
      { authority: 'public-security', status: 'submitted', count: 1 },
    ]);
    expect(figures.clueToHold.count).toBe(1);
    expect(figures.clueToReport.count).toBe(1);
    const outcome = cases.find((item) => item.id === reported.id)!.outcome;
    expect(figures.outcomesByCategory).toEqual([
      { category: 'firearms', outcome: outcome ?? 'undecided', count: 1 },
    ]);
    // The case was opened by the hub's clue (here the CLI, not a staff member): the drafting officer is credited.
    expect(figures.recognition.people).toEqual([{ staffId: officerA.id, name: officerA.name, reports: 1 }]);

    // A station manager sees their own site only.
    const own = await app.caseReports.figures(as(manager), { from: today, to: today });
    expect(own.funnel.map((row) => row.siteId)).toEqual([outlet.id]);
    expect(
      (await rejection(app.caseReports.figures(as(manager), { from: today, to: today, siteId: second.id })))
        .status,
    ).toBe(403);
  });
});
