import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, saveScreenshot, VIEWPORTS } from '../support/browser.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

/**
 * The emulator behind a switch: while `throttling` is on, every GetDeployment is answered as AWS
 * answers a caller over its quota, and everything else passes through.
 */
class ThrottlingProxy {
  throttling = false;
  private readonly server: Server;

  constructor(private readonly upstream: string) {
    this.server = createServer((req, res) => {
      if (this.throttling && req.method === 'GET' && /\/deployments\/\d+$/.test(req.url ?? '')) {
        req.resume();
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
    // One attempt per call: the SDK's retries would only slow the throttling down.
    gateway = await startGateway({ endpoint: await proxy.listen(), maxAttempts: 1 });
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

  it('keeps a moving deployment on screen when a live update is throttled, says so, and recovers', async () => {
    const page = await open('/dashboard/applications/chk2svc/environments/prod7ea/deployments/3');
    await page.getByText('Live: this deployment updates as it moves').waitFor();
    const shown = await page.getByRole('progressbar').getAttribute('aria-valuenow');

    proxy.throttling = true;
    const problem = page.locator('.notice__problem[data-code="UPSTREAM_THROTTLED"]');
    await problem.waitFor({ timeout: 10_000 });
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe(shown);
    expect(await page.locator('.notice__during').textContent()).toContain('Updating this deployment (the last data received stays shown)');
    await saveScreenshot(page, 'live-update-throttled-1280');

    proxy.throttling = false;
    emulator.clock.advanceMinutes(6);
    await problem.waitFor({ state: 'detached', timeout: 10_000 });
    await expect
      .poll(async () => Number(await page.getByRole('progressbar').getAttribute('aria-valuenow')), { timeout: 10_000 })
      .toBeGreaterThan(Number(shown));
  });
});
