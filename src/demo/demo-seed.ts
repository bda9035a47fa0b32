// Demo mode: a first start on an empty store creates a demo company (two outlets, one hub) and one user per
// role, and writes their passwords once to <data dir>/demo-credentials.txt (mode 0600).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { App } from '../app.js';
import { systemContext } from '../people/actor.js';
import type { CertificationKind } from '../people/people.types.js';
import { STAFF_ROLES, type StaffRole } from '../people/roles.js';
import { chinaDate, ManualClock } from '../platform/clock.js';
import type { SimulationSummary } from '../simulation/simulator.js';
import { newId } from '../platform/ids.js';
import { seedDemoCases } from '../cases/demo-cases.js';
import { seedDemoReports } from '../cases/reports/demo-reports.js';

export interface DemoCredentials {
  username: string;
  password: string;
  role: StaffRole;
  site: string;
}

const DEMO_SITES = [
  { code: 'SH-OUT-01', name: 'Shanghai Xuhui outlet', kind: 'outlet', regionCode: '310104' },
  { code: 'BJ-OUT-01', name: 'Beijing Chaoyang outlet', kind: 'outlet', regionCode: '110105' },
  { code: 'SH-HUB-01', name: 'Shanghai Qingpu hub', kind: 'hub', regionCode: '310118' },
] as const;

const ROLE_HOME: Record<StaffRole, (typeof DEMO_SITES)[number]['code']> = {
  courier: 'SH-OUT-01',
  screener: 'SH-HUB-01',
  'station-manager': 'SH-OUT-01',
  'security-officer': 'SH-HUB-01',
  'legal-liaison': 'SH-HUB-01',
  auditor: 'SH-HUB-01',
  admin: 'SH-HUB-01',
};

const ROLE_CERTIFICATIONS: Partial<Record<StaffRole, CertificationKind[]>> = {
  courier: ['prohibited-items-identification', 'national-security-awareness', 'safety-training'],
  screener: [
    'xray-operation',
    'prohibited-items-identification',
    'national-security-awareness',
    'safety-training',
  ],
  'station-manager': ['prohibited-items-identification', 'safety-training'],
  'security-officer': ['national-security-awareness'],
};

/** Seeds the demo when the store has no staff yet; returns the credentials created (or null). */
export async function seedDemoIfEmpty(app: App): Promise<DemoCredentials[] | null> {
  if (app.config.production) return null;
  const context = systemContext(newId(), 'demo-seed');
  if ((await app.staff.findStaff(context)).length > 0) return null;
  await app.sites.setCompany(context, {
    name: 'Demo Express Co., Ltd.',
    uscc: '91350100M000100Y43',
    licenceNo: 'DEMO-0001',
  });
  const siteIds = new Map<string, string>();
  for (const site of DEMO_SITES) {
    const existing = (await app.sites.findSites()).find((candidate) => candidate.code === site.code);
    siteIds.set(site.code, existing?.id ?? (await app.sites.createSite(context, site)).id);
  }
  const today = chinaDate(app.clock.now());
  const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
  const credentials: DemoCredentials[] = [];
  for (const role of STAFF_ROLES) {
    const site = ROLE_HOME[role];
    const { staff, generatedPassword } = await app.staff.createStaff(context, {
      username: `demo-${role}`,
      name: `Demo ${role.replace('-', ' ')}`,
      siteId: siteIds.get(site)!,
      roles: [role],
    });
    for (const kind of ROLE_CERTIFICATIONS[role] ?? []) {
      await app.staff.grantCertification(context, staff.id, {
        kind,
        issuedOn: today,
        expiresOn: nextYear,
        certificateNo: null,
      });
    }
    credentials.push({ username: staff.username, password: generatedPassword!, role, site });
  }
  await seedDemoAgreementCustomer(app, siteIds.get('SH-OUT-01')!, today, nextYear);
  await seedDemoHubMachines(app, context, siteIds.get('SH-HUB-01')!);
  const officer = (await app.staff.findStaff(context)).find((s) => s.username === 'demo-security-officer');
  if (officer !== undefined) {
    await seedDemoCases(
      app,
      { hubId: siteIds.get('SH-HUB-01')!, outletId: siteIds.get('SH-OUT-01')! },
      officer.id,
    );
    const manager = (await app.staff.findStaff(context)).find((s) => s.username === 'demo-station-manager');
    if (manager !== undefined) {
      await seedDemoReports(
        app,
        { outletId: siteIds.get('SH-OUT-01')! },
        { officerId: officer.id, managerId: manager.id },
      );
    }
  }
  const file = path.join(app.config.dataDir, 'demo-credentials.txt');
  const lines = credentials.map((c) => `${c.username.padEnd(24)} ${c.password}  (${c.role} at ${c.site})`);
  writeFileSync(
    file,
    `# ParcelGuard demo logins — created ${new Date(app.clock.now()).toISOString()}\n${lines.join('\n')}\n`,
    {
      mode: 0o600,
    },
  );
  return credentials;
}

/** The demo hub's X-ray machines, so a demo screener can work: one certified for a year, one expiring soon. */
export const DEMO_HUB_MACHINES = ['SH-HUB-01-XR1', 'SH-HUB-01-XR2'] as const;

async function seedDemoHubMachines(
  app: App,
  context: ReturnType<typeof systemContext>,
  hubId: string,
): Promise<void> {
  const now = app.clock.now();
  const today = chinaDate(now);
  const inDays = (days: number) => chinaDate(now + days * 86_400_000);
  const machines = [
    { machineCode: DEMO_HUB_MACHINES[0], certificateNo: 'CNAS-XR-2026-0117', certifiedUntil: inDays(365) },
    { machineCode: DEMO_HUB_MACHINES[1], certificateNo: 'CNAS-XR-2025-0342', certifiedUntil: inDays(20) },
  ];
  for (const machine of machines) {
    await app.machines.register(context, {
      ...machine,
      siteId: hubId,
      kind: 'xray',
      maker: 'Nuctech',
      model: 'CX6040BI',
      standard: 'GB 15208.1-2018',
      lastCalibratedOn: today,
    });
  }
}

/**
 * An agreement customer the Shanghai outlet's counter can pick by name (协议用户): a tea trader whose security
 * agreement covers tea at every site, with one shipping account.
 */
async function seedDemoAgreementCustomer(
  app: App,
  siteId: string,
  today: string,
  validUntil: string,
): Promise<void> {
  const context = systemContext(newId(), 'demo-seed');
  const organisation = await app.agreements.registerOrganisation(context, {
    name: 'Shanghai Mingqian Tea Co., Ltd.',
    uscc: '91310104MA1FL0001Q',
  });
  const agreement = await app.agreements.createAgreement(context, {
    number: 'SA-DEMO-0001',
    organisationId: organisation.id,
    signedOn: today,
    validUntil,
    siteId,
    responsiblePerson: {
      documentType: 'resident-id',
      number: '310104198001011239',
      name: 'Demo manager',
      phone: '13900000001',
      verification: { method: 'card-reader' },
    },
    permittedGoods: ['tea', 'tea sets'],
    permittedSiteIds: [],
  });
  await app.agreements.addAccount(context, agreement.id, { code: 'MQ-XUHUI', name: 'Xuhui shop' });
}

/**
 * The demo's traffic: a small simulation over the past 3 days through the real services (its own app on the
 * same store, with a clock the simulation moves), so coverage reports, gaps and clues have something to show.
 */
export async function simulateDemoTraffic(app: App): Promise<SimulationSummary | null> {
  const parcels = app.config.demoSimulationParcels;
  if (app.config.production || parcels === 0) return null;
  const [{ createApp }, { simulate }] = await Promise.all([
    import('../app.js'),
    import('../simulation/simulator.js'),
  ]);
  const clock = new ManualClock(app.clock.now());
  const simulationApp = await createApp(app.config, { clock, logger: app.logger });
  try {
    const sites = await simulationApp.sites.findSites();
    const idOf = (code: string) => sites.find((site) => site.code === code)?.id;
    const outletIds = ['SH-OUT-01', 'BJ-OUT-01'].map(idOf).filter((id) => id !== undefined);
    const hubId = idOf('SH-HUB-01');
    return await simulate(simulationApp, clock, {
      parcels,
      days: 3,
      ...(hubId === undefined || outletIds.length === 0 ? {} : { sites: { outletIds, hubId } }),
    });
  } finally {
    await simulationApp.close();
  }
}
