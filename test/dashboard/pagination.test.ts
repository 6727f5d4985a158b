import { CreateEnvironmentCommand, StartDeploymentCommand } from '@aws-sdk/client-appconfig';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, VIEWPORTS } from '../support/browser.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

/** One more than a page of the environment view holds. */
const DEPLOYMENTS = 11;

describe.skipIf(!chromiumAvailable)("an environment's deployments, a page at a time", () => {
  let emulator: TestEmulator;
  let gateway: TestGateway;
  let browser: Browser;
  let environmentPath: string;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    const environment = await emulator.client.send(new CreateEnvironmentCommand({ ApplicationId: '339ohji', Name: 'busy' }));
    for (let i = 0; i < DEPLOYMENTS; i += 1) {
      await emulator.client.send(
        new StartDeploymentCommand({
          ApplicationId: '339ohji',
          EnvironmentId: environment.Id,
          DeploymentStrategyId: 'AppConfig.AllAtOnce',
          ConfigurationProfileId: 'ur8hx2f',
          ConfigurationVersion: String(i + 1),
        }),
      );
      // AllAtOnce bakes for 10 minutes; only then may the next deployment start.
      emulator.clock.advanceMinutes(11);
    }
    gateway = await startGateway({ endpoint: emulator.endpoint });
    environmentPath = `/dashboard/applications/339ohji/environments/${environment.Id}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await emulator?.close();
  });

  it('shows the newest ten first, the rest behind a link with a URL of its own, and a way back', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    const numbers = () => page.locator('.deployments .summary').evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-deployment'))));
    await page.goto(new URL(environmentPath, gateway.url).href);
    await page.locator('.deployments .summary').first().waitFor();
    expect(await numbers()).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);

    await page.getByRole('link', { name: 'Older deployments' }).click();
    await page.waitForURL(/\?after=/);
    await expect.poll(numbers).toEqual([1]);
    expect(await page.getByRole('link', { name: 'Older deployments' }).count()).toBe(0);

    // The page's URL opens the same page on its own.
    await page.reload();
    await expect.poll(numbers).toEqual([1]);
    await page.getByRole('link', { name: 'Newest deployments' }).click();
    await expect.poll(numbers).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  });
});
