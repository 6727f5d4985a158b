import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { staticBearerCheck } from '../server/auth.js';
import { listen } from '../server/listen.js';
import type { HttpRoute } from '../server/observers.js';

export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics` in Prometheus' text format, behind a bearer token of its own when `token` is set
 * (GraphQL's authentication does not apply: a scraper holds no user token). GET and HEAD only.
 */
export function metricsRoute(registry: Registry, token: string | undefined, logger: Logger): HttpRoute {
  const authorized = token === undefined ? () => true : staticBearerCheck(token);
  return (req, res, path) => {
    if (path !== METRICS_PATH) return false;
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return true;
    }
    if (!authorized(req.headers.authorization)) {
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="metrics"', 'Content-Type': 'text/plain; charset=utf-8' }).end('METRICS_TOKEN required\n');
      return true;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      (error: unknown) => {
        logger.error({ err: error }, 'could not collect metrics');
        res.writeHead(500).end();
      },
    );
    return true;
  };
}

export interface MetricsServer {
  readonly url: URL;
  close(): Promise<void>;
}

/** /metrics on a port of its own (METRICS_PORT), which can stay inside the cluster while the gateway's port is public. */
export async function startMetricsServer(route: HttpRoute, port: number, host: string): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!route(req, res, path)) res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not found; metrics are at ${METRICS_PATH}\n`);
  });
  const origin = await listen(server, port, host);
  return {
    url: new URL(METRICS_PATH, origin),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
