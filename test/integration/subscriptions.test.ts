import { StopDeploymentCommand } from '@aws-sdk/client-appconfig';
import { createClient as createSseClient } from 'graphql-sse';
import { type Client, createClient as createWsClient } from 'graphql-ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { startLinearDeployment, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { scrape, total } from '../support/metrics.js';

/** A watch interval short enough for tests; the emulator's clock only moves when a test moves it. */
const INTERVAL_MS = 50;

let emulator: TestEmulator;
let gateway: TestGateway;
beforeAll(async () => {
  emulator = await startTestEmulator();
  gateway = await startGateway({ endpoint: emulator.endpoint, env: { WATCH_INTERVAL_SECONDS: String(INTERVAL_MS / 1000) } });
});
afterAll(async () => {
  await gateway.stop();
  await emulator.close();
});
beforeEach(() => {
  emulator.setFaults([]);
  emulator.resetCounters();
});

interface Received {
  readonly results: Array<{ data?: Record<string, unknown> | null; errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> }>;
  completed: boolean;
  readonly stop: () => void;
}

/** Subscribes with a real graphql-ws client (as Apollo Client's GraphQLWsLink and routers do), recording what arrives. */
function subscribe(client: Client, query: string, variables?: Record<string, unknown>): Received {
  const received: Received = { results: [], completed: false, stop: () => undefined };
  const stop = client.subscribe(
    { query, ...(variables ? { variables } : {}) },
    {
      next: (result) => void received.results.push(result as Received['results'][number]),
      error: (error) => void received.results.push({ errors: [{ message: error instanceof Error ? error.message : JSON.stringify(error) }] }),
      complete: () => (received.completed = true),
    },
  );
  return Object.assign(received, { stop });
}

function wsClient(url: URL = gateway.url): Client {
  const client = createWsClient({ url: url.href.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
  onTestFinished(() => client.dispose());
  return client;
}

const CHANGED = `subscription($n: Int!) { deploymentChanged(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: $n) {
  deploymentNumber state percentageComplete eventLog { eventType } } }`;

/** Starts a deployment in the documented example's environment: LINEAR 25% over 12 minutes, then 3 minutes of bake. */
const startDeployment = () => startLinearDeployment(emulator, { name: 'steady', bakeMinutes: 3 });

/** Lets the emulator's deployments finish, so the next test can start one in the same environment. */
async function settle(): Promise<void> {
  emulator.clock.advanceMinutes(60);
  await Promise.resolve();
}

const moments = (received: Received) =>
  received.results.map((result) => {
    const deployment = (result.data?.['deploymentChanged'] ?? result.data?.['latestDeploymentChanged']) as { state: string; percentageComplete: number } | null;
    return deployment ? `${deployment.state} ${deployment.percentageComplete}` : JSON.stringify(result.errors ?? null);
  });

describe('deploymentChanged over graphql-ws', () => {
  it('emits a moving deployment at once, each step once as it happens, and completes after COMPLETE', async () => {
    const number = await startDeployment();
    onTestFinished(settle);
    const received = subscribe(wsClient(), CHANGED, { n: number });
    await expect.poll(() => received.results.length).toBe(1);

    for (const [minutes, expected] of [
      [3, 2],
      [3, 3],
      [3, 4],
      [3, 5],
      [3, 6],
      [3, 7],
    ] as const) {
      // Several intervals pass between steps: each change is sent once, whatever the polls in between saw.
      await expect.poll(() => emulator.callsTo('GetDeployment')).toBeGreaterThanOrEqual(3 * (expected - 1));
      emulator.clock.advanceMinutes(minutes);
      await expect.poll(() => received.results.length).toBe(expected);
    }

    await expect.poll(() => received.completed).toBe(true);
    expect(moments(received)).toEqual(['DEPLOYING 1', 'DEPLOYING 25', 'DEPLOYING 50', 'DEPLOYING 75', 'DEPLOYING 100', 'BAKING 100', 'COMPLETE 100']);
    expect((received.results.at(-1)?.data?.['deploymentChanged'] as { eventLog: Array<{ eventType: string }> }).eventLog[0]).toEqual({
      eventType: 'DEPLOYMENT_COMPLETED',
    });
  });

  it('ends with ROLLED_BACK when the deployment is stopped', async () => {
    const number = await startDeployment();
    onTestFinished(settle);
    const received = subscribe(wsClient(), CHANGED, { n: number });
    await expect.poll(() => received.results.length).toBe(1);

    await emulator.client.send(new StopDeploymentCommand({ ApplicationId: '339ohji', EnvironmentId: '54j1r29', DeploymentNumber: number }));
    await expect.poll(() => moments(received).at(-1)).toBe('ROLLING_BACK 1');
    emulator.clock.advance(30_000);

    await expect.poll(() => received.completed).toBe(true);
    expect(moments(received)).toEqual(['DEPLOYING 1', 'ROLLING_BACK 1', 'ROLLED_BACK 1']);
  });

  it('sends a final deployment once and completes', async () => {
    const received = subscribe(wsClient(), CHANGED, { n: 1 });
    await expect.poll(() => received.completed).toBe(true);
    expect(moments(received)).toEqual(['COMPLETE 100']);
  });

  it('ends with NOT_FOUND for a deployment that does not exist', async () => {
    const received = subscribe(wsClient(), CHANGED, { n: 999 });
    await expect.poll(() => received.results.length).toBe(1);
    expect(received.results[0]?.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('skips a beat when AppConfig fails, and goes on', async () => {
    const number = await startDeployment();
    onTestFinished(settle);
    const received = subscribe(wsClient(), CHANGED, { n: number });
    await expect.poll(() => received.results.length).toBe(1);

    emulator.setFaults([{ fault: { kind: 'error', status: 503 }, operations: ['GetDeployment'] }]);
    emulator.clock.advanceMinutes(3);
    const failed = emulator.callsTo('GetDeployment');
    await expect.poll(() => emulator.callsTo('GetDeployment')).toBeGreaterThan(failed + 3);
    expect(received.results).toHaveLength(1);
    emulator.setFaults([]);

    await expect.poll(() => moments(received)).toEqual(['DEPLOYING 1', 'DEPLOYING 25']);
    expect(received.completed).toBe(false);
  });

  it('polls AppConfig once per interval however many subscribe, and stops when the last one leaves', async () => {
    const number = await startDeployment();
    onTestFinished(settle);
    const clients = Array.from({ length: 5 }, () => wsClient());
    emulator.resetCounters();
    const subscribing = Date.now();
    const subscribers = Array.from({ length: 100 }, (_, i) => subscribe(clients[i % clients.length]!, CHANGED, { n: number }));
    await expect.poll(() => subscribers.every((subscriber) => subscriber.results.length === 1)).toBe(true);
    // Their first answers share one read (the gateway's cache is off here), beside the watcher's polls.
    expect(emulator.callsTo('GetDeployment')).toBeLessThanOrEqual(1 + (Date.now() - subscribing) / INTERVAL_MS + 2);
    expect(subscribers.every((subscriber) => subscriber.results[0]?.errors === undefined)).toBe(true);

    emulator.resetCounters();
    const started = Date.now();
    await expect.poll(() => emulator.callsTo('GetDeployment'), { timeout: 5000 }).toBeGreaterThanOrEqual(10);
    const intervals = (Date.now() - started) / INTERVAL_MS;
    // One watcher: about one call per interval (a timer may fire late, never twice), not one per subscriber.
    expect(emulator.callsTo('GetDeployment')).toBeLessThanOrEqual(intervals + 2);

    emulator.clock.advanceMinutes(3);
    await expect.poll(() => subscribers.every((subscriber) => subscriber.results.length === 2)).toBe(true);

    const live = async () => {
      const samples = await scrape(gateway.url);
      return {
        subscriptions: total(samples, 'appconfig_graph_subscriptions_active', { transport: 'websocket' }),
        watchers: total(samples, 'appconfig_graph_watchers_active'),
      };
    };
    expect(await live()).toEqual({ subscriptions: 100, watchers: 1 });
    for (const subscriber of subscribers) subscriber.stop();
    await expect.poll(live).toEqual({ subscriptions: 0, watchers: 0 });
    const after = emulator.callsTo('GetDeployment');
    const quiet = Date.now();
    await expect.poll(() => Date.now() - quiet > 10 * INTERVAL_MS).toBe(true);
    expect(emulator.callsTo('GetDeployment')).toBe(after);
  });

  it('follows an environment: its newest deployment, a new one when it starts, and each change', async () => {
    const received = subscribe(
      wsClient(),
      'subscription { latestDeploymentChanged(applicationId: "339ohji", environmentId: "54j1r29") { deploymentNumber state percentageComplete } }',
    );
    await expect.poll(() => received.results.length).toBe(1);
    const before = (received.results[0]?.data?.['latestDeploymentChanged'] as { deploymentNumber: number }).deploymentNumber;

    const number = await startDeployment();
    onTestFinished(settle);
    await expect.poll(() => received.results.length).toBe(2);
    emulator.clock.advanceMinutes(3);
    await expect.poll(() => received.results.length).toBe(3);

    expect(number).toBe(before + 1);
    expect(received.results.slice(1).map((result) => result.data?.['latestDeploymentChanged'])).toEqual([
      { deploymentNumber: number, state: 'DEPLOYING', percentageComplete: 1 },
      { deploymentNumber: number, state: 'DEPLOYING', percentageComplete: 25 },
    ]);
    expect(received.completed).toBe(false);
  });
});

describe('the transports', () => {
  it('serves the same subscription over Server-Sent Events to the graphql-sse client', async () => {
    const client = createSseClient({ url: gateway.url.href, retryAttempts: 0 });
    onTestFinished(() => client.dispose());
    const results: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      client.subscribe({ query: CHANGED, variables: { n: 1 } }, { next: (result) => void results.push(result), error: reject, complete: resolve });
    });
    expect(results).toEqual([
      { data: { deploymentChanged: { deploymentNumber: 1, state: 'COMPLETE', percentageComplete: 100, eventLog: expect.any(Array) as unknown } } },
    ]);
  });

  it('refuses a subscription as a plain POST, pointing to the streams', async () => {
    const { status, body } = await gateway.query('subscription { deploymentChanged(applicationId: "a", environmentId: "b", deploymentNumber: 1) { state } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toContain('WebSocket');
  });

  it('refuses WebSocket upgrades from origins the CORS policy does not allow, and accepts the allowed ones', async () => {
    const open = (origin: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(gateway.url.href.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers: { origin } });
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.once('error', () => undefined);
      });
    expect(await open('https://evil.example')).toBe(403);
    expect(await open('http://localhost:5173')).toBe(101);
  });

  it('validates and bounds operations as HTTP queries are', async () => {
    const client = wsClient();
    const deep = subscribe(
      client,
      `subscription { deploymentChanged(applicationId: "a", environmentId: "b", deploymentNumber: 1) { ${'application { environments { '.repeat(12)} id ${'} } '.repeat(12)} } }`,
    );
    const wrong = subscribe(client, 'subscription { deploymentChanged(applicationId: "a", environmentId: "b", deploymentNumber: 1) { nope } }');
    await expect.poll(() => deep.results.length + wrong.results.length).toBe(2);
    expect(JSON.stringify(deep.results)).toContain('GRAPHQL_MAX_DEPTH');
    expect(JSON.stringify(wrong.results)).toContain('Cannot query field');
  });
});

describe('bounds on subscriptions', () => {
  it('answers TOO_MANY_SUBSCRIPTIONS past SUBSCRIPTIONS_MAX_PER_CONNECTION', async () => {
    const bounded = await startGateway({ endpoint: emulator.endpoint, env: { WATCH_INTERVAL_SECONDS: '0.05', SUBSCRIPTIONS_MAX_PER_CONNECTION: '2' } });
    onTestFinished(() => bounded.stop());
    const client = wsClient(bounded.url);
    const query = 'subscription { latestDeploymentChanged(applicationId: "chk2svc", environmentId: "prod7ea") { deploymentNumber } }';
    const subscribers = [subscribe(client, query), subscribe(client, query), subscribe(client, query)];

    await expect.poll(() => subscribers.every((subscriber) => subscriber.results.length === 1)).toBe(true);
    expect(subscribers[2]?.results[0]?.errors?.[0]?.message).toContain('SUBSCRIPTIONS_MAX_PER_CONNECTION');
    expect(subscribers.slice(0, 2).every((subscriber) => subscriber.results[0]?.data)).toBe(true);
  });
});
