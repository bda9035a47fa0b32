// Certifications are Chinese calendar dates: one valid until 1 March covers the counter until midnight in
// Beijing (16:00 UTC), not until midnight UTC eight hours later.
import { expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { intakeBody } from '../testing/parcel-factories.js';
import { adminContext, createSite, createStaffMember, describeEachDialect } from '../testing/test-app.js';

const LAST_EVENING = Date.parse('2026-03-01T15:30:00Z'); // 23:30 in Beijing, 1 March
const clock = new ManualClock(LAST_EVENING);

describeEachDialect(
  'a certification on its last day',
  (env) => {
    it('lets its holder inspect until midnight China time, and not after', async () => {
      const { app } = env();
      clock.set(LAST_EVENING);
      const site = await createSite(app);
      const { staff } = await createStaffMember(app, ['courier'], site.id);
      await app.staff.grantCertification(adminContext(), staff.id, {
        reason: 'carried over from a paper record',
        kind: 'prohibited-items-identification',
        issuedOn: '2026-01-05',
        expiresOn: '2026-03-01',
      });
      const takeIn = async () => {
        const body = intakeBody(site.id, { courierId: staff.id });
        expect((await app.parcels.intake(adminContext(), body)).decision).toBe('inspect');
        return body.waybillNo;
      };

      const lastEvening = await takeIn();
      await expect(
        app.parcels.inspect(adminContext(), lastEvening, { outcome: 'consistent', inspectorId: staff.id }),
      ).resolves.toMatchObject({ state: 'accepted' });

      clock.advance(60 * 60_000); // 00:30 in Beijing, 2 March; still 1 March in UTC
      const nextMorning = await takeIn();
      await expect(
        app.parcels.inspect(adminContext(), nextMorning, { outcome: 'consistent', inspectorId: staff.id }),
      ).rejects.toMatchObject({ code: 'not-certified' });
    });
  },
  { clock },
);
