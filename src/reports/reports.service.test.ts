import { expect, it } from 'vitest';
import type { App } from '../app.js';
import { ManualClock } from '../platform/clock.js';
import { buildCoverageScenario, SENDER, type CoverageScenario } from '../testing/coverage-scenario.js';
import { adminContext, auditEntriesAfter, auditHead, describeEachDialect } from '../testing/test-app.js';
import { ReportsRepository } from './reports.repository.js';
import { verifyAttestationProof, verifySignedStatement, type AttestationProof } from './attestation.js';

// Noon in China on the current China day: every fixture instant (now … now + 9 s) falls on the same day.
const DAY = 86_400_000;
const CST = 8 * 3_600_000;
const noonCst = Math.floor((Date.now() + CST) / DAY) * DAY - CST + 12 * 3_600_000;
const clock = new ManualClock(noonCst);
const cstDate = (ms: number) => new Date(ms + CST).toISOString().slice(0, 10);
const TODAY = cstDate(noonCst);
const YESTERDAY = cstDate(noonCst - DAY);
const has = (value: unknown) => value !== null && value !== undefined;

/**
 * The coverage report recounted plainly from raw rows: select everything, count in JS. Written apart from
 * coverage.ts on purpose, from the definitions in the brief and the API descriptions.
 */
async function recount(app: App, siteIds: string[], days: string[]) {
  const parcels = await app.store.db.selectFrom('parcels').selectAll().execute();
  const scans = await app.store.db.selectFrom('scans').selectAll().execute();
  const events = await app.store.db.selectFrom('parcel_events').selectAll().execute();
  const clues = await app.store.db.selectFrom('clues').selectAll().execute();
  const rejections = await app.store.db.selectFrom('scan_rejections').selectAll().execute();
  const rows: Record<string, unknown>[] = [];
  const gaps: { waybillNo: string; siteId: string; day: string; gates: string[]; source: string }[] = [];
  for (const day of days) {
    for (const siteId of siteIds) {
      const mine = parcels.filter((p) => p.site_id === siteId && cstDate(Number(p.created_at)) === day);
      const refusedByReason: Record<string, number> = {};
      let refused = 0;
      let enteredNetwork = 0;
      let realNameGaps = 0;
      let inspectionGaps = 0;
      let xrayGaps = 0;
      for (const p of mine) {
        let reason: string | null = null;
        if (p.gate_decision === 'refuse') reason = `identity:${p.gate_reason}`;
        else if (p.decision === 'refuse') reason = 'contents';
        else if (has(p.inspection_outcome) && p.inspection_outcome !== 'consistent')
          reason = `inspection:${p.inspection_outcome}`;
        if (reason !== null) {
          refused += 1;
          refusedByReason[reason] = (refusedByReason[reason] ?? 0) + 1;
        }
        const inNetwork =
          ['accepted', 'open-inspection', 'screened', 'dispatched', 'delivered'].includes(p.state) ||
          p.inspection_outcome === 'consistent' ||
          has(p.dispatched_at);
        const parcelGates: string[] = [];
        if (inNetwork) enteredNetwork += 1;
        if (inNetwork && p.gate_decision !== 'pass') {
          realNameGaps += 1;
          parcelGates.push('real-name');
        }
        if (inNetwork && p.inspection_outcome !== 'consistent') {
          inspectionGaps += 1;
          parcelGates.push('inspection');
        }
        if (has(p.dispatched_at) && !(has(p.screened_at) && p.screened_at <= p.dispatched_at)) {
          xrayGaps += 1;
          parcelGates.push('x-ray');
        }
        if (parcelGates.length > 0)
          gaps.push({ waybillNo: p.waybill_no, siteId, day, gates: parcelGates, source: 'parcel' });
      }
      const scanGaps = new Map<string, string>();
      for (const s of scans) {
        if (s.site_id !== siteId || cstDate(Number(s.scanned_at)) !== day) continue;
        if (['held-unmarked', 'unknown-parcel', 'refused-parcel'].includes(s.outcome))
          scanGaps.set(`${s.waybill_no}|${s.outcome}`, s.outcome);
      }
      for (const [key, outcome] of scanGaps) {
        gaps.push({
          waybillNo: key.split('|')[0]!,
          siteId,
          day,
          gates: outcome === 'unknown-parcel' ? ['real-name', 'inspection'] : ['inspection'],
          source: 'scan',
        });
      }
      const count = (f: (p: (typeof mine)[number]) => boolean) => mine.filter(f).length;
      const dispatched = count((p) => has(p.dispatched_at));
      const before = count(
        (p) => has(p.dispatched_at) && has(p.screened_at) && p.screened_at <= p.dispatched_at,
      );
      rows.push({
        siteId,
        day,
        presented: mine.length,
        refused,
        refusedByReason,
        accepted: count((p) => p.inspection_outcome === 'consistent'),
        realNamePassed: count((p) => p.gate_decision === 'pass'),
        realNameVerifiedSender: count((p) => p.gate_decision === 'pass' && has(p.sender_id)),
        realNameAgreement: count((p) => p.gate_decision === 'pass' && has(p.agreement_id)),
        inspected: count((p) => has(p.inspected_at)),
        inspectedWithMark: count((p) => has(p.inspection_mark)),
        xrayClear: count((p) => has(p.screened_at)),
        dispatched,
        xrayBeforeDispatch: before,
        enteredNetwork,
        heldAtIntake: count((p) => p.decision === 'hold'),
        holds: events.filter(
          (e) => e.kind === 'hold' && e.site_id === siteId && cstDate(Number(e.at)) === day,
        ).length,
        clues: clues.filter((c) => c.site_id === siteId && cstDate(Number(c.created_at)) === day).length,
        scansRejected: rejections.filter((r) => r.site_id === siteId && cstDate(Number(r.at)) === day).length,
        realNameGaps,
        inspectionGaps,
        xrayGaps,
        hubHeldUnmarked: [...scanGaps.values()].filter((o) => o !== 'unknown-parcel').length,
        hubUnknownParcel: [...scanGaps.values()].filter((o) => o === 'unknown-parcel').length,
      });
    }
  }
  return { rows, gaps };
}

describeEachDialect(
  'reports: coverage and attestations',
  (env) => {
    let scenario: CoverageScenario;
    const setup = async () => (scenario ??= await buildCoverageScenario(env().app));

    it('equals an independent recount from raw rows and lists every injected gap with its gates', async () => {
      const { app } = env();
      const s = await setup();
      const report = await app.reports.coverage(adminContext(), { from: YESTERDAY, to: TODAY });
      const sites = [s.outletId, s.hubId].sort();
      const expected = await recount(app, sites, [YESTERDAY, TODAY]);
      const mine = report.rows.filter((row) => sites.includes(row.siteId));
      expect(mine.map(({ ratios: _r, ...counts }) => counts)).toEqual(expected.rows);
      const ourGaps = report.gaps
        .filter((gap) => sites.includes(gap.siteId))
        .map(({ waybillNo, siteId, day, gates, source }) => ({ waybillNo, siteId, day, gates, source }));
      const byWaybill = (
        a: { waybillNo: string; source: string },
        b: { waybillNo: string; source: string },
      ) => `${a.waybillNo}${a.source}`.localeCompare(`${b.waybillNo}${b.source}`);
      expect([...ourGaps].sort(byWaybill)).toEqual([...expected.gaps].sort(byWaybill));

      // Each injected gap, by name.
      const gatesOf = (waybillNo: string) =>
        report.gaps.filter((g) => g.waybillNo === waybillNo).map((g) => g.gates);
      const w = s.waybills;
      expect(gatesOf(w.dispatchedUnscreened)).toEqual([['x-ray']]);
      expect(gatesOf(w.screenedAfterDispatch)).toEqual([['x-ray']]);
      expect(gatesOf(w.acceptedUninspected)).toEqual([['inspection']]);
      expect(gatesOf(w.gateRefusedInNetwork)).toEqual([['real-name']]);
      // Held at the hub for lack of a mark: listed once, by its scan, at the hub; scanned twice, listed once.
      expect(report.gaps.filter((g) => g.waybillNo === w.heldUnmarked)).toMatchObject([
        { source: 'scan', siteId: s.hubId, gates: ['inspection'], scanOutcome: 'held-unmarked' },
      ]);
      expect(report.gaps.filter((g) => g.waybillNo === w.unknownParcel)).toMatchObject([
        {
          source: 'scan',
          siteId: s.hubId,
          gates: ['real-name', 'inspection'],
          scanOutcome: 'unknown-parcel',
        },
      ]);
      expect(report.gaps.filter((g) => g.waybillNo === w.inspectionRefused)).toMatchObject([
        { source: 'scan', siteId: s.hubId, gates: ['inspection'], scanOutcome: 'refused-parcel' },
      ]);
      for (const clean of [w.dispatchedClean, w.accepted, w.gateRefused, w.inconsistent]) {
        expect(gatesOf(clean)).toEqual([]);
      }

      const outletToday = report.rows.find((row) => row.siteId === s.outletId && row.day === TODAY)!;
      expect(outletToday).toMatchObject({
        presented: 10,
        refused: 4,
        refusedByReason: {
          'identity:refused-to-show': 2,
          'inspection:refused-by-sender': 1,
          'inspection:inconsistent': 1,
        },
        dispatched: 3,
        xrayBeforeDispatch: 1,
        enteredNetwork: 6,
        realNameGaps: 1,
        inspectionGaps: 1,
        xrayGaps: 2,
        clues: 1,
      });
      expect(outletToday.ratios.xrayBeforeDispatch).toBeCloseTo(1 / 3);
      expect(outletToday.ratios.realName).toBeCloseTo(5 / 6);
      const hubToday = report.rows.find((row) => row.siteId === s.hubId && row.day === TODAY)!;
      expect(hubToday).toMatchObject({ holds: 1, scansRejected: 1, hubHeldUnmarked: 2, hubUnknownParcel: 1 });
      expect(hubToday.ratios).toMatchObject({ realName: 0, inspection: 0, xrayBeforeDispatch: null });

      // One site, one day: the same numbers as that row.
      const single = await app.reports.coverage(adminContext(), {
        from: TODAY,
        to: TODAY,
        siteId: s.outletId,
      });
      expect(single.rows).toEqual([outletToday]);
      expect(single.totals).toMatchObject({ presented: 10, xrayGaps: 2 });
    });

    it('aggregates over the covering index, never visiting the table (SQLite plan)', async () => {
      const { app } = env();
      if (app.store.sqlite === null) return;
      const query = new ReportsRepository()
        .aggregateParcelsQuery(app.store.db, ['site-a', 'site-b'], 0, 1)
        .compile();
      const plan = (
        app.store.sqlite
          .prepare(`explain query plan ${query.sql}`)
          .all(...(query.parameters as unknown[])) as {
          detail: string;
        }[]
      ).map((row) => row.detail);
      // A range of the covering index per site, walked in site order: no table visits and no sorter.
      expect(plan).toEqual([
        'SEARCH parcels USING COVERING INDEX parcels_coverage_idx (site_id=? AND created_at>? AND created_at<?)',
      ]);
    });

    it('rejects bad input naming the field', async () => {
      const { app } = env();
      const s = await setup();
      const fails = (query: { from: string; to: string; siteId?: string }) =>
        app.reports.coverage(adminContext(), query).then(
          () => null,
          (error: { code: string; errors: { path: string }[] }) => ({
            code: error.code,
            paths: error.errors.map((e) => e.path),
          }),
        );
      expect(await fails({ from: '2026-02-30', to: TODAY })).toEqual({
        code: 'validation-failed',
        paths: ['/from'],
      });
      expect(await fails({ from: TODAY, to: YESTERDAY })).toEqual({
        code: 'validation-failed',
        paths: ['/to'],
      });
      expect(await fails({ from: '2026-01-01', to: '2026-04-03' })).toEqual({
        code: 'validation-failed',
        paths: ['/to'],
      });
      expect(await fails({ from: TODAY, to: TODAY, siteId: 'no-such-site' })).toEqual({
        code: 'unknown-reference',
        paths: ['/siteId'],
      });
      expect(await fails({ from: '2026-01-01', to: '2026-04-01', siteId: s.outletId })).toBeNull();
    });

    it('attests a day, proves one parcel, and the proof verifies offline; tampering fails', async () => {
      const { app } = env();
      const s = await setup();
      const before = await auditHead(app);
      const signed = await app.reports.attest(adminContext(), { date: TODAY, siteId: s.outletId });
      expect(signed.statement).toMatchObject({ day: TODAY, siteId: s.outletId, treeSize: 10 });
      expect(signed.statement.counts).toMatchObject({ presented: 10, xrayGaps: 2 });
      expect(await auditEntriesAfter(app, before)).toMatchObject([
        { action: 'attestation.created', subjectId: signed.statement.attestationId },
      ]);
      const publicKey = app.keyring.activeSigningKey.publicKeyPem;
      expect(verifySignedStatement(signed, publicKey)).toEqual({ valid: true });

      const id = signed.statement.attestationId;
      const proof = await app.reports.prove(adminContext(), id, s.waybills.dispatchedClean);
      expect(proof.record).toMatchObject({
        waybillNo: s.waybills.dispatchedClean,
        state: 'dispatched',
        gate: { kind: 'document', decision: 'pass' },
        inspection: { outcome: 'consistent' },
        screening: { scanEventId: 'scan-clean-1' },
      });
      expect(proof.record.inspection.markSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(verifyAttestationProof(proof, publicKey)).toEqual({ valid: true });
      expect(verifyAttestationProof(proof, publicKey, signed)).toEqual({ valid: true });

      const clone = (): AttestationProof => structuredClone(proof);
      const altered = clone();
      altered.record.state = 'accepted';
      expect(verifyAttestationProof(altered, publicKey).valid).toBe(false);
      const other = await app.reports.prove(adminContext(), id, s.waybills.accepted);
      const swapped = clone();
      swapped.record = other.record;
      expect(verifyAttestationProof(swapped, publicKey)).toMatchObject({ valid: false });
      const wrongRoot = clone();
      wrongRoot.attestation.statement.merkleRoot = 'a'.repeat(64);
      expect(verifyAttestationProof(wrongRoot, publicKey)).toMatchObject({
        valid: false,
        reason: 'the statement signature does not verify with the public key',
      });
      const tampered = structuredClone(signed);
      tampered.statement.counts.xrayGaps = 0;
      expect(verifySignedStatement(tampered, publicKey).valid).toBe(false);
      expect(verifyAttestationProof(proof, publicKey, tampered)).toMatchObject({ valid: false });
      const badPath = clone();
      badPath.path[0] = 'b'.repeat(64);
      expect(verifyAttestationProof(badPath, publicKey).valid).toBe(false);
      // Another key does not verify it.
      const { generateKeyPairSync } = await import('node:crypto');
      const otherKey = generateKeyPairSync('ed25519')
        .publicKey.export({ format: 'pem', type: 'spki' })
        .toString();
      expect(verifyAttestationProof(proof, otherKey).valid).toBe(false);

      // No personal data in the leaves or the statement.
      const leaves = await app.store.db
        .selectFrom('attestation_leaves')
        .selectAll()
        .where('attestation_id', '=', id)
        .execute();
      const stored = await app.store.db
        .selectFrom('attestations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const text = JSON.stringify(leaves) + JSON.stringify(stored);
      const senders = await app.store.db.selectFrom('senders').select('id').execute();
      for (const secret of [
        SENDER.name,
        SENDER.number,
        SENDER.phone,
        '李四',
        '13987654321',
        '北京市',
        ...senders.map((x) => x.id),
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(leaves).toHaveLength(10);
      expect(leaves.map((leaf) => leaf.waybill_no)).toEqual(
        [...leaves.map((leaf) => leaf.waybill_no)].sort(),
      );

      // Listing and lookup by day.
      expect(
        await app.reports.findAttestations(adminContext(), { date: TODAY, siteId: s.outletId }),
      ).toMatchObject([{ id, leafCount: 10, merkleRoot: signed.statement.merkleRoot }]);
      expect(await app.reports.latestAttestationId(adminContext(), TODAY, s.outletId)).toBe(id);
      await expect(app.reports.prove(adminContext(), id, 'NOT-IN-IT-1')).rejects.toMatchObject({
        code: 'not-found',
      });
      await expect(app.reports.attest(adminContext(), { date: '2099-01-01' })).rejects.toMatchObject({
        code: 'validation-failed',
        errors: [{ path: '/date' }],
      });

      // Every site: the outlet's parcels are among the leaves.
      const all = await app.reports.attest(adminContext(), { date: TODAY });
      expect(all.statement.siteId).toBeNull();
      expect(all.statement.treeSize).toBeGreaterThanOrEqual(10);
      const fromAll = await app.reports.prove(
        adminContext(),
        all.statement.attestationId,
        s.waybills.heldUnmarked,
      );
      expect(verifyAttestationProof(fromAll, publicKey)).toEqual({ valid: true });
    });
  },
  { clock },
);
