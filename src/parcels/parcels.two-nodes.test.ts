// Two API nodes on one PostgreSQL: each commits its concurrent intakes in groups, the writer lock orders the
// groups of both, and nothing is lost, doubled or left out of the one audit chain.
import { expect, it } from 'vitest';
import { trustedSigningKeys } from '../audit/trusted-keys.js';
import { cliContext } from '../people/actor.js';
import { newId } from '../platform/ids.js';
import { createSite, createStaffMember, describeEachDialect, unique } from '../testing/test-app.js';
import { residentIdCheckCharacter } from '../identity/documents/check-characters.js';
import type { IntakeInput, IntakeResult } from './parcels.types.js';

function residentId(index: number): string {
  const body = `310104198103${String(1000 + (index % 30)).padStart(4, '0')}2`;
  return body + residentIdCheckCharacter(body);
}

describeEachDialect(
  'two API nodes on one database',
  (env) => {
    it('takes concurrent intakes through both: each waybill stored once, replays answered, the chain verifies', async () => {
      const { app } = env();
      const second = await env().openNode();
      const site = await createSite(app);
      const { staff } = await createStaffMember(app, ['courier'], site.id);
      const prefix = unique('TN').toUpperCase();
      const parcel = (index: number, weightGrams = 500): IntakeInput => ({
        waybillNo: `${prefix}-${String(index).padStart(4, '0')}`,
        siteId: site.id,
        route: 'domestic',
        origin: { country: 'CN', regionCode: '310104', address: '上海市徐汇区漕溪北路88号' },
        destination: { country: 'CN', regionCode: '110105', address: '北京市朝阳区建国路1号' },
        // Thirty senders shared by both nodes: each registered once, whichever node saw them first.
        sender: {
          documentType: 'resident-id',
          number: residentId(index),
          name: '张三',
          phone: '13812345678',
          verification: { method: 'card-reader' },
        },
        recipient: { name: '李四', phone: '13987654321', address: '北京市朝阳区建国路1号' },
        items: [{ description: index % 20 === 0 ? '仿真手枪' : '纯棉T恤', quantity: 1 }],
        weightGrams,
        noticeAcknowledged: true,
        courierId: staff.id,
      });
      const context = () => cliContext(newId(), 'test-two-nodes');
      const count = 120;
      // Both nodes get every even parcel (the same request twice: one takes it in, the other replays it); odd
      // parcels go to one node each; and a few go to the second node with another weight (a conflict there, or
      // taken in there first and a conflict on the first node).
      const calls: { node: 'first' | 'second'; index: number; promise: Promise<IntakeResult> }[] = [];
      for (let index = 0; index < count; index += 1) {
        const nodes =
          index % 2 === 0
            ? (['first', 'second'] as const)
            : ([index % 4 === 1 ? 'first' : 'second'] as const);
        for (const node of nodes) {
          const target = node === 'first' ? app : second;
          calls.push({ node, index, promise: target.parcels.intake(context(), parcel(index)) });
        }
        if (index % 30 === 5) {
          calls.push({
            node: 'second',
            index,
            promise: second.parcels.intake(context(), parcel(index, 999)),
          });
        }
      }
      const settled = await Promise.allSettled(calls.map((call) => call.promise));

      const stored = await app.store.db
        .selectFrom('parcels')
        .select(['waybill_no', 'weight_grams'])
        .where('waybill_no', 'like', `${prefix}-%`)
        .execute();
      expect(stored).toHaveLength(count);
      expect(new Set(stored.map((row) => row.waybill_no)).size).toBe(count);

      const byWaybill = new Map(stored.map((row) => [row.waybill_no, row.weight_grams]));
      let takenIn = 0;
      for (const [position, outcome] of settled.entries()) {
        const { index } = calls[position]!;
        const waybill = parcel(index).waybillNo;
        if (outcome.status === 'fulfilled') {
          // An answer is for the request that is stored (taken in, or replayed for the same request).
          expect(outcome.value.waybillNo).toBe(waybill);
          if (!outcome.value.replayed) takenIn += 1;
        } else {
          // The loser of two different requests under one waybill: a conflict, and the winner's is stored.
          expect(outcome.reason).toMatchObject({ code: 'conflict' });
        }
      }
      expect(takenIn).toBe(count);
      // The conflicting requests: exactly one of each pair is stored.
      for (let index = 5; index < count; index += 30) {
        expect([500, 999]).toContain(byWaybill.get(parcel(index).waybillNo));
      }

      // One audit chain: an intake record per stored parcel (in the groups' batch entries), no more; it verifies.
      const entries = await app.store.db
        .selectFrom('audit_leaves')
        .select('subject_id')
        .where('action', '=', 'parcel.taken-in')
        .where('subject_id', 'like', `${prefix}-%`)
        .execute();
      expect(entries).toHaveLength(count);
      const senders = await app.store.db
        .selectFrom('senders')
        .select('id')
        .where('verified_site_id', '=', site.id)
        .execute();
      expect(senders).toHaveLength(30);
      await second.audit.createCheckpoints();
      expect((await app.audit.verify(await trustedSigningKeys(app))).ok).toBe(true);
    });
  },
  { dialects: ['postgres'] },
);
