import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { createClient as createWsClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { releasesTypeDefs } from '../fixtures/releases-subgraph.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { AUDIENCE, generateTestKey, ISSUER, type JwksServer, signToken, startJwksServer, type TestKey, unsignedToken } from '../support/jwks.js';
import { scrape, total } from '../support/metrics.js';

const SCOPE = 'appconfig:read';
const CLAIM = 'appconfig_applications';

let emulator: TestEmulator;
let jwks: JwksServer;
let key: TestKey;
const started: TestGateway[] = [];

beforeAll(async () => {
  key = await generateTestKey('key-1');
  [emulator, jwks] = await Promise.all([startTestEmulator(), startJwksServer([key])]);
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((gateway) => gateway.stop()));
  jwks.keys = [key];
  emulator.resetCounters();
});
afterAll(async () => {
  await Promise.all([emulator.close(), jwks.close()]);
});

async function gatewayWith(env: Record<string, string> = {}): Promise<TestGateway> {
  const gateway = await startGateway({
    endpoint: emulator.endpoint,
    env: {
      AUTH_MODE: 'jwt',
      AUTH_JWKS_URL: jwks.url,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_REQUIRED_SCOPES: SCOPE,
      AUTH_JWKS_COOLDOWN_SECONDS: '0',
      ...env,
    },
  });
  started.push(gateway);
  return gateway;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  };
}

async function post(gateway: TestGateway, query: string, authorization?: string, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

const bearer = async (claims: Record<string, unknown> = { scope: SCOPE }, options: Parameters<typeof signToken>[2] = {}, signingKey = key) =>
  `Bearer ${await signToken(signingKey, claims, options)}`;

const withApplications = (applications: unknown, subject = 'test-user') => bearer({ scope: SCOPE, [CLAIM]: applications }, { subject });

const DEPLOYMENT = '{ deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 1) { state } }';

describe('AUTH_MODE=jwt over HTTP', () => {
  it('lets a valid token in, and marks its answer private for shared caches', async () => {
    const gateway = await gatewayWith();
    const answer = await post(gateway, DEPLOYMENT, await bearer());
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { deployment: { state: 'COMPLETE' } } });
    expect(answer.headers.get('cache-control')).toBe('max-age=86400, private');
  });

  it.each<[string, () => Promise<string | undefined>, RegExp, string]>([
    ['no token', () => Promise.resolve(undefined), /requires a bearer token/, 'Bearer realm="appconfig-graph"'],
    ['another scheme', () => Promise.resolve('Basic dXNlcjpwYXNz'), /must be `Bearer <token>`/, 'Bearer realm="appconfig-graph", error="invalid_request"'],
    ['an expired token', () => bearer({ scope: SCOPE }, { expiresIn: -120 }), /it has expired/, 'Bearer realm="appconfig-graph", error="invalid_token"'],
    [
      'a wrong issuer',
      () => bearer({ scope: SCOPE }, { issuer: 'https://elsewhere.test/' }),
      /not issued by the issuer/,
      'Bearer realm="appconfig-graph", error="invalid_token"',
    ],
    [
      'a wrong audience',
      () => bearer({ scope: SCOPE }, { audience: 'another-api' }),
      /not meant for this gateway/,
      'Bearer realm="appconfig-graph", error="invalid_token"',
    ],
    [
      'alg: none',
      () => Promise.resolve(`Bearer ${unsignedToken({ scope: SCOPE })}`),
      /signing algorithm is not accepted/,
      'Bearer realm="appconfig-graph", error="invalid_token"',
    ],
    [
      'a forged signature',
      async () => {
        const [header, payload] = (await signToken(key, { scope: `${SCOPE} admin` })).split('.');
        const [, , signature] = (await signToken(key, { scope: SCOPE })).split('.');
        return `Bearer ${header}.${payload}.${signature}`;
      },
      /signature does not verify/,
      'Bearer realm="appconfig-graph", error="invalid_token"',
    ],
  ])('refuses %s with 401 UNAUTHENTICATED and a WWW-Authenticate challenge, calling nothing', async (_case, authorization, message, challenge) => {
    const gateway = await gatewayWith();
    const answer = await post(gateway, DEPLOYMENT, await authorization());
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe(challenge);
    expect(answer.body.errors).toEqual([{ message: expect.stringMatching(message) as unknown, extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(emulator.calls).toEqual([]);
  });

  it('accepts a token expired within AUTH_CLOCK_SKEW_SECONDS, and not beyond', async () => {
    const gateway = await gatewayWith({ AUTH_CLOCK_SKEW_SECONDS: '60' });
    expect((await post(gateway, DEPLOYMENT, await bearer({ scope: SCOPE }, { expiresIn: -30 }))).status).toBe(200);
    expect((await post(gateway, DEPLOYMENT, await bearer({ scope: SCOPE }, { expiresIn: -90 }))).status).toBe(401);
  });

  it('refuses a token without a required scope with 403 FORBIDDEN and insufficient_scope', async () => {
    const gateway = await gatewayWith({ AUTH_REQUIRED_SCOPES: `${SCOPE} deployments:read` });
    const answer = await post(gateway, DEPLOYMENT, await bearer({ scp: [SCOPE] }));
    expect(answer.status).toBe(403);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="appconfig-graph", error="insufficient_scope", scope="appconfig:read deployments:read"');
    expect(answer.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('deployments:read') as unknown, extensions: { code: 'FORBIDDEN' } });
    expect((await post(gateway, DEPLOYMENT, await bearer({ scp: [SCOPE, 'deployments:read'] }))).status).toBe(200);
    expect(emulator.callsTo('GetDeployment')).toBe(1);
  });

  it('refetches the key set once for a key it does not hold: a rotated key is accepted, an unknown one refused', async () => {
    const gateway = await gatewayWith();
    const before = jwks.fetches;
    expect((await post(gateway, DEPLOYMENT, await bearer())).status).toBe(200);
    expect((await post(gateway, DEPLOYMENT, await bearer())).status).toBe(200);
    expect(jwks.fetches - before).toBe(1);

    const rotated = await generateTestKey('key-2', 'ES256');
    jwks.keys = [key, rotated];
    expect((await post(gateway, DEPLOYMENT, await bearer({ scope: SCOPE }, {}, rotated))).status).toBe(200);
    expect(jwks.fetches - before).toBe(2);

    const stranger = await generateTestKey('key-unknown');
    const refused = await post(gateway, DEPLOYMENT, await bearer({ scope: SCOPE }, {}, stranger));
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.message).toMatch(/a key the issuer does not publish/);
    expect(jwks.fetches - before).toBe(3);
  });

  it('does not refetch the key set within AUTH_JWKS_COOLDOWN_SECONDS, however many unknown keys are tried', async () => {
    const gateway = await gatewayWith({ AUTH_JWKS_COOLDOWN_SECONDS: '30' });
    const before = jwks.fetches;
    expect((await post(gateway, DEPLOYMENT, await bearer())).status).toBe(200);
    for (const kid of ['a', 'b', 'c'])
      expect((await post(gateway, DEPLOYMENT, await bearer({ scope: SCOPE }, {}, await generateTestKey(kid)))).status).toBe(401);
    expect(jwks.fetches - before).toBe(1);
  });

  it('answers 503 when the key set cannot be fetched, without blaming the token', async () => {
    const gateway = await gatewayWith({ AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json' });
    const answer = await post(gateway, DEPLOYMENT, await bearer());
    expect(answer.status).toBe(503);
    expect(answer.body.errors?.[0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
      message: expect.stringContaining('cannot verify tokens right now') as unknown,
    });
  });

  it('leaves /healthz and /readyz open, and /metrics to its own setting', async () => {
    const gateway = await gatewayWith();
    expect((await fetch(new URL('/healthz', gateway.url))).status).toBe(200);
    expect((await fetch(new URL('/readyz', gateway.url))).status).toBe(200);
    await post(gateway, DEPLOYMENT);
    const samples = await scrape(gateway.url);
    expect(total(samples, 'appconfig_graph_graphql_request_duration_seconds_count', { operation: '__unresolved', outcome: 'unauthorized' })).toBe(1);
  });

  it('carries @authenticated and @requiresScopes in its SDL, which composes into a supergraph', async () => {
    const gateway = await gatewayWith();
    const answer = await post(gateway, '{ _service { sdl } }', await bearer());
    const sdl = (answer.body.data?.['_service'] as { sdl: string }).sdl;
    expect(sdl).toContain(
      'type Deployment\n  @key(fields: "applicationId environmentId deploymentNumber")\n  @authenticated\n  @requiresScopes(scopes: [["appconfig:read"]])',
    );
    // The root field's arguments end on a line of their own.
    expect(sdl).toContain('\n  ): Deployment @authenticated @requiresScopes(scopes: [["appconfig:read"]])');
    const composition = composeServices([
      { name: 'appconfig', typeDefs: parse(sdl), url: gateway.url.href },
      { name: 'releases', typeDefs: releasesTypeDefs, url: 'http://127.0.0.1:1/graphql' },
    ]);
    expect(composition.errors).toBeUndefined();
    expect(composition.supergraphSdl).toContain('@requiresScopes(scopes: [["appconfig:read"]])');
  });
});

describe('the application claim (AUTH_APPLICATIONS_CLAIM)', () => {
  it('answers FORBIDDEN on the fields of other applications only, before calling AppConfig; lists show only its own', async () => {
    const gateway = await gatewayWith({ AUTH_APPLICATIONS_CLAIM: CLAIM });
    const answer = await post(
      gateway,
      `{
        mine: application(id: "chk2svc") { name }
        theirs: application(id: "srch7ui") { name }
        theirDeployment: deployment(applicationId: "srch7ui", environmentId: "beta3zz", deploymentNumber: 1) { state }
        theirEnvironment: environment(applicationId: "srch7ui", id: "beta3zz") { name }
        applications { edges { node { id } } }
        deploymentStrategy(id: "AppConfig.AllAtOnce") { name }
      }`,
      await withApplications(['chk2svc']),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({
      mine: { name: 'checkout-service' },
      theirs: null,
      theirDeployment: null,
      theirEnvironment: null,
      applications: { edges: [{ node: { id: 'chk2svc' } }] },
      deploymentStrategy: { name: 'AppConfig.AllAtOnce' },
    });
    expect(answer.body.errors?.map((error) => [error.path?.[0], error.extensions?.['code']])).toEqual([
      ['theirs', 'FORBIDDEN'],
      ['theirDeployment', 'FORBIDDEN'],
      ['theirEnvironment', 'FORBIDDEN'],
    ]);
    expect(emulator.requests.filter((request) => JSON.stringify(request.labels).includes('srch7ui'))).toEqual([]);
  });

  it('applies to federation references too', async () => {
    const gateway = await gatewayWith({ AUTH_APPLICATIONS_CLAIM: CLAIM });
    const answer = await post(
      gateway,
      'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Deployment { state } ... on Application { name } } }',
      await withApplications('chk2svc'),
      {
        representations: [
          { __typename: 'Deployment', applicationId: 'srch7ui', environmentId: 'beta3zz', deploymentNumber: 1 },
          { __typename: 'Deployment', applicationId: 'chk2svc', environmentId: 'prod7ea', deploymentNumber: 1 },
          { __typename: 'Application', id: 'srch7ui' },
        ],
      },
    );
    expect(answer.body.data).toEqual({ _entities: [null, { state: 'COMPLETE' }, null] });
    expect(answer.body.errors?.map((error) => error.extensions?.['code'])).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('grants every application with "*", and none without the claim', async () => {
    const gateway = await gatewayWith({ AUTH_APPLICATIONS_CLAIM: CLAIM });
    expect((await post(gateway, '{ application(id: "srch7ui") { name } }', await withApplications(['*']))).body.data).toEqual({
      application: { name: 'search-frontend' },
    });
    const none = await post(gateway, '{ application(id: "srch7ui") { name } }', await bearer());
    expect(none.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('never serves a cached whole answer to a caller with other rights, and shares it among callers with the same', async () => {
    const gateway = await gatewayWith({ AUTH_APPLICATIONS_CLAIM: CLAIM, CACHE_BACKEND: 'memory' });
    const query = '{ application(id: "srch7ui") { name } }';
    const everything = await post(gateway, query, await withApplications('*', 'alice'));
    expect(everything.body.data).toEqual({ application: { name: 'search-frontend' } });
    // Cached for callers who may read every application; bob may not read this one.
    const bob = await post(gateway, query, await withApplications(['chk2svc'], 'bob'));
    expect(bob.body).toMatchObject({ data: { application: null }, errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    // carol has alice's rights: alice's answer, with no call at all.
    const carol = await post(gateway, query, await withApplications(['*'], 'carol'));
    expect(carol.body.data).toEqual({ application: { name: 'search-frontend' } });
    expect(emulator.callsTo('GetApplication')).toBe(1);
    const samples = await scrape(gateway.url);
    expect(total(samples, 'appconfig_graph_cache_lookups_total', { kind: 'response', result: 'hit' })).toBe(1);
  });
});

describe('AUTH_MODE=jwt on subscriptions', () => {
  const SUBSCRIPTION = 'subscription { deploymentChanged(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 1) { state } }';
  const wsUrl = (gateway: TestGateway) => gateway.url.href.replace(/^http/, 'ws');

  /** The close code of a WebSocket whose `connection_init` carries `payload`. */
  function closeCodeFor(gateway: TestGateway, payload: Record<string, unknown>): Promise<number> {
    const socket = new WebSocket(wsUrl(gateway), 'graphql-transport-ws');
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
  }

  /** Every result of one subscription over graphql-ws, which the client authenticates as Apollo Client's GraphQLWsLink does. */
  async function resultsOver(gateway: TestGateway, authorization: string): Promise<unknown[]> {
    const client = createWsClient({ url: wsUrl(gateway), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { Authorization: authorization } });
    try {
      const results: unknown[] = [];
      for await (const result of client.iterate({ query: SUBSCRIPTION })) results.push(result);
      return results;
    } finally {
      await client.dispose();
    }
  }

  it('closes a WebSocket with 4401 without a usable token and 4403 without the scope, before any AppConfig call', async () => {
    const gateway = await gatewayWith();
    expect(await closeCodeFor(gateway, {})).toBe(4401);
    expect(await closeCodeFor(gateway, { Authorization: 'Bearer not-a-jwt' })).toBe(4401);
    expect(await closeCodeFor(gateway, { Authorization: await bearer({ scope: 'other' }) })).toBe(4403);
    expect(emulator.callsTo('GetDeployment')).toBe(0);
  });

  /** What a WebSocket opened with `headers` and `connection_init` `payload` gets first: the server's first message type, or its close code. */
  function handshake(gateway: TestGateway, payload: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string | number> {
    const socket = new WebSocket(wsUrl(gateway), 'graphql-transport-ws', { headers });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    return new Promise((resolve) => {
      socket.once('message', (message: Buffer) => {
        resolve((JSON.parse(message.toString()) as { type: string }).type);
        socket.close();
      });
      socket.once('close', (code) => resolve(code));
    });
  }

  it("lets in a router's WebSocket: Apollo Router's connectionParams.token, or the Authorization header it propagates on the upgrade", async () => {
    const gateway = await gatewayWith();
    const token = await bearer();
    expect(await handshake(gateway, { connectionParams: { token } })).toBe('connection_ack');
    expect(await handshake(gateway, {}, { authorization: token })).toBe('connection_ack');
    expect(await handshake(gateway, { connectionParams: { token: 'Bearer not-a-jwt' } })).toBe(4401);
    expect(await handshake(gateway, {}, { authorization: await bearer({ scope: 'other' }) })).toBe(4403);
    // The payload's own Authorization comes first, as it did before routers were heard.
    expect(await handshake(gateway, { Authorization: 'Bearer not-a-jwt' }, { authorization: token })).toBe(4401);
  });

  it('serves a WebSocket whose connection_init carries a valid token, and holds it to the application claim', async () => {
    const gateway = await gatewayWith({ AUTH_APPLICATIONS_CLAIM: CLAIM });
    expect(await resultsOver(gateway, await withApplications(['chk2svc']))).toEqual([{ data: { deploymentChanged: { state: 'COMPLETE' } } }]);
    const other = await resultsOver(gateway, await withApplications(['srch7ui']));
    expect(other).toMatchObject([{ errors: [{ extensions: { code: 'FORBIDDEN' } }] }]);
    expect(emulator.callsTo('GetDeployment')).toBe(1);
  });

  it('holds an event stream (SSE) to the same token as a query', async () => {
    const gateway = await gatewayWith();
    const stream = (authorization?: string) =>
      fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: SUBSCRIPTION }),
      });
    const refused = await stream();
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="appconfig-graph"');
    const served = await stream(await bearer());
    expect(served.status).toBe(200);
    expect(await served.text()).toContain('"deploymentChanged":{"state":"COMPLETE"}');
  });
});
