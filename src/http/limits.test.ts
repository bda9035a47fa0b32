// Request rate limits, a trusted proxy's client addresses, and the server's timeouts against slow clients.
import net from 'node:net';
import { expect, it } from 'vitest';
import type { App } from '../app.js';
import { createStaffMember, describeEachDialect } from '../testing/test-app.js';
import type { Server } from './server.js';

async function signInFrom(server: Server, app: App, remoteAddress: string) {
  const { staff, password } = await createStaffMember(app, ['auditor']);
  const response = await server.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: staff.username, password },
    remoteAddress,
  });
  expect(response.statusCode).toBe(200);
  return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
}

describeEachDialect(
  'request rate limits',
  (env) => {
    it('answers a client over its limit with 429 problem+json and Retry-After; other clients go on', async () => {
      const { server, app } = env();
      const first = await signInFrom(server, app, '10.4.0.1');
      const second = await signInFrom(server, app, '10.4.0.1');
      const me = (headers: Record<string, string>) =>
        server.inject({ url: '/api/v1/auth/me', headers, remoteAddress: '10.4.0.1' });
      for (let i = 0; i < 5; i += 1) expect((await me(first)).statusCode).toBe(200);
      const limited = await me(first);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['x-request-id']).toBeDefined();
      expect(limited.json()).toMatchObject({
        code: 'too-many-attempts',
        status: 429,
        instance: '/api/v1/auth/me',
        requestId: limited.headers['x-request-id'],
      });
      // Keyed by credential: a terminal behind the same address has its own count.
      expect((await me(second)).statusCode).toBe(200);
    });

    it('counts requests without a credential per address, before authentication', async () => {
      const { server } = env();
      const anonymous = () => server.inject({ url: '/api/v1/sites', remoteAddress: '10.4.0.2' });
      for (let i = 0; i < 5; i += 1) expect((await anonymous()).statusCode).toBe(401);
      expect((await anonymous()).statusCode).toBe(429);
      expect((await server.inject({ url: '/api/v1/sites', remoteAddress: '10.4.0.3' })).statusCode).toBe(401);
    });

    it('never limits health and readiness probes', async () => {
      const { server } = env();
      for (let i = 0; i < 12; i += 1) {
        expect((await server.inject({ url: '/healthz', remoteAddress: '10.4.0.4' })).statusCode).toBe(200);
        expect((await server.inject({ url: '/readyz', remoteAddress: '10.4.0.4' })).statusCode).toBe(200);
      }
    });

    it('limits sign-in requests per address more strictly, right passwords included', async () => {
      const { server, app } = env();
      const { staff, password } = await createStaffMember(app, ['auditor']);
      const signIn = (remoteAddress: string) =>
        server.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: staff.username, password },
          remoteAddress,
        });
      for (let i = 0; i < 3; i += 1) expect((await signIn('10.4.0.5')).statusCode).toBe(200);
      const limited = await signIn('10.4.0.5');
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'too-many-attempts' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await signIn('10.4.0.6')).statusCode).toBe(200);
    });
  },
  { config: { rateLimitPerMinute: 5, loginRateLimitPerMinute: 3 } },
);

describeEachDialect(
  'behind a trusted proxy',
  (env) => {
    it('takes the client address from X-Forwarded-For only when the proxy is trusted', async () => {
      const { server, app } = env();
      const { staff, password } = await createStaffMember(app, ['auditor']);
      const signIn = (remoteAddress: string, forwardedFor: string) =>
        server.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: staff.username, password },
          headers: { 'x-forwarded-for': forwardedFor },
          remoteAddress,
        });
      // Through the proxy (10.0.0.0/8): each client has its own sign-in limit.
      for (let i = 0; i < 2; i += 1) expect((await signIn('10.9.0.1', '198.51.100.1')).statusCode).toBe(200);
      expect((await signIn('10.9.0.1', '198.51.100.1')).statusCode).toBe(429);
      expect((await signIn('10.9.0.1', '198.51.100.2')).statusCode).toBe(200);
      // A client reaching the server directly cannot choose its address.
      for (let i = 0; i < 2; i += 1)
        expect((await signIn('192.0.2.50', `203.0.113.${i}`)).statusCode).toBe(200);
      expect((await signIn('192.0.2.50', '203.0.113.9')).statusCode).toBe(429);
    });
  },
  { config: { trustProxy: ['10.0.0.0/8'], rateLimitPerMinute: 0, loginRateLimitPerMinute: 2 } },
);

describeEachDialect(
  'server timeouts',
  (env) => {
    let listening: Promise<number> | undefined;
    function listen(): Promise<number> {
      const { server } = env();
      listening ??= server
        .listen({ port: 0, host: '127.0.0.1' })
        .then(() => (server.server.address() as net.AddressInfo).port);
      return listening;
    }

    /** Resolves with what the server sent once it closes the socket; rejects if it is still open after 20 s. */
    function untilClosed(socket: net.Socket): Promise<string> {
      return new Promise((resolve, reject) => {
        let received = '';
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new Error('the server kept the connection open'));
        }, 20_000);
        socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearTimeout(timer);
          resolve(received);
        });
      });
    }

    it('closes a connection whose request head never ends', async () => {
      const port = await listen();
      const socket = net.connect(port, '127.0.0.1');
      socket.on('connect', () =>
        socket.write('POST /api/v1/parcels HTTP/1.1\r\nHost: localhost\r\nX-Slow: '),
      );
      const answer = await untilClosed(socket);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).toContain('application/problem+json');
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
        code: 'request-timeout',
        status: 408,
      });
    });

    it('closes an idle keep-alive connection', async () => {
      const port = await listen();
      const socket = net.connect(port, '127.0.0.1');
      socket.on('connect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n'));
      expect(await untilClosed(socket)).toMatch(/^HTTP\/1\.1 200/);
    });
  },
  // Transport only: nothing here depends on the store.
  {
    dialects: ['sqlite'],
    config: { headersTimeoutMs: 300, requestTimeoutMs: 1000, keepAliveTimeoutMs: 300 },
  },
);
