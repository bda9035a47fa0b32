// scans_per_s: X-ray scan events ingested through ScansService in batches of 500 (one durable transaction per
// batch, synchronous=full): machine and operator checks, the mark verified (Ed25519), the parcel moved to
// screened, the scan row, a timeline event and an audit entry for each scan.
import { createInspectionMark } from '../src/parcels/inspection-mark.js';
import { cliContext } from '../src/people/actor.js';
import { isoDate } from '../src/platform/clock.js';
import { newId } from '../src/platform/ids.js';
import type { ScanInput } from '../src/hubs/scans.service.js';
import { intakeFixture } from './fixtures.js';
import type { Report } from './run.js';

const PARCELS = 30_000;
const BATCH = 500;

export async function measureScans(report: Report): Promise<void> {
  const fixture = await intakeFixture('scan');
  const { app } = fixture;
  try {
    const context = cliContext(newId(), 'bench');
    const today = isoDate(Date.now());
    const nextYear = `${Number(today.slice(0, 4)) + 1}-12-31`;
    await app.staff.grantCertification(context, fixture.courierId, {
      reason: 'benchmark staff, certified for the run',
      kind: 'prohibited-items-identification',
      issuedOn: today,
      expiresOn: nextYear,
    });
    await app.staff.grantCertification(context, fixture.courierId, {
      reason: 'benchmark staff, certified for the run',
      kind: 'xray-operation',
      issuedOn: today,
      expiresOn: nextYear,
    });
    const template = fixture.nextParcel();
    await app.parcels.intake(context, template);
    await app.parcels.inspect(context, template.waybillNo, {
      outcome: 'consistent',
      inspectorId: fixture.courierId,
    });
    const machine = await app.machines.register(context, {
      machineCode: 'BENCH-XR1',
      siteId: template.siteId,
      maker: 'Nuctech',
      model: 'CX6040BI',
      standard: 'GB 15208.1-2018',
      certificateNo: 'BENCH',
      certifiedUntil: nextYear,
      lastCalibratedOn: today,
    });

    // Accepted parcels with real marks, cloned from the one taken in (intake has its own bench).
    const sqlite = app.store.sqlite!;
    const row = sqlite
      .prepare('select * from parcels where waybill_no = ?')
      .get(template.waybillNo) as Record<string, unknown>;
    const columns = Object.keys(row);
    const insert = sqlite.prepare(
      `insert into parcels (${columns.join(',')}) values (${columns.map((c) => `@${c}`).join(',')})`,
    );
    const key = app.keyring.activeSigningKey;
    const waybills: string[] = [];
    sqlite.transaction(() => {
      for (let i = 0; i < PARCELS; i += 1) {
        const waybillNo = `SCANB${String(i).padStart(9, '0')}`;
        const mark = createInspectionMark(
          {
            waybillNo,
            siteCode: 'SCAN-1',
            inspectorId: fixture.courierId,
            inspectedAt: Math.floor(Date.now() / 1000),
            catalogueVersion: String(row.catalogue_version),
          },
          { keyId: key.id, privateKey: key.privateKey },
        );
        insert.run({ ...row, waybill_no: waybillNo, inspection_mark: mark });
        waybills.push(waybillNo);
      }
    })();

    const scan = (waybillNo: string): ScanInput => ({
      eventId: `ev-${waybillNo}`,
      waybillNo,
      machineCode: machine.machineCode,
      operatorId: fixture.courierId,
      scannedAt: new Date().toISOString(),
      result: 'clear',
      imageRef: `hub/${waybillNo}.png`,
      imageSha256: 'a'.repeat(64),
    });
    const batches: ScanInput[][] = [];
    for (let i = 0; i < waybills.length; i += BATCH) batches.push(waybills.slice(i, i + BATCH).map(scan));
    await app.scans.submit(context, batches.shift()!); // warm-up
    const start = performance.now();
    let done = 0;
    for (const batch of batches) {
      const answers = await app.scans.submit(context, batch);
      if (answers.some((answer) => answer.status !== 201)) throw new Error('a bench scan was not recorded');
      done += batch.length;
    }
    report('scans_per_s', done / ((performance.now() - start) / 1000), 'scans/s');
  } finally {
    await fixture.dispose();
  }
}
