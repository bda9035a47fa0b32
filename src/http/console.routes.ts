// The web console: the built single-page app in web/dist, served beside the API. It answers what no API route
// claims (from the not-found handler, so the router treats every API path exactly as before): a console URL
// (/counter, /parcels) gets the app shell, which routes it in the browser; /assets/… the hashed files.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyStaticOptions } from '@fastify/static';
import type { FastifyReply } from 'fastify';

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
const NOT_CONSOLE = /^\/(api|healthz|readyz|metrics)(\/|$)/;

export interface WebConsole {
  /** Whether web/dist holds a build (index.html). */
  built: boolean;
  /** For @fastify/static, registered only to give replies sendFile (it serves no route itself). */
  staticOptions: FastifyStaticOptions;
  /**
   * Answers a request no route matched when it is the console's (a GET or HEAD outside the API), or returns
   * null to leave it to the ordinary 404.
   */
  answer(request: { method: string; url: string }, reply: FastifyReply): FastifyReply | null;
  /** Why the console cannot answer (not built), for a request that is the console's. */
  missing(request: { method: string; url: string }): boolean;
}

export function webConsole(consoleDir = CONSOLE_DIR): WebConsole {
  const indexFile = path.join(consoleDir, 'index.html');
  const built = existsSync(indexFile);
  const index = built ? readFileSync(indexFile) : null;
  const isConsoles = (request: { method: string; url: string }) =>
    (request.method === 'GET' || request.method === 'HEAD') &&
    !NOT_CONSOLE.test(request.url.split('?')[0] ?? '/');

  return {
    built,
    // Caching is set here, per kind of file, not by the plugin.
    staticOptions: { root: consoleDir, serve: false, decorateReply: true, cacheControl: false },
    missing: (request) => isConsoles(request) && index === null,
    answer(request, reply) {
      if (index === null || !isConsoles(request)) return null;
      const pathname = request.url.split('?')[0] ?? '/';
      // A file name (hashed assets, anything with an extension) is served only when it exists.
      if (/\.[a-z0-9]+$/i.test(pathname) && pathname !== '/index.html') {
        const file = path.join(consoleDir, pathname);
        if (pathname.includes('..') || !file.startsWith(consoleDir + path.sep) || !existsSync(file))
          return null;
        void reply.code(200).header('content-security-policy', CONSOLE_CSP);
        // Hashed asset names never change content: cache them for a year.
        if (pathname.startsWith('/assets/'))
          void reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.sendFile(pathname.slice(1));
      }
      return reply
        .code(200)
        .header('content-security-policy', CONSOLE_CSP)
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(index);
    },
  };
}
