// The web console: the built single-page app in web/dist, served beside the API. Every path the API does not
// claim answers index.html, so a bookmarked console URL (/counter, /parcels) loads the app, which routes it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../platform/errors.js';

/** web/dist beside the package root (src/http or dist/http → ../../web/dist). */
export const CONSOLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/**
 * The console's own policy: scripts and styles from this origin only. Ant Design writes its styles at run
 * time, hence 'unsafe-inline' for styles (never for scripts); QR codes are data: images.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the API or the platform: never answered with the console. */
const NOT_CONSOLE = /^\/(api|healthz|readyz|metrics)(\/|$|\?)/;

export function consoleRoutes(consoleDir = CONSOLE_DIR): FastifyPluginAsync {
  return async (server) => {
    const indexFile = path.join(consoleDir, 'index.html');
    const built = existsSync(indexFile);
    if (built) {
      // Caching is set here, per kind of file, not by the plugin.
      await server.register(fastifyStatic, {
        root: consoleDir,
        serve: false,
        decorateReply: true,
        cacheControl: false,
      });
    }
    const index = built ? readFileSync(indexFile) : null;

    server.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const pathname = request.url.split('?')[0] ?? '/';
      if (NOT_CONSOLE.test(pathname)) throw new AppError('not-found', 'no such resource');
      if (index === null)
        throw new AppError(
          'not-found',
          'the console is not built: run `npm run build` (or `npm start`, which builds it)',
        );
      void reply.header('content-security-policy', CONSOLE_CSP);
      // Hashed asset names never change content: cache them for a year. Anything else is the app itself.
      if (pathname.startsWith('/assets/') && !pathname.includes('..')) {
        const file = path.join(consoleDir, pathname);
        if (existsSync(file)) {
          void reply.header('cache-control', 'public, max-age=31536000, immutable');
          return reply.sendFile(pathname.slice(1));
        }
        throw new AppError('not-found', 'no such resource');
      }
      if (/\.[a-z0-9]+$/i.test(pathname) && pathname !== '/index.html') {
        const file = path.join(consoleDir, pathname);
        if (!pathname.includes('..') && existsSync(file)) return reply.sendFile(pathname.slice(1));
        throw new AppError('not-found', 'no such resource');
      }
      void reply.header('cache-control', 'no-cache');
      return reply.type('text/html; charset=utf-8').send(index);
    });
  };
}
