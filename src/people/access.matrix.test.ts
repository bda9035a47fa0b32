// The permission matrix: every route the server registers × every role (people and machines) × a record of the
// actor's own site and one of another site, each answered as the declarations say. A route added without a line
// here fails the first test. Each allowed request is made on fresh records (factories through the services), so
// a 2xx proves the whole path, not only the access check; each refused one proves the status and the code.
//
// Expected statuses come from the declarations, not from the code under test: the permission a route declares
// (config.access), what each role grants (ROLE_PERMISSIONS), which roles reach every site (COMPANY_WIDE below, the
// holders of `sites:all`), and what a site-bound actor gets for another site's record (the route's `scope`).
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../app.js';
import type { Server } from '../http/server.js';
import { loadDefaultRuleSet } from '../parcels/risk-rules.js';
import { chinaDate } from '../platform/clock.js';
import { loadDefaultCatalogue } from '../screening/default-catalogue.js';
import { presentation, uniquePhone, uniqueUscc } from '../testing/identity-factories.js';
import { certify, intakeBody, registerMachine } from '../testing/parcel-factories.js';
import { createCourse } from '../testing/training-factories.js';
import {
  adminContext,
  createSite,
  createStaffMember,
  describeEachDialect,
  unique,
} from '../testing/test-app.js';
import { CHECK_ITEMS } from '../requests/requests.tables.js';
import { CERTIFICATION_KINDS } from './people.types.js';
import { isMachineRole, ROLE_PERMISSIONS, type Access, type Role } from './roles.js';

type SiteKey = 'O1' | 'O2' | 'H1' | 'H2';
const OTHER: Record<SiteKey, SiteKey> = { O1: 'O2', O2: 'O1', H1: 'H2', H2: 'H1' };
/** The holders of `sites:all`: they reach every site. */
const COMPANY_WIDE: readonly Role[] = ['security-officer', 'legal-liaison', 'auditor', 'admin'];

interface Actor {
  role: Role;
  home: SiteKey;
  machine: boolean;
  id: string;
  headers: Record<string, string>;
  username?: string;
  password?: string;
}

interface World {
  app: App;
  server: Server;
  today: string;
  sites: Record<SiteKey, string>;
  /** A certified courier and screener at every site, named by machines (API keys) and used by factories. */
  couriers: Record<SiteKey, string>;
  screeners: Record<SiteKey, string>;
  machines: Record<SiteKey, string>;
}

/**
 * What a site-bound actor holding the permission gets for another site: `company` (not site data: same as own),
 * `site` (a site named in the request: 403), `record` (a record of that site: 404, no existence oracle).
 */
type Scope = 'company' | 'site' | 'record';

interface RouteSpec {
  scope: Scope;
  /** The status of an allowed request (for this actor). */
  ok: number | ((actor: Actor) => number);
  /** Overrides what a site-bound actor gets for another site's record. */
  other?: number;
  request(world: World, site: SiteKey, actor: Actor): Promise<InjectOptions>;
  /** The status and error code that count, when the HTTP answer is not them (NDJSON batches answer per line). */
  answerOf?(response: LightMyRequestResponse): { status: number; code?: string };
}

const PASSWORD = 'a long and uncommon pass phrase 7';
const json = (method: InjectOptions['method'], url: string, payload?: unknown): InjectOptions => ({
  method,
  url,
  ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
});

// Factories: fresh records at a site, made by the CLI operator (company-wide) through the services.
async function courierAt(world: World, site: SiteKey): Promise<string> {
  const { staff } = await createStaffMember(world.app, ['courier'], world.sites[site]);
  return staff.id;
}

async function parcelAt(
  world: World,
  site: SiteKey,
  stage: 'awaiting' | 'accepted' | 'screened' | 'open-inspection' | 'held',
): Promise<{ waybillNo: string; mark: string | null }> {
  const { app } = world;
  const body = intakeBody(world.sites[site], { courierId: world.couriers[site] });
  const intake = await app.parcels.intake(adminContext(), body);
  if (intake.decision !== 'inspect') throw new Error(`intake gave ${intake.decision}`);
  if (stage === 'awaiting') return { waybillNo: body.waybillNo, mark: null };
  const inspected = await app.parcels.inspect(adminContext(), body.waybillNo, {
    outcome: 'consistent',
    inspectorId: world.couriers[site],
  });
  if (stage === 'screened' || stage === 'open-inspection') {
    await app.scans.submit(adminContext(), [
      {
        eventId: unique('ev'),
        waybillNo: body.waybillNo,
        machineCode: world.machines[site],
        operatorId: world.screeners[site],
        scannedAt: new Date(app.clock.now() - 1000).toISOString(),
        result: stage === 'screened' ? 'clear' : 'suspect',
      },
    ]);
  }
  if (stage === 'held')
    await app.parcels.hold(adminContext(), body.waybillNo, { reason: 'matrix test hold' });
  return { waybillNo: body.waybillNo, mark: inspected.mark };
}

/** One course with a question bank per world: the training routes act on it (fresh records are not needed). */
const courses = new WeakMap<World, ReturnType<typeof createCourse>>();
function sharedCourse(world: World): ReturnType<typeof createCourse> {
  let course = courses.get(world);
  if (course === undefined) {
    course = createCourse(world.app, 'law-and-ethics');
    courses.set(world, course);
  }
  return course;
}

async function trainingSessionAt(world: World, site: SiteKey): Promise<string> {
  const now = world.app.clock.now();
  const session = await world.app.training.scheduleSession(adminContext(), {
    courseId: (await sharedCourse(world)).id,
    siteId: world.sites[site],
    trainerId: world.couriers[site],
    startsAt: now,
    endsAt: now + 3_600_000,
    mode: 'in-person',
  });
  return session.id;
}

async function trainingCertificateAt(world: World, site: SiteKey) {
  return world.app.training.issueManualCertificate(adminContext(), {
    staffId: world.couriers[site],
    courseId: (await sharedCourse(world)).id,
    validFrom: world.today,
    reason: 'trained before the system, paper record on file',
  });
}

/** An open attempt of the acting person (their own: nobody else's answers 404). */
async function attemptOf(world: World, actor: Actor) {
  const course = await sharedCourse(world);
  return world.app.training.startAttempt(
    {
      actor: { type: 'staff', id: actor.id, roles: [actor.role], siteId: world.sites[actor.home] },
      requestId: unique('rq'),
    },
    course.id,
  );
}

async function senderAt(world: World, site: SiteKey) {
  const shown = presentation();
  const decision = await world.app.identityGate.decide(adminContext(), {
    kind: 'document',
    siteId: world.sites[site],
    ...shown,
  });
  return { senderId: decision.senderId!, shown };
}

async function agreement(world: World) {
  const organisation = await world.app.agreements.registerOrganisation(adminContext(), {
    name: 'Matrix Trading Co., Ltd.',
    uscc: uniqueUscc(),
  });
  return world.app.agreements.createAgreement(adminContext(), {
    number: unique('SA-'),
    organisationId: organisation.id,
    signedOn: world.today,
    validUntil: `${Number(world.today.slice(0, 4)) + 1}-12-31`,
    siteId: world.sites.O1,
    responsiblePerson: presentation({ name: '王经理' }),
    permittedGoods: ['tea'],
    permittedSiteIds: [],
  });
}

function scanOf(world: World, site: SiteKey, actor: Actor, waybillNo: string) {
  return {
    eventId: unique('ev'),
    waybillNo,
    machineCode: world.machines[site],
    ...(actor.machine ? { operatorId: world.screeners[site] } : {}),
    scannedAt: new Date(world.app.clock.now() - 1000).toISOString(),
    result: 'clear',
  };
}

/** An untriaged clue about a fresh waybill at a site (raised as a capability would). */
async function clueAt(world: World, site: SiteKey) {
  const waybillNo = unique('WBM').toUpperCase();
  return world.app.store.transaction((trx) =>
    world.app.clues.raiseWithin(trx, adminContext(), {
      source: 'test',
      kind: 'risk-hold',
      severity: 'medium',
      subjectType: 'parcel',
      subjectIndex: null,
      siteId: world.sites[site],
      details: { waybillNo },
      refs: [{ type: 'parcel', id: waybillNo }],
    }),
  );
}

/** A staff context for a fresh legal liaison (requests are registered and approved by people). */
async function liaisonContext(world: World, approver = false) {
  const { staff } = await createStaffMember(world.app, ['legal-liaison'], world.sites.O1);
  if (approver) await world.app.requests.designateApprover(adminContext(), staff.id, true);
  return {
    actor: { type: 'staff' as const, id: staff.id, roles: ['legal-liaison' as const], siteId: staff.siteId },
    requestId: unique('req'),
  };
}

// Lawful requests: registered by a legal liaison of the company (a person, as the law wants), verified through the
// CLI operator; the approver is the acting actor, designated here, who neither registered nor verified it.
async function lawfulRequest(
  world: World,
  stage: 'registered' | 'verified' | 'approved' | 'exported',
  waybills: string[] = ['WB00000001'],
): Promise<string> {
  const request = await world.app.requests.register(await liaisonContext(world), {
    agencyKind: 'public-security',
    issuingOrgan: '上海市公安局',
    organLevel: 'provincial',
    documentKind: 'investigation-letter',
    documentNumber: unique('沪公调'),
    documentDate: world.today,
    officers: [{ name: '王警官', workIdNo: 'GA-310-0001' }],
    arrivedVia: 'in-person',
    deadlineAt: world.app.clock.now() + 86_400_000,
    scope: { waybills, from: world.today, to: world.today, categories: ['parcel-records'] },
  });
  if (stage === 'registered') return request.id;
  const entry = await world.app.requests.addDirectoryEntry(adminContext(), {
    agencyKind: 'public-security',
    organ: '上海市公安局',
    phone: '021-110',
  });
  for (const item of CHECK_ITEMS)
    await world.app.requests.recordCheck(adminContext(), request.id, {
      item,
      passed: true,
      ...(item === 'agency-called-back' ? { directoryEntryId: entry.id } : {}),
    });
  if (stage === 'verified') return request.id;
  await world.app.requests.approve(await liaisonContext(world, true), request.id, 'approved for the matrix');
  if (stage === 'exported') await world.app.requests.exportPackage(adminContext(), request.id);
  return request.id;
}

/** An open case of a site (opened from a fresh clue). */
async function caseAt(world: World, site: SiteKey) {
  const clue = await clueAt(world, site);
  return (await world.app.cases.triage(adminContext(), clue.id, { action: 'open' })).case!;
}

/** A fresh webhook endpoint for the case opened events (never sent to: no dispatcher runs here). */
async function webhookEndpoint(world: World): Promise<string> {
  const created = await world.app.webhooks.createEndpoint(adminContext(), {
    name: 'Matrix receiver',
    url: 'https://orders.example.com/hooks',
    events: ['case.opened'],
  });
  return created.endpoint.id;
}

// Reports to the authorities: a case about a parcel of the site (firearms: not sealed), and a report of it at a
// stage, drafted and approved by two officers named through the CLI operator.
async function firearmsCaseAt(world: World, site: SiteKey): Promise<string> {
  const { waybillNo } = await parcelAt(world, site, 'accepted');
  await world.app.store.transaction((trx) =>
    world.app.clues.raiseWithin(trx, adminContext(), {
      source: 'hubs',
      kind: 'prohibited-found-at-hub',
      severity: 'high',
      subjectType: 'parcel',
      subjectIndex: null,
      siteId: world.sites[site],
      details: { waybillNo, category: 'firearms' },
      refs: [{ type: 'parcel', id: waybillNo }],
    }),
  );
  const [opened] = await world.app.cases.findCases(adminContext(), { waybillNo });
  return opened!.id;
}

/** Reports that reads only may share, per site and stage (each approval renders and signs a PDF). */
const sharedReports = new Map<string, Promise<string>>();

function sharedReportAt(world: World, site: SiteKey, stage: 'draft' | 'approved'): Promise<string> {
  const key = `${world.sites[site]}|${stage}`;
  let report = sharedReports.get(key);
  if (report === undefined) {
    report = reportAt(world, site, stage);
    sharedReports.set(key, report);
  }
  return report;
}

async function reportAt(
  world: World,
  site: SiteKey,
  stage: 'draft' | 'approved' | 'submitted',
): Promise<string> {
  const { app } = world;
  const caseId = await firearmsCaseAt(world, site);
  const author = await createStaffMember(app, ['security-officer'], world.sites.H1);
  const report = await app.caseReports.draft(adminContext(), {
    caseId,
    summary: '开箱查验发现仿真手枪一支，已扣留。',
    evidenceIds: [],
    draftedBy: author.staff.id,
  });
  if (stage === 'draft') return report.id;
  const approver = await createStaffMember(app, ['security-officer'], world.sites.H1);
  await app.caseReports.approve(adminContext(), report.id, { approvedBy: approver.staff.id });
  if (stage === 'approved') return report.id;
  await app.caseReports.submit(adminContext(), report.id, {
    channel: 'hotline',
    submittedBy: author.staff.id,
  });
  return report.id;
}

const V1 = '/api/v1';
const SPECS: Record<string, RouteSpec> = {
  'GET /healthz': { scope: 'company', ok: 200, request: async () => json('GET', '/healthz') },
  'GET /readyz': { scope: 'company', ok: 200, request: async () => json('GET', '/readyz') },
  'GET /metrics': { scope: 'company', ok: 200, request: async () => json('GET', '/metrics') },
  'GET /api/openapi.json': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', '/api/openapi.json'),
  },

  // Sign-in, who am I, API keys.
  'POST /api/v1/auth/login': {
    scope: 'company',
    ok: 200,
    request: async (world) => {
      const { staff, password } = await createStaffMember(world.app, ['courier'], world.sites.O1);
      return json('POST', `${V1}/auth/login`, { username: staff.username, password });
    },
  },
  'POST /api/v1/auth/logout': {
    scope: 'company',
    // A person's session ends; a machine's key is revoked, not signed out.
    ok: (actor) => (actor.machine ? 400 : 204),
    request: async (world, _site, actor) => {
      if (actor.machine) return json('POST', `${V1}/auth/logout`);
      const login = await world.server.inject(
        json('POST', `${V1}/auth/login`, { username: actor.username, password: actor.password }),
      );
      const { token } = login.json<{ token: string }>();
      return { ...json('POST', `${V1}/auth/logout`), headers: { authorization: `Bearer ${token}` } };
    },
  },
  'GET /api/v1/auth/me': { scope: 'company', ok: 200, request: async () => json('GET', `${V1}/auth/me`) },
  'GET /api/v1/api-keys': { scope: 'company', ok: 200, request: async () => json('GET', `${V1}/api-keys`) },
  'POST /api/v1/api-keys': {
    scope: 'company',
    ok: 201,
    request: async (world, site) =>
      json('POST', `${V1}/api-keys`, { name: 'station', siteId: world.sites[site], role: 'xray-station' }),
  },
  'DELETE /api/v1/api-keys/:id': {
    scope: 'company',
    ok: 200,
    request: async (world, site) => {
      const { apiKey } = await world.app.auth.createApiKey(adminContext(), {
        name: 'station',
        siteId: world.sites[site],
        role: 'xray-station',
      });
      return json('DELETE', `${V1}/api-keys/${apiKey.id}`);
    },
  },

  // Company and sites: directory data every role may list.
  'GET /api/v1/company': { scope: 'company', ok: 200, request: async () => json('GET', `${V1}/company`) },
  'PUT /api/v1/company': {
    scope: 'company',
    ok: 200,
    request: async () => json('PUT', `${V1}/company`, { name: 'Matrix Express Co., Ltd.' }),
  },
  'GET /api/v1/sites': { scope: 'company', ok: 200, request: async () => json('GET', `${V1}/sites`) },
  'POST /api/v1/sites': {
    scope: 'company',
    ok: 201,
    request: async () =>
      json('POST', `${V1}/sites`, {
        code: unique('M').toUpperCase(),
        name: 'New outlet',
        kind: 'outlet',
        regionCode: '310104',
      }),
  },
  'GET /api/v1/sites/:id': {
    scope: 'company',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/sites/${world.sites[site]}`),
  },
  'PATCH /api/v1/sites/:id': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('PATCH', `${V1}/sites/${(await createSite(world.app)).id}`, { name: 'Renamed' }),
  },

  // Staff: each site's own.
  'GET /api/v1/staff': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/staff?siteId=${world.sites[site]}`),
  },
  'POST /api/v1/staff': {
    scope: 'site',
    ok: 201,
    request: async (world, site) =>
      json('POST', `${V1}/staff`, {
        username: unique('new'),
        name: 'New Courier',
        siteId: world.sites[site],
        roles: ['courier'],
      }),
  },
  'GET /api/v1/staff/:id': {
    scope: 'record',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/staff/${await courierAt(world, site)}`),
  },
  'PATCH /api/v1/staff/:id': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('PATCH', `${V1}/staff/${await courierAt(world, site)}`, { name: 'Renamed Courier' }),
  },
  'PUT /api/v1/staff/:id/password': {
    scope: 'record',
    ok: 204,
    request: async (world, site) =>
      json('PUT', `${V1}/staff/${await courierAt(world, site)}/password`, { password: PASSWORD }),
  },
  'GET /api/v1/staff/:id/certifications': {
    scope: 'record',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/staff/${await courierAt(world, site)}/certifications`),
  },
  'POST /api/v1/staff/:id/certifications': {
    scope: 'record',
    ok: 201,
    request: async (world, site) =>
      json('POST', `${V1}/staff/${await courierAt(world, site)}/certifications`, {
        kind: 'safety-training',
        issuedOn: world.today,
        expiresOn: `${Number(world.today.slice(0, 4)) + 1}-12-31`,
        reason: 'trained before the system, paper record on file',
      }),
  },
  'DELETE /api/v1/staff/:id/certifications/:certificationId': {
    scope: 'record',
    ok: 200,
    request: async (world, site) => {
      const staffId = await courierAt(world, site);
      const certification = await world.app.staff.grantCertification(adminContext(), staffId, {
        reason: 'carried over from a paper record',
        kind: 'safety-training',
        issuedOn: world.today,
        expiresOn: `${Number(world.today.slice(0, 4)) + 1}-12-31`,
      });
      return json('DELETE', `${V1}/staff/${staffId}/certifications/${certification.id}`);
    },
  },

  // The audit log: company-wide readers only.
  'GET /api/v1/audit/entries': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/audit/entries`),
  },
  'GET /api/v1/audit/verify': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/audit/verify`),
  },
  'GET /api/v1/audit/entries/:seq/proof': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/audit/entries/1/proof`),
  },
  'GET /api/v1/audit/records/proof': {
    scope: 'company',
    ok: 200,
    request: async (world, site) =>
      json(
        'GET',
        `${V1}/audit/records/proof?subjectType=parcel&subjectId=${(await parcelAt(world, site, 'awaiting')).waybillNo}`,
      ),
  },
  'GET /api/v1/audit/checkpoints': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/audit/checkpoints`),
  },
  'GET /api/v1/audit/public-keys': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/audit/public-keys`),
  },

  // Identity: the gate at one's site; senders seen there; refusals and clues of one's site.
  'POST /api/v1/identity/gate': {
    scope: 'site',
    ok: 200,
    request: async (world, site) =>
      json('POST', `${V1}/identity/gate`, { kind: 'document', siteId: world.sites[site], ...presentation() }),
  },
  'GET /api/v1/identity/senders/:id': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/identity/senders/${(await senderAt(world, site)).senderId}`),
  },
  'POST /api/v1/identity/senders/lookup': {
    scope: 'record',
    ok: 200,
    request: async (world, site) => {
      const { shown } = await senderAt(world, site);
      return json('POST', `${V1}/identity/senders/lookup`, {
        documentType: shown.documentType,
        number: shown.number,
      });
    },
  },
  'POST /api/v1/identity/senders/:id/unmask': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('POST', `${V1}/identity/senders/${(await senderAt(world, site)).senderId}/unmask`, {
        purpose: { kind: 'reason', code: 'supervisor-review', text: 'review of a refusal at the counter' },
      }),
  },
  'GET /api/v1/identity/refusals': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/identity/refusals?siteId=${world.sites[site]}`),
  },
  'GET /api/v1/identity/clues': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/identity/clues?siteId=${world.sites[site]}`),
  },
  'GET /api/v1/identity/watchlist': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/identity/watchlist`),
  },
  'POST /api/v1/identity/watchlist': {
    scope: 'company',
    ok: 201,
    request: async () =>
      json('POST', `${V1}/identity/watchlist`, {
        kind: 'phone',
        phone: uniquePhone(),
        reason: 'matrix test',
      }),
  },
  'DELETE /api/v1/identity/watchlist/:id': {
    scope: 'company',
    ok: 200,
    request: async (world) => {
      const entry = await world.app.watchlist.addEntry(adminContext(), {
        kind: 'phone',
        phone: uniquePhone(),
        reason: 'matrix test',
      });
      return json('DELETE', `${V1}/identity/watchlist/${entry.id}`);
    },
  },
  'POST /api/v1/identity/retention/run': {
    scope: 'company',
    ok: 200,
    request: async () => json('POST', `${V1}/identity/retention/run`),
  },

  // Agreement customers: contracts of the company, read by every manager (they may send from any permitted site).
  'GET /api/v1/agreements/organisations': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/agreements/organisations`),
  },
  'POST /api/v1/agreements/organisations': {
    scope: 'company',
    ok: 201,
    request: async () =>
      json('POST', `${V1}/agreements/organisations`, { name: 'Matrix Tea Co.', uscc: uniqueUscc() }),
  },
  'GET /api/v1/agreements': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/agreements`),
  },
  // The counter's pick list: a site named in the request, like the identity gate it serves.
  'GET /api/v1/agreements/customers': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/agreements/customers?siteId=${world.sites[site]}`),
  },
  'GET /api/v1/agreements/expiring': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/agreements/expiring`),
  },
  'POST /api/v1/agreements': {
    scope: 'company',
    ok: 201,
    request: async (world) => {
      const organisation = await world.app.agreements.registerOrganisation(adminContext(), {
        name: 'Matrix Trading Co., Ltd.',
        uscc: uniqueUscc(),
      });
      return json('POST', `${V1}/agreements`, {
        number: unique('SA-'),
        organisationId: organisation.id,
        signedOn: world.today,
        validUntil: `${Number(world.today.slice(0, 4)) + 1}-12-31`,
        siteId: world.sites.O1,
        responsiblePerson: presentation({ name: '王经理' }),
        permittedGoods: ['tea'],
      });
    },
  },
  'GET /api/v1/agreements/:id': {
    scope: 'company',
    ok: 200,
    request: async (world) => json('GET', `${V1}/agreements/${(await agreement(world)).id}`),
  },
  'POST /api/v1/agreements/:id/suspend': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('POST', `${V1}/agreements/${(await agreement(world)).id}/suspend`, { reason: 'matrix test' }),
  },
  'POST /api/v1/agreements/:id/reactivate': {
    scope: 'company',
    ok: 200,
    request: async (world) => {
      const suspended = await agreement(world);
      await world.app.agreements.suspendAgreement(adminContext(), suspended.id, 'matrix test');
      return json('POST', `${V1}/agreements/${suspended.id}/reactivate`, { reason: 'matrix test' });
    },
  },
  'POST /api/v1/agreements/:id/terminate': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('POST', `${V1}/agreements/${(await agreement(world)).id}/terminate`, { reason: 'matrix test' }),
  },
  'POST /api/v1/agreements/:id/accounts': {
    scope: 'company',
    ok: 201,
    request: async (world) =>
      json('POST', `${V1}/agreements/${(await agreement(world)).id}/accounts`, {
        code: unique('ACC'),
        name: 'Shop 1',
      }),
  },

  // Screening and the catalogue: company data.
  'POST /api/v1/screening': {
    scope: 'company',
    ok: 200,
    request: async () => json('POST', `${V1}/screening`, { description: '纯棉T恤', route: 'domestic' }),
  },
  'GET /api/v1/catalogue/versions': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/catalogue/versions`),
  },
  'GET /api/v1/catalogue/versions/:version': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/catalogue/versions/${loadDefaultCatalogue().version}`),
  },
  'POST /api/v1/catalogue/versions': {
    scope: 'company',
    ok: 201,
    request: async () => {
      const next = structuredClone(loadDefaultCatalogue());
      next.version = `${next.version}-${unique('m')}`;
      return json('POST', `${V1}/catalogue/versions`, { catalogue: next });
    },
  },
  'GET /api/v1/catalogue/diff': {
    scope: 'company',
    ok: 200,
    request: async () => {
      const version = loadDefaultCatalogue().version;
      return json('GET', `${V1}/catalogue/diff?from=${version}&to=${version}`);
    },
  },

  // Parcels: taken in at one's site; read where they were taken in or have been; inspected where taken in.
  'POST /api/v1/parcels': {
    scope: 'site',
    ok: 201,
    request: async (world, site, actor) =>
      json(
        'POST',
        `${V1}/parcels`,
        intakeBody(world.sites[site], actor.machine ? { courierId: world.couriers[site] } : {}),
      ),
  },
  'POST /api/v1/parcels/batch': {
    scope: 'site',
    ok: 201,
    request: async (world, site, actor) => ({
      method: 'POST',
      url: `${V1}/parcels/batch`,
      headers: { 'content-type': 'application/x-ndjson' },
      payload: `${JSON.stringify(
        intakeBody(world.sites[site], actor.machine ? { courierId: world.couriers[site] } : {}),
      )}\n`,
    }),
    answerOf: (response) => {
      if (response.statusCode !== 200)
        return { status: response.statusCode, code: response.json<{ code: string }>().code };
      const line = JSON.parse(response.body.trim().split('\n')[0]!) as {
        status: number;
        problem?: { code: string };
      };
      return { status: line.status, ...(line.problem === undefined ? {} : { code: line.problem.code }) };
    },
  },
  'GET /api/v1/parcels/:waybillNo': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/parcels/${(await parcelAt(world, site, 'screened')).waybillNo}`),
  },
  'POST /api/v1/parcels/:waybillNo/inspection': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('POST', `${V1}/parcels/${(await parcelAt(world, site, 'awaiting')).waybillNo}/inspection`, {
        outcome: 'consistent',
      }),
  },
  'POST /api/v1/parcels/:waybillNo/hold': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('POST', `${V1}/parcels/${(await parcelAt(world, site, 'accepted')).waybillNo}/hold`, {
        reason: 'tip-off received',
      }),
  },
  'GET /api/v1/holds': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/holds?siteId=${world.sites[site]}`),
  },
  'POST /api/v1/parcels/:waybillNo/release': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('POST', `${V1}/parcels/${(await parcelAt(world, site, 'held')).waybillNo}/release`, {
        reason: 'cleared by the officer',
      }),
  },
  'POST /api/v1/parcels/:waybillNo/custody': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('POST', `${V1}/parcels/${(await parcelAt(world, site, 'held')).waybillNo}/custody`, {
        handedTo: 'Officer Wang',
        location: 'evidence room',
      }),
  },
  'GET /api/v1/marks/verify': {
    scope: 'company',
    ok: 200,
    request: async (world, site) => {
      const { waybillNo, mark } = await parcelAt(world, site, 'accepted');
      return json('GET', `${V1}/marks/verify?code=${encodeURIComponent(mark!)}&waybillNo=${waybillNo}`);
    },
  },

  // Risk rules: company data.
  'GET /api/v1/risk/rule-sets': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/risk/rule-sets`),
  },
  'GET /api/v1/risk/rule-sets/:version': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/risk/rule-sets/${loadDefaultRuleSet().version}`),
  },
  'POST /api/v1/risk/rule-sets': {
    scope: 'company',
    ok: 201,
    request: async () => {
      const next = structuredClone(loadDefaultRuleSet());
      next.version = `${next.version}-${unique('m')}`;
      return json('POST', `${V1}/risk/rule-sets`, { ruleSet: next });
    },
  },
  'POST /api/v1/risk/dry-run': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('POST', `${V1}/risk/dry-run`, {
        ruleSet: loadDefaultRuleSet(),
        from: world.app.clock.now() - 3_600_000,
        to: world.app.clock.now(),
      }),
  },

  // The hub: machines of one's site, scans on them, open inspections and dispatch where the parcel is.
  'GET /api/v1/machines': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/machines?siteId=${world.sites[site]}`),
  },
  'POST /api/v1/machines': {
    scope: 'site',
    ok: 201,
    request: async (world, site) =>
      json('POST', `${V1}/machines`, {
        machineCode: unique('XR').toUpperCase(),
        siteId: world.sites[site],
        maker: 'Nuctech',
        model: 'CX6040BI',
        standard: 'GB 15208.1-2018',
        certificateNo: unique('CERT').toUpperCase(),
        certifiedUntil: `${Number(world.today.slice(0, 4)) + 1}-12-31`,
        lastCalibratedOn: world.today,
      }),
  },
  'GET /api/v1/machines/:machine': {
    scope: 'record',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/machines/${world.machines[site]}`),
  },
  'PATCH /api/v1/machines/:machine': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('PATCH', `${V1}/machines/${world.machines[site]}`, { lastCalibratedOn: world.today }),
  },
  'POST /api/v1/scans': {
    scope: 'site',
    ok: 201,
    request: async (world, site, actor) =>
      json(
        'POST',
        `${V1}/scans`,
        scanOf(world, site, actor, (await parcelAt(world, site, 'accepted')).waybillNo),
      ),
  },
  'GET /api/v1/open-inspections': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/open-inspections?siteId=${world.sites[site]}`),
  },
  'POST /api/v1/parcels/:waybillNo/open-inspection': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json(
        'POST',
        `${V1}/parcels/${(await parcelAt(world, site, 'open-inspection')).waybillNo}/open-inspection`,
        {
          outcome: 'clear',
        },
      ),
  },
  'POST /api/v1/parcels/:waybillNo/dispatch': {
    scope: 'record',
    ok: 200,
    // Another site's parcel is answered like one never X-rayed here (409), not as a hidden record (no oracle).
    other: 409,
    request: async (world, site) =>
      json('POST', `${V1}/parcels/${(await parcelAt(world, site, 'screened')).waybillNo}/dispatch`, {}),
  },
  'POST /api/v1/dispatches': {
    scope: 'record',
    ok: 201,
    other: 409,
    request: async (world, site) =>
      json('POST', `${V1}/dispatches`, {
        containerNo: unique('CAGE'),
        waybillNos: [(await parcelAt(world, site, 'screened')).waybillNo],
      }),
  },

  // Reports of one's site.
  'GET /api/v1/reports/coverage': {
    scope: 'site',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/reports/coverage?from=${world.today}&to=${world.today}&siteId=${world.sites[site]}`),
  },
  'POST /api/v1/reports/attestations': {
    scope: 'site',
    ok: 201,
    request: async (world, site) =>
      json('POST', `${V1}/reports/attestations`, { date: world.today, siteId: world.sites[site] }),
  },
  'GET /api/v1/reports/attestations': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/reports/attestations?siteId=${world.sites[site]}`),
  },
  'GET /api/v1/reports/attestations/:id': {
    scope: 'record',
    ok: 200,
    request: async (world, site) => {
      const signed = await world.app.reports.attest(adminContext(), {
        date: world.today,
        siteId: world.sites[site],
      });
      return json('GET', `${V1}/reports/attestations/${signed.statement.attestationId}`);
    },
  },
  'GET /api/v1/reports/attestations/:id/proof': {
    scope: 'record',
    ok: 200,
    request: async (world, site) => {
      const { waybillNo } = await parcelAt(world, site, 'accepted');
      const signed = await world.app.reports.attest(adminContext(), {
        date: world.today,
        siteId: world.sites[site],
      });
      return json(
        'GET',
        `${V1}/reports/attestations/${signed.statement.attestationId}/proof?waybillNo=${waybillNo}`,
      );
    },
  },

  // Cases (clue triage, evidence, deadlines, the sealed-case clearance) and custody hand-overs.
  'GET /api/v1/clues': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/clues?siteId=${world.sites[site]}`),
  },
  'POST /api/v1/clues/:id/triage': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('POST', `${V1}/clues/${(await clueAt(world, site)).id}/triage`, { action: 'open' }),
  },
  'GET /api/v1/cases': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/cases?siteId=${world.sites[site]}`),
  },
  'GET /api/v1/cases/overdue': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/cases/overdue?siteId=${world.sites[site]}`),
  },
  'GET /api/v1/cases/deadlines': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/cases/deadlines`),
  },
  'PUT /api/v1/cases/deadlines/:category': {
    scope: 'company',
    ok: 200,
    request: async () => json('PUT', `${V1}/cases/deadlines/default`, { minutes: 1440 }),
  },
  // Lawful requests: sealed. Whoever lacks the permission is answered 404 (the routes are concealed).
  'GET /api/v1/lawful-requests': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/lawful-requests`),
  },
  'POST /api/v1/lawful-requests': {
    scope: 'company',
    ok: 201,
    request: async (world) =>
      json('POST', `${V1}/lawful-requests`, {
        agencyKind: 'customs',
        issuingOrgan: '上海海关',
        organLevel: 'districted-city',
        documentKind: 'inspection-notice',
        documentNumber: unique('沪关'),
        documentDate: world.today,
        officers: [{ name: '陈关员', workIdNo: 'HG-0001' }],
        arrivedVia: 'letter',
        deadlineAt: world.app.clock.now() + 86_400_000,
        scope: {
          siteIds: [world.sites.O1],
          from: world.today,
          to: world.today,
          categories: ['parcel-records'],
        },
      }),
  },
  'GET /api/v1/lawful-requests/:id': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('GET', `${V1}/lawful-requests/${await lawfulRequest(world, 'registered')}`),
  },
  'POST /api/v1/lawful-requests/:id/checks': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('POST', `${V1}/lawful-requests/${await lawfulRequest(world, 'registered')}/checks`, {
        item: 'document-seen',
        passed: true,
      }),
  },
  'POST /api/v1/lawful-requests/:id/return': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('POST', `${V1}/lawful-requests/${await lawfulRequest(world, 'registered')}/return`, {
        reason: 'the scope names no dates',
      }),
  },
  'POST /api/v1/lawful-requests/:id/refuse': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('POST', `${V1}/lawful-requests/${await lawfulRequest(world, 'registered')}/refuse`, {
        reason: 'no legal document shown',
      }),
  },
  'POST /api/v1/lawful-requests/:id/approve': {
    scope: 'company',
    ok: 200,
    request: async (world, _site, actor) => {
      const id = await lawfulRequest(world, 'verified');
      await world.app.requests.designateApprover(adminContext(), actor.id, true);
      return json('POST', `${V1}/lawful-requests/${id}/approve`, { reason: 'lawful and limited in scope' });
    },
  },
  'POST /api/v1/lawful-requests/:id/export': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('POST', `${V1}/lawful-requests/${await lawfulRequest(world, 'approved')}/export`),
  },
  'GET /api/v1/lawful-requests/:id/package': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('GET', `${V1}/lawful-requests/${await lawfulRequest(world, 'exported')}/package`),
  },
  'POST /api/v1/lawful-requests/verify-package': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json(
        'POST',
        `${V1}/lawful-requests/verify-package`,
        await world.app.requests.getPackage(adminContext(), await lawfulRequest(world, 'exported')),
      ),
  },
  'POST /api/v1/lawful-requests/:id/receipt': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('POST', `${V1}/lawful-requests/${await lawfulRequest(world, 'exported')}/receipt`, {
        receivingOfficers: [{ name: '王警官', workIdNo: 'GA-310-0001' }],
      }),
  },
  'POST /api/v1/lawful-requests/:id/detain': {
    scope: 'company',
    ok: 200,
    request: async (world, site) => {
      const { waybillNo } = await parcelAt(world, site, 'accepted');
      const id = await lawfulRequest(world, 'approved', [waybillNo]);
      return json('POST', `${V1}/lawful-requests/${id}/detain`, { waybills: [waybillNo] });
    },
  },
  'POST /api/v1/lawful-requests/:id/legal-hold': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('POST', `${V1}/lawful-requests/${await lawfulRequest(world, 'registered')}/legal-hold`, {
        on: false,
        reason: 'the agency withdrew the request',
      }),
  },
  'POST /api/v1/lawful-requests/:id/close': {
    scope: 'company',
    ok: 200,
    request: async (world) => {
      const id = await lawfulRequest(world, 'registered');
      await world.app.requests.refuse(adminContext(), id, 'no legal document shown');
      return json('POST', `${V1}/lawful-requests/${id}/close`, { reason: 'refused and filed' });
    },
  },
  'GET /api/v1/lawful-request-figures': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/lawful-request-figures?from=2026-01-01&to=2026-12-31`),
  },
  'GET /api/v1/agency-directory': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/agency-directory`),
  },
  'POST /api/v1/agency-directory': {
    scope: 'company',
    ok: 201,
    request: async () =>
      json('POST', `${V1}/agency-directory`, {
        agencyKind: 'state-security',
        organ: '国家安全部',
        phone: '12339',
      }),
  },
  'GET /api/v1/lawful-requests/approvers/:staffId': {
    scope: 'company',
    ok: 200,
    request: async (world, site) => {
      const { staff } = await createStaffMember(world.app, ['legal-liaison'], world.sites[site]);
      return json('GET', `${V1}/lawful-requests/approvers/${staff.id}`);
    },
  },
  'PUT /api/v1/lawful-requests/approvers/:staffId': {
    scope: 'company',
    ok: 200,
    request: async (world, site) => {
      const { staff } = await createStaffMember(world.app, ['legal-liaison'], world.sites[site]);
      return json('PUT', `${V1}/lawful-requests/approvers/${staff.id}`);
    },
  },
  'DELETE /api/v1/lawful-requests/approvers/:staffId': {
    scope: 'company',
    ok: 200,
    request: async (world, site) => {
      const { staff } = await createStaffMember(world.app, ['legal-liaison'], world.sites[site]);
      await world.app.requests.designateApprover(adminContext(), staff.id, true);
      return json('DELETE', `${V1}/lawful-requests/approvers/${staff.id}`);
    },
  },
  'PUT /api/v1/cases/clearances/:staffId': {
    scope: 'company',
    ok: 200,
    request: async (world, site) => {
      const { staff } = await createStaffMember(world.app, ['security-officer'], world.sites[site]);
      return json('PUT', `${V1}/cases/clearances/${staff.id}`);
    },
  },
  'DELETE /api/v1/cases/clearances/:staffId': {
    scope: 'company',
    ok: 200,
    request: async (world, site) => {
      const { staff } = await createStaffMember(world.app, ['security-officer'], world.sites[site]);
      await world.app.cases.grantClearance(adminContext(), staff.id);
      return json('DELETE', `${V1}/cases/clearances/${staff.id}`);
    },
  },
  'GET /api/v1/cases/:id': {
    scope: 'record',
    // Whoever may not read cases is answered as if the case did not exist (sealed cases: the same for everyone).
    ok: (actor) => (holds(actor.role, 'cases:read') ? 200 : 404),
    request: async (world, site) => json('GET', `${V1}/cases/${(await caseAt(world, site)).id}`),
  },
  'POST /api/v1/cases/:id/status': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('POST', `${V1}/cases/${(await caseAt(world, site)).id}/status`, {
        status: 'investigating',
        reason: 'looking into it',
      }),
  },
  'POST /api/v1/cases/:id/assign': {
    scope: 'record',
    ok: 200,
    request: async (world, site) => {
      const { staff } = await createStaffMember(world.app, ['security-officer'], world.sites[site]);
      return json('POST', `${V1}/cases/${(await caseAt(world, site)).id}/assign`, { officerId: staff.id });
    },
  },
  'POST /api/v1/cases/:id/evidence': {
    scope: 'record',
    ok: 201,
    request: async (world, site) =>
      json('POST', `${V1}/cases/${(await caseAt(world, site)).id}/evidence`, {
        kind: 'file',
        fileName: 'note.pdf',
        mediaType: 'application/pdf',
        contentBase64: Buffer.from('%PDF-1.4\n').toString('base64'),
      }),
  },
  'GET /api/v1/cases/:id/evidence/:evidenceId': {
    scope: 'record',
    ok: (actor) => (holds(actor.role, 'cases:read') ? 200 : 404),
    request: async (world, site) => {
      const found = await caseAt(world, site);
      const evidence = await world.app.cases.addEvidence(adminContext(), found.id, {
        kind: 'file',
        fileName: 'note.pdf',
        mediaType: 'application/pdf',
        contentBase64: Buffer.from(`%PDF-1.4\n${unique('n')}`).toString('base64'),
      });
      return json('GET', `${V1}/cases/${found.id}/evidence/${evidence.id}`);
    },
  },
  'POST /api/v1/cases/:id/evidence/:evidenceId/withdraw': {
    scope: 'record',
    ok: 200,
    request: async (world, site) => {
      const found = await caseAt(world, site);
      const evidence = await world.app.cases.addEvidence(adminContext(), found.id, {
        kind: 'file',
        fileName: 'note.pdf',
        mediaType: 'application/pdf',
        contentBase64: Buffer.from(`%PDF-1.4\n${unique('w')}`).toString('base64'),
      });
      return json('POST', `${V1}/cases/${found.id}/evidence/${evidence.id}/withdraw`, {
        reason: 'duplicate',
      });
    },
  },
  'POST /api/v1/parcels/:waybillNo/seize': {
    scope: 'record',
    ok: 201,
    request: async (world, site) =>
      json('POST', `${V1}/parcels/${(await parcelAt(world, site, 'held')).waybillNo}/seize`, {
        toName: 'Officer Wang',
        location: 'evidence room',
      }),
  },
  'POST /api/v1/parcels/:waybillNo/hand-to-authority': {
    scope: 'record',
    ok: 201,
    request: async (world, site) =>
      json('POST', `${V1}/parcels/${(await parcelAt(world, site, 'held')).waybillNo}/hand-to-authority`, {
        toName: 'Officer Wang',
        toUnit: 'Xuhui public security bureau',
        location: 'hub security room',
        proof: {
          kind: 'receipt',
          fileName: 'receipt.pdf',
          mediaType: 'application/pdf',
          contentBase64: Buffer.from('%PDF-1.4\n').toString('base64'),
        },
      }),
  },
  'POST /api/v1/parcels/:waybillNo/deliver': {
    scope: 'record',
    ok: 201,
    request: async (world, site) => {
      const { waybillNo } = await parcelAt(world, site, 'screened');
      await world.app.dispatch.dispatch(adminContext(), {
        siteId: world.sites[site],
        waybillNos: [waybillNo],
      });
      return json('POST', `${V1}/parcels/${waybillNo}/deliver`, {
        toName: 'Recipient',
        location: 'front door',
      });
    },
  },
  'GET /api/v1/parcels/:waybillNo/handovers': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/parcels/${(await parcelAt(world, site, 'accepted')).waybillNo}/handovers`),
  },
  // Reports of cases to the authorities, and the case figures.
  'GET /api/v1/cases/:id/report-route': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/cases/${await firearmsCaseAt(world, site)}/report-route`),
  },
  'POST /api/v1/cases/:id/reports': {
    scope: 'record',
    ok: 201,
    request: async (world, site) =>
      json('POST', `${V1}/cases/${await firearmsCaseAt(world, site)}/reports`, {
        summary: '开箱查验发现仿真手枪一支，已扣留。',
        evidenceIds: [],
      }),
  },
  'GET /api/v1/cases/:id/reports': {
    scope: 'record',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/cases/${await firearmsCaseAt(world, site)}/reports`),
  },
  'GET /api/v1/case-reports': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/case-reports?siteId=${world.sites[site]}`),
  },
  'GET /api/v1/case-reports/:id': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/case-reports/${await sharedReportAt(world, site, 'draft')}`),
  },
  'PATCH /api/v1/case-reports/:id': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('PATCH', `${V1}/case-reports/${await reportAt(world, site, 'draft')}`, { custodyNote: '安全柜' }),
  },
  'POST /api/v1/case-reports/:id/approve': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('POST', `${V1}/case-reports/${await reportAt(world, site, 'draft')}/approve`, {}),
  },
  'POST /api/v1/case-reports/:id/submit': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('POST', `${V1}/case-reports/${await reportAt(world, site, 'approved')}/submit`, {
        channel: 'website',
        authorityReference: 'REF-1',
      }),
  },
  'POST /api/v1/case-reports/:id/acknowledge': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('POST', `${V1}/case-reports/${await reportAt(world, site, 'submitted')}/acknowledge`, {}),
  },
  'GET /api/v1/case-reports/:id/package': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/case-reports/${await sharedReportAt(world, site, 'approved')}/package`),
  },
  'GET /api/v1/case-reports/:id/pdf': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/case-reports/${await sharedReportAt(world, site, 'approved')}/pdf`),
  },
  'GET /api/v1/case-figures': {
    scope: 'site',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/case-figures?from=${world.today}&to=${world.today}&siteId=${world.sites[site]}`),
  },
  // Training (training/): courses are company-wide; sessions, certificates and background checks belong to a site.
  'GET /api/v1/training/courses': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/training/courses`),
  },
  'POST /api/v1/training/courses': {
    scope: 'company',
    ok: 201,
    request: async () =>
      json('POST', `${V1}/training/courses`, {
        code: unique('MX').toUpperCase(),
        kind: 'law-and-ethics',
        title: 'Law and professional ethics',
        contentVersion: '2026.1',
        contentRef: 'HANDBOOK-2026',
        validityDays: 365,
        passMark: 80,
        questionsPerAttempt: 2,
      }),
  },
  'PATCH /api/v1/training/courses/:id': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('PATCH', `${V1}/training/courses/${(await sharedCourse(world)).id}`, {
        contentVersion: '2026.2',
      }),
  },
  'GET /api/v1/training/courses/:id/questions': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('GET', `${V1}/training/courses/${(await sharedCourse(world)).id}/questions`),
  },
  'POST /api/v1/training/courses/:id/questions': {
    scope: 'company',
    ok: 201,
    request: async (world) =>
      json('POST', `${V1}/training/courses/${(await sharedCourse(world)).id}/questions`, {
        questions: [{ prompt: 'Is this a question?', options: ['yes', 'no'], answer: 0 }],
      }),
  },
  'GET /api/v1/training/sessions': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/training/sessions?siteId=${world.sites[site]}`),
  },
  'POST /api/v1/training/sessions': {
    scope: 'site',
    ok: 201,
    request: async (world, site) =>
      json('POST', `${V1}/training/sessions`, {
        courseId: (await sharedCourse(world)).id,
        siteId: world.sites[site],
        trainerId: world.couriers[site],
        startsAt: world.app.clock.now(),
        endsAt: world.app.clock.now() + 3_600_000,
        mode: 'online',
      }),
  },
  'GET /api/v1/training/sessions/:id': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/training/sessions/${await trainingSessionAt(world, site)}`),
  },
  'POST /api/v1/training/sessions/:id/attendance': {
    scope: 'record',
    ok: 201,
    request: async (world, site) =>
      json('POST', `${V1}/training/sessions/${await trainingSessionAt(world, site)}/attendance`, {
        staffId: world.couriers[site],
        status: 'attended',
      }),
  },
  'POST /api/v1/training/attendance/import': {
    // Lines naming another site's session are reported line by line: the import itself answers 200.
    scope: 'company',
    ok: 200,
    request: async (world, site) => {
      const session = await trainingSessionAt(world, site);
      return json('POST', `${V1}/training/attendance/import`, {
        csv: `session,username,status\n${session},${world.couriers[site]},booked\n`,
      });
    },
  },
  'POST /api/v1/training/attempts': {
    scope: 'company',
    ok: 201,
    request: async (world) =>
      json('POST', `${V1}/training/attempts`, {
        courseId: (await sharedCourse(world)).id,
      }),
  },
  'GET /api/v1/training/attempts/:id': {
    scope: 'company',
    ok: 200,
    request: async (world, _site, actor) =>
      json('GET', `${V1}/training/attempts/${(await attemptOf(world, actor)).id}`),
  },
  'POST /api/v1/training/attempts/:id/submit': {
    scope: 'company',
    ok: 200,
    request: async (world, _site, actor) => {
      const attempt = await attemptOf(world, actor);
      return json('POST', `${V1}/training/attempts/${attempt.id}/submit`, {
        answers: attempt.questions.map(() => 0),
      });
    },
  },
  'GET /api/v1/training/certificates/mine': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/training/certificates/mine`),
  },
  'GET /api/v1/training/certificates': {
    scope: 'site',
    ok: 200,
    request: async (world, site) => json('GET', `${V1}/training/certificates?siteId=${world.sites[site]}`),
  },
  'POST /api/v1/training/certificates': {
    scope: 'record',
    ok: 201,
    request: async (world, site) =>
      json('POST', `${V1}/training/certificates`, {
        staffId: world.couriers[site],
        courseId: (await sharedCourse(world)).id,
        validFrom: world.today,
        reason: 'trained before the system, paper record on file',
      }),
  },
  'POST /api/v1/training/certificates/verify': {
    scope: 'company',
    ok: 200,
    request: async (world, site) =>
      json('POST', `${V1}/training/certificates/verify`, {
        document: (await trainingCertificateAt(world, site)).document,
      }),
  },
  'GET /api/v1/training/certificates/:id': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/training/certificates/${(await trainingCertificateAt(world, site)).id}`),
  },
  'POST /api/v1/training/certificates/:id/revoke': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('POST', `${V1}/training/certificates/${(await trainingCertificateAt(world, site)).id}/revoke`, {
        reason: 'matrix test revocation',
      }),
  },
  'GET /api/v1/training/staff/:id/background-checks': {
    scope: 'record',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/training/staff/${world.couriers[site]}/background-checks`),
  },
  'POST /api/v1/training/staff/:id/background-checks': {
    scope: 'record',
    ok: 201,
    request: async (world, site) =>
      json('POST', `${V1}/training/staff/${world.couriers[site]}/background-checks`, {
        status: 'cleared',
        checkedOn: world.today,
      }),
  },
  'GET /api/v1/training/due': {
    scope: 'site',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/training/due?siteId=${world.sites[site]}&withinDays=30`),
  },
  'GET /api/v1/training/reminders': {
    scope: 'company',
    ok: 200,
    request: async () => json('GET', `${V1}/training/reminders`),
  },
  'GET /api/v1/training/coverage': {
    scope: 'site',
    ok: 200,
    request: async (world, site) =>
      json('GET', `${V1}/training/coverage?month=${world.today.slice(0, 7)}&siteId=${world.sites[site]}`),
  },

  // Webhooks (webhooks/): company-wide, admins only; each request on a fresh endpoint (one case opened for the
  // redelivery, so there is a delivery to queue again).
  'GET /api/v1/webhooks': { scope: 'company', ok: 200, request: async () => json('GET', `${V1}/webhooks`) },
  'POST /api/v1/webhooks': {
    scope: 'company',
    ok: 201,
    request: async () =>
      json('POST', `${V1}/webhooks`, {
        name: 'Order system',
        url: 'https://orders.example.com/hooks',
        events: ['case.opened'],
      }),
  },
  'GET /api/v1/webhooks/:id': {
    scope: 'company',
    ok: 200,
    request: async (world) => json('GET', `${V1}/webhooks/${await webhookEndpoint(world)}`),
  },
  'PATCH /api/v1/webhooks/:id': {
    scope: 'company',
    ok: 200,
    request: async (world) =>
      json('PATCH', `${V1}/webhooks/${await webhookEndpoint(world)}`, { active: false }),
  },
  'DELETE /api/v1/webhooks/:id': {
    scope: 'company',
    ok: 204,
    request: async (world) => json('DELETE', `${V1}/webhooks/${await webhookEndpoint(world)}`),
  },
  'POST /api/v1/webhooks/:id/rotate': {
    scope: 'company',
    ok: 200,
    request: async (world) => json('POST', `${V1}/webhooks/${await webhookEndpoint(world)}/rotate`, {}),
  },
  'GET /api/v1/webhooks/:id/deliveries': {
    scope: 'company',
    ok: 200,
    request: async (world) => json('GET', `${V1}/webhooks/${await webhookEndpoint(world)}/deliveries`),
  },
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/redeliver': {
    scope: 'company',
    ok: 200,
    request: async (world, site) => {
      const endpointId = await webhookEndpoint(world);
      await caseAt(world, site);
      const [delivery] = await world.app.webhooks.findDeliveries(endpointId);
      return json('POST', `${V1}/webhooks/${endpointId}/deliveries/${delivery!.id}/redeliver`);
    },
  },
};

/** Routes served by plugins that carry no business data (the docs UI and its assets). */
const UNLISTED = /^\/api\/docs/;

function routeKey(method: string, url: string): string {
  return `${method} ${url}`;
}

describeEachDialect(
  'the permission matrix: every route × every role × own site and another',
  (env) => {
    let world: World;
    const actors: Actor[] = [];

    beforeAll(async () => {
      const { app, server } = env();
      const today = chinaDate(app.clock.now());
      const sites = {
        O1: (await createSite(app, 'outlet')).id,
        O2: (await createSite(app, 'outlet')).id,
        H1: (await createSite(app, 'hub')).id,
        H2: (await createSite(app, 'hub')).id,
      };
      const couriers = {} as Record<SiteKey, string>;
      const screeners = {} as Record<SiteKey, string>;
      const machines = {} as Record<SiteKey, string>;
      for (const key of Object.keys(sites) as SiteKey[]) {
        const courier = await createStaffMember(app, ['courier'], sites[key]);
        await certify(app, courier.staff.id, 'prohibited-items-identification');
        couriers[key] = courier.staff.id;
        const screener = await createStaffMember(app, ['screener'], sites[key]);
        await certify(app, screener.staff.id, 'xray-operation');
        screeners[key] = screener.staff.id;
        machines[key] = (await registerMachine(app, sites[key])).machineCode;
      }
      world = { app, server, today, sites, couriers, screeners, machines };
      await app.sites.setCompany(adminContext(), { name: 'Matrix Express Co., Ltd.' });

      const homes: Record<Role, SiteKey> = {
        courier: 'O1',
        'station-manager': 'O1',
        'order-system': 'O1',
        screener: 'H1',
        'security-officer': 'H1',
        'legal-liaison': 'H1',
        auditor: 'H1',
        admin: 'H1',
        'xray-station': 'H1',
        'dispatch-station': 'H1',
      };
      for (const [role, home] of Object.entries(homes) as [Role, SiteKey][]) {
        if (isMachineRole(role)) {
          const { apiKey, secret } = await app.auth.createApiKey(adminContext(), {
            name: role,
            siteId: sites[home],
            role,
          });
          actors.push({
            role,
            home,
            machine: true,
            id: apiKey.id,
            headers: { authorization: `Bearer ${secret}` },
          });
          continue;
        }
        const { staff, password } = await createStaffMember(app, [role], sites[home]);
        // Everyone holds every certification: the matrix is about access, not training.
        for (const kind of CERTIFICATION_KINDS) await certify(app, staff.id, kind);
        const login = await server.inject(
          json('POST', `${V1}/auth/login`, { username: staff.username, password }),
        );
        const { token } = login.json<{ token: string }>();
        actors.push({
          role,
          home,
          machine: false,
          id: staff.id,
          headers: { authorization: `Bearer ${token}` },
          username: staff.username,
          password,
        });
      }
    });

    it('has a line for every route the server registers, and no line for a route it does not', () => {
      const registered = env()
        .server.registeredRoutes()
        .filter((route) => route.method !== 'HEAD' && !UNLISTED.test(route.url))
        .map((route) => routeKey(route.method, route.url));
      expect([...new Set(registered)].sort()).toEqual(Object.keys(SPECS).sort());
    });

    // Every route × every role × two sites, each allowed request on fresh records: minutes on a busy machine.
    it('answers every role, at its own site and at another, as the declarations say', async () => {
      const { server } = env();
      const routes = new Map(
        server.registeredRoutes().map((route) => [routeKey(route.method, route.url), route]),
      );
      const failures: string[] = [];
      for (const [key, spec] of Object.entries(SPECS)) {
        const route = routes.get(key)!;
        const access = route.access as Access;
        for (const actor of actors) {
          for (const where of ['own', 'other'] as const) {
            const site = where === 'own' ? actor.home : OTHER[actor.home];
            const expected = expectedStatus(access, spec, actor, where, route.concealed);
            const options = !holds(actor.role, access)
              ? // Refused before the body is read: no records needed.
                placeholderRequest(key)
              : await spec.request(world, site, actor);
            const response = await server.inject({
              ...options,
              headers: { ...actor.headers, ...(options.headers as Record<string, string> | undefined) },
            });
            const answer = spec.answerOf?.(response) ?? {
              status: response.statusCode,
              code: response.statusCode >= 400 ? response.json<{ code: string }>().code : undefined,
            };
            const status = answer.status;
            if (status !== expected) {
              failures.push(
                `${key} as ${actor.role} (${where} site): ${status}, expected ${expected} — ${response.body.slice(0, 200)}`,
              );
            } else if (expected === 403 || expected === 404) {
              const { code } = answer;
              if (code !== (expected === 403 ? 'forbidden' : 'not-found'))
                failures.push(`${key} as ${actor.role} (${where} site): code ${code}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      // Every route × every role × two sites, sequentially, with fresh records: minutes on a busy machine.
    }, 600_000);
    // Sign-in's own rate limit (sign-in.test.ts) would count the matrix's many sign-ins from one address.
  },
  { config: { loginRateLimitPerMinute: 0 } },
);

function holds(role: Role, access: Access): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  return ROLE_PERMISSIONS[role].includes(access);
}

function expectedStatus(
  access: Access,
  spec: RouteSpec,
  actor: Actor,
  where: 'own' | 'other',
  concealed: boolean,
): number {
  const ok = typeof spec.ok === 'function' ? spec.ok(actor) : spec.ok;
  // A concealed route (sealed records) answers whoever lacks the permission as if nothing were there.
  if (!holds(actor.role, access)) return concealed ? 404 : 403;
  if (access === 'public' || access === 'authenticated') return ok;
  if (where === 'own' || spec.scope === 'company' || COMPANY_WIDE.includes(actor.role)) return ok;
  return spec.other ?? (spec.scope === 'record' ? 404 : 403);
}

/** A request to a route's pattern with made-up parameters: enough for a refusal decided before the body is read. */
function placeholderRequest(key: string): InjectOptions {
  const [method, pattern] = key.split(' ') as [InjectOptions['method'], string];
  return { method, url: pattern.replace(/:[A-Za-z]+/g, 'X1234567') };
}
