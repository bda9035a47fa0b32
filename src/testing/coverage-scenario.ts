// Test fixture for the reports: parcels built through intake and inspection as at a real counter, then gaps
// injected on purpose by writing the tables directly (the hub services are not needed to fake their facts).
import type { App } from '../app.js';
import { residentIdCheckCharacter } from '../identity/documents/check-characters.js';
import type { IntakeInput } from '../parcels/parcels.types.js';
import type { RequestContext } from '../people/actor.js';
import { isoDate } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import { adminContext, createSite, createStaffMember, unique } from './test-app.js';

export const SENDER = {
  name: '欧阳娜娜',
  number: residentId('11010519491231002'),
  phone: '13912345670',
};

function residentId(body17: string): string {
  return body17 + residentIdCheckCharacter(body17);
}

export interface CoverageScenario {
  outletId: string;
  hubId: string;
  courierId: string;
  /** Waybills by what was done to them. */
  waybills: Record<
    | 'dispatchedClean'
    | 'accepted'
    | 'gateRefused'
    | 'inspectionRefused'
    | 'inconsistent'
    | 'dispatchedUnscreened'
    | 'acceptedUninspected'
    | 'gateRefusedInNetwork'
    | 'screenedAfterDispatch'
    | 'heldUnmarked'
    | 'unknownParcel'
    | 'yesterday',
    string
  >;
  /** The instant the injected scans and events happened at. */
  at: number;
}

/** Builds the scenario at the app's "now"; every parcel is taken in at the outlet, scans happen at the hub. */
export async function buildCoverageScenario(app: App): Promise<CoverageScenario> {
  const outlet = await createSite(app, 'outlet');
  const hub = await createSite(app, 'hub');
  const { staff: courier } = await createStaffMember(app, ['courier'], outlet.id);
  const today = isoDate(app.clock.now());
  await app.staff.grantCertification(adminContext(), courier.id, {
    reason: 'carried over from a paper record',
    kind: 'prohibited-items-identification',
    issuedOn: isoDate(app.clock.now() - 86_400_000 * 2),
    expiresOn: `${Number(today.slice(0, 4)) + 1}-01-01`,
  });
  const context = adminContext();
  const intake = async (sender: IntakeInput['sender'] = senderFields()) => {
    const waybillNo = unique('CV').toUpperCase().padEnd(12, '0');
    await app.parcels.intake(context, {
      waybillNo,
      siteId: outlet.id,
      route: 'domestic',
      origin: { country: 'CN', regionCode: '310104', address: '上海市徐汇区漕溪北路88号' },
      destination: { country: 'CN', regionCode: '110105', address: '北京市朝阳区建国路1号' },
      sender,
      recipient: { name: '李四', phone: '13987654321', address: '北京市朝阳区建国路1号' },
      items: [{ description: '纯棉T恤', quantity: 2, unit: '件' }],
      weightGrams: 800,
      noticeAcknowledged: true,
      courierId: courier.id,
    });
    return waybillNo;
  };
  const inspect = (waybillNo: string, outcome: 'consistent' | 'inconsistent' | 'refused-by-sender') =>
    app.parcels.inspect(context, waybillNo, {
      outcome,
      inspectorId: courier.id,
      ...(outcome === 'inconsistent' ? { foundDescription: '书籍' } : {}),
    });
  const update = (waybillNo: string, changes: Record<string, unknown>) =>
    app.store.db.updateTable('parcels').set(changes).where('waybill_no', '=', waybillNo).execute();

  const now = app.clock.now();
  const waybills = {} as CoverageScenario['waybills'];

  // The normal ones.
  waybills.dispatchedClean = await intake();
  await inspect(waybills.dispatchedClean, 'consistent');
  await update(waybills.dispatchedClean, {
    state: 'dispatched',
    screened_at: now + 1_000,
    screened_by_scan: 'scan-clean-1',
    dispatched_at: now + 2_000,
    dispatch_id: 'dispatch-1',
  });
  waybills.accepted = await intake();
  await inspect(waybills.accepted, 'consistent');
  waybills.gateRefused = await intake({ refusedToShow: true });
  waybills.inspectionRefused = await intake();
  await inspect(waybills.inspectionRefused, 'refused-by-sender');
  waybills.inconsistent = await intake();
  await inspect(waybills.inconsistent, 'inconsistent');

  // Gaps, injected.
  waybills.dispatchedUnscreened = await intake();
  await inspect(waybills.dispatchedUnscreened, 'consistent');
  await update(waybills.dispatchedUnscreened, { state: 'dispatched', dispatched_at: now + 3_000 });
  waybills.acceptedUninspected = await intake();
  await update(waybills.acceptedUninspected, { state: 'accepted' });
  waybills.gateRefusedInNetwork = await intake({ refusedToShow: true });
  await update(waybills.gateRefusedInNetwork, { state: 'accepted', inspection_outcome: 'consistent' });
  waybills.screenedAfterDispatch = await intake();
  await inspect(waybills.screenedAfterDispatch, 'consistent');
  await update(waybills.screenedAfterDispatch, {
    state: 'dispatched',
    screened_at: now + 9_000,
    dispatched_at: now + 4_000,
  });

  // A parcel that reached the hub without an inspection: the hub held it and recorded a held-unmarked scan.
  waybills.heldUnmarked = await intake();
  const hubOfficer: RequestContext = {
    actor: { type: 'staff', id: 'hub-officer', roles: ['security-officer'], siteId: hub.id },
    requestId: newId(),
  };
  await app.parcels.hold(hubOfficer, waybills.heldUnmarked, { reason: 'arrived at the hub without a mark' });
  await insertScan(app, hub.id, waybills.heldUnmarked, 'held-unmarked', now + 5_000);
  // Scanned twice: still one gap.
  await insertScan(app, hub.id, waybills.heldUnmarked, 'held-unmarked', now + 6_000);
  // A parcel refused at the counter (by the sender, at inspection) that turned up at the hub all the same.
  await insertScan(app, hub.id, waybills.inspectionRefused, 'refused-parcel', now + 6_500);
  // A waybill never taken in.
  waybills.unknownParcel = unique('UNK').toUpperCase().padEnd(12, '0');
  await insertScan(app, hub.id, waybills.unknownParcel, 'unknown-parcel', now + 7_000);
  // An ordinary scan and a rejected one.
  await insertScan(app, hub.id, waybills.dispatchedClean, 'screened', now + 1_000);
  await app.store.db
    .insertInto('scan_rejections')
    .values({
      id: newId(),
      event_id: newId(),
      machine_code: 'XR-UNCERT',
      site_id: hub.id,
      waybill_no: waybills.accepted,
      reason: 'machine-not-certified',
      at: now + 8_000,
    })
    .execute();
  await app.store.db
    .insertInto('clues')
    .values({
      id: newId(),
      source: 'test',
      kind: 'test-clue',
      severity: 'low',
      subject_type: 'parcel',
      subject_index: null,
      site_id: outlet.id,
      details: '{}',
      refs: '[]',
      status: 'open',
      created_at: now,
    })
    .execute();

  // Taken in the day before (China calendar): another row, and outside a one-day report.
  waybills.yesterday = await intake();
  await update(waybills.yesterday, { created_at: now - 86_400_000 });

  return { outletId: outlet.id, hubId: hub.id, courierId: courier.id, waybills, at: now };
}

function senderFields(): IntakeInput['sender'] {
  return {
    documentType: 'resident-id',
    number: SENDER.number,
    name: SENDER.name,
    phone: SENDER.phone,
    verification: { method: 'card-reader' },
  };
}

async function insertScan(app: App, siteId: string, waybillNo: string, outcome: string, at: number) {
  await app.store.db
    .insertInto('scans')
    .values({
      event_id: newId(),
      request_hash: 'x'.repeat(64),
      waybill_no: waybillNo,
      machine_id: 'machine-1',
      operator_id: 'operator-1',
      site_id: siteId,
      scanned_at: at,
      result: 'clear',
      method: 'XRY',
      image_ref: null,
      image_sha256: null,
      threats: '[]',
      outcome,
      state_after: null,
      received_at: at,
    })
    .execute();
}
