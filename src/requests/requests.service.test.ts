// A state-security request for one sender's parcels over a month, end to end on both databases: verified,
// approved by a second person, exported with exactly those parcels (recounted here from the stored rows), the
// package verified offline and a tampered one refused; a parcel detained with the counter told nothing; the legal
// hold keeping the sender through a retention purge until it is lifted; receipt, close, figures.
import { expect, it } from 'vitest';
import type { App } from '../app.js';
import type { RequestContext } from '../people/actor.js';
import { ManualClock } from '../platform/clock.js';
import { SEALED_HOLD_NOTICE } from '../parcels/parcels.types.js';
import { intakeBody } from '../testing/parcel-factories.js';
import { uniquePhone } from '../testing/identity-factories.js';
import {
  adminContext,
  createSite,
  createStaffMember,
  describeEachDialect,
  signIn,
} from '../testing/test-app.js';
import { verifyRequestPackage, type RequestPackage } from './request-package.js';
import { CHECK_ITEMS } from './requests.tables.js';

const DAY = 86_400_000;
const at = (date: string) => Date.parse(`${date}T10:00:00+08:00`);
const clock = new ManualClock(at('2026-10-05'));

async function liaison(app: App, siteId: string): Promise<RequestContext & { staffId: string }> {
  const { staff } = await createStaffMember(app, ['legal-liaison'], siteId);
  return {
    actor: { type: 'staff', id: staff.id, roles: ['legal-liaison'], siteId },
    requestId: `test-${staff.id}`,
    staffId: staff.id,
  };
}

describeEachDialect(
  'a lawful request end to end',
  (env) => {
    it('discloses exactly the parcels in scope, signed; detains without telling; holds the sender from retention', async () => {
      const { app, server } = env();
      clock.set(at('2026-10-05'));
      const site = await createSite(app);
      const { staff: courier } = await createStaffMember(app, ['courier'], site.id);
      const document = '11010519491231002X';
      const sender = (phone = uniquePhone()) => ({
        documentType: 'resident-id' as const,
        number: document,
        name: '赵六',
        phone,
        verification: { method: 'card-reader' as const },
      });
      const take = async (overrides: Parameters<typeof intakeBody>[1] = {}) => {
        const body = intakeBody(site.id, { courierId: courier.id, ...overrides });
        const result = await app.parcels.intake(adminContext(), body);
        expect(result.decision).toBe('inspect');
        return body.waybillNo;
      };
      const inOctober = [await take({ sender: sender() })];
      const other = await take(); // another sender, same month
      clock.set(at('2026-10-20'));
      inOctober.push(await take({ sender: sender() }));
      clock.set(at('2026-11-10'));
      const inNovember = await take({ sender: sender() });

      clock.set(at('2026-11-15'));
      const registrar = await liaison(app, site.id);
      const approver = await liaison(app, site.id);
      const request = await app.requests.register(registrar, {
        agencyKind: 'state-security',
        issuingOrgan: '北京市国家安全局',
        organLevel: 'provincial',
        documentKind: 'evidence-collection-notice',
        documentNumber: '京国安调〔2026〕第7号',
        documentDate: '2026-11-14',
        officers: [
          { name: '周警官', workIdNo: 'GA-110-0007' },
          { name: '吴警官', workIdNo: 'GA-110-0011' },
        ],
        arrivedVia: 'in-person',
        deadlineAt: clock.now() + 3 * DAY,
        scope: {
          senderDocuments: [{ documentType: 'resident-id', number: document }],
          from: '2026-10-01',
          to: '2026-10-31',
          categories: ['real-name-records', 'parcel-records', 'inspection-and-xray-records', 'audit-entries'],
        },
      });
      await expect(app.requests.exportPackage(registrar, request.id)).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/not been verified/),
      });
      const entry = await app.requests.addDirectoryEntry(registrar, {
        agencyKind: 'state-security',
        organ: '北京市国家安全局',
        phone: '12339',
      });
      for (const item of CHECK_ITEMS)
        await app.requests.recordCheck(registrar, request.id, {
          item,
          passed: true,
          ...(item === 'agency-called-back' ? { directoryEntryId: entry.id } : {}),
        });
      await app.requests.designateApprover(adminContext(), approver.staffId, true);
      await expect(app.requests.approve(registrar, request.id, 'lawful and limited')).rejects.toMatchObject({
        code: 'forbidden',
      });
      await app.requests.approve(
        approver,
        request.id,
        'two officers, provincial organ, one sender for a month',
      );

      // The export holds exactly the sender's October parcels: recounted from the stored rows.
      const pkg = await app.requests.exportPackage(registrar, request.id);
      const [senderRow] = await app.store.db
        .selectFrom('parcels')
        .select('sender_id')
        .where('waybill_no', '=', inOctober[0]!)
        .execute();
      const expected = (
        await app.store.db
          .selectFrom('parcels')
          .select('waybill_no')
          .where('sender_id', '=', senderRow!.sender_id)
          .where('created_at', '>=', Date.parse('2026-10-01T00:00:00+08:00'))
          .where('created_at', '<', Date.parse('2026-11-01T00:00:00+08:00'))
          .execute()
      )
        .map((row) => row.waybill_no)
        .sort();
      expect(expected).toEqual([...inOctober].sort());
      const file = (name: string) =>
        JSON.parse(Buffer.from(pkg.files[name]!, 'base64').toString('utf8')) as Record<string, unknown>[];
      const parcels = file('parcels.json');
      expect(parcels.map((p) => p.waybillNo).sort()).toEqual(expected);
      expect(JSON.stringify(parcels)).not.toContain(other);
      expect(JSON.stringify(parcels)).not.toContain(inNovember);
      expect(parcels[0]).toMatchObject({ recipient: { name: '李四', phone: '13987654321' } });
      const senders = file('senders.json');
      expect(senders).toMatchObject([{ documentNumber: document, name: '赵六' }]);
      expect(senders[0]!.phones).toHaveLength(3);
      expect(file('audit-entries.json').length).toBeGreaterThan(0);
      expect(file('audit-entries.json').every((record) => expected.includes(String(record.subjectId)))).toBe(
        true,
      );
      expect(Object.keys(pkg.files).sort()).toEqual([
        'audit-entries.json',
        'inspections.json',
        'parcels.json',
        'senders.json',
        'xray-scans.json',
      ]);

      // Verified offline with the public key alone; an altered, a removed or an added file is named.
      const publicKey = app.signer.publicKeys().find((key) => key.keyId === pkg.manifest.keyId)!.publicKeyPem;
      expect(verifyRequestPackage(pkg, publicKey)).toMatchObject({ valid: true, files: 5 });
      const altered: RequestPackage = {
        ...pkg,
        files: { ...pkg.files, 'parcels.json': Buffer.from('[]').toString('base64') },
      };
      expect(verifyRequestPackage(altered, publicKey)).toEqual({
        valid: false,
        reason: 'parcels.json does not match its signed hash (altered after signing)',
      });
      const { 'senders.json': _removed, ...fewer } = pkg.files;
      expect(verifyRequestPackage({ ...pkg, files: fewer }, publicKey)).toMatchObject({ valid: false });
      expect(
        verifyRequestPackage({ ...pkg, files: { ...pkg.files, 'extra.json': 'W10=' } }, publicKey),
      ).toMatchObject({ valid: false, reason: 'extra.json is not in the signed manifest' });

      // Detained: held, and the counter learns nothing of why; a parcel outside the scope is refused.
      await expect(app.requests.detain(registrar, request.id, [other])).rejects.toMatchObject({
        errors: [{ path: '/waybills' }],
      });
      const detained = await app.requests.detain(registrar, request.id, [inNovember]);
      expect(detained.detainedWaybills).toEqual([inNovember]);
      const counter = await signIn(server, app, ['courier'], site.id);
      const timeline = await server.inject({
        method: 'GET',
        url: `/api/v1/parcels/${inNovember}`,
        headers: counter.headers,
      });
      expect(timeline.json()).toMatchObject({ state: 'held' });
      expect(timeline.body).not.toContain('lawful request');
      const holds = await server.inject({
        method: 'GET',
        url: `/api/v1/holds?siteId=${site.id}`,
        headers: counter.headers,
      });
      expect(
        holds.json<{ waybillNo: string; reason: string }[]>().find((h) => h.waybillNo === inNovember),
      ).toMatchObject({
        reason: SEALED_HOLD_NOTICE,
      });

      // Receipt: fulfilled; then closed.
      const fulfilled = await app.requests.recordReceipt(registrar, request.id, {
        receivingOfficers: [{ name: '周警官', workIdNo: 'GA-110-0007' }],
      });
      expect(fulfilled).toMatchObject({
        status: 'fulfilled',
        receipt: { receivingOfficers: [{ name: '周警官' }] },
      });

      // The legal hold keeps the sender through a retention purge; lifted, the next purge takes them.
      clock.set(at('2026-11-15') + 400 * DAY);
      const held = await app.retention.run(adminContext());
      expect(held.keptForLegalHold).toBe(1);
      const stillThere = await app.store.db
        .selectFrom('senders')
        .select('id')
        .where('id', '=', senderRow!.sender_id!)
        .executeTakeFirst();
      expect(stillThere).toBeDefined();
      await app.requests.setLegalHold(registrar, request.id, false, 'case closed by the agency');
      const purged = await app.retention.run(adminContext());
      expect(purged.keptForLegalHold).toBe(0);
      expect(
        await app.store.db
          .selectFrom('senders')
          .select('id')
          .where('id', '=', senderRow!.sender_id!)
          .executeTakeFirst(),
      ).toBeUndefined();

      const closed = await app.requests.close(registrar, request.id, 'package received, matter closed');
      expect(closed.status).toBe('closed');
      const figures = await app.requests.figures(registrar, { from: '2026-10-01', to: '2026-12-31' });
      expect(figures.rows).toEqual([
        { quarter: '2026-Q4', agencyKind: 'state-security', received: 1, refused: 0, fulfilled: 1 },
      ]);
    });
  },
  { clock },
);
