// Realistic traffic through the real services, day by day on a movable clock: counters take parcels in from
// verified senders and agreement customers (with a small share of refusals, prohibited and watch items),
// inspect them, hubs X-ray them (a few suspects opened by hand) and dispatch them in bags. A few gate gaps are
// made on purpose — parcels that skip inspection and turn up at the hub, waybills no counter ever took in, and
// parcels that miss the belt — so that the coverage report has something to find.
import { createHash } from 'node:crypto';
import type { App } from '../app.js';
import { residentIdCheckCharacter, usccCheckCharacter } from '../identity/documents/check-characters.js';
import { systemContext, type RequestContext } from '../people/actor.js';
import type { IntakeInput } from '../parcels/parcels.types.js';
import { chinaDate, type ManualClock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import { seededRandom } from '../platform/random.js';

export interface SimulationOptions {
  parcels: number;
  days: number;
  /** Same seed, same traffic (on an empty store). */
  seed?: number;
  /** Existing sites to run at (the demo's); by default the simulation registers its own two outlets and a hub. */
  sites?: { outletIds: string[]; hubId: string };
  /** Called after each simulated day. */
  onDay?: (day: string, summary: SimulationSummary) => void;
}

export interface SimulationSummary {
  days: number;
  parcels: number;
  refused: number;
  held: number;
  inspected: number;
  accepted: number;
  scans: number;
  suspects: number;
  openInspectionsCleared: number;
  prohibitedFoundAtHub: number;
  dispatched: number;
  bags: number;
  gaps: { skippedInspection: number; neverTakenIn: number; missedTheBelt: number };
  elapsedMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** China Standard Time: the simulated working day runs on Beijing time. */
const CST = 8 * HOUR;

const AGREEMENT_ITEMS = ['茶叶礼盒', '西湖龙井茶叶', '紫砂茶具一套'];
const CLEAR_ITEMS = [
  '纯棉T恤',
  '运动鞋一双',
  '儿童绘本',
  '不锈钢保温杯',
  '手机壳',
  '毛绒玩具',
  '茶叶礼盒',
  '蓝牙耳机',
  '床上四件套',
  '笔记本电脑包',
  'A4打印纸',
  '陶瓷餐具',
];
const WATCH_ITEMS = ['充电宝 10000mAh', '香水 50ml', '打火机', '电子烟'];
const PROHIBITED_ITEMS = ['仿真手枪', '管制刀具 弹簧刀', '烟花爆竹', '汽油'];
const HUB_FINDS = ['弹簧刀一把', '不明白色粉末', '雷管'];

interface Cast {
  outlets: { id: string; courierId: string }[];
  hub: { id: string; screenerId: string; machineCode: string };
  agreementId: string;
}

/**
 * Runs the simulation on `app`, whose clock must be `clock` (a ManualClock the simulation moves from `days`
 * days ago to now). Creates its own sites, staff, machine and agreement customer, tagged with a run id.
 */
export async function simulate(
  app: App,
  clock: ManualClock,
  options: SimulationOptions,
): Promise<SimulationSummary> {
  if (!Number.isInteger(options.parcels) || options.parcels < 1 || options.parcels > 10_000_000) {
    throw new RangeError('--parcels must be a whole number from 1 to 10,000,000');
  }
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > 366) {
    throw new RangeError('--days must be a whole number from 1 to 366');
  }
  const started = Date.now();
  const rand = seededRandom(options.seed ?? 20261128);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const run = newId().slice(-6).toUpperCase();
  const context = systemContext(newId(), 'simulation');
  // Start at midnight (Beijing) `days` days ago; the staff and equipment are certified from the day before.
  const firstDay = Math.floor((Date.now() + CST) / DAY) * DAY - CST - options.days * DAY;
  clock.set(firstDay - DAY + 8 * HOUR);
  const cast = await setUp(app, context, run, firstDay + (options.days + 365) * DAY, options.sites);

  const summary: SimulationSummary = {
    days: options.days,
    parcels: 0,
    refused: 0,
    held: 0,
    inspected: 0,
    accepted: 0,
    scans: 0,
    suspects: 0,
    openInspectionsCleared: 0,
    prohibitedFoundAtHub: 0,
    dispatched: 0,
    bags: 0,
    gaps: { skippedInspection: 0, neverTakenIn: 0, missedTheBelt: 0 },
    elapsedMs: 0,
  };
  const senders = Array.from({ length: Math.max(20, Math.ceil(options.parcels / 4)) }, (_, i) =>
    sender(i, run),
  );
  let serial = 0;
  for (let day = 0; day < options.days; day += 1) {
    const dayStart = firstDay + day * DAY;
    const count = Math.floor(options.parcels / options.days) + (day < options.parcels % options.days ? 1 : 0);
    // Counters, 08:00–18:00: take in and inspect.
    const toHub: { waybillNo: string; marked: boolean }[] = [];
    for (let i = 0; i < count; i += 1) {
      clock.set(dayStart + 8 * HOUR + Math.floor((i / Math.max(count, 1)) * 10 * HOUR));
      serial += 1;
      const outlet = cast.outlets[serial % cast.outlets.length]!;
      const waybillNo = `SIM${run}${String(serial).padStart(9, '0')}`;
      const intake = await app.parcels.intake(
        context,
        parcelFor(rand, pick, outlet, waybillNo, senders, cast),
      );
      summary.parcels += 1;
      if (intake.decision === 'refuse') summary.refused += 1;
      if (intake.decision === 'hold') summary.held += 1;
      if (intake.decision !== 'inspect') continue;
      if (rand() < 0.005) {
        // Gap on purpose: the counter skipped the inspection and sent the parcel on.
        summary.gaps.skippedInspection += 1;
        toHub.push({ waybillNo, marked: false });
        continue;
      }
      const roll = rand();
      const outcome =
        roll < 0.97
          ? 'consistent'
          : roll < 0.985
            ? 'inconsistent'
            : roll < 0.993
              ? 'prohibited-found'
              : 'refused-by-sender';
      const inspection = await app.parcels.inspect(context, waybillNo, {
        outcome,
        inspectorId: outlet.courierId,
        ...(outcome === 'inconsistent' ? { foundDescription: '旧手机两部' } : {}),
        ...(outcome === 'prohibited-found' ? { foundDescription: pick(PROHIBITED_ITEMS) } : {}),
      });
      summary.inspected += 1;
      if (inspection.state === 'accepted') {
        summary.accepted += 1;
        toHub.push({ waybillNo, marked: true });
      }
    }
    // Hub, 19:00–22:00: X-ray everything that arrived, open the suspects.
    const scanned: string[] = [];
    const opened: string[] = [];
    for (const [i, parcel] of toHub.entries()) {
      clock.set(dayStart + 19 * HOUR + Math.floor((i / Math.max(toHub.length, 1)) * 3 * HOUR));
      if (parcel.marked && rand() < 0.01) {
        summary.gaps.missedTheBelt += 1; // gap on purpose: never X-rayed, so never dispatched
        continue;
      }
      const suspect = rand() < 0.03;
      const [answer] = await app.scans.submit(context, [
        {
          eventId: `${parcel.waybillNo}-1`,
          waybillNo: parcel.waybillNo,
          machineCode: cast.hub.machineCode,
          operatorId: cast.hub.screenerId,
          scannedAt: new Date(clock.now()).toISOString(),
          result: suspect ? 'suspect' : 'clear',
          imageSha256: sha(`${parcel.waybillNo}-1`),
          ...(suspect ? { threats: [pick(['knife', 'liquid', 'battery', 'dense-object'])] } : {}),
        },
      ]);
      summary.scans += 1;
      if (!parcel.marked) continue;
      if (answer!.outcome === 'screened') scanned.push(parcel.waybillNo);
      if (answer!.outcome === 'open-inspection') {
        summary.suspects += 1;
        opened.push(parcel.waybillNo);
      }
    }
    if (rand() < 0.5 || day === 0) {
      // Gap on purpose: a waybill no counter ever took in turns up on the belt.
      summary.gaps.neverTakenIn += 1;
      summary.scans += 1;
      await app.scans.submit(context, [
        {
          eventId: `SIMX${run}-${day}`,
          waybillNo: `SIMX${run}${String(day).padStart(5, '0')}`,
          machineCode: cast.hub.machineCode,
          operatorId: cast.hub.screenerId,
          scannedAt: new Date(clock.now()).toISOString(),
          result: 'clear',
        },
      ]);
    }
    for (const waybillNo of opened) {
      clock.advance(60_000);
      const found = rand() < 0.1;
      await app.openInspections.close(context, waybillNo, {
        outcome: found ? 'prohibited-found' : 'clear',
        inspectorId: cast.hub.screenerId,
        ...(found ? { foundDescription: pick(HUB_FINDS) } : { findings: 'opened: contents as declared' }),
      });
      if (found) summary.prohibitedFoundAtHub += 1;
      else {
        summary.openInspectionsCleared += 1;
        scanned.push(waybillNo);
      }
    }
    // Dispatch, 22:00–23:00: bags of up to 20.
    clock.set(dayStart + 22 * HOUR);
    for (let i = 0; i < scanned.length; i += 20) {
      clock.advance(60_000);
      const bag = scanned.slice(i, i + 20);
      await app.dispatch.dispatch(context, {
        siteId: cast.hub.id,
        containerNo: `BAG-${run}-${day}-${i / 20}`,
        waybillNos: bag,
      });
      summary.dispatched += bag.length;
      summary.bags += 1;
    }
    summary.elapsedMs = Date.now() - started;
    options.onDay?.(chinaDate(dayStart), summary);
  }
  summary.elapsedMs = Date.now() - started;
  return summary;
}

/** Two outlets with a trained courier each, a hub with a trained screener and a certified X-ray machine. */
async function setUp(
  app: App,
  context: RequestContext,
  run: string,
  certifiedUntilMs: number,
  sites: SimulationOptions['sites'],
): Promise<Cast> {
  const today = chinaDate(app.clock.now());
  const until = chinaDate(certifiedUntilMs);
  const certify = async (
    staffId: string,
    kinds: ('safety-training' | 'prohibited-items-identification' | 'xray-operation')[],
  ) => {
    for (const kind of kinds) {
      await app.staff.grantCertification(context, staffId, {
        reason: 'simulation: staff certified before the run',
        kind,
        issuedOn: today,
        expiresOn: until,
        certificateNo: null,
      });
    }
  };
  const outlets: Cast['outlets'] = [];
  const outletIds =
    sites?.outletIds ??
    (await Promise.all(
      ['310104', '110105'].map(
        async (regionCode, index) =>
          (
            await app.sites.createSite(context, {
              code: `SIM-${run}-OUT-${index + 1}`,
              name: `Simulated outlet ${index + 1} (${run})`,
              kind: 'outlet',
              regionCode,
            })
          ).id,
      ),
    ));
  for (const [index, siteId] of outletIds.entries()) {
    const { staff } = await app.staff.createStaff(context, {
      username: `sim-${run.toLowerCase()}-courier-${index + 1}`,
      name: `Simulated courier ${index + 1}`,
      siteId,
      roles: ['courier'],
    });
    await certify(staff.id, ['safety-training', 'prohibited-items-identification']);
    outlets.push({ id: siteId, courierId: staff.id });
  }
  const hub =
    sites === undefined
      ? await app.sites.createSite(context, {
          code: `SIM-${run}-HUB`,
          name: `Simulated hub (${run})`,
          kind: 'hub',
          regionCode: '310118',
        })
      : { id: sites.hubId };
  const { staff: screener } = await app.staff.createStaff(context, {
    username: `sim-${run.toLowerCase()}-screener`,
    name: 'Simulated screener',
    siteId: hub.id,
    roles: ['screener'],
  });
  await certify(screener.id, ['safety-training', 'xray-operation', 'prohibited-items-identification']);
  const machine = await app.machines.register(context, {
    machineCode: `SIM-${run}-XR1`,
    siteId: hub.id,
    maker: 'Nuctech',
    model: 'CX6040BI',
    standard: 'GB 15208.1-2018',
    certificateNo: `SIM-CERT-${run}`,
    certifiedUntil: until,
    lastCalibratedOn: today,
  });
  const ussc = `91310000MA${String(parseInt(run, 36) % 10_000_000).padStart(7, '0')}`;
  const organisation = await app.agreements.registerOrganisation(context, {
    name: `Simulated Tea Trading Co. (${run})`,
    uscc: ussc + usccCheckCharacter(ussc)!,
  });
  const agreement = await app.agreements.createAgreement(context, {
    number: `SIM-SA-${run}`,
    organisationId: organisation.id,
    signedOn: today,
    validUntil: until,
    siteId: outlets[0]!.id,
    responsiblePerson: { ...sender(999_999, run), verification: { method: 'card-reader' } },
    // In the words its waybills use: the gate matches permitted goods against item descriptions as written.
    permittedGoods: ['茶叶', '茶具'],
    permittedSiteIds: outlets.map((outlet) => outlet.id),
  });
  return {
    outlets,
    hub: { id: hub.id, screenerId: screener.id, machineCode: machine.machineCode },
    agreementId: agreement.id,
  };
}

interface SimSender {
  documentType: 'resident-id';
  number: string;
  name: string;
  phone: string;
}

/** A valid resident ID, name and phone for sender number `n` of a run. */
function sender(n: number, run: string): SimSender {
  const salt = parseInt(run, 36) % 997;
  const k = n * 7 + salt;
  const year = 1960 + (k % 40);
  const month = String(1 + (Math.floor(k / 40) % 12)).padStart(2, '0');
  const day = String(1 + (Math.floor(k / 480) % 28)).padStart(2, '0');
  const body = `310104${year}${month}${day}${String(k % 1000).padStart(3, '0')}`;
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
  return {
    documentType: 'resident-id',
    number: body + residentIdCheckCharacter(body),
    name: `${surnames[k % surnames.length]}${['伟', '芳', '娜', '敏', '静', '强'][k % 6]}`,
    phone: `138${String(10_000_000 + ((k * 7919) % 89_999_999)).slice(-8)}`,
  };
}

function parcelFor(
  rand: () => number,
  pick: <T>(list: readonly T[]) => T,
  outlet: Cast['outlets'][number],
  waybillNo: string,
  senders: readonly SimSender[],
  cast: Cast,
): IntakeInput {
  const roll = rand();
  const person = pick(senders);
  let senderPart: IntakeInput['sender'];
  if (roll < 0.15) senderPart = { agreementId: cast.agreementId };
  else if (roll < 0.17) {
    // A mistyped or false document: refused at the identity gate.
    const wrong = person.number.slice(0, -1) + (person.number.endsWith('0') ? '1' : '0');
    senderPart = { ...person, number: wrong, verification: { method: 'visual' } };
  } else if (roll < 0.18) senderPart = { refusedToShow: true, phone: person.phone };
  else senderPart = { ...person, verification: { method: rand() < 0.7 ? 'card-reader' : 'visual' } };
  const kind = rand();
  // The agreement customer (a tea trader) ships what its agreement permits; anything else would lose it the exemption.
  const description =
    roll < 0.15
      ? pick(AGREEMENT_ITEMS)
      : kind < 0.015
        ? pick(PROHIBITED_ITEMS)
        : kind < 0.05
          ? pick(WATCH_ITEMS)
          : pick(CLEAR_ITEMS);
  return {
    waybillNo,
    siteId: outlet.id,
    route: 'domestic',
    origin: { country: 'CN', regionCode: '310104', address: '上海市徐汇区漕溪北路88号' },
    destination: { country: 'CN', regionCode: '110105', address: '北京市朝阳区建国路1号' },
    sender: senderPart,
    recipient: { name: '李四', phone: '13987654321', address: '北京市朝阳区建国路1号' },
    items: [{ description, quantity: 1, unit: '件', declaredValue: Math.round(20 + rand() * 500) }],
    weightGrams: Math.round(200 + rand() * 5000),
    noticeAcknowledged: true,
    courierId: outlet.courierId,
  };
}

/** A stand-in image digest: deterministic per scan, the shape a station sends. */
function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
