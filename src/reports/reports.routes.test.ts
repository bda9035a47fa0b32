import { expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { buildCoverageScenario, type CoverageScenario } from '../testing/coverage-scenario.js';
import { adminContext, createSite, describeEachDialect, signIn } from '../testing/test-app.js';
import { verifyAttestationProof, type AttestationProof, type SignedStatement } from './attestation.js';

const DAY = 86_400_000;
const CST = 8 * 3_600_000;
const noonCst = Math.floor((Date.now() + CST) / DAY) * DAY - CST + 12 * 3_600_000;
const TODAY = new Date(noonCst + CST).toISOString().slice(0, 10);

describeEachDialect(
  'reports over HTTP',
  (env) => {
    let scenario: CoverageScenario;
    const setup = async () => (scenario ??= await buildCoverageScenario(env().app));

    it('serves the coverage report; a station manager reads only their own site', async () => {
      const { server, app } = env();
      const s = await setup();
      const manager = await signIn(server, app, ['station-manager'], s.outletId);
      const own = await server.inject({
        url: `/api/v1/reports/coverage?from=${TODAY}&to=${TODAY}`,
        headers: manager.headers,
      });
      expect(own.statusCode).toBe(200);
      const report = own.json<{ siteId: string; rows: { siteId: string; presented: number }[] }>();
      expect(report.siteId).toBe(s.outletId);
      expect(report.rows).toMatchObject([{ siteId: s.outletId, presented: 10 }]);
      const other = await server.inject({
        url: `/api/v1/reports/coverage?from=${TODAY}&to=${TODAY}&siteId=${s.hubId}`,
        headers: manager.headers,
      });
      expect(other.statusCode).toBe(403);
      const courier = await signIn(server, app, ['courier'], s.outletId);
      const denied = await server.inject({
        url: `/api/v1/reports/coverage?from=${TODAY}&to=${TODAY}`,
        headers: courier.headers,
      });
      expect(denied.statusCode).toBe(403);
      const auditor = await signIn(server, app, ['auditor'], s.hubId);
      const all = await server.inject({
        url: `/api/v1/reports/coverage?from=${TODAY}&to=${TODAY}`,
        headers: auditor.headers,
      });
      expect(all.statusCode).toBe(200);
      const sites = all.json<{ rows: { siteId: string }[] }>().rows.map((row) => row.siteId);
      expect(sites).toEqual(expect.arrayContaining([s.outletId, s.hubId]));
    });

    it('answers bad input with problem+json naming the field', async () => {
      const { server, app } = env();
      await setup();
      const auditor = await signIn(server, app, ['auditor']);
      const problem = async (query: string) => {
        const response = await server.inject({
          url: `/api/v1/reports/coverage?${query}`,
          headers: auditor.headers,
        });
        expect(response.headers['content-type']).toContain('application/problem+json');
        const body = response.json<{ code: string; errors: { path: string }[] }>();
        return { status: response.statusCode, code: body.code, paths: body.errors.map((e) => e.path) };
      };
      expect(await problem(`from=${TODAY}`)).toEqual({
        status: 400,
        code: 'validation-failed',
        paths: ['/query/to'],
      });
      expect(await problem(`from=2026-13-01&to=${TODAY}`)).toMatchObject({
        status: 400,
        paths: ['/query/from'],
      });
      expect(await problem('from=2026-03-02&to=2026-03-01')).toMatchObject({
        status: 400,
        paths: ['/query/to'],
      });
      expect(await problem('from=2026-01-01&to=2026-06-01')).toMatchObject({
        status: 400,
        paths: ['/query/to'],
      });
      expect(await problem(`from=${TODAY}&to=${TODAY}&siteId=nope`)).toEqual({
        status: 422,
        code: 'unknown-reference',
        paths: ['/query/siteId'],
      });
      const empty = await createSite(app);
      const quiet = await server.inject({
        url: `/api/v1/reports/coverage?from=${TODAY}&to=${TODAY}&siteId=${empty.id}`,
        headers: auditor.headers,
      });
      expect(quiet.json()).toMatchObject({
        rows: [{ siteId: empty.id, presented: 0, ratios: { realName: null } }],
      });
    });

    it('attests, lists, proves; the proof verifies offline', async () => {
      const { server, app } = env();
      const s = await setup();
      const manager = await signIn(server, app, ['station-manager'], s.outletId);
      const elsewhere = await server.inject({
        method: 'POST',
        url: '/api/v1/reports/attestations',
        headers: manager.headers,
        payload: { date: TODAY, siteId: s.hubId },
      });
      expect(elsewhere.statusCode).toBe(403);
      const created = await server.inject({
        method: 'POST',
        url: '/api/v1/reports/attestations',
        headers: manager.headers,
        payload: { date: TODAY },
      });
      expect(created.statusCode).toBe(201);
      const signed = created.json<SignedStatement>();
      expect(signed.statement).toMatchObject({ siteId: s.outletId, treeSize: 10 });
      const list = await server.inject({
        url: `/api/v1/reports/attestations?date=${TODAY}`,
        headers: manager.headers,
      });
      expect(list.json()).toMatchObject([{ id: signed.statement.attestationId, leafCount: 10 }]);
      const proof = await server.inject({
        url: `/api/v1/reports/attestations/${signed.statement.attestationId}/proof?waybillNo=${s.waybills.accepted}`,
        headers: manager.headers,
      });
      expect(proof.statusCode).toBe(200);
      expect(
        verifyAttestationProof(
          proof.json<AttestationProof>(),
          app.keyring.activeSigningKey.publicKeyPem,
          signed,
        ),
      ).toEqual({ valid: true });
      const missing = await server.inject({
        url: `/api/v1/reports/attestations/${signed.statement.attestationId}/proof?waybillNo=NOPE000001`,
        headers: manager.headers,
      });
      expect(missing.statusCode).toBe(404);
      const auditor = await signIn(server, app, ['auditor']);
      const notAllowed = await server.inject({
        method: 'POST',
        url: '/api/v1/reports/attestations',
        headers: auditor.headers,
        payload: { date: TODAY },
      });
      expect(notAllowed.statusCode).toBe(403);
      const statement = await server.inject({
        url: `/api/v1/reports/attestations/${signed.statement.attestationId}`,
        headers: auditor.headers,
      });
      expect(statement.json()).toEqual(signed);
    });

    it('gives a regulator (the auditor) the proof of an attested record: reading it needs reports:read', async () => {
      const { server, app } = env();
      const s = await setup();
      const signed = await app.reports.attest(adminContext(), { date: TODAY, siteId: s.outletId });
      const auditor = await signIn(server, app, ['auditor'], s.hubId);
      const proof = await server.inject({
        url: `/api/v1/reports/attestations/${signed.statement.attestationId}/proof?waybillNo=${s.waybills.accepted}`,
        headers: auditor.headers,
      });
      expect(proof.statusCode, proof.body).toBe(200);
      expect(
        verifyAttestationProof(
          proof.json<AttestationProof>(),
          app.keyring.activeSigningKey.publicKeyPem,
          signed,
        ),
      ).toEqual({ valid: true });
      // Still no signing for the regulator view.
      const attest = await server.inject({
        method: 'POST',
        url: '/api/v1/reports/attestations',
        headers: auditor.headers,
        payload: { date: TODAY, siteId: s.outletId },
      });
      expect(attest.statusCode).toBe(403);
    });
  },
  { clock: new ManualClock(noonCst) },
);
