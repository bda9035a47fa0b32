import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/test-app.js';
import { seedDemoIfEmpty, simulateDemoTraffic } from './demo-seed.js';

describe('demo mode', () => {
  const created = createTestApp('sqlite', { config: { demoSimulationParcels: 30 } });
  afterAll(async () => (await created).dispose());

  it('seeds one login per role, then simulates traffic so the reports have something to show', async () => {
    const { app } = await created;
    const credentials = await seedDemoIfEmpty(app);
    expect(credentials?.map((c) => c.role)).toContain('screener');
    const simulated = await simulateDemoTraffic(app);
    expect(simulated?.parcels).toBe(30);
    const stored = await app.store.db
      .selectFrom('parcels')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(30);
    // At the demo's own outlets, so the demo logins see the traffic of their sites.
    const sites = await app.sites.findSites();
    const outlets = sites
      .filter((site) => ['SH-OUT-01', 'BJ-OUT-01'].includes(site.code))
      .map((site) => site.id);
    const where = await app.store.db.selectFrom('parcels').select('site_id').distinct().execute();
    expect(where.map((row) => row.site_id).sort()).toEqual(outlets.sort());
    expect(await seedDemoIfEmpty(app)).toBeNull();
  });
});
