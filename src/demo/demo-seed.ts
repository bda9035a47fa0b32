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
import { seedDemoRequests } from '../requests/demo-requests.js';

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
        reason: 'demo company: certified for the demonstration',
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
  // Lawful requests need a second legal liaison, designated to approve (four eyes).
  const liaison = (await app.staff.findStaff(context)).find((s) => s.username === 'demo-legal-liaison');
  if (liaison !== undefined) {
    const { staff: approver, generatedPassword } = await app.staff.createStaff(context, {
      username: 'demo-legal-approver',
      name: 'Demo legal approver',
      siteId: siteIds.get(ROLE_HOME['legal-liaison'])!,
      roles: ['legal-liaison'],
    });
    credentials.push({
      username: approver.username,
      password: generatedPassword!,
      role: 'legal-liaison',
      site: ROLE_HOME['legal-liaison'],
    });
    await seedDemoRequests(
      app,
      { outletId: siteIds.get('SH-OUT-01')!, hubId: siteIds.get('SH-HUB-01')! },
      { liaisonId: liaison.id, approverId: approver.id },
    );
  }
  await seedDemoTraining(app, context, siteIds);
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

/**
 * Training: the five courses, a session booked at the Shanghai outlet, onboarding safety training passed by every
 * demo login (through a real assessment, so nobody is stopped by the onboarding gate), the courier's prohibited-items
 * assessment passed, and a law-and-ethics certificate of the screener's that runs out in 14 days (a reminder).
 */
async function seedDemoTraining(
  app: App,
  context: ReturnType<typeof systemContext>,
  siteIds: Map<string, string>,
): Promise<void> {
  const bank = [
    {
      prompt: 'May anyone work at the counter before onboarding safety training?',
      options: ['Yes', 'No'],
      answer: 1,
    },
    {
      prompt: 'A parcel leaks a liquid that smells of petrol. What do you do first?',
      options: ['Isolate it and call the security officer', 'Wipe it and accept it'],
      answer: 0,
    },
    {
      prompt: 'The sender will not show an identity document.',
      options: ['Accept the parcel anyway', 'Refuse the parcel'],
      answer: 1,
    },
    {
      prompt: 'Who must you report a suspected state-secret carrier to?',
      options: ['National security (12339) through the security officer', 'Nobody'],
      answer: 0,
    },
  ];
  const courses = new Map<string, Awaited<ReturnType<App['training']['createCourse']>>>();
  const definitions = [
    {
      code: 'ONB-SAFETY',
      kind: 'onboarding-safety',
      title: 'Onboarding safety training',
      validityDays: 1095,
      questions: 4,
    },
    {
      code: 'NSA',
      kind: 'national-security-awareness',
      title: 'National security awareness',
      validityDays: 365,
      questions: 4,
    },
    {
      code: 'LAW-ETHICS',
      kind: 'law-and-ethics',
      title: 'Postal law and professional ethics',
      validityDays: 365,
      questions: 4,
    },
    {
      code: 'PII',
      kind: 'prohibited-items-identification',
      title: 'Identifying prohibited items',
      validityDays: 365,
      questions: 10,
    },
    {
      code: 'XRAY-OP',
      kind: 'xray-operation',
      title: 'X-ray equipment operation',
      validityDays: 365,
      questions: 4,
    },
  ] as const;
  for (const definition of definitions) {
    const course = await app.training.createCourse(context, {
      code: definition.code,
      kind: definition.kind,
      title: definition.title,
      contentVersion: '2026.1',
      contentRef: `DEMO-HANDBOOK-${definition.code}-2026.1`,
      validityDays: definition.validityDays,
      passMark: 80,
      questionsPerAttempt: definition.questions,
    });
    if (definition.kind !== 'prohibited-items-identification')
      await app.training.addQuestions(context, course.id, bank);
    courses.set(definition.code, course);
  }
  const staff = await app.staff.findStaff(context);
  const byRole = (role: StaffRole) => staff.find((member) => member.roles.includes(role))!;
  const actAs = (member: (typeof staff)[number]) => ({
    actor: { type: 'staff' as const, id: member.id, roles: member.roles, siteId: member.siteId },
    requestId: newId(),
  });
  const pass = async (member: (typeof staff)[number], code: string) => {
    const attempt = await app.training.startAttempt(actAs(member), courses.get(code)!.id);
    const answers = [];
    for (const question of attempt.questions) {
      if (question.description === null) {
        answers.push(bank.find((entry) => entry.prompt === question.prompt)!.answer);
      } else {
        const [result] = await app.screening.screen([
          { description: question.description, route: 'domestic' },
        ]);
        answers.push(result!.verdict === 'clear' ? 0 : result!.verdict === 'prohibited' ? 2 : 1);
      }
    }
    await app.training.submitAttempt(actAs(member), attempt.id, answers);
  };
  for (const member of staff) await pass(member, 'ONB-SAFETY');
  await pass(byRole('courier'), 'PII');

  const now = app.clock.now();
  const tomorrowNine = now + 86_400_000 - (now % 86_400_000) + 3_600_000; // 09:00 in Beijing tomorrow
  const session = await app.training.scheduleSession(context, {
    courseId: courses.get('NSA')!.id,
    siteId: siteIds.get('SH-OUT-01')!,
    trainerId: byRole('station-manager').id,
    startsAt: tomorrowNine,
    endsAt: tomorrowNine + 2 * 3_600_000,
    mode: 'in-person',
    location: 'Xuhui outlet meeting room',
  });
  await app.training.recordAttendance(context, session.id, {
    staffId: byRole('courier').id,
    status: 'booked',
  });

  const screener = byRole('screener');
  await app.training.recordBackgroundCheck(context, screener.id, {
    status: 'cleared',
    checkedOn: chinaDate(now - 30 * 86_400_000),
    note: 'demo: public security record check',
  });
  await app.training.issueManualCertificate(context, {
    staffId: screener.id,
    courseId: courses.get('LAW-ETHICS')!.id,
    validFrom: chinaDate(now - 351 * 86_400_000),
    reason: 'demo: classroom training before ParcelGuard, signed sheet on file',
    score: 85,
  });
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
