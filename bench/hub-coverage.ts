// What the SQLite and PostgreSQL hub benches share: their sites, and the coverage measurement (one site over the
// last 30 of the generated days, once to warm the cache, then five times; the median).
import type { App } from '../src/app.js';
import { cliContext } from '../src/people/actor.js';
import { newId } from '../src/platform/ids.js';
import { dayToDate } from '../src/platform/clock.js';
import type { Report } from './run.js';

/** Outlets then hubs, as many as asked, through the app (audited like any site); their ids in that order. */
export async function createBenchSites(app: App, outlets: number, hubs: number): Promise<string[]> {
  const context = cliContext(newId(), 'bench');
  const siteIds: string[] = [];
  for (let i = 0; i < outlets + hubs; i += 1) {
    const site = await app.sites.createSite(context, {
      code: `BENCH-${i < outlets ? 'OUT' : 'HUB'}-${String(i).padStart(2, '0')}`,
      name: 'Bench site',
      kind: i < outlets ? 'outlet' : 'hub',
      regionCode: '310104',
    });
    siteIds.push(site.id);
  }
  return siteIds;
}

export async function measureCoverageSiteMonth(
  app: App,
  where: { lastDay: number; siteId: string },
  report: Report,
): Promise<void> {
  const query = { from: dayToDate(where.lastDay - 29), to: dayToDate(where.lastDay), siteId: where.siteId };
  const context = cliContext(newId(), 'bench');
  await app.reports.coverage(context, query); // warm the cache
  const times: number[] = [];
  let presented = 0;
  for (let run = 0; run < 5; run += 1) {
    const start = performance.now();
    const result = await app.reports.coverage(context, query);
    times.push(performance.now() - start);
    presented = result.totals.presented;
  }
  times.sort((a, b) => a - b);
  report('coverage_site_month_ms', times[Math.floor(times.length / 2)]!, 'ms');
  report('coverage_site_month_parcels', presented, 'parcels');
}
