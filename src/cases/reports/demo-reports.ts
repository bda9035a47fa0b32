// Demo reports to the authorities for a first start: a firearm found at the outlet, reported to public security
// through the whole path (drafted by the security officer, approved by the station manager, submitted in person,
// acknowledged) with its signed package; and the 12339 draft the sealed demo case awaits approval of.
import type { App } from '../../app.js';
import { systemContext } from '../../people/actor.js';
import { newId } from '../../platform/ids.js';

const DEMO_XRAY =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HY4AAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** `officerId`: the demo security officer (holds the sealed clearance); `managerId`: the outlet's station manager. */
export async function seedDemoReports(
  app: App,
  sites: { outletId: string },
  people: { officerId: string; managerId: string },
): Promise<void> {
  const context = systemContext(newId(), 'demo-seed');
  const waybillNo = 'DEMO-R-0001';
  await app.store.transaction((trx) =>
    app.clues.raiseWithin(trx, context, {
      source: 'demo',
      kind: 'prohibited-found',
      severity: 'high',
      subjectType: 'parcel',
      subjectIndex: null,
      siteId: sites.outletId,
      details: { waybillNo, category: 'firearms' },
      refs: [{ type: 'parcel', id: waybillNo }],
    }),
  );
  const [found] = await app.cases.findCases(context, { waybillNo });
  if (found === undefined) throw new Error('the demo report case was not opened');
  const xray = await app.cases.addEvidence(context, found.id, {
    kind: 'file',
    fileName: 'xray-DEMO-R-0001.png',
    mediaType: 'image/png',
    contentBase64: DEMO_XRAY,
    description: 'X光图像：疑似手枪轮廓',
  });
  const report = await app.caseReports.draft(context, {
    caseId: found.id,
    summary:
      '收寄验视时发现包裹内有仿真手枪一支（金属材质，可击发），已当场扣留并报告安全员，X光图像已保全。',
    custodyNote: '徐汇营业部安全柜，站长保管',
    evidenceIds: [xray.id],
    draftedBy: people.officerId,
  });
  await app.caseReports.approve(context, report.id, { approvedBy: people.managerId });
  await app.caseReports.submit(context, report.id, {
    channel: 'in-person',
    authorityReference: 'XH-PSB-DEMO-0001',
    submittedBy: people.officerId,
  });
  await app.caseReports.acknowledge(context, report.id, { note: '派出所已受理并取走物品' });

  // The sealed demo case (spy equipment) awaits approval of its 12339 report: the draft exists.
  const [sealed] = await app.cases.findCases(context, { waybillNo: 'DEMO-C-0003' });
  if (sealed !== undefined) {
    await app.caseReports.draft(context, {
      caseId: sealed.id,
      summary: '过机发现伪装成充电器的窃听设备，开箱查验属实，已扣留，拟报国家安全机关（12339）。',
      evidenceIds: [],
      draftedBy: people.officerId,
    });
  }
}
