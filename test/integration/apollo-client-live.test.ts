import { CombinedGraphQLErrors, gql } from '@apollo/client';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createAppConfigClient } from '../fixtures/live-client.js';
import { startLinearDeployment, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { AUDIENCE, generateTestKey, ISSUER, type JwksServer, signToken, startJwksServer, type TestKey } from '../support/jwks.js';
import { scrape, total } from '../support/metrics.js';

/** Apollo Client in Node with the split link docs/live-updates.md shows (test/fixtures/live-client.ts), against the real gateway over loopback. */

const INTERVAL_MS = 50;

const DEPLOYMENT_STATE = gql`
  query DeploymentState($n: Int!) {
    deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: $n) {
      applicationId
      environmentId
      deploymentNumber
      state
      percentageComplete
    }
  }
`;

const FOLLOW_DEPLOYMENT = gql`
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

interface DeploymentData {
  readonly applicationId: string;
  readonly environmentId: string;
  readonly deploymentNumber: number;
  readonly state: string;
  readonly percentageComplete: number;
}

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

/** Starts a deployment in the documented example's environment and lets it finish once the test is over, so that the next one can start. */
async function startDeployment(): Promise<number> {
  const number = await startLinearDeployment(emulator, { name: 'apollo', bakeMinutes: 3 });
  onTestFinished(() => void emulator.clock.advanceMinutes(60));
  return number;
}

interface Followed {
  readonly moments: string[];
  readonly errors: unknown[];
  completed: boolean;
}

/** Follows a deployment with `client.subscribe`, recording each event as `STATE percentage`. */
function follow(client: ReturnType<typeof createAppConfigClient>['client'], deploymentNumber: number): Followed {
  const followed: Followed = { moments: [], errors: [], completed: false };
  const subscription = client.subscribe<{ deploymentChanged: DeploymentData }>({ query: FOLLOW_DEPLOYMENT, variables: { n: deploymentNumber } }).subscribe({
    next: ({ data, error }) => {
      if (error) followed.errors.push(error);
      if (data) followed.moments.push(`${data.deploymentChanged.state} ${data.deploymentChanged.percentageComplete}`);
    },
    error: (error: unknown) => void followed.errors.push(error),
    complete: () => (followed.completed = true),
  });
  onTestFinished(() => subscription.unsubscribe());
  return followed;
}

/** Walks a followed deployment through its steps: the emulator's clock moves 3 minutes once the watcher has polled a few times. */
async function walkThrough(followed: Followed): Promise<void> {
  for (let step = 2; step <= 7; step += 1) {
    const polled = emulator.callsTo('GetDeployment');
    await expect.poll(() => emulator.callsTo('GetDeployment')).toBeGreaterThanOrEqual(polled + 3);
    emulator.clock.advanceMinutes(3);
    await expect.poll(() => followed.moments.length).toBe(step);
  }
  await expect.poll(() => followed.completed).toBe(true);
}

const EVERY_STEP = ['DEPLOYING 1', 'DEPLOYING 25', 'DEPLOYING 50', 'DEPLOYING 75', 'DEPLOYING 100', 'BAKING 100', 'COMPLETE 100'];

describe('Apollo Client with a split link', () => {
  it('queries over HTTP and follows a deployment over WebSocket through to COMPLETE', { timeout: 60_000 }, async () => {
    const { client, close } = createAppConfigClient(gateway.url.href);
    onTestFinished(close);
    const number = await startDeployment();

    const { data } = await client.query<{ deployment: DeploymentData }>({ query: DEPLOYMENT_STATE, variables: { n: number } });
    expect(data?.deployment).toEqual({
      __typename: 'Deployment',
      applicationId: '339ohji',
      environmentId: '54j1r29',
      deploymentNumber: number,
      state: 'DEPLOYING',
      percentageComplete: 1,
    });

    const followed = follow(client, number);
    await expect.poll(() => followed.moments).toEqual(['DEPLOYING 1']);
    // The query went over HTTP, the subscription over the WebSocket.
    const samples = await scrape(gateway.url);
    expect(total(samples, 'appconfig_graph_graphql_request_duration_seconds_count', { operation: 'DeploymentState' })).toBe(1);
    expect(total(samples, 'appconfig_graph_graphql_request_duration_seconds_count', { operation: 'FollowDeployment' })).toBe(0);
    expect(total(samples, 'appconfig_graph_subscriptions_active', { transport: 'websocket' })).toBe(1);

    await walkThrough(followed);
    expect(followed.moments).toEqual(EVERY_STEP);
    expect(followed.errors).toEqual([]);

    // Each event updated the normalised cache: a cache-first query now reads the final state without a request.
    const cached = await client.query<{ deployment: DeploymentData }>({ query: DEPLOYMENT_STATE, variables: { n: number } });
    expect(cached.data?.deployment.state).toBe('COMPLETE');
    const after = await scrape(gateway.url);
    expect(total(after, 'appconfig_graph_graphql_request_duration_seconds_count', { operation: 'DeploymentState' })).toBe(1);
  });

  it("hands the subscriber NOT_FOUND for a deployment that does not exist, in Apollo Client's CombinedGraphQLErrors, and ends", async () => {
    const { client, close } = createAppConfigClient(gateway.url.href);
    onTestFinished(close);
    const followed = follow(client, 999);
    await expect.poll(() => followed.completed).toBe(true);
    expect(followed.moments).toEqual([]);
    expect(followed.errors).toHaveLength(1);
    expect(CombinedGraphQLErrors.is(followed.errors[0])).toBe(true);
    expect((followed.errors[0] as CombinedGraphQLErrors).errors.map((error) => error.extensions?.['code'])).toEqual(['NOT_FOUND']);
  });
});

describe('Apollo Client with AUTH_MODE=jwt', () => {
  let jwks: JwksServer;
  let key: TestKey;
  let secured: TestGateway;
  beforeAll(async () => {
    key = await generateTestKey('live-key');
    jwks = await startJwksServer([key]);
    secured = await startGateway({
      endpoint: emulator.endpoint,
      env: {
        WATCH_INTERVAL_SECONDS: String(INTERVAL_MS / 1000),
        AUTH_MODE: 'jwt',
        AUTH_JWKS_URL: jwks.url,
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: AUDIENCE,
      },
    });
  });
  afterAll(async () => {
    await secured.stop();
    await jwks.close();
  });

  it('sends the token with each HTTP request and in the WebSocket’s connection_init', { timeout: 60_000 }, async () => {
    let tokensIssued = 0;
    const getToken = () => {
      tokensIssued += 1;
      return signToken(key);
    };
    const { client, close } = createAppConfigClient(secured.url.href, getToken);
    onTestFinished(close);
    const number = await startDeployment();

    const { data } = await client.query<{ deployment: DeploymentData }>({ query: DEPLOYMENT_STATE, variables: { n: number } });
    expect(data?.deployment.state).toBe('DEPLOYING');
    const followed = follow(client, number);
    await walkThrough(followed);
    expect(followed.moments).toEqual(EVERY_STEP);
    // One for the query, one for the WebSocket's connection: not one per event.
    expect(tokensIssued).toBe(2);
  });

  it('gets the refusal over both links without a token, before any AppConfig call', async () => {
    const { client, close } = createAppConfigClient(secured.url.href);
    onTestFinished(close);
    emulator.resetCounters();

    await expect(client.query({ query: DEPLOYMENT_STATE, variables: { n: 1 } })).rejects.toMatchObject({ statusCode: 401 });
    const followed = follow(client, 1);
    await expect.poll(() => followed.errors.length).toBe(1);
    // graphql-ws gives up at once on 4401 (it would retry a 4403 or a 1013).
    expect(String(followed.errors[0])).toContain('4401 Unauthorized');
    expect(followed.moments).toEqual([]);
    expect(emulator.callsTo('GetDeployment')).toBe(0);
  });
});
