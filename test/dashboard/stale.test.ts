import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, saveScreenshot, seriousAccessibilityViolations, VIEWPORTS } from '../support/browser.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

describe.skipIf(!chromiumAvailable)('stale data, shown as such', () => {
  let emulator: TestEmulator;
  let gateway: TestGateway;
  let browser: Browser;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    // The gateway's cache ages on the emulator's manual clock, so a test expires it by moving that clock;
    // whole responses are not cached, so each answer is built from the entries, as stale-if-error needs.
    gateway = await startGateway({
      endpoint: emulator.endpoint,
      clock: emulator.clock,
      maxAttempts: 1,
      env: { CACHE_BACKEND: 'memory', CACHE_RESPONSES: 'false' },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await emulator?.close();
  });

  it('says how old the data is and why, when AppConfig fails and the gateway answers from its cache', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    const deploymentNumbers = () => page.locator('.deployments .summary').evaluateAll((items) => items.map((item) => item.getAttribute('data-deployment')));
    await page.goto(new URL('/dashboard/applications/chk2svc/environments/prod7ea', gateway.url).href);
    await page.locator('.deployments .summary').first().waitFor();
    expect(await page.getByTestId('stale-notice').count()).toBe(0);

    // AppConfig fails first, so that no answer of it refreshes the cache once its entries have expired.
    emulator.setFaults([{ fault: { kind: 'error', status: 503 } }]);
    try {
      emulator.clock.advanceMinutes(10);
      await page.reload();
      const notice = page.getByTestId('stale-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('Showing data from 10 min 00 s ago: AppConfig is unavailable (UPSTREAM_ERROR).');
      expect(await deploymentNumbers()).toEqual(['3', '2', '1']);
      expect(await seriousAccessibilityViolations(page), 'with the stale notice').toEqual([]);
      await saveScreenshot(page, 'stale-1280');
    } finally {
      emulator.setFaults([]);
    }

    // A fresh answer clears it.
    await page.reload();
    await page.locator('.deployments .summary').first().waitFor();
    expect(await page.getByTestId('stale-notice').count()).toBe(0);
  });
});
