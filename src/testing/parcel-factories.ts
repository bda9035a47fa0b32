// Factories for parcel and hub tests: intake bodies, certified staff, machines, and a parcel brought to a state.
import type { App } from '../app.js';
import type { StaffRole } from '../people/roles.js';
import type { CertificationKind } from '../people/people.types.js';
import { chinaDate } from '../platform/clock.js';
import type { IntakeInput } from '../parcels/parcels.types.js';
import { uniquePhone, uniqueResidentId } from './identity-factories.js';
import { adminContext, createStaffMember, unique } from './test-app.js';

/** Where a parcel is handed in: the site, and the courier who collects it (a machine's intake names one). */
export interface IntakeCounter {
  siteId: string;
  courierId: string;
}

/**
 * A domestic intake request a verified sender makes for a plain parcel at a site, or at a site naming its courier
 * (each part overridable).
 */
export function intakeBody(at: string | IntakeCounter, overrides: Partial<IntakeInput> = {}): IntakeInput {
  const counter = typeof at === 'string' ? { siteId: at } : { siteId: at.siteId, courierId: at.courierId };
  return {
    waybillNo: unique('WB').toUpperCase().padEnd(10, '0'),
    ...counter,
    route: 'domestic',
    origin: { country: 'CN', regionCode: '310104', address: '上海市徐汇区漕溪北路88号' },
    destination: { country: 'CN', regionCode: '110105', address: '北京市朝阳区建国路1号' },
    sender: {
      documentType: 'resident-id',
      number: uniqueResidentId(),
      name: '张三',
      phone: uniquePhone(),
      verification: { method: 'card-reader' },
    },
    recipient: { name: '李四', phone: '13987654321', address: '北京市朝阳区建国路1号' },
    items: [{ description: '纯棉T恤', quantity: 2, unit: '件', declaredValue: 120 }],
    weightGrams: 800,
    noticeAcknowledged: true,
    ...overrides,
  };
}

/** Records a year-long certification of `kind` for a staff member. */
export async function certify(app: App, staffId: string, kind: CertificationKind): Promise<void> {
  const today = chinaDate(app.clock.now());
  await app.staff.grantCertification(adminContext(), staffId, {
    reason: 'carried over from a paper record',
    kind,
    issuedOn: today,
    expiresOn: `${Number(today.slice(0, 4)) + 1}-12-31`,
  });
}

/** A staff member with `roles` at `siteId`, holding each of `kinds`. */
export async function certifiedStaff(
  app: App,
  roles: StaffRole[],
  siteId: string,
  kinds: CertificationKind[],
) {
  const member = await createStaffMember(app, roles, siteId);
  for (const kind of kinds) await certify(app, member.staff.id, kind);
  return member;
}

/** A certified X-ray machine at `siteId` (certified for another year unless told). */
export async function registerMachine(app: App, siteId: string, certifiedUntil?: string) {
  const today = chinaDate(app.clock.now());
  return app.machines.register(adminContext(), {
    machineCode: unique('XR').toUpperCase(),
    siteId,
    maker: 'Nuctech',
    model: 'CX6040BI',
    standard: 'GB 15208.1-2018',
    certificateNo: unique('CERT').toUpperCase(),
    certifiedUntil: certifiedUntil ?? `${Number(today.slice(0, 4)) + 1}-12-31`,
    lastCalibratedOn: today,
  });
}

/** Takes a parcel in at `siteId` and, unless `inspect` is false, inspects it consistent (accepted, marked). */
export async function acceptedParcel(
  app: App,
  siteId: string,
  inspectorId: string,
  options: { inspect?: boolean; overrides?: Partial<IntakeInput> } = {},
): Promise<string> {
  const body = intakeBody(siteId, { courierId: inspectorId, ...options.overrides });
  const intake = await app.parcels.intake(adminContext(), body);
  if (intake.decision !== 'inspect')
    throw new Error(`intake gave ${intake.decision}: ${intake.reasons.join('; ')}`);
  if (options.inspect !== false) {
    await app.parcels.inspect(adminContext(), body.waybillNo, { outcome: 'consistent', inspectorId });
  }
  return body.waybillNo;
}
