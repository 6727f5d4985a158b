import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, CHROMIUM, launchChromium, saveScreenshot, seriousAccessibilityViolations, VIEWPORTS } from '../support/browser.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

if (!chromiumAvailable) console.warn(`Skipping the dashboard's browser tests: no ${CHROMIUM} (.ci/run installs Debian's chromium package).`);

/** Every view of the sample data, by name: each has its own URL. */
const VIEWS = {
  overview: '/dashboard/',
  environment: '/dashboard/applications/chk2svc/environments/prod7ea',
  deployment: '/dashboard/applications/chk2svc/environments/prod7ea/deployments/2',
  'not-found': '/dashboard/applications/chk2svc/environments/prod7ea/deployments/99',
} as const;

describe.skipIf(!chromiumAvailable)('the dashboard over the sample data, in headless Chromium', () => {
  let emulator: TestEmulator;
  let gateway: TestGateway;
  let browser: Browser;
  let context: BrowserContext;
  /** Requests the pages made anywhere but the gateway, and what the browser refused (CSP) or failed. */
  const offOrigin: string[] = [];
  const consoleErrors: string[] = [];

  const open = async (path: string, viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<Page> => {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== gateway.url.origin) offOrigin.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(new URL(path, gateway.url).href);
    return page;
  };

  beforeAll(async () => {
    // The emulator's clock stands still, so the moving sample deployments hold their place.
    emulator = await startTestEmulator();
    gateway = await startGateway({ endpoint: emulator.endpoint });
    browser = await launchChromium();
    context = await browser.newContext();
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await emulator?.close();
  });

  it('shows every application and environment with its latest deployment: state, progress, strategy and times', async () => {
    const page = await open(VIEWS.overview);
    await page.getByRole('heading', { level: 1, name: 'Every environment' }).waitFor();
    const card = (environmentId: string) => page.locator(`[data-environment="${environmentId}"]`);
    await card('prod8hh').waitFor();

    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
      'Example-Application 339ohji',
      'checkout-service chk2svc',
      'search-frontend srch7ui',
    ]);
    const latest = {
      '54j1r29': ['1', 'COMPLETE'],
      prod7ea: ['3', 'DEPLOYING'],
      stg4kq1: ['3', 'BAKING'],
      beta3zz: ['2', 'VALIDATING'],
      prod8hh: ['1', 'ROLLING_BACK'],
    };
    for (const [environmentId, [number, state]] of Object.entries(latest)) {
      await expect.poll(() => card(environmentId).locator('.summary').getAttribute('data-deployment')).toBe(number);
      expect(await card(environmentId).locator('.badge').getAttribute('data-state')).toBe(state);
    }
    const example = card('54j1r29');
    expect(await example.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await example.textContent()).toContain('Linear, +25% per step');
    expect(await example.textContent()).toContain('Started2021-09-17 21:43:54 UTC');
    expect(await example.textContent()).toContain('Completed2021-09-17 21:59:03 UTC');
    expect(await example.textContent()).toContain('Elapsed15 min 09 s');
    const production = card('prod7ea');
    const progress = Number(await production.getByRole('progressbar').getAttribute('aria-valuenow'));
    expect(progress).toBeGreaterThan(0);
    expect(progress).toBeLessThan(100);
    expect(await production.textContent()).toContain('Completednot yet');
    await saveScreenshot(page, 'overview-1280');
  });

  it("lists an environment's deployments newest first", async () => {
    const page = await open(VIEWS.environment);
    await page.locator('.deployments .summary').first().waitFor();
    expect(await page.locator('.deployments .summary').evaluateAll((items) => items.map((item) => item.getAttribute('data-deployment')))).toEqual([
      '3',
      '2',
      '1',
    ]);
    expect(await page.locator('.deployments .badge').allTextContents()).toEqual(['Deploying', 'Rolled back', 'Complete']);
    await saveScreenshot(page, 'environment-1280');
  });

  it("tells the rolled-back deployment's story: the alarm, the failed action invocation, extensions and configuration", async () => {
    const page = await open(VIEWS.deployment);
    const failed = page.locator('.invocation--failed');
    await failed.waitFor();
    expect(await failed.count()).toBe(1);
    expect(await failed.textContent()).toContain('Failed');
    expect(await failed.locator('.invocation__error').textContent()).toBe('Lambda.FunctionError Slack webhook returned HTTP 500: service unavailable');
    expect(await page.locator('.timeline__event').evaluateAll((events) => events.map((event) => event.getAttribute('data-event-type')))).toEqual([
      'ROLLBACK_COMPLETED',
      'ROLLBACK_STARTED',
      'PERCENTAGE_UPDATED',
      'DEPLOYMENT_STARTED',
    ]);
    expect(await page.locator('[data-event-type="ROLLBACK_STARTED"]').textContent()).toContain('Triggered by a CloudWatch alarm');
    expect(await page.locator('.parameters tbody tr').allTextContents()).toEqual(['channel#checkout-deploys', 'mention@checkout-oncall']);
    const configuration = await page.getByRole('region', { name: 'Configuration' }).textContent();
    expect(configuration).toContain('checkout-flags');
    expect(configuration).toContain('2 (v1.1)');
    const strategy = await page.getByRole('region', { name: 'Strategy' }).textContent();
    expect(strategy).toContain('AppConfig.Linear50PercentEvery30Seconds');
    expect(strategy).toContain('Linear, +50% per step');
    await saveScreenshot(page, 'deployment-1280');
  });

  it("answers a missing deployment's URL, a missing environment's and an unknown one with a not-found message", async () => {
    const page = await open(VIEWS['not-found']);
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    expect(await page.getByTestId('not-found').textContent()).toContain('Deployment #99 of chk2svc/prod7ea does not exist in AppConfig.');
    await saveScreenshot(page, 'not-found-1280');

    await page.goto(new URL('/dashboard/applications/chk2svc/environments/nope123', gateway.url).href);
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    expect(await page.getByTestId('not-found').textContent()).toContain('Environment nope123 of application chk2svc does not exist');

    await page.goto(new URL('/dashboard/no/such/view', gateway.url).href);
    expect(await page.getByTestId('not-found').textContent()).toContain('No page of the dashboard has this address.');
  });

  it('finds no serious or critical accessibility violations (axe-core) on any view, at either width', async () => {
    for (const viewport of Object.values(VIEWPORTS)) {
      const page = await open(VIEWS.overview, viewport);
      for (const [name, path] of Object.entries(VIEWS)) {
        await page.goto(new URL(path, gateway.url).href);
        await page.locator('h1').waitFor();
        await page.locator('[role="status"]:has-text("Loading")').waitFor({ state: 'detached' });
        expect(await seriousAccessibilityViolations(page), `${name} at ${viewport.width} px`).toEqual([]);
      }
      await page.close();
    }
  });

  it('is readable at phone width: no view scrolls sideways', async () => {
    for (const [name, path] of Object.entries(VIEWS)) {
      const page = await open(path, VIEWPORTS.phone);
      await page.locator('h1').waitFor();
      await page.locator('[role="status"]:has-text("Loading")').waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), name).toBeLessThanOrEqual(0);
      await saveScreenshot(page, `${name}-390`);
      await page.close();
    }
  });

  it('can be used from the keyboard: a skip link first, links in reach, a visible focus, focus on the new view', async () => {
    const page = await open(VIEWS.overview);
    await page.locator('[data-environment="prod7ea"]').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const outline = () => page.evaluate(() => (document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : 'none'));
    expect(await outline()).not.toBe('none');

    const reached: string[] = [];
    for (let i = 0; i < 40 && !reached.includes('production'); i += 1) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.textContent ?? ''));
    }
    expect(reached).toContain('Deployment #1');
    expect(reached.at(-1)).toBe('production');
    expect(await outline()).not.toBe('none');

    await page.keyboard.press('Enter');
    await page.waitForURL(/\/dashboard\/applications\/chk2svc\/environments\/prod7ea$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  });

  it("opens its subscriptions' WebSocket to its own origin under CSP 'self', and none to another host", async () => {
    // A page of its own: the refused socket's console error is what this test expects.
    const page = await context.newPage();
    // Every CSP violation of the page, from its first script on.
    await page.addInitScript(() => {
      const violations: string[] = [];
      Object.assign(window, { violations });
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.blockedURI));
    });
    const acknowledged = page
      .waitForEvent('websocket')
      .then(
        (socket) =>
          new Promise<string>((resolve) => socket.on('framereceived', (frame) => String(frame.payload).includes('"connection_ack"') && resolve(socket.url()))),
      );
    await page.goto(new URL(VIEWS.overview, gateway.url).href);
    expect(await acknowledged).toBe(`ws://${gateway.url.host}/graphql`);
    const violations = () => page.evaluate(() => (window as unknown as { violations: string[] }).violations);
    expect(await violations()).toEqual([]);

    await page.evaluate(() => void new WebSocket('ws://127.0.0.2:9/graphql'));
    await expect.poll(violations).toEqual(['ws://127.0.0.2:9/graphql']);
    await page.close();
  });

  it('loads nothing from anywhere but the gateway, and the browser refuses nothing under its CSP', () => {
    expect(offOrigin).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
