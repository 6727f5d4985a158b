import { AppConfigClient, CreateDeploymentStrategyCommand, StartDeploymentCommand } from '@aws-sdk/client-appconfig';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, saveScreenshot, VIEWPORTS } from '../support/browser.js';
import { type RunningProcess, startProcess } from '../support/process.js';

/** What a progress bar shows at one moment. */
interface Reading {
  readonly percentage: number;
  readonly state: string | null;
}

const readProgress = async (page: Page, scope: string): Promise<Reading> => ({
  percentage: Number(await page.locator(`${scope} [role="progressbar"]`).first().getAttribute('aria-valuenow')),
  state: await page.locator(`${scope} .badge`).first().getAttribute('data-state'),
});

/** Reads the page until `done`, with a deadline rather than a fixed wait; returns every distinct reading. */
async function watch(page: Page, scope: string, done: (reading: Reading) => boolean, timeoutMs: number): Promise<Reading[]> {
  const readings: Reading[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reading = await readProgress(page, scope);
    const last = readings.at(-1);
    if (!last || last.percentage !== reading.percentage || last.state !== reading.state) readings.push(reading);
    if (done(reading)) return readings;
    if (Date.now() > deadline) throw new Error(`no final reading within ${timeoutMs} ms: ${JSON.stringify(readings)}`);
    await page.waitForTimeout(100);
  }
}

/** A deployment as a subscription sends it, with the members these tests read. */
interface SentDeployment {
  readonly deploymentNumber: number;
  readonly state: string;
  readonly percentageComplete: number;
}

/**
 * Records what `page` asks the gateway over HTTP (each GraphQL POST by operation name) and what the
 * gateway sends it over the subscriptions' WebSocket, from before the page loads.
 */
function recordTraffic(page: Page) {
  const posted: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/graphql') {
      posted.push(String((request.postDataJSON() as { operationName?: string }).operationName));
    }
  });
  const sockets: string[] = [];
  const frames: string[] = [];
  page.on('websocket', (socket) => {
    sockets.push(socket.url());
    if (new URL(socket.url()).pathname === '/graphql') socket.on('framereceived', (frame) => frames.push(String(frame.payload)));
  });
  return {
    posted,
    /** The address of every WebSocket the page opened. */
    sockets,
    /** The deployments sent by the subscription `field`, in order. */
    sent(field: 'deploymentChanged' | 'latestDeploymentChanged'): SentDeployment[] {
      return frames
        .map((frame) => JSON.parse(frame) as { type: string; payload?: { data?: Record<string, SentDeployment | null> } })
        .flatMap((message) => {
          const deployment = message.type === 'next' ? message.payload?.data?.[field] : undefined;
          return deployment ? [deployment] : [];
        });
    },
  };
}

describe.skipIf(!chromiumAvailable)('a deployment moving live, through npm start with a fast emulator clock', () => {
  let gateway: RunningProcess;
  let dashboardUrl: string;
  let appconfig: AppConfigClient;
  let browser: Browser;

  beforeAll(async () => {
    // A simulated minute per second; the gateway keeps a moving deployment for at most a second, and
    // its subscriptions look at AppConfig every second.
    gateway = startProcess('src/main.ts', {
      PORT: '0',
      EMULATOR_TIME_SCALE: '60',
      CACHE_ACTIVE_TTL_SECONDS: '1',
      CACHE_LIST_TTL_SECONDS: '1',
      WATCH_INTERVAL_SECONDS: '1',
    });
    [, dashboardUrl = ''] = await gateway.waitFor(/Deployment dashboard: open (http:\/\/\S+) in a browser/);
    const [, endpoint] = gateway.output().match(/"endpoint":"(http:\/\/[^"]+)"/) ?? [];
    appconfig = new AppConfigClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    appconfig?.destroy();
    await gateway?.stop();
  });

  it('advances the progress bar to COMPLETE without a reload, through the subscriptions alone, and the overview follows', async () => {
    // LINEAR 10% over 22 simulated minutes, no bake: a step every 2 s of real time, complete after 22 s,
    // so that even a slow machine's browser sees several steps.
    const strategy = await appconfig.send(
      new CreateDeploymentStrategyCommand({
        Name: 'live-test',
        DeploymentDurationInMinutes: 22,
        GrowthType: 'LINEAR',
        GrowthFactor: 10,
        FinalBakeTimeInMinutes: 0,
      }),
    );
    const started = await appconfig.send(
      new StartDeploymentCommand({
        ApplicationId: '339ohji',
        EnvironmentId: '54j1r29',
        DeploymentStrategyId: strategy.Id,
        ConfigurationProfileId: 'ur8hx2f',
        ConfigurationVersion: '2',
        Description: 'Started by the live dashboard test',
      }),
    );
    expect(started.DeploymentNumber).toBe(2);

    const deploymentPage = await browser.newPage({ viewport: VIEWPORTS.desktop });
    const deploymentTraffic = recordTraffic(deploymentPage);
    await deploymentPage.goto(`${dashboardUrl}/applications/339ohji/environments/54j1r29/deployments/2`);
    const overview = await browser.newPage({ viewport: VIEWPORTS.desktop });
    const overviewTraffic = recordTraffic(overview);
    await overview.goto(dashboardUrl);
    // A reload would lose this mark.
    for (const page of [deploymentPage, overview]) {
      await page.locator('[role="progressbar"]').first().waitFor();
      await page.evaluate(() => Object.assign(window, { loadedOnce: true }));
    }
    await deploymentPage.getByText('Live: this deployment updates as it moves').waitFor();
    await saveScreenshot(deploymentPage, 'deployment-live-1280');

    const readings = await watch(deploymentPage, '#main', (reading) => reading.state === 'COMPLETE', 45_000);
    expect(readings.at(-1)).toEqual({ percentage: 100, state: 'COMPLETE' });
    // The bar was seen at two steps or more on its way, only ever growing.
    const percentages = readings.map((reading) => reading.percentage);
    expect(new Set(percentages.filter((percentage) => percentage < 100)).size, JSON.stringify(readings)).toBeGreaterThanOrEqual(2);
    expect(percentages).toEqual([...percentages].sort((a, b) => a - b));
    expect(await deploymentPage.locator('[data-event-type="DEPLOYMENT_COMPLETED"]').count()).toBe(1);
    expect(await deploymentPage.getByText('Live: this deployment').count()).toBe(0);
    // Every step came through the deploymentChanged subscription, over a WebSocket to the page's own
    // origin and GraphQL path: one query loaded the page, and no POST followed it.
    const socketUrl = `ws://${new URL(dashboardUrl).host}/graphql`;
    expect(deploymentTraffic.sockets.length).toBeGreaterThanOrEqual(1);
    expect(new Set(deploymentTraffic.sockets)).toEqual(new Set([socketUrl]));
    expect(deploymentTraffic.posted).toEqual(['DeploymentPage']);
    const changes = deploymentTraffic.sent('deploymentChanged');
    const sentPercentages = new Set(changes.map((deployment) => deployment.percentageComplete));
    expect(sentPercentages.size, JSON.stringify(changes)).toBeGreaterThanOrEqual(3);
    expect(changes.at(-1)).toMatchObject({ deploymentNumber: 2, state: 'COMPLETE', percentageComplete: 100 });
    // Each step the bar showed after the page loaded is one the subscription sent.
    for (const percentage of percentages.slice(1)) expect([...sentPercentages], JSON.stringify({ readings, changes })).toContain(percentage);

    const card = '[data-environment="54j1r29"]';
    await watch(overview, card, (reading) => reading.state === 'COMPLETE', 10_000);
    expect(await overview.locator(`${card} .summary`).getAttribute('data-deployment')).toBe('2');
    // The overview learnt of the new deployment and of each step through latestDeploymentChanged alone.
    expect(new Set(overviewTraffic.sockets)).toEqual(new Set([socketUrl]));
    expect(overviewTraffic.posted).toEqual(['Overview']);
    expect(overviewTraffic.sent('latestDeploymentChanged').some((deployment) => deployment.deploymentNumber === 2 && deployment.state === 'COMPLETE')).toBe(
      true,
    );
    for (const page of [deploymentPage, overview]) expect(await page.evaluate(() => 'loadedOnce' in window)).toBe(true);
    await saveScreenshot(deploymentPage, 'deployment-completed-1280');
    await saveScreenshot(overview, 'overview-live-1280');
  });
});
