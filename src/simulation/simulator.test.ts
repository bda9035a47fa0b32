import { expect, it } from 'vitest';
import { trustedSigningKeys } from '../audit/trusted-keys.js';
import { ManualClock } from '../platform/clock.js';
import { describeEachDialect } from '../testing/test-app.js';
import { simulate } from './simulator.js';

const clock = new ManualClock(Date.now());

describeEachDialect(
  'simulate',
  (env) => {
    it('drives traffic through the real services, and its summary agrees with the store', async () => {
      const { app } = env();
      const summary = await simulate(app, clock, { parcels: 80, days: 2, seed: 7 });
      const db = app.store.db;
      const count = async (build: (q: ReturnType<typeof base>) => ReturnType<typeof base>) =>
        Number(
          (
            await build(base())
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const base = () => db.selectFrom('parcels');
      expect(await count((q) => q)).toBe(summary.parcels);
      expect(summary.parcels).toBe(80);
      expect(await count((q) => q.where('state', '=', 'refused'))).toBeGreaterThanOrEqual(summary.refused);
      expect(await count((q) => q.where('dispatched_at', 'is not', null))).toBe(summary.dispatched);
      expect(await count((q) => q.where('inspection_outcome', '=', 'consistent'))).toBe(summary.accepted);
      const outcomes = await db.selectFrom('scans').select('outcome').execute();
      expect(outcomes).toHaveLength(summary.scans);
      expect(outcomes.filter((s) => s.outcome === 'held-unmarked')).toHaveLength(
        summary.gaps.skippedInspection,
      );
      expect(outcomes.filter((s) => s.outcome === 'unknown-parcel')).toHaveLength(summary.gaps.neverTakenIn);
      expect(summary.gaps.neverTakenIn).toBeGreaterThan(0);
      expect(summary.dispatched).toBeGreaterThan(0);
      // Every dispatched parcel was X-rayed clear first.
      const dispatched = await db
        .selectFrom('parcels')
        .select(['screened_at', 'dispatched_at'])
        .where('dispatched_at', 'is not', null)
        .execute();
      for (const parcel of dispatched)
        expect(Number(parcel.screened_at)).toBeLessThanOrEqual(Number(parcel.dispatched_at));
      expect((await app.audit.verify(await trustedSigningKeys(app))).ok).toBe(true);
    });

    it('names the rule when asked for nonsense', async () => {
      const { app } = env();
      await expect(simulate(app, clock, { parcels: 0, days: 1 })).rejects.toThrow(/--parcels/);
      await expect(simulate(app, clock, { parcels: 5, days: 0 })).rejects.toThrow(/--days/);
    });
  },
  { clock },
);
