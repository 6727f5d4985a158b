import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, saveScreenshot, seriousAccessibilityViolations, VIEWPORTS } from '../support/browser.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

/**
 * The emulator behind a switch: while `throttling` is on, every GetDeployment is answered as AWS
 * answers a caller over its quota, and everything else passes through.
 */
class ThrottlingProxy {
  throttling = false;
  /** GetDeployment calls answered as throttled so far. */
  throttled = 0;
  private readonly server: Server;

  constructor(private readonly upstream: string) {
    this.server = createServer((req, res) => {
      if (this.throttling && req.method === 'GET' && /\/deployments\/\d+$/.test(req.url ?? '')) {
        req.resume();
        this.throttled += 1;
        res.writeHead(400, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ThrottlingException', 'x-amzn-RequestId': 'req-throttled' });
        res.end(JSON.stringify({ Message: 'Rate exceeded' }));
        return;
      }
      const forwarded = request(new URL(req.url ?? '/', this.upstream), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(forwarded);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe.skipIf(!chromiumAvailable)('errors, shown as what they are', () => {
  let emulator: TestEmulator;
  let proxy: ThrottlingProxy;
  let gateway: TestGateway;
  let browser: Browser;

  const open = async (path: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(new URL(path, gateway.url).href);
    return page;
  };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    proxy = new ThrottlingProxy(emulator.endpoint);
    // One attempt per call: the SDK's retries would only slow the throttling down. Subscriptions look
    // at AppConfig twice a second.
    gateway = await startGateway({ endpoint: await proxy.listen(), maxAttempts: 1, env: { WATCH_INTERVAL_SECONDS: '0.5' } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await proxy?.close();
    await emulator?.close();
  });

  it('tells a throttled deployment as UPSTREAM_THROTTLED, not as a blank page or as missing', async () => {
    proxy.throttling = true;
    try {
      const page = await open('/dashboard/applications/chk2svc/environments/prod7ea/deployments/2');
      const problem = page.locator('.notice__problem[data-code="UPSTREAM_THROTTLED"]');
      await problem.waitFor();
      expect(await problem.textContent()).toContain('AppConfig is throttling requests');
      expect(await problem.locator('.notice__code').textContent()).toBe('UPSTREAM_THROTTLED');
      expect(await page.getByTestId('not-found').count()).toBe(0);
      await saveScreenshot(page, 'throttled-1280');
    } finally {
      proxy.throttling = false;
    }
  });

  it('keeps a moving deployment on screen while AppConfig throttles its live updates, and catches up after', async () => {
    const page = await open('/dashboard/applications/chk2svc/environments/prod7ea/deployments/3');
    await page.getByText('Live: this deployment updates as it moves').waitFor();
    const progress = async () => Number(await page.getByRole('progressbar').getAttribute('aria-valuenow'));

    // Throttling first, and seen to refuse a poll, so that no poll already past the proxy reads the moved deployment.
    const throttledBefore = proxy.throttled;
    proxy.throttling = true;
    await expect.poll(() => proxy.throttled - throttledBefore, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const shown = await progress();
    emulator.clock.advanceMinutes(6);
    // The gateway skips a poll that AppConfig refused and sends nothing: the page keeps what it has.
    const throttledMoved = proxy.throttled;
    await expect.poll(() => proxy.throttled - throttledMoved, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await progress()).toBe(shown);
    await saveScreenshot(page, 'live-update-throttled-1280');

    proxy.throttling = false;
    await expect.poll(progress, { timeout: 10_000 }).toBeGreaterThan(shown);
  });

  it('says that the gateway requires a token when it answers 401 UNAUTHENTICATED (AUTH_MODE=jwt)', async () => {
    // Without a token the gateway refuses before it would fetch the issuer's keys, so none need exist.
    const guarded = await startGateway({
      endpoint: emulator.endpoint,
      env: { AUTH_MODE: 'jwt', AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json', AUTH_ISSUER: 'https://issuer.test', AUTH_AUDIENCE: 'appconfig-graph' },
    });
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    try {
      await page.goto(new URL('/dashboard/', guarded.url).href);
      const problem = page.locator('.notice__problem[data-code="UNAUTHENTICATED"]');
      await problem.waitFor();
      expect(await problem.textContent()).toContain('The gateway requires a token');
      expect(await problem.locator('.notice__advice').textContent()).toContain('AUTH_MODE=jwt, and the dashboard cannot send a bearer token yet');
      expect(await seriousAccessibilityViolations(page), 'with the UNAUTHENTICATED notice').toEqual([]);
      await saveScreenshot(page, 'unauthenticated-1280');
    } finally {
      await page.close();
      await guarded.stop();
    }
  });
});
