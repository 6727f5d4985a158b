import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, saveScreenshot, seriousAccessibilityViolations, VIEWPORTS } from '../support/browser.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

/**
 * The gateway behind a cable a test can pull: a TCP relay on a loopback port of its own. Pulled, it
 * drops every connection it carries and each new one as it arrives, as a restarting gateway or a
 * lost network would; plugged back, it relays again.
 */
class Cable {
  private pulled = false;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(private readonly target: URL) {
    this.server = createServer((client) => {
      if (this.pulled) return void client.destroy();
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
  }

  async listen(): Promise<URL> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    return new URL(`http://127.0.0.1:${port}/`);
  }

  pull(): void {
    this.pulled = true;
    for (const socket of this.sockets) socket.destroy();
  }

  plug(): void {
    this.pulled = false;
  }

  close(): Promise<void> {
    this.pull();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe.skipIf(!chromiumAvailable)('live updates across a dropped connection', () => {
  let emulator: TestEmulator;
  let gateway: TestGateway;
  let cable: Cable;
  let dashboard: URL;
  let browser: Browser;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    // Subscriptions look at AppConfig twice a second.
    gateway = await startGateway({ endpoint: emulator.endpoint, env: { WATCH_INTERVAL_SECONDS: '0.5' } });
    cable = new Cable(gateway.url);
    dashboard = await cable.listen();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await cable?.close();
    await gateway?.stop();
    await emulator?.close();
  });

  it('says live updates are interrupted, keeps what it shows, and catches up once reconnected, without a reload', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(new URL('/dashboard/applications/chk2svc/environments/prod7ea/deployments/3', dashboard).href);
    await page.getByText('Live: this deployment updates as it moves').waitFor();
    await page.evaluate(() => Object.assign(window, { loadedOnce: true }));
    const progress = async () => Number(await page.getByRole('progressbar').getAttribute('aria-valuenow'));
    const shown = await progress();
    const interrupted = page.getByTestId('live-interrupted');
    expect(await interrupted.count()).toBe(0);

    cable.pull();
    await interrupted.waitFor({ timeout: 10_000 });
    expect(await interrupted.textContent()).toContain('Live updates are interrupted');
    expect(await page.getByText('Live: this deployment updates as it moves').count()).toBe(0);
    expect(await progress()).toBe(shown);
    expect(await seriousAccessibilityViolations(page), 'with the interrupted notice').toEqual([]);
    await saveScreenshot(page, 'live-interrupted-1280');

    // The deployment moves on while the page cannot hear of it.
    emulator.clock.advanceMinutes(6);
    cable.plug();
    // graphql-ws reconnects with its backoff (a second, then two, four, … at most 30 s and a second of
    // jitter, however long the cable was out on a loaded machine) and subscribes again.
    await interrupted.waitFor({ state: 'detached', timeout: 35_000 });
    await expect.poll(progress, { timeout: 10_000 }).toBeGreaterThan(shown);
    await page.getByText('Live: this deployment updates as it moves').waitFor();
    expect(await page.evaluate(() => 'loadedOnce' in window)).toBe(true);
  }, 90_000);
});
