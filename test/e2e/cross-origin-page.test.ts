import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable, launchChromium } from '../support/browser.js';
import { useGatewayOverEmulator } from '../support/harness.js';

if (!chromiumAvailable) console.warn(`Skipping the browser test: no ${CHROMIUM} (.ci/run installs Debian's chromium package).`);

/** A dashboard page, as a frontend team would write it, that queries the gateway from its own origin. */
const page = (gatewayUrl: string) => `<!doctype html>
<html><body>
  <h1>Deployment <span id="number">…</span></h1>
  <p>State: <strong id="state">loading</strong> (<span id="percentage"></span>%)</p>
  <ol id="events"></ol>
  <script>
    fetch(${JSON.stringify(gatewayUrl)}, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { deploymentNumber state percentageComplete eventLog { eventType description } } }' }),
    })
      .then((response) => response.json())
      .then(({ data }) => {
        const d = data.deployment;
        document.getElementById('number').textContent = d.deploymentNumber;
        document.getElementById('percentage').textContent = d.percentageComplete;
        document.getElementById('events').innerHTML = d.eventLog.map((e) => '<li>' + e.eventType + ': ' + e.description + '</li>').join('');
        document.getElementById('state').textContent = d.state;
      })
      .catch((error) => { document.getElementById('state').textContent = 'failed: ' + error.message; });
  </script>
</body></html>`;

describe.skipIf(!chromiumAvailable)('a page on another origin, in headless Chromium', () => {
  /** Over the sample data, which holds AWS's documented example. */
  const t = useGatewayOverEmulator();
  let site: Server;
  let siteUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page(t.gateway.url.href)));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  it('renders a deployment fetched from the gateway across origins (CORS and response shape)', async () => {
    const tab = await browser.newPage();
    const corsResponses: Array<string | null> = [];
    tab.on('response', (response) => {
      if (response.url() === t.gateway.url.href) corsResponses.push(response.headers()['access-control-allow-origin'] ?? null);
    });
    await tab.goto(siteUrl);
    await tab.locator('#state:not(:text-is("loading"))').waitFor({ timeout: 10_000 });

    expect(await tab.textContent('#state')).toBe('COMPLETE');
    expect(await tab.textContent('#number')).toBe('1');
    expect(await tab.textContent('#percentage')).toBe('100');
    expect(await tab.locator('#events li').allTextContents()).toEqual([
      'DEPLOYMENT_COMPLETED: Deployment completed',
      'BAKE_TIME_STARTED: Deployment bake time started',
      'PERCENTAGE_UPDATED: Configuration available to 100.00% of clients',
      'PERCENTAGE_UPDATED: Configuration available to 75.00% of clients',
      'PERCENTAGE_UPDATED: Configuration available to 50.00% of clients',
      'PERCENTAGE_UPDATED: Configuration available to 25.00% of clients',
      'DEPLOYMENT_STARTED: Deployment started',
    ]);
    expect(corsResponses).toContain(siteUrl.slice(0, -1));
    expect(t.upstream.callsTo('GetDeployment')).toBe(1);
  });
});
