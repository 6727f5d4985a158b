import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardHandler, DASHBOARD_CONTENT_SECURITY_POLICY } from '../../src/server/dashboard.js';
import { useEmulatorWithGatewaysPerTest } from '../support/harness.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const ASSET = '/assets/index-Ab12Cd34.js';

/** A build as Vite writes it: index.html refers to its hashed assets as `./assets/…`. */
function writeFixtureBuild(root: string): void {
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><link rel="icon" href="./favicon.svg"><script type="module" crossorigin src="./assets/index-Ab12Cd34.js"></script>',
  );
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, ASSET.slice(1)), 'console.log("dashboard");');
  writeFileSync(join(root, `${ASSET.slice(1)}.gz`), gzipSync('console.log("dashboard");'));
}

describe('the dashboard handler, over a build', () => {
  let root: string;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'dashboard-build-'));
    writeFixtureBuild(root);
    const dashboard = createDashboardHandler({ path: '/ops/deployments', logger: pino({ level: 'silent' }), root });
    server = createServer((req, res) => {
      if (!dashboard(req, res, (req.url ?? '/').split('?')[0] ?? '/')) res.writeHead(404).end('not the dashboard');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true });
  });

  it.each(['/ops/deployments', '/ops/deployments/', '/ops/deployments/applications/chk2svc/environments/prod7ea/deployments/2?tab=events'])(
    'answers %s with index.html, its assets pointed at the path, revalidated on every visit',
    async (path) => {
      const response = await fetch(origin + path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toBe(DASHBOARD_CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await response.text();
      expect(html).toContain('src="/ops/deployments/assets/index-Ab12Cd34.js"');
      expect(html).toContain('href="/ops/deployments/favicon.svg"');
      expect(html).not.toContain('="./');
    },
  );

  it('answers a revalidation of an unchanged index.html with 304', async () => {
    const etag = (await fetch(`${origin}/ops/deployments/`)).headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const revalidated = await fetch(`${origin}/ops/deployments/applications/x/environments/y`, { headers: { 'if-none-match': etag! } });
    expect(revalidated.status).toBe(304);
  });

  it('serves hashed assets for a year, immutable, compressed when the browser accepts it', async () => {
    const response = await fetch(`${origin}/ops/deployments${ASSET}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(response.headers.get('content-type')).toBe('text/javascript');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log("dashboard");');
  });

  it('revalidates files that are not hashed, such as the icon', async () => {
    const response = await fetch(`${origin}/ops/deployments/favicon.svg`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers a missing asset with 404, never with index.html', async () => {
    const response = await fetch(`${origin}/ops/deployments/assets/index-Gone0000.js`);
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).not.toContain('<!doctype html>');
  });

  it('answers only GET and HEAD', async () => {
    const response = await fetch(`${origin}/ops/deployments/`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('leaves paths outside its own to the caller, a mere prefix included', async () => {
    for (const path of ['/', '/ops', '/ops/deployments-old', '/graphql']) {
      expect(await (await fetch(origin + path)).text()).toBe('not the dashboard');
    }
  });
});

describe('the dashboard handler without a build', () => {
  it.each([
    ['an empty build directory', ''],
    ['no build directory at all (npm ci --ignore-scripts)', 'dist'],
  ])('answers 503 saying how to build it, rather than a blank page, with %s', async (_case, missing) => {
    const root = mkdtempSync(join(tmpdir(), 'dashboard-unbuilt-'));
    const dashboard = createDashboardHandler({ path: '/dashboard', logger: pino({ level: 'silent' }), root: join(root, missing) });
    const server = createServer((req, res) => void dashboard(req, res, req.url ?? '/'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/dashboard/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run build:web');
    } finally {
      await new Promise((resolve) => server.close(resolve));
      rmSync(root, { recursive: true });
    }
  });
});

describe('the gateway', () => {
  const t = useEmulatorWithGatewaysPerTest();

  it('serves the dashboard at /dashboard by default, with its own Content-Security-Policy, and GraphQL beside it', async () => {
    const gateway = await t.gatewayWith();
    const dashboard = await fetch(new URL('/dashboard/applications/chk2svc/environments/prod7ea', gateway.url));
    // 200 once `npm ci` has built web/, 503 before: the dashboard's own answer either way.
    expect([200, 503]).toContain(dashboard.status);
    expect(dashboard.headers.get('content-security-policy')).toBe(DASHBOARD_CONTENT_SECURITY_POLICY);
    const graphql = await gateway.query('{ __typename }');
    expect(graphql.body).toEqual({ data: { __typename: 'Query' } });
    expect(graphql.headers.get('content-security-policy')).toBeNull();
  });

  it('serves it at DASHBOARD_PATH instead, and not at all with DASHBOARD_ENABLED=false', async () => {
    const moved = await t.gatewayWith({ env: { DASHBOARD_PATH: '/ops/deployments' } });
    expect((await fetch(new URL('/ops/deployments/', moved.url))).headers.get('content-security-policy')).toBe(DASHBOARD_CONTENT_SECURITY_POLICY);
    expect((await fetch(new URL('/dashboard/', moved.url))).status).toBe(404);

    const off = await t.gatewayWith({ env: { DASHBOARD_ENABLED: 'false' } });
    const response = await fetch(new URL('/dashboard/', off.url));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBeNull();
  });
});
