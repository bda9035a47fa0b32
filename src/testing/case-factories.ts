// Factories for case tests: a parcel found holding prohibited contents at a hub (which opens a case), clues raised
// the way capabilities raise them, and small files of allowed types.
import type { App } from '../app.js';
import type { NewClue } from '../cases/clues.service.js';
import { acceptedParcel, certifiedStaff, certify, registerMachine } from './parcel-factories.js';
import { adminContext, createSite, createStaffMember, unique } from './test-app.js';

/** The smallest PNG there is (1×1, transparent). */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HY4AAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
export const PDF = Buffer.from('%PDF-1.4\n% receipt\n', 'latin1');

/** An outlet, a hub with a certified X-ray machine, a certified courier and screener. */
export async function network(app: App) {
  const outlet = await createSite(app);
  const hub = await createSite(app, 'hub');
  const courier = await certifiedStaff(app, ['courier'], outlet.id, ['prohibited-items-identification']);
  const screener = await createStaffMember(app, ['screener'], hub.id);
  await certify(app, screener.staff.id, 'xray-operation');
  await certify(app, screener.staff.id, 'prohibited-items-identification');
  const machine = await registerMachine(app, hub.id);
  return { outlet, hub, courier: courier.staff, screener: screener.staff, machine };
}

/** A parcel taken in at an outlet, X-rayed suspect at the hub, and found holding `found` there (held). */
export async function parcelFoundAtHub(app: App, found = '管制刀具 弹簧刀一把') {
  const world = await network(app);
  const waybillNo = await acceptedParcel(app, world.outlet.id, world.courier.id);
  await app.scans.submit(adminContext(), [
    {
      eventId: unique('ev'),
      waybillNo,
      machineCode: world.machine.machineCode,
      operatorId: world.screener.id,
      scannedAt: new Date(app.clock.now() - 1000).toISOString(),
      result: 'suspect',
    },
  ]);
  await app.openInspections.close(adminContext(), waybillNo, {
    outcome: 'prohibited-found',
    foundDescription: found,
    inspectorId: world.screener.id,
  });
  return { ...world, waybillNo };
}

/** Raises a clue the way a capability does, in its own transaction. */
export async function raise(app: App, clue: Partial<NewClue> & { waybillNo?: string }) {
  const { waybillNo, ...rest } = clue;
  return app.store.transaction((trx) =>
    app.clues.raiseWithin(trx, adminContext(), {
      source: 'test',
      kind: 'risk-hold',
      severity: 'medium',
      subjectType: 'parcel',
      subjectIndex: null,
      siteId: null,
      details: waybillNo === undefined ? {} : { waybillNo },
      refs: waybillNo === undefined ? [] : [{ type: 'parcel', id: waybillNo }],
      ...rest,
    }),
  );
}
