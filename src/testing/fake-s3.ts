// An S3-compatible server for tests: path-style objects in memory, every request's Signature V4 and payload hash
// checked as S3 does (the signing itself is checked against AWS's published example in s3-blob-store.test.ts).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha256Hex } from '../cases/blob-store.js';
import { signRequest } from '../cases/s3-blob-store.js';

/** AWS's documentation example credentials (not a real account). */
export const FAKE_S3_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const FAKE_S3_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const FAKE_S3_REGION = 'cn-north-1';

export function fakeS3(secret = FAKE_S3_SECRET) {
  const objects = new Map<string, Buffer>();
  const refused: string[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const url = new URL(request.url!, `http://${request.headers.host}`);
      const given = String(request.headers.authorization ?? '');
      const signed = /SignedHeaders=([^,]+)/.exec(given)?.[1]?.split(';') ?? [];
      const amzDate = String(request.headers['x-amz-date'] ?? '');
      const at = new Date(
        `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
      );
      const payloadSha256 = String(request.headers['x-amz-content-sha256'] ?? '');
      const extra = Object.fromEntries(
        signed
          .filter((name) => !['host', 'x-amz-date', 'x-amz-content-sha256'].includes(name))
          .map((name) => [name, String(request.headers[name] ?? '')]),
      );
      const expected = signRequest({
        method: request.method!,
        url,
        headers: extra,
        payloadSha256,
        region: FAKE_S3_REGION,
        accessKeyId: FAKE_S3_ACCESS_KEY_ID,
        secretAccessKey: secret,
        at,
      }).authorization;
      if (given !== expected) {
        refused.push('SignatureDoesNotMatch');
        response.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
        return;
      }
      if (request.method === 'PUT') {
        if (sha256Hex(body) !== payloadSha256) {
          refused.push('BadDigest');
          response.writeHead(400).end('<Error><Code>XAmzContentSHA256Mismatch</Code></Error>');
          return;
        }
        objects.set(url.pathname, body);
        response.writeHead(200).end();
        return;
      }
      const stored = objects.get(url.pathname);
      if (stored === undefined) {
        response
          .writeHead(404)
          .end(request.method === 'HEAD' ? undefined : '<Error><Code>NoSuchKey</Code></Error>');
        return;
      }
      response.writeHead(200, { 'content-length': stored.length });
      response.end(request.method === 'HEAD' ? undefined : stored);
    })();
  });
  return {
    objects,
    refused,
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
