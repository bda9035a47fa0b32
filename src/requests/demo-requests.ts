// Demo lawful requests for a first start: one in each state (registered, returned, verified, approved, refused,
// fulfilled, closed), registered by the demo legal liaison and approved by a second, designated one, so the
// register, the checklist and the four-eyes approval have something to show.
import type { App } from '../app.js';
import type { RequestContext } from '../people/actor.js';
import { chinaDate } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { RegisterInput } from './requests.service.js';
import { CHECK_ITEMS } from './requests.tables.js';

const HOUR = 3_600_000;

export async function seedDemoRequests(
  app: App,
  sites: { outletId: string; hubId: string },
  people: { liaisonId: string; approverId: string },
): Promise<void> {
  const as = (id: string): RequestContext => ({
    actor: { type: 'staff', id, roles: ['legal-liaison'], siteId: sites.hubId },
    requestId: newId(),
  });
  const liaison = as(people.liaisonId);
  const approver = as(people.approverId);
  await app.requests.designateApprover(
    { actor: { type: 'system', id: 'demo-seed', roles: [], siteId: null }, requestId: newId() },
    people.approverId,
    true,
  );
  const now = app.clock.now();
  const today = chinaDate(now);
  const monthAgo = chinaDate(now - 30 * 24 * HOUR);
  const directory = {
    'state-security': await app.requests.addDirectoryEntry(liaison, {
      agencyKind: 'state-security',
      organ: '上海市国家安全局',
      phone: '12339',
    }),
    'public-security': await app.requests.addDirectoryEntry(liaison, {
      agencyKind: 'public-security',
      organ: '上海市公安局',
      phone: '021-110',
    }),
    customs: await app.requests.addDirectoryEntry(liaison, {
      agencyKind: 'customs',
      organ: '上海海关',
      phone: '12360',
    }),
  };
  const register = (n: number, input: Partial<RegisterInput> = {}) =>
    app.requests.register(liaison, {
      agencyKind: 'public-security',
      issuingOrgan: '上海市公安局',
      organLevel: 'provincial',
      documentKind: 'investigation-letter',
      documentNumber: `沪公调〔${today.slice(0, 4)}〕第${100 + n}号`,
      documentDate: today,
      officers: [
        { name: '王警官', workIdNo: `GA-310-${1000 + n}` },
        { name: '刘警官', workIdNo: `GA-310-${2000 + n}` },
      ],
      arrivedVia: 'in-person',
      deadlineAt: now + (24 + n) * HOUR,
      scope: {
        siteIds: [sites.outletId],
        from: monthAgo,
        to: today,
        categories: ['parcel-records', 'inspection-and-xray-records'],
      },
      ...input,
    });
  const verify = async (id: string, agency: keyof typeof directory) => {
    for (const item of CHECK_ITEMS)
      await app.requests.recordCheck(liaison, id, {
        item,
        passed: true,
        ...(item === 'agency-called-back' ? { directoryEntryId: directory[agency].id } : {}),
      });
  };

  // Registered: a state-security request, the checklist half done.
  const registered = await register(1, {
    agencyKind: 'state-security',
    issuingOrgan: '上海市国家安全局',
    documentKind: 'evidence-collection-notice',
  });
  await app.requests.recordCheck(liaison, registered.id, { item: 'work-ids-seen', passed: true });
  await app.requests.recordCheck(liaison, registered.id, { item: 'document-seen', passed: true });
  // Returned: the scope was wider than the matter needs.
  const returned = await register(2);
  await app.requests.returnForInformation(
    liaison,
    returned.id,
    'scope covers a whole site: ask for the waybills',
  );
  // Verified: awaiting the designated approver.
  const verified = await register(3, {
    agencyKind: 'customs',
    issuingOrgan: '上海海关',
    organLevel: 'districted-city',
  });
  await verify(verified.id, 'customs');
  // Approved: the package may be exported.
  const approved = await register(4);
  await verify(approved.id, 'public-security');
  await app.requests.approve(
    approver,
    approved.id,
    'document and officers checked; scope limited to one outlet',
  );
  // Refused: a county organ cannot approve this access.
  const refused = await register(5, { organLevel: 'county' });
  await app.requests.refuse(liaison, refused.id, 'the issuing organ is below the level the law requires');
  // Fulfilled: exported and received.
  const fulfilled = await register(6);
  await verify(fulfilled.id, 'public-security');
  await app.requests.approve(approver, fulfilled.id, 'in scope and lawful');
  await app.requests.exportPackage(liaison, fulfilled.id);
  await app.requests.recordReceipt(liaison, fulfilled.id, {
    receivingOfficers: [{ name: '王警官', workIdNo: 'GA-310-1006' }],
  });
  // Closed: fulfilled earlier, legal hold lifted, filed.
  const closed = await register(7);
  await verify(closed.id, 'public-security');
  await app.requests.approve(approver, closed.id, 'in scope and lawful');
  await app.requests.exportPackage(liaison, closed.id);
  await app.requests.recordReceipt(liaison, closed.id, {
    receivingOfficers: [{ name: '刘警官', workIdNo: 'GA-310-2007' }],
  });
  await app.requests.setLegalHold(liaison, closed.id, false, 'the agency closed its matter');
  await app.requests.close(liaison, closed.id, 'package received, matter closed by the agency');
}
