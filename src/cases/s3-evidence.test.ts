// Evidence in an S3-compatible store (PARCELGUARD_EVIDENCE_S3_URL): uploaded over HTTP, stored under its SHA-256 in
// the bucket, answered back with the hash re-checked, and refused once the object was altered in the store.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildServer } from '../http/server.js';
import { adminContext, createTestApp, signIn } from '../testing/test-app.js';
import { parcelFoundAtHub, PNG } from '../testing/case-factories.js';
import { FAKE_S3_ACCESS_KEY_ID, FAKE_S3_REGION, FAKE_S3_SECRET, fakeS3 } from '../testing/fake-s3.js';
import { sha256Hex } from './blob-store.js';

const s3 = fakeS3();
let endpoint: string;
beforeAll(async () => {
  endpoint = await s3.start();
});
afterAll(() => s3.stop());

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = dialect === 'postgres' && inject('postgresUrl') === null;
  (skip ? describe.skip : describe)(`evidence in an S3-compatible store [${dialect}]`, () => {
    it('stores an upload in the bucket, answers it verified, and refuses it once altered there', async () => {
      const environment = await createTestApp(dialect, {
        config: {
          evidenceS3: {
            url: `${endpoint}/evidence-${dialect}/pg`,
            region: FAKE_S3_REGION,
            accessKeyId: FAKE_S3_ACCESS_KEY_ID,
            secretAccessKey: FAKE_S3_SECRET,
          },
        },
      });
      const server = await buildServer(environment.app);
      try {
        const { app } = environment;
        const { waybillNo, hub } = await parcelFoundAtHub(app);
        const [found] = await app.cases.findCases(adminContext(), { waybillNo });
        const officer = await signIn(server, app, ['security-officer'], hub.id);
        const uploaded = await server.inject({
          method: 'POST',
          url: `/api/v1/cases/${found!.id}/evidence`,
          headers: officer.headers,
          payload: {
            kind: 'file',
            fileName: 'xray.png',
            mediaType: 'image/png',
            contentBase64: PNG.toString('base64'),
          },
        });
        expect(uploaded.statusCode).toBe(201);
        const evidence = uploaded.json<{ id: string; sha256: string }>();
        const key = `/evidence-${dialect}/pg/${evidence.sha256.slice(0, 2)}/${evidence.sha256}`;
        expect(s3.objects.get(key)?.equals(PNG)).toBe(true);

        const url = `/api/v1/cases/${found!.id}/evidence/${evidence.id}`;
        const download = await server.inject({ method: 'GET', url, headers: officer.headers });
        expect(download.statusCode).toBe(200);
        expect(download.headers['x-content-sha256']).toBe(sha256Hex(PNG));
        expect(download.rawPayload.equals(PNG)).toBe(true);

        s3.objects.set(key, Buffer.from('altered in the bucket'));
        const tampered = await server.inject({ method: 'GET', url, headers: officer.headers });
        expect(tampered.statusCode).toBe(500);
        expect(tampered.json()).toMatchObject({ code: 'integrity-failed' });
      } finally {
        await server.close();
        await environment.dispose();
      }
    }, 60_000);
  });
}
