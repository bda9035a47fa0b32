// The console is served beside the API: its app shell for every path the API does not claim, its hashed assets
// with long caching, and never in place of an API answer.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type Server } from './server.js';
import { CONSOLE_CSP } from './console.routes.js';
import { createTestApp } from '../testing/test-app.js';

describe('the console beside the API', () => {
  let consoleDir: string;
  let emptyDir: string;
  let environment: Awaited<ReturnType<typeof createTestApp>>;
  let server: Server;
  let unbuilt: Server;

  beforeAll(async () => {
    consoleDir = mkdtempSync(path.join(tmpdir(), 'parcelguard-console-dist-'));
    emptyDir = mkdtempSync(path.join(tmpdir(), 'parcelguard-console-empty-'));
    mkdirSync(path.join(consoleDir, 'assets'));
    writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(consoleDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    environment = await createTestApp('sqlite', { scheduleCheckpoints: false });
    server = await buildServer(environment.app, { consoleDir });
    unbuilt = await buildServer(environment.app, { consoleDir: emptyDir });
  });
  afterAll(async () => {
    await server.close();
    await unbuilt.close();
    await environment.dispose();
    rmSync(consoleDir, { recursive: true, force: true });
    rmSync(emptyDir, { recursive: true, force: true });
  });

  it('answers any console path with the app shell, under the console policy', async () => {
    for (const url of ['/', '/counter', '/parcels/search?lang=en', '/admin/staff']) {
      const response = await server.inject(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('<div id="root">');
      expect(response.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('serves hashed assets for a year and refuses what is not there', async () => {
    const asset = await server.inject('/assets/index-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await server.inject('/assets/missing.js')).statusCode).toBe(404);
    expect((await server.inject('/assets/..%2f..%2fpackage.json')).statusCode).toBe(404);
    expect((await server.inject('/favicon.ico')).statusCode).toBe(404);
  });

  it('never answers an API path with the console', async () => {
    for (const url of ['/api/v1/no-such-thing', '/api/nothing', '/healthz/extra', '/metrics/x']) {
      const response = await server.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await server.inject('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('says how to build the console when it is not built', async () => {
    const response = await unbuilt.inject('/counter');
    expect(response.statusCode).toBe(404);
    expect(response.json<{ detail: string }>().detail).toContain('npm run build');
  });
});
