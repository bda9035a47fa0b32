// Evidence bytes in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, Aliyun OSS in S3 mode), the same
// three methods as the data directory. Objects are addressed path-style, `<endpoint>/<bucket>/<prefix><aa>/<sha256>`,
// and every request is signed with AWS Signature Version 4 (no SDK: a signed fetch is all three methods need).
//
// Durability: S3 acknowledges a PUT only once the object is stored, so `put` returning means the bytes are safe,
// as with the directory store's fsync. The payload hash S3 checks (x-amz-content-sha256) is the blob's own name:
// a body corrupted in transit is refused by the store rather than kept under the wrong hash.
import { createHash, createHmac } from 'node:crypto';
import { sha256Hex, type BlobStore } from './blob-store.js';

const SHA256 = /^[0-9a-f]{64}$/;

export interface S3Location {
  /** `http(s)://host[:port]/<bucket>[/<key prefix>]`, path-style. */
  url: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export class S3BlobStore implements BlobStore {
  private readonly base: URL;

  constructor(
    private readonly location: S3Location,
    private readonly now: () => number = Date.now,
    private readonly timeoutMs = 30_000,
  ) {
    this.base = new URL(location.url.endsWith('/') ? location.url : `${location.url}/`);
  }

  async put(bytes: Buffer): Promise<string> {
    const sha256 = sha256Hex(bytes);
    if (await this.has(sha256)) return sha256;
    const response = await this.send('PUT', sha256, bytes);
    if (!response.ok) throw await storeError('PUT', sha256, response);
    return sha256;
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    const response = await this.send('GET', sha256);
    if (response.status === 404) return undefined;
    if (!response.ok) throw await storeError('GET', sha256, response);
    return Buffer.from(await response.arrayBuffer());
  }

  async has(sha256: string): Promise<boolean> {
    const response = await this.send('HEAD', sha256);
    if (response.status === 404) return false;
    if (!response.ok) throw await storeError('HEAD', sha256, response);
    return true;
  }

  /** The object URL of a blob. */
  urlOf(sha256: string): URL {
    if (!SHA256.test(sha256)) throw new Error('not a SHA-256 hex digest');
    return new URL(`${sha256.slice(0, 2)}/${sha256}`, this.base);
  }

  private send(method: 'GET' | 'HEAD' | 'PUT', sha256: string, body?: Buffer): Promise<Response> {
    const url = this.urlOf(sha256);
    const headers = signRequest({
      method,
      url,
      headers: body === undefined ? {} : { 'content-type': 'application/octet-stream' },
      payloadSha256: body === undefined ? EMPTY_SHA256 : sha256,
      region: this.location.region,
      accessKeyId: this.location.accessKeyId,
      secretAccessKey: this.location.secretAccessKey,
      at: new Date(this.now()),
    });
    return fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: new Blob([new Uint8Array(body)]) }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
  }
}

async function storeError(method: string, sha256: string, response: Response): Promise<Error> {
  // S3 error bodies are short XML (<Code>…</Code>); the code is what an operator needs.
  const text = method === 'HEAD' ? '' : await response.text().catch(() => '');
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
  return new Error(
    `evidence store: ${method} ${sha256.slice(0, 12)}… answered ${response.status}${code === undefined ? '' : ` ${code}`}`,
  );
}

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

export interface SignableRequest {
  method: string;
  url: URL;
  /** Extra headers to send and sign (lower-case names). */
  headers: Record<string, string>;
  payloadSha256: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  at: Date;
  service?: string;
}

/**
 * AWS Signature Version 4 for one request: returns every header to send (host, x-amz-date, x-amz-content-sha256,
 * the given ones, authorization). All headers given are signed.
 */
export function signRequest(request: SignableRequest): Record<string, string> {
  const service = request.service ?? 's3';
  const amzDate = request.at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    host: request.url.host,
    'x-amz-content-sha256': request.payloadSha256,
    'x-amz-date': amzDate,
  };
  const names = Object.keys(headers).sort();
  const canonicalRequest = [
    request.method,
    canonicalPath(request.url.pathname),
    canonicalQuery(request.url.searchParams),
    names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, ' ')}\n`).join(''),
    names.join(';'),
    request.payloadSha256,
  ].join('\n');
  const scope = `${day}/${request.region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Text(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${request.secretAccessKey}`, day);
  for (const part of [request.region, service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${request.accessKeyId}/${scope}, ` +
    `SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** S3 signs the path URI-encoded once, each segment as RFC 3986 unreserved characters. */
function canonicalPath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => encodeRfc3986(decodeURIComponent(segment)))
    .join('/');
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params.entries()]
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
