// Demo cases for a first start: one case in each status (open, investigating, awaiting approval, reported, closed),
// one of them sealed (national security), with clues, an assignee, a photo as evidence and an untriaged clue, so
// the case inbox has something to show. Waybills are demo numbers: no parcel behind them.
import type { App } from '../app.js';
import { systemContext, type RequestContext } from '../people/actor.js';
import { newId } from '../platform/ids.js';
import type { NewClue } from './clues.service.js';

/** A 1×1 PNG: the demo's "photo". */
const DEMO_PHOTO =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HY4AAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

async function raise(
  app: App,
  context: RequestContext,
  siteId: string,
  waybillNo: string,
  clue: Partial<NewClue>,
) {
  return app.store.transaction((trx) =>
    app.clues.raiseWithin(trx, context, {
      source: 'demo',
      kind: 'prohibited-found-at-hub',
      severity: 'high',
      subjectType: 'parcel',
      subjectIndex: null,
      siteId,
      details: { waybillNo },
      refs: [{ type: 'parcel', id: waybillNo }],
      ...clue,
    }),
  );
}

async function caseOf(app: App, context: RequestContext, waybillNo: string): Promise<string> {
  const [found] = await app.cases.findCases(context, { waybillNo });
  if (found === undefined) throw new Error(`demo case for ${waybillNo} was not opened`);
  return found.id;
}

/** Seeds the demo cases; `officerId` is the demo security officer (assignee, and granted the sealed clearance). */
export async function seedDemoCases(
  app: App,
  sites: { hubId: string; outletId: string },
  officerId: string,
): Promise<void> {
  const context = systemContext(newId(), 'demo-seed');
  const { hubId, outletId } = sites;
  await app.cases.grantClearance(context, officerId);

  // Open: a knife found at the hub, a second signal on the same parcel joined it.
  await raise(app, context, hubId, 'DEMO-C-0001', {
    details: { waybillNo: 'DEMO-C-0001', category: 'controlled-instruments' },
  });
  await raise(app, context, hubId, 'DEMO-C-0001', {
    kind: 'unmarked-parcel-at-hub',
    details: { waybillNo: 'DEMO-C-0001' },
  });

  // Investigating, assigned, with a photo.
  await raise(app, context, hubId, 'DEMO-C-0002', {
    details: { waybillNo: 'DEMO-C-0002', category: 'narcotics' },
  });
  const investigating = await caseOf(app, context, 'DEMO-C-0002');
  await app.cases.changeStatus(context, investigating, {
    status: 'investigating',
    reason: 'sample sent for testing',
  });
  await app.cases.assign(context, investigating, { officerId });
  await app.cases.addEvidence(context, investigating, {
    kind: 'file',
    fileName: 'open-inspection.png',
    mediaType: 'image/png',
    contentBase64: DEMO_PHOTO,
    description: 'photo taken at the open inspection',
  });

  // Awaiting approval of its report: sealed (spy equipment, national security).
  await raise(app, context, hubId, 'DEMO-C-0003', {
    details: { waybillNo: 'DEMO-C-0003', category: 'spy-equipment' },
  });
  const sealed = await caseOf(app, context, 'DEMO-C-0003');
  await app.cases.changeStatus(context, sealed, { status: 'investigating', reason: 'device examined' });
  await app.cases.assign(context, sealed, { officerId });
  await app.cases.changeStatus(context, sealed, {
    status: 'awaiting-approval',
    reason: 'report drafted for 12339',
  });

  // Reported: a firearm part, reported to the police.
  await raise(app, context, outletId, 'DEMO-C-0004', {
    kind: 'prohibited-found',
    details: { waybillNo: 'DEMO-C-0004', category: 'firearms' },
  });
  const reported = await caseOf(app, context, 'DEMO-C-0004');
  await app.cases.changeStatus(context, reported, {
    status: 'investigating',
    reason: 'confirmed by the officer',
  });
  await app.store.transaction((trx) =>
    app.cases.markReportedWithin(trx, context, reported, { reportId: 'demo-report', authority: 'police' }),
  );

  // Closed as a false alarm: a toy.
  const toy = await raise(app, context, hubId, 'DEMO-C-0005', { kind: 'risk-hold', severity: 'medium' });
  const closed = (
    await app.cases.triage(context, toy.id, { action: 'open', note: 'X-ray shape looked like a pistol' })
  ).case!;
  await app.cases.changeStatus(context, closed.id, {
    status: 'closed',
    outcome: 'false-alarm',
    reason: 'a plastic toy pistol',
  });

  // Waiting for triage.
  await raise(app, context, outletId, 'DEMO-C-0006', { kind: 'risk-hold', severity: 'medium' });
}
