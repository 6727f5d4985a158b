import { gql } from '@apollo/client';
import { printSubgraphSchema } from '@apollo/subgraph';
import { AppConfigClient } from '@aws-sdk/client-appconfig';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { buildGatewaySchema } from '../../src/schema.js';
import { createAppConfigClient } from '../fixtures/live-client.js';
import { startLinearDeployment, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { type HiveGateway, startHiveGateway } from '../support/hive-gateway.js';
import { AUDIENCE, generateTestKey, ISSUER, type JwksServer, signToken, startJwksServer, type TestKey } from '../support/jwks.js';
import { capturingLogger, type LogLine } from '../support/log-capture.js';
import { scrape, total } from '../support/metrics.js';
import { freePort, type RunningProcess, startProcess } from '../support/process.js';

/**
 * Hive Gateway's CLI, as its users run it (`hive-gateway supergraph supergraph.graphql` with the
 * gateway.config.ts docs/live-updates.md shows), in front of the real gateway over loopback. Most tests
 * run the gateway in-process over a test emulator whose clock moves only when a test moves it, so that
 * every step can be asserted; the last runs `npm start` with a time-scaled emulator, as a demo does.
 */

/** The subgraph's watch interval: short, so that a deployment's life takes seconds. */
const INTERVAL_MS = 100;
/** Each moment of a LINEAR 25% deployment, as a subscriber sees it. */
const EVERY_STEP = ['DEPLOYING 1', 'DEPLOYING 25', 'DEPLOYING 50', 'DEPLOYING 75', 'DEPLOYING 100', 'BAKING 100', 'COMPLETE 100'];
/** The router's start, the first WebSocket to the subgraph: slower than anything in-process on a loaded machine. */
const ROUTER_TIMEOUT_MS = 30_000;
/** The SDL `npm run supergraph:sdl` prints, which rover composes. */
const SUBGRAPH_SDL = printSubgraphSchema(buildGatewaySchema());

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.resetCounters());

/** Starts a deployment in the documented example's environment and lets it finish once the test is over, so that the next one can start. */
async function startDeployment(): Promise<number> {
  const number = await startLinearDeployment(emulator, { name: 'routed', bakeMinutes: 3 });
  onTestFinished(() => void emulator.clock.advanceMinutes(60));
  return number;
}

const changedQuery = (deploymentNumber: number) =>
  `subscription { deploymentChanged(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: ${deploymentNumber}) { deploymentNumber state percentageComplete } }`;

interface Subscriber {
  /** Each event as `STATE percentage`. */
  readonly moments: string[];
  /** Each result that carried errors, and a transport's error. */
  readonly errors: unknown[];
  completed: boolean;
}

interface SubscribingClient {
  subscribe(payload: { query: string }, sink: { next(result: unknown): void; error(error: unknown): void; complete(): void }): () => void;
  dispose(): void | Promise<void>;
}

/** Subscribes through `client`, recording each event's state and percentage. */
function subscribe(client: SubscribingClient, query: string): Subscriber {
  const subscriber: Subscriber = { moments: [], errors: [], completed: false };
  client.subscribe(
    { query },
    {
      next: (result) => {
        const { data, errors } = result as { data?: { deploymentChanged: { state: string; percentageComplete: number } | null }; errors?: unknown[] };
        if (errors) subscriber.errors.push(...errors);
        if (data?.deploymentChanged) subscriber.moments.push(`${data.deploymentChanged.state} ${data.deploymentChanged.percentageComplete}`);
      },
      error: (error) => void subscriber.errors.push(error),
      complete: () => (subscriber.completed = true),
    },
  );
  return subscriber;
}

/** A client of the router at `url` over Server-Sent Events (graphql-sse, as a browser's EventSource), sending `headers` with each stream. */
function sseClient(url: string, headers: Record<string, string> = {}): SubscribingClient {
  const client = createSseClient({ url, headers, retryAttempts: 0 });
  onTestFinished(() => client.dispose());
  return client;
}

/** A client of the router at `url` over WebSocket (graphql-ws, as Apollo Client's GraphQLWsLink), with `connectionParams` in its connection_init. */
function wsClient(url: string, connectionParams: Record<string, string> = {}): SubscribingClient {
  const client = createWsClient({ url: url.replace(/^http/, 'ws'), connectionParams, webSocketImpl: WebSocket, retryAttempts: 0 });
  onTestFinished(() => client.dispose());
  return client;
}

/** POSTs a query to `url`, with `headers`. */
async function query(url: string | URL, body: string, headers: Record<string, string> = {}): Promise<{ data?: unknown; errors?: unknown[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: body }) });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

/** What `subgraph` serves right now: its subscriptions by transport (the router's, here) and its watchers. */
async function subgraphLive(subgraph: TestGateway) {
  const samples = await scrape(subgraph.url);
  return {
    websocket: total(samples, 'appconfig_graph_subscriptions_active', { transport: 'websocket' }),
    sse: total(samples, 'appconfig_graph_subscriptions_active', { transport: 'sse' }),
    watchers: total(samples, 'appconfig_graph_watchers_active'),
  };
}

/**
 * Walks a deployment the subscribers follow through its steps: after each step the watcher has
 * polled a few times, the emulator's clock moves 3 minutes and every subscriber gets the next one.
 */
async function walkThrough(subscribers: readonly Subscriber[]): Promise<void> {
  for (let step = 2; step <= EVERY_STEP.length; step += 1) {
    const polled = emulator.callsTo('GetDeployment');
    await expect.poll(() => emulator.callsTo('GetDeployment')).toBeGreaterThanOrEqual(polled + 3);
    emulator.clock.advanceMinutes(3);
    await expect.poll(() => subscribers.every((subscriber) => subscriber.moments.length === step)).toBe(true);
  }
}

describe('Hive Gateway routing to appconfig-graph', () => {
  let subgraph: TestGateway;
  let router: HiveGateway;
  beforeAll(async () => {
    subgraph = await startGateway({ endpoint: emulator.endpoint, env: { WATCH_INTERVAL_SECONDS: String(INTERVAL_MS / 1000) } });
    router = await startHiveGateway(subgraph.url, SUBGRAPH_SDL);
  }, 120_000);
  afterAll(async () => {
    await router?.stop();
    await subgraph?.stop();
  });

  it('answers a plain query through the router', async () => {
    const body = await query(
      router.url,
      '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state percentageComplete } }',
    );
    expect(body).toEqual({ data: { deployment: { state: 'COMPLETE', percentageComplete: 100 } } });
    expect(emulator.callsTo('GetDeployment')).toBe(1);
  });

  it("relays each step of a deployment in order through to COMPLETE, over SSE and WebSocket, from one watcher's polls", { timeout: 120_000 }, async () => {
    const number = await startDeployment();
    const overSse = sseClient(router.url);
    const overWs = wsClient(router.url);
    const subscribers = [
      subscribe(overSse, changedQuery(number)),
      subscribe(overSse, changedQuery(number)),
      subscribe(overWs, changedQuery(number)),
      subscribe(overWs, changedQuery(number)),
    ];
    await expect.poll(() => subscribers.every((subscriber) => subscriber.moments.length === 1), { timeout: ROUTER_TIMEOUT_MS }).toBe(true);

    // The router reaches the subgraph over graphql-ws (the config's transport), one subscription per client's;
    // the subgraph polls once for all of them.
    expect(await subgraphLive(subgraph)).toEqual({ websocket: 4, sse: 0, watchers: 1 });
    emulator.resetCounters();
    const started = Date.now();

    // Several intervals pass between steps: each change is relayed once, whatever the polls in between saw.
    await walkThrough(subscribers);
    await expect.poll(() => subscribers.every((subscriber) => subscriber.completed)).toBe(true);
    const polls = emulator.callsTo('GetDeployment');
    const intervals = (Date.now() - started) / INTERVAL_MS;
    for (const subscriber of subscribers) expect(subscriber).toEqual({ moments: EVERY_STEP, errors: [], completed: true });
    // One watcher: about one call per interval (a timer may fire late, never twice), not one per subscriber.
    expect(polls).toBeLessThanOrEqual(intervals + 2);
    expect(emulator.requestedDeployments().every((requested) => requested === number)).toBe(true);
    await expect.poll(() => subgraphLive(subgraph)).toEqual({ websocket: 0, sse: 0, watchers: 0 });
  });

  it('ends the subgraph subscription when its client leaves the router, and the watcher stops polling', { timeout: 60_000 }, async () => {
    const number = await startDeployment();
    const client = sseClient(router.url);
    const subscriber = subscribe(client, changedQuery(number));
    await expect.poll(() => subscriber.moments, { timeout: ROUTER_TIMEOUT_MS }).toEqual(['DEPLOYING 1']);
    expect(await subgraphLive(subgraph)).toEqual({ websocket: 1, sse: 0, watchers: 1 });

    await client.dispose();
    await expect.poll(() => subgraphLive(subgraph)).toEqual({ websocket: 0, sse: 0, watchers: 0 });
    const polledBefore = emulator.requestedDeployments().length;

    // A watcher of another application's environment polls it every interval for as long as it is followed:
    // once it has polled ten times, the left one would have had ten chances too (intervals seen to pass,
    // rather than a sleep).
    const metronome = subscribe(
      wsClient(subgraph.url.href),
      'subscription { latestDeploymentChanged(applicationId: "chk2svc", environmentId: "stg4kq1") { deploymentNumber state } }',
    );
    const listed = emulator.callsTo('ListDeployments');
    await expect.poll(() => emulator.callsTo('ListDeployments')).toBeGreaterThanOrEqual(listed + 10);
    expect(metronome.errors).toEqual([]);
    const polledAfter = emulator.requestsTo('GetDeployment').slice(polledBefore);
    expect(polledAfter.filter((request) => request.labels['ApplicationId'] === '339ohji')).toEqual([]);
  });
});

/** What Apollo Client asks: a deployment, and its changes with its key fields, so that its cache normalises them. */
const APOLLO_DEPLOYMENT_STATE = gql`
  query DeploymentState($n: Int!) {
    deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: $n) {
      applicationId
      environmentId
      deploymentNumber
      state
    }
  }
`;
const APOLLO_FOLLOW = gql`
  subscription FollowDeployment($n: Int!) {
    deploymentChanged(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: $n) {
      applicationId
      environmentId
      deploymentNumber
      state
      percentageComplete
    }
  }
`;

describe('Hive Gateway routing to appconfig-graph with AUTH_MODE=jwt', () => {
  let jwks: JwksServer;
  let key: TestKey;
  let secured: TestGateway;
  let securedLog: LogLine[];
  let router: HiveGateway;
  beforeAll(async () => {
    const { logger, lines } = capturingLogger();
    securedLog = lines;
    key = await generateTestKey('router-key');
    jwks = await startJwksServer([key]);
    secured = await startGateway({
      endpoint: emulator.endpoint,
      logger,
      env: { WATCH_INTERVAL_SECONDS: String(INTERVAL_MS / 1000), AUTH_MODE: 'jwt', AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE },
    });
    // Its SDL as `rover subgraph introspect` reads it (`_service`, which wants a token too): with AUTH_MODE=jwt
    // it carries @authenticated, which Hive Gateway without an auth plugin of its own leaves to the subgraph.
    const introspected = (await query(secured.url, '{ _service { sdl } }', { authorization: `Bearer ${await signToken(key)}` })) as {
      data: { _service: { sdl: string } };
    };
    router = await startHiveGateway(secured.url, introspected.data._service.sdl);
  }, 120_000);
  afterAll(async () => {
    await router?.stop();
    await secured?.stop();
    await jwks?.close();
  });

  it("passes each client's token on: its header over HTTP and SSE, its connectionParams over the WebSocket", { timeout: 120_000 }, async () => {
    const authorization = `Bearer ${await signToken(key)}`;
    const answer = await query(router.url, '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state } }', {
      authorization,
    });
    expect(answer).toEqual({ data: { deployment: { state: 'COMPLETE' } } });

    const number = await startDeployment();
    // Apollo Client's GraphQLWsLink sends `Authorization` in connection_init; EventSource-style clients a header.
    const subscribers = [
      subscribe(sseClient(router.url, { authorization }), changedQuery(number)),
      subscribe(wsClient(router.url, { Authorization: authorization }), changedQuery(number)),
    ];
    await expect.poll(() => subscribers.every((subscriber) => subscriber.moments.length === 1), { timeout: ROUTER_TIMEOUT_MS }).toBe(true);
    expect(await subgraphLive(secured)).toEqual({ websocket: 2, sse: 0, watchers: 1 });
    await walkThrough(subscribers);
    await expect.poll(() => subscribers.every((subscriber) => subscriber.completed)).toBe(true);
    for (const subscriber of subscribers) expect(subscriber).toEqual({ moments: EVERY_STEP, errors: [], completed: true });
  });

  it("serves Apollo Client's split link (docs/live-updates.md) at the router's URL as it is, token and all", { timeout: 120_000 }, async () => {
    const { client, close } = createAppConfigClient(router.url, () => signToken(key));
    onTestFinished(close);
    const number = await startDeployment();
    const variables = { n: number };

    const { data } = await client.query<{ deployment: { state: string } }>({ query: APOLLO_DEPLOYMENT_STATE, variables });
    expect(data?.deployment.state).toBe('DEPLOYING');
    const followed: Subscriber = { moments: [], errors: [], completed: false };
    const subscription = client.subscribe<{ deploymentChanged: { state: string; percentageComplete: number } }>({ query: APOLLO_FOLLOW, variables }).subscribe({
      next: ({ data: event, error }) => {
        if (error) followed.errors.push(error);
        if (event) followed.moments.push(`${event.deploymentChanged.state} ${event.deploymentChanged.percentageComplete}`);
      },
      error: (error: unknown) => void followed.errors.push(error),
      complete: () => (followed.completed = true),
    });
    onTestFinished(() => subscription.unsubscribe());
    await expect.poll(() => followed.moments.length, { timeout: ROUTER_TIMEOUT_MS }).toBe(1);
    await walkThrough([followed]);
    await expect.poll(() => followed.completed).toBe(true);
    expect(followed).toEqual({ moments: EVERY_STEP, errors: [], completed: true });
  });

  it('refuses a client without a token, over HTTP and over the subscription, before any AppConfig call', { timeout: 60_000 }, async () => {
    const answer = await query(router.url, '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state } }');
    expect(answer).toEqual({
      data: { deployment: null },
      errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED', serviceName: 'appconfig' } })],
    });

    const number = await startDeployment();
    emulator.resetCounters();
    const refused = subscribe(sseClient(router.url), changedQuery(number));
    await expect.poll(() => refused.completed, { timeout: ROUTER_TIMEOUT_MS }).toBe(true);
    // The subgraph closed the router's WebSocket with 4401; Hive Gateway 2.15 passes that on as one error
    // without a message (docs/live-updates.md says so), and ends the subscription.
    expect(refused).toEqual({ moments: [], errors: [expect.anything()], completed: true });
    const refusals = securedLog.filter((line) => line.msg?.startsWith('refused a WebSocket')).map((line) => line['code']);
    expect(new Set(refusals)).toEqual(new Set(['UNAUTHENTICATED']));
    expect(emulator.callsTo('GetDeployment')).toBe(0);
  });
});

describe('Hive Gateway in front of npm start, on an emulator whose time runs 120 times faster', () => {
  /** Simulated minutes per real second: the demo's EMULATOR_TIME_SCALE=60 is a minute a second; here, two. */
  const TIME_SCALE = 120;
  let gateway: RunningProcess;
  let router: HiveGateway;
  let appconfig: AppConfigClient;
  beforeAll(async () => {
    // The gateway's port up front, so that the router (which only connects when asked) can start alongside it.
    const port = await freePort();
    gateway = startProcess('src/main.ts', {
      PORT: String(port),
      EMULATOR_TIME_SCALE: String(TIME_SCALE),
      WATCH_INTERVAL_SECONDS: String(INTERVAL_MS / 1000),
      DASHBOARD_ENABLED: 'false',
    });
    [router] = await Promise.all([
      startHiveGateway(`http://127.0.0.1:${port}/graphql`, SUBGRAPH_SDL),
      gateway.waitFor(/appconfig-graph serving GraphQL at/, 60_000),
    ]);
    const [, endpoint] = /"endpoint":"(http:\/\/[^"]+)"/.exec(gateway.output()) ?? [];
    appconfig = new AppConfigClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  }, 120_000);
  afterAll(async () => {
    appconfig?.destroy();
    await router?.stop();
    await gateway?.stop();
  });

  it('streams a deployment moving by itself, step by step in order, through to COMPLETE', { timeout: 60_000 }, async () => {
    // LINEAR 25%: a step every 2 simulated minutes (one real second), 100% at 8, 2 minutes of bake: 6 s in all.
    const number = await startLinearDeployment({ client: appconfig }, { name: 'scaled', durationMinutes: 10, bakeMinutes: 2 });
    const subscribers = [subscribe(sseClient(router.url), changedQuery(number)), subscribe(wsClient(router.url), changedQuery(number))];

    await expect.poll(() => subscribers.every((subscriber) => subscriber.completed), { timeout: ROUTER_TIMEOUT_MS }).toBe(true);
    for (const { moments, errors } of subscribers) {
      expect(errors).toEqual([]);
      // In order and each once, ending with COMPLETE. Each step lasts ten watch intervals, but a machine
      // stalled for a second could let the watcher miss one: the exact sequence is the tests' above.
      expect(moments).toEqual(EVERY_STEP.filter((step) => moments.includes(step)));
      expect(moments.at(-1)).toBe('COMPLETE 100');
      expect(moments.length).toBeGreaterThanOrEqual(3);
    }
  });
});
