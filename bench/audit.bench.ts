// Audit log throughput on the embedded store (SQLite, synchronous=full — the default, durable setting).
//   audit_appends_per_s          chained appends, 100 entries per transaction, through AuditService.append
//   with_audit_vs_without_ratio  the representative write of this system — a parcel intake (identity gate,
//                                screening, risk, parcel rows; one durable transaction) — with its audit
//                                entries, ÷ the same intake on a twin store whose audit log is a no-op,
//                                measured side by side (alternating rounds) in this run
//   site_write_with_audit_vs_without_ratio  the same for a small administrative write (SitesService.createSite)
//   with_audit_vs_without_batch100_ratio  bare row inserts, 100 per transaction, with and without their 100
//                                entries: the worst case (the cheapest possible write), for information
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { cliContext } from '../src/people/actor.js';
import { AuditService } from '../src/audit/audit.service.js';
import { PeopleRepository } from '../src/people/people.repository.js';
import { SitesService } from '../src/people/sites.service.js';
import { loadConfig } from '../src/platform/config.js';
import { generateKeyFile } from '../src/platform/crypto/keyring.js';
import type { SiteTable } from '../src/platform/database/schema.js';
import { newId } from '../src/platform/ids.js';
import { createLogger } from '../src/platform/logger.js';
import { intakeFixture } from './fixtures.js';
import type { Report } from './run.js';

export default async function auditBench(report: Report): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-bench-audit-'));
  const app = await createApp(
    loadConfig({
      PARCELGUARD_DATA_DIR: dir,
      PARCELGUARD_KEYS: JSON.stringify(generateKeyFile()),
      PARCELGUARD_SQLITE_SYNCHRONOUS: process.env.PARCELGUARD_SQLITE_SYNCHRONOUS ?? 'full',
    }),
    { logger: createLogger('silent') },
  );
  try {
    const context = cliContext(newId(), 'bench');
    const people = new PeopleRepository();
    let counter = 0;
    const site = (): SiteTable => {
      counter += 1;
      const now = Date.now();
      return {
        id: newId(now),
        code: `B${counter}`,
        name: `Bench site ${counter}`,
        kind: 'outlet',
        region_code: '310104',
        status: 'active',
        created_at: now,
        updated_at: now,
      };
    };
    const writeBatch = async (size: number, audited: boolean) => {
      await app.store.transaction(async (trx) => {
        const rows = Array.from({ length: size }, site);
        for (const row of rows) await people.insertSite(trx, row);
        if (audited) {
          await app.audit.append(
            trx,
            context,
            rows.map((row) => ({
              action: 'site.created' as const,
              subject: { type: 'site', id: row.id },
              data: row,
            })),
          );
        }
      });
    };
    const throughput = async (seconds: number, size: number, audited: boolean): Promise<number> => {
      const start = performance.now();
      let writes = 0;
      while (performance.now() - start < seconds * 1000) {
        await writeBatch(size, audited);
        writes += size;
      }
      return writes / ((performance.now() - start) / 1000);
    };

    // Chained appends on their own.
    await throughput(0.5, 100, true);
    const appendStart = performance.now();
    let appended = 0;
    while (performance.now() - appendStart < 3000) {
      await app.store.transaction((trx) =>
        app.audit.append(
          trx,
          context,
          Array.from({ length: 100 }, (_, i) => ({
            action: 'site.updated' as const,
            subject: { type: 'site', id: `s${i}` },
            data: { i },
          })),
        ),
      );
      appended += 100;
    }
    report('audit_appends_per_s', appended / ((performance.now() - appendStart) / 1000), 'entries/s');

    // Side by side, alternating rounds so drift on a busy machine hits both equally.
    // Pairs of short rounds; the median of the pairs' ratios resists the bursts of WAL checkpoints and of
    // other work on a shared machine better than one long run of each.
    const sideBySide = async (withAudit: () => Promise<number>, without: () => Promise<number>) => {
      const ratios: number[] = [];
      for (let round = 0; round < 10; round += 1) {
        const bare = await without();
        ratios.push((await withAudit()) / bare);
      }
      ratios.sort((a, b) => a - b);
      return (ratios[4]! + ratios[5]!) / 2;
    };
    const noAudit = Object.assign(Object.create(AuditService.prototype) as AuditService, {
      append: () => Promise.resolve([]),
    });
    const audited = app.sites;
    const unaudited = new SitesService(app.store, people, noAudit, app.clock);
    const serviceWrites = (service: SitesService) => async () => {
      const start = performance.now();
      let writes = 0;
      while (performance.now() - start < 1000) {
        counter += 1;
        await service.createSite(context, {
          code: `R${counter}`,
          name: 'Representative',
          kind: 'outlet',
          regionCode: '310104',
        });
        writes += 1;
      }
      return writes / ((performance.now() - start) / 1000);
    };
    const withAudit = await intakeFixture('audited');
    const withoutAudit = await intakeFixture('bare');
    try {
      // Every service of the twin app shares its one AuditService: silencing it removes every audit write.
      withoutAudit.app.audit.append = () => Promise.resolve([]);
      const intakes = (fixture: typeof withAudit) => async () => {
        const start = performance.now();
        let writes = 0;
        while (performance.now() - start < 1000) {
          await fixture.app.parcels.intake(context, fixture.nextParcel());
          writes += 1;
        }
        return writes / ((performance.now() - start) / 1000);
      };
      for (let i = 0; i < 100; i += 1) {
        await withAudit.app.parcels.intake(context, withAudit.nextParcel());
        await withoutAudit.app.parcels.intake(context, withoutAudit.nextParcel());
      }
      report(
        'with_audit_vs_without_ratio',
        await sideBySide(intakes(withAudit), intakes(withoutAudit)),
        'ratio',
      );
    } finally {
      await withAudit.dispose();
      await withoutAudit.dispose();
    }
    report(
      'site_write_with_audit_vs_without_ratio',
      await sideBySide(serviceWrites(audited), serviceWrites(unaudited)),
      'ratio',
    );
    report(
      'with_audit_vs_without_batch100_ratio',
      await sideBySide(
        () => throughput(1, 100, true),
        () => throughput(1, 100, false),
      ),
      'ratio',
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
