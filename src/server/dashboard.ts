import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import type { Logger } from '../logger.js';

/** Where `npm run build:web` writes the dashboard; the same from src/server (tsx) and dist/server (node). */
export const DASHBOARD_BUILD_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * The dashboard loads only its own files and talks only to its own origin. CSP Level 3's 'self'
 * also matches ws: and wss: on the same host and port, which the GraphQL subscriptions will use,
 * without allowing WebSockets to any other host as a bare `ws:` would.
 */
export const DASHBOARD_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Vite names every file under assets/ by a hash of its content, so a browser may keep it for good. */
const HASHED_ASSETS = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface DashboardOptions {
  /** Where the dashboard is served, such as `/dashboard` (no trailing slash). */
  readonly path: string;
  readonly logger: Logger;
  /** The built dashboard; tests serve a fixture instead. */
  readonly root?: string;
}

/** Answers a request if its path is the dashboard's; returns false, having done nothing, otherwise. */
export type DashboardHandler = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;

/**
 * Serves the built dashboard under `path`: hashed assets with a year's immutable caching (compressed
 * copies when the browser accepts them), and index.html, revalidated on every visit, for the path
 * itself and every deep link below it. A missing asset is a 404, never index.html.
 */
export function createDashboardHandler({ path, logger, root = DASHBOARD_BUILD_DIR }: DashboardOptions): DashboardHandler {
  const index = readIndex(root, path);
  if (!index) logger.warn({ root }, `The dashboard is not built, so ${path} answers 503: run npm run build:web`);
  // Only once built: sirv reads the whole directory now, and fails when there is none.
  const assets =
    index &&
    sirv(root, {
      extensions: [],
      gzip: true,
      brotli: true,
      setHeaders: (res, pathname) => res.setHeader('Cache-Control', pathname.startsWith(HASHED_ASSETS) ? IMMUTABLE : 'no-cache'),
    });

  return (req, res, requestPath) => {
    if (requestPath !== path && !requestPath.startsWith(`${path}/`)) return false;
    res.setHeader('Content-Security-Policy', DASHBOARD_CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('The dashboard answers GET and HEAD only.\n');
      return true;
    }
    if (!index || !assets) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('The dashboard is not built. Run `npm run build:web` (npm ci and npm install run it too), then restart the gateway.\n');
      return true;
    }
    const subPath = requestPath.slice(path.length) || '/';
    const sendIndex = () => {
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('ETag', index.etag);
      if (req.headers['if-none-match'] === index.etag) {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': index.body.length });
      res.end(req.method === 'HEAD' ? undefined : index.body);
    };
    if (subPath === '/' || subPath === '/index.html') {
      sendIndex();
      return true;
    }
    req.url = subPath + (req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '');
    assets(req, res, () => {
      if (subPath.startsWith(HASHED_ASSETS)) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('No such dashboard asset.\n');
      } else {
        sendIndex();
      }
    });
    return true;
  };
}

/**
 * index.html refers to its assets as `./…`; pointing them at `path` makes them load from any deep
 * link, so one build serves under whatever DASHBOARD_PATH says.
 */
function readIndex(root: string, path: string): { readonly body: Buffer; readonly etag: string } | undefined {
  const file = join(root, 'index.html');
  if (!existsSync(file)) return undefined;
  const body = Buffer.from(readFileSync(file, 'utf8').replaceAll('="./', `="${path}/`));
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}
