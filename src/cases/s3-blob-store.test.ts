// The S3 evidence store: its request signing against AWS's published Signature V4 example, and the store against a
// small S3-compatible server that checks every signature and payload hash as S3 does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from './blob-store.js';
import { S3BlobStore, signRequest } from './s3-blob-store.js';
import {
  FAKE_S3_ACCESS_KEY_ID as ACCESS_KEY_ID,
  FAKE_S3_SECRET as SECRET,
  fakeS3,
} from '../testing/fake-s3.js';

describe('AWS Signature V4', () => {
  it("signs AWS's GET Object example as the S3 documentation does", () => {
    // docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, "Example: GET Object".
    const headers = signRequest({
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: { range: 'bytes=0-9' },
      payloadSha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      region: 'us-east-1',
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET,
      at: new Date('2013-05-24T00:00:00Z'),
    });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });
});

describe('S3BlobStore', () => {
  const s3 = fakeS3();
  let endpoint: string;
  beforeAll(async () => {
    endpoint = await s3.start();
  });
  afterAll(() => s3.stop());

  const store = (secret = SECRET) =>
    new S3BlobStore({
      url: `${endpoint}/evidence-bucket/parcelguard/`,
      region: 'cn-north-1',
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: secret,
    });

  it('stores bytes under their SHA-256, answers them back, and knows what it has', async () => {
    const bytes = Buffer.from('X光图像 / x-ray image bytes');
    const sha256 = await store().put(bytes);
    expect(sha256).toBe(sha256Hex(bytes));
    expect([...s3.objects.keys()]).toContain(`/evidence-bucket/parcelguard/${sha256.slice(0, 2)}/${sha256}`);
    expect(await store().has(sha256)).toBe(true);
    expect((await store().get(sha256))?.equals(bytes)).toBe(true);
    // Stored again: nothing is sent twice.
    const puts = s3.objects.size;
    await store().put(bytes);
    expect(s3.objects.size).toBe(puts);
    const absent = sha256Hex(Buffer.from('never stored'));
    expect(await store().has(absent)).toBe(false);
    expect(await store().get(absent)).toBeUndefined();
  });

  it('fails loudly, naming the store code, when the store refuses the credentials', async () => {
    await expect(store('not-the-secret').put(Buffer.from('a receipt'))).rejects.toThrow(
      /evidence store: HEAD .* answered 403/,
    );
    await expect(store('not-the-secret').get(sha256Hex(Buffer.from('x')))).rejects.toThrow(
      /answered 403 SignatureDoesNotMatch/,
    );
  });
});
