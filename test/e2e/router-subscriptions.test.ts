import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { CreateDeploymentStrategyCommand, StartDeploymentCommand } from '@aws-sdk/client-appconfig';
import { parse } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { buildGatewaySchema } from '../../src/schema.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { AUDIENCE, generateTestKey, ISSUER, type JwksServer, signToken, startJwksServer, type TestKey } from '../support/jwks.js';
import { scrape, total } from '../support/metrics.js';
import { freePort, startPackageBin } from '../support/process.js';

/**
 * Hive Gateway's CLI, as its users run it (`hive-gateway supergraph supergraph.graphql` with a
 * gateway.config.ts), routing to the real gateway over loopback; the emulator's clock moves only when
 * a test moves it.
 */

/** The subgraph's watch interval: short, so that a deployment's life takes seconds. */
const INTERVAL_MS = 100;
const HIVE_GATEWAY_CONFIG = 'test/fixtures/hive-gateway/gateway.config.ts';

let emulator: TestEmulator;
let subgraph: TestGateway;
let routerUrl: string;

interface Router {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Composes a supergraph of `subgraph` alone from its SDL, as `rover supergraph compose` does, and serves
 * it with `hive-gateway supergraph` and the project's gateway.config.ts on a free loopback port.
 */
async function startRouter(subgraphUrl: URL, sdl: string): Promise<Router> {
  const composition = composeServices([{ name: 'appconfig', typeDefs: parse(sdl), url: subgraphUrl.href }]);
  if (composition.errors) throw new Error(`Composition failed:\n${composition.errors.map((error) => error.toString()).join('\n')}`);
  const workDir = mkdtempSync(join(tmpdir(), 'hive-gateway-'));
  const supergraph = join(workDir, 'supergraph.graphql');
  writeFileSync(supergraph, composition.supergraphSdl);

  const port = await freePort();
  const router = startPackageBin('hive-gateway', ['supergraph', supergraph, '--config-path', HIVE_GATEWAY_CONFIG, '--host', '127.0.0.1', '--port', String(port)], {});
  const stop = async () => {
    await router.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    await router.waitFor(/Listening on http:\/\/127\.0\.0\.1:\d+/, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}/graphql`, stop };
}

let router: Router | undefined;
beforeAll(async () => {
  emulator = await startTestEmulator();
  subgraph = await startGateway({ endpoint: emulator.endpoint, env: { WATCH_INTERVAL_SECONDS: String(INTERVAL_MS / 1000) } });
  // `npm run supergraph:sdl`'s SDL.
  router = await startRouter(subgraph.url, printSubgraphSchema(buildGatewaySchema()));
  routerUrl = router.url;
}, 90_000);

afterAll(async () => {
  await router?.stop();
  await subgraph?.stop();
  await emulator?.close();
});

beforeEach(() => emulator.resetCounters());

/** Starts a deployment in the documented example's environment: LINEAR, 25% every 3 minutes over 15, then 3 minutes of bake. */
async function startDeployment(): Promise<number> {
  const strategy = await emulator.client.send(
    new CreateDeploymentStrategyCommand({
      Name: `routed-${Date.now()}`,
      DeploymentDurationInMinutes: 15,
      GrowthFactor: 25,
      GrowthType: 'LINEAR',
      FinalBakeTimeInMinutes: 3,
    }),
  );
  const started = await emulator.client.send(
    new StartDeploymentCommand({
      ApplicationId: '339ohji',
      EnvironmentId: '54j1r29',
      DeploymentStrategyId: strategy.Id,
      ConfigurationProfileId: 'ur8hx2f',
      ConfigurationVersion: '1',
    }),
  );
  // Lets it finish afterwards, so that the next test can start one in the same environment.
  onTestFinished(() => void emulator.clock.advanceMinutes(60));
  return started.DeploymentNumber!;
}

const changedQuery = (deploymentNumber: number) =>
  `subscription { deploymentChanged(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: ${deploymentNumber}) { deploymentNumber state percentageComplete } }`;

interface Subscriber {
  /** Each event as `STATE percentage`, or the error. */
  readonly moments: string[];
  completed: boolean;
}

interface SubscribingClient {
  subscribe(payload: { query: string }, sink: { next(result: unknown): void; error(error: unknown): void; complete(): void }): () => void;
  dispose(): void | Promise<void>;
}

/** Subscribes through `client`, recording each event's state and percentage. */
function subscribe(client: SubscribingClient, query: string): Subscriber {
  const subscriber: Subscriber = { moments: [], completed: false };
  client.subscribe(
    { query },
    {
      next: (result) => {
        const { data, errors } = result as { data?: { deploymentChanged: { state: string; percentageComplete: number } }; errors?: unknown };
        subscriber.moments.push(data ? `${data.deploymentChanged.state} ${data.deploymentChanged.percentageComplete}` : JSON.stringify(errors));
      },
      error: (error) => void subscriber.moments.push(`error: ${error instanceof Error ? error.message : JSON.stringify(error)}`),
      complete: () => (subscriber.completed = true),
    },
  );
  return subscriber;
}

/** A client of the router at `url` over Server-Sent Events (graphql-sse), sending `headers` with each stream. */
function sseClient(url = routerUrl, headers: Record<string, string> = {}): SubscribingClient {
  const client = createSseClient({ url, headers, retryAttempts: 0 });
  onTestFinished(() => client.dispose());
  return client;
}

/** A client of the router at `url` over WebSocket (graphql-ws, as Apollo Client's GraphQLWsLink), with `connectionParams` in its connection_init. */
function wsClient(url = routerUrl, connectionParams: Record<string, string> = {}): SubscribingClient {
  const client = createWsClient({ url: url.replace(/^http/, 'ws'), connectionParams, webSocketImpl: WebSocket, retryAttempts: 0 });
  onTestFinished(() => client.dispose());
  return client;
}

/** What the subgraph serves right now: its subscriptions by transport (the router's, here) and its watchers. */
async function subgraphLive() {
  const samples = await scrape(subgraph.url);
  return {
    websocket: total(samples, 'appconfig_graph_subscriptions_active', { transport: 'websocket' }),
    sse: total(samples, 'appconfig_graph_subscriptions_active', { transport: 'sse' }),
    watchers: total(samples, 'appconfig_graph_watchers_active'),
  };
}

describe('Hive Gateway routing to appconfig-graph', () => {
  it('answers a plain query through the router', async () => {
    const response = await fetch(routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state percentageComplete } }' }),
    });
    expect(await response.json()).toEqual({ data: { deployment: { state: 'COMPLETE', percentageComplete: 100 } } });
    expect(emulator.callsTo('GetDeployment')).toBe(1);
  });

  it("relays each step of a deployment in order through to COMPLETE, over SSE and WebSocket, from one watcher's polls", async () => {
    const number = await startDeployment();
    const overSse = sseClient();
    const overWs = wsClient();
    const subscribers = [
      subscribe(overSse, changedQuery(number)),
      subscribe(overSse, changedQuery(number)),
      subscribe(overWs, changedQuery(number)),
      subscribe(overWs, changedQuery(number)),
    ];
    const allHave = (count: number) => subscribers.every((subscriber) => subscriber.moments.length === count);
    await expect.poll(() => allHave(1), { timeout: 10_000 }).toBe(true);

    // The router reaches the subgraph over graphql-ws (the config's transport), one subscription per client's;
    // the subgraph polls once for all of them.
    expect(await subgraphLive()).toEqual({ websocket: 4, sse: 0, watchers: 1 });
    emulator.resetCounters();
    const started = Date.now();

    for (let step = 2; step <= 7; step += 1) {
      // Several intervals pass between steps: each change is relayed once, whatever the polls in between saw.
      const polled = emulator.callsTo('GetDeployment');
      await expect.poll(() => emulator.callsTo('GetDeployment')).toBeGreaterThanOrEqual(polled + 3);
      emulator.clock.advanceMinutes(3);
      await expect.poll(() => allHave(step)).toBe(true);
    }

    await expect.poll(() => subscribers.every((subscriber) => subscriber.completed)).toBe(true);
    const polls = emulator.callsTo('GetDeployment');
    const intervals = (Date.now() - started) / INTERVAL_MS;
    for (const subscriber of subscribers) {
      expect(subscriber.moments).toEqual(['DEPLOYING 1', 'DEPLOYING 25', 'DEPLOYING 50', 'DEPLOYING 75', 'DEPLOYING 100', 'BAKING 100', 'COMPLETE 100']);
    }
    // One watcher: about one call per interval (a timer may fire late, never twice), not one per subscriber.
    expect(polls).toBeLessThanOrEqual(intervals + 2);
    expect(emulator.requestsTo('GetDeployment').every((request) => Number(request.labels['DeploymentNumber']) === number)).toBe(true);
    await expect.poll(subgraphLive).toEqual({ websocket: 0, sse: 0, watchers: 0 });
  });

  it('ends the subgraph subscription when its client leaves the router, and the watcher stops polling', async () => {
    const number = await startDeployment();
    const client = sseClient();
    const subscriber = subscribe(client, changedQuery(number));
    await expect.poll(() => subscriber.moments, { timeout: 10_000 }).toEqual(['DEPLOYING 1']);
    expect(await subgraphLive()).toEqual({ websocket: 1, sse: 0, watchers: 1 });

    await client.dispose();
    await expect.poll(subgraphLive).toEqual({ websocket: 0, sse: 0, watchers: 0 });
    const after = emulator.callsTo('GetDeployment');
    const quiet = Date.now();
    await expect.poll(() => Date.now() - quiet > 10 * INTERVAL_MS).toBe(true);
    expect(emulator.callsTo('GetDeployment')).toBe(after);
  });
});

describe('Hive Gateway routing to appconfig-graph with AUTH_MODE=jwt', () => {
  let jwks: JwksServer;
  let key: TestKey;
  let secured: TestGateway;
  let securedRouter: Router | undefined;
  beforeAll(async () => {
    key = await generateTestKey('router-key');
    jwks = await startJwksServer([key]);
    secured = await startGateway({
      endpoint: emulator.endpoint,
      env: { WATCH_INTERVAL_SECONDS: String(INTERVAL_MS / 1000), AUTH_MODE: 'jwt', AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE },
    });
    // Its SDL as `rover subgraph introspect` reads it: `_service`, which asks for a token too.
    const introspection = await fetch(secured.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await signToken(key)}` },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    const { data } = (await introspection.json()) as { data: { _service: { sdl: string } } };
    securedRouter = await startRouter(secured.url, data._service.sdl);
  }, 90_000);
  afterAll(async () => {
    await securedRouter?.stop();
    await secured?.stop();
    await jwks?.close();
  });

  it("passes each client's token on: as a header over HTTP, in connection_init over the WebSocket", async () => {
    const authorization = `Bearer ${await signToken(key)}`;
    const response = await fetch(securedRouter!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state } }' }),
    });
    console.log(await response.text());
    const number = await startDeployment();
    const overSse = subscribe(sseClient(securedRouter!.url, { authorization }), changedQuery(number));
    const overWs = subscribe(wsClient(securedRouter!.url, { Authorization: authorization }), changedQuery(number));
    await expect.poll(() => [overSse.moments, overWs.moments], { timeout: 10_000 }).toEqual([['DEPLOYING 1'], ['DEPLOYING 1']]);
    const none = subscribe(sseClient(securedRouter!.url), changedQuery(number));
    await expect.poll(() => none.moments.length, { timeout: 10_000 }).toBe(1);
    console.log(none.moments);
  });
});
