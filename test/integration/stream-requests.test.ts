import { gzipSync } from 'node:zlib';
import { createClient as createSseClient } from 'graphql-sse';
import { type Client, createClient as createWsClient } from 'graphql-ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { startLinearDeployment, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { scrape, total } from '../support/metrics.js';

/**
 * Operations over the streams (graphql-ws and graphql-sse) are read, refused and coded as HTTP
 * requests are: the same body limits and encodings, the same codes for the same mistakes, and
 * queries answered as over HTTP.
 */

let emulator: TestEmulator;
let gateway: TestGateway;
beforeAll(async () => {
  emulator = await startTestEmulator();
  gateway = await startGateway({ endpoint: emulator.endpoint, env: { WATCH_INTERVAL_SECONDS: '0.05', APPCONFIG_MAX_CALLS_PER_REQUEST: '20' } });
});
afterAll(async () => {
  await gateway.stop();
  await emulator.close();
});
beforeEach(() => emulator.resetCounters());

const DOCUMENTED = 'applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1';
const BY_NUMBER = `subscription($n: Int!) { deploymentChanged(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: $n) { state } }`;

interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly text: string;
}

/** POSTs to the event stream as a browser's EventSource polyfill or curl does. */
async function postStream(body: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

const codesOf = (answer: Answer): unknown[] =>
  (JSON.parse(answer.text) as { errors: Array<{ extensions?: { code?: string } }> }).errors.map((error) => error.extensions?.code);

/** Every mistake a client can make in an operation, and the code HTTP queries answer it with. */
const MISTAKES: ReadonlyArray<[string, Record<string, unknown>, string]> = [
  ['a syntax error', { query: 'subscription {' }, 'GRAPHQL_PARSE_FAILED'],
  ['an unknown field', { query: `subscription { deploymentChanged(${DOCUMENTED}) { nope } }` }, 'GRAPHQL_VALIDATION_FAILED'],
  [
    'two operations and no operationName',
    { query: `${BY_NUMBER.replace('subscription(', 'subscription A(')} query B { __typename }` },
    'OPERATION_RESOLUTION_FAILURE',
  ],
  ['an operationName that names none', { query: BY_NUMBER, operationName: 'C', variables: { n: 1 } }, 'OPERATION_RESOLUTION_FAILURE'],
  ['a variable of the wrong type', { query: BY_NUMBER, variables: { n: 'one' } }, 'BAD_USER_INPUT'],
  ['a missing required variable', { query: BY_NUMBER }, 'BAD_USER_INPUT'],
  [
    'more calls per event than a request may make',
    {
      query: `subscription { deploymentChanged(${DOCUMENTED}) { application { environments { deployments(first: 50) { edges { node { eventLog { eventType } } } } } } } }`,
    },
    'QUERY_TOO_EXPENSIVE',
  ],
];

describe('over Server-Sent Events', () => {
  it.each(MISTAKES)('refuses %s with 400 and its code, before any AppConfig call', async (_case, operation, code) => {
    const answer = await postStream(JSON.stringify(operation));
    expect(answer.status).toBe(400);
    expect(answer.type).toContain('application/json');
    expect(codesOf(answer)).toEqual([code]);
    expect(emulator.calls).toEqual([]);
  });

  it('reads the body as HTTP requests are read: inflated, bounded, of JSON only', async () => {
    const operation = JSON.stringify({ query: `subscription { deploymentChanged(${DOCUMENTED}) { state } }` });
    const gzipped = await postStream(gzipSync(operation), { 'content-encoding': 'gzip' });
    expect(gzipped.status).toBe(200);
    expect(gzipped.text).toContain('"state":"COMPLETE"');

    const padded = JSON.stringify({ query: `subscription { deploymentChanged(${DOCUMENTED}) { state } }`, extensions: { pad: 'x'.repeat(2 * 1024 * 1024) } });
    const tooLarge = await postStream(padded);
    expect([tooLarge.status, codesOf(tooLarge)]).toEqual([413, ['BAD_REQUEST']]);
    const bomb = await postStream(gzipSync(padded), { 'content-encoding': 'gzip' });
    expect([bomb.status, codesOf(bomb)]).toEqual([413, ['BAD_REQUEST']]);
    const unknownEncoding = await postStream(operation, { 'content-encoding': 'compress' });
    expect([unknownEncoding.status, codesOf(unknownEncoding)]).toEqual([415, ['BAD_REQUEST']]);
    const notJson = await postStream(operation, { 'content-type': 'text/plain; x=application/json' });
    expect([notJson.status, codesOf(notJson)]).toEqual([415, ['BAD_REQUEST']]);
    for (const body of ['null', '[]', '{}', '{"query":5}', JSON.stringify({ query: BY_NUMBER, variables: [] })]) {
      const refused = await postStream(body);
      expect([body, refused.status, codesOf(refused)]).toEqual([body, 400, ['BAD_REQUEST']]);
    }
    const vendorJson = await postStream(operation, { 'content-type': 'application/vnd.example+json' });
    expect(vendorJson.text).toContain('"state":"COMPLETE"');
    const badUrl = await fetch(`${gateway.url.href}?query=${encodeURIComponent(BY_NUMBER)}&variables=%7B`, { headers: { accept: 'text/event-stream' } });
    expect(badUrl.status).toBe(400);
    const put = await fetch(gateway.url, { method: 'PUT', headers: { accept: 'text/event-stream', 'content-type': 'application/json' }, body: operation });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, POST']);
    expect(emulator.calls).toEqual(['GetDeployment', 'GetDeployment']);
  });

  it('ends the subscription of a client that leaves, freeing its slot and its watch', async () => {
    // An AppConfig of its own: a poll in flight when the gateway stops may still reach it afterwards.
    const own = await startTestEmulator();
    onTestFinished(() => own.close());
    const bounded = await startGateway({ endpoint: own.endpoint, env: { WATCH_INTERVAL_SECONDS: '0.05', SUBSCRIPTIONS_MAX: '1' } });
    onTestFinished(() => bounded.stop());
    const following = JSON.stringify({
      query: 'subscription { latestDeploymentChanged(applicationId: "chk2svc", environmentId: "prod7ea") { deploymentNumber } }',
    });
    const subscribe = (signal?: AbortSignal) =>
      fetch(bounded.url, {
        method: 'POST',
        headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
        body: following,
        ...(signal ? { signal } : {}),
      });

    const leaving = new AbortController();
    const first = await subscribe(leaving.signal);
    const reader = first.body!.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: next');
    expect((await subscribe()).status).toBe(503);
    leaving.abort();

    const active = async (name: string) => total(await scrape(bounded.url), name);
    await expect.poll(() => active('appconfig_graph_subscriptions_active')).toBe(0);
    await expect.poll(() => active('appconfig_graph_watchers_active')).toBe(0);
    const next = new AbortController();
    onTestFinished(() => next.abort());
    expect((await subscribe(next.signal)).status).toBe(200);
  });

  it('holds queries to MAX_QUERY_COST, without leaking Apollo-only members', async () => {
    const copies = `{ ${Array.from({ length: 30 }, (_, i) => `s${i}: _service { sdl }`).join(' ')} }`;
    const answer = await postStream(JSON.stringify({ query: copies }));
    expect(answer.status).toBe(400);
    const [error] = (JSON.parse(answer.text) as { errors: Array<{ extensions: Record<string, unknown> }> }).errors;
    expect(error?.extensions).toEqual({ code: 'QUERY_TOO_EXPENSIVE', cost: expect.any(Number) as unknown, maxCost: 25000 });
  });

  it('answers a query as HTTP does, then ends the stream', async () => {
    const answer = await postStream(JSON.stringify({ query: `{ deployment(${DOCUMENTED}) { state application { name } } }` }));
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('"deployment":{"state":"COMPLETE","application":{"name":');
    expect(answer.text).toContain('event: complete');
  });
});

function wsClient(url: URL = gateway.url): Client {
  const client = createWsClient({ url: url.href.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
  onTestFinished(() => client.dispose());
  return client;
}

/** What one operation over graphql-ws ends with: its results, or the errors that refused it. */
function runOverWebSocket(client: Client, operation: Record<string, unknown>) {
  return new Promise<{ results: unknown[]; errors?: ReadonlyArray<{ extensions?: { code?: string } }> }>((resolve) => {
    const results: unknown[] = [];
    client.subscribe(operation as { query: string }, {
      next: (result) => void results.push(result),
      error: (errors) => resolve({ results, errors: errors as ReadonlyArray<{ extensions?: { code?: string } }> }),
      complete: () => resolve({ results }),
    });
  });
}

describe('over graphql-ws', () => {
  it.each(MISTAKES)('refuses %s with its code, before any AppConfig call', async (_case, operation, code) => {
    const { results, errors } = await runOverWebSocket(wsClient(), operation);
    expect(results).toEqual([]);
    expect(errors?.map((error) => error.extensions?.code)).toEqual([code]);
    expect(emulator.calls).toEqual([]);
  });

  it('answers a query as HTTP does', async () => {
    const { results } = await runOverWebSocket(wsClient(), { query: `{ deployment(${DOCUMENTED}) { state application { name } } }` });
    expect(results).toEqual([{ data: { deployment: { state: 'COMPLETE', application: { name: expect.any(String) as unknown } } } }]);
  });
});

describe('in production', () => {
  it('refuses introspection over both, as over HTTP', async () => {
    const production = await startGateway({ endpoint: emulator.endpoint, production: true });
    onTestFinished(() => production.stop());
    const introspection = { query: '{ __schema { queryType { name } } }' };

    const overHttp = await production.query(introspection.query);
    expect(overHttp.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const overSse = await fetch(production.url, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify(introspection),
    });
    expect(overSse.status).toBe(400);
    expect(JSON.stringify(await overSse.json())).toContain('GRAPHQL_VALIDATION_FAILED');
    const overWs = await runOverWebSocket(wsClient(production.url), introspection);
    expect(new Set(overWs.errors?.map((error) => error.extensions?.code))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
  });
});

describe('when the gateway stops', () => {
  it('cuts event streams and closes WebSockets with 1001, so that clients reconnect rather than take it for the end', async () => {
    const stopping = await startGateway({ endpoint: emulator.endpoint, env: { WATCH_INTERVAL_SECONDS: '0.05' } });
    let stopped = false;
    onTestFinished(() => (stopped ? undefined : stopping.stop()));
    const number = await startLinearDeployment(emulator, { name: 'stopping', bakeMinutes: 3 });
    onTestFinished(() => {
      emulator.clock.advanceMinutes(60);
    });
    const operation = { query: BY_NUMBER, variables: { n: number } };

    const sse = createSseClient({ url: stopping.url.href, retryAttempts: 0 });
    onTestFinished(() => sse.dispose());
    const overSse = { results: 0, ended: '' };
    sse.subscribe(operation, {
      next: () => void (overSse.results += 1),
      error: () => void (overSse.ended = 'error'),
      complete: () => void (overSse.ended = 'complete'),
    });
    const overWs = { results: 0, closeCode: 0, completed: false };
    const ws = createWsClient({
      url: stopping.url.href.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      on: { closed: (event) => void (overWs.closeCode = (event as { code: number }).code) },
    });
    onTestFinished(() => ws.dispose());
    ws.subscribe(operation, { next: () => void (overWs.results += 1), error: () => undefined, complete: () => void (overWs.completed = true) });
    await expect.poll(() => overSse.results > 0 && overWs.results > 0).toBe(true);

    await stopping.stop();
    stopped = true;
    await expect.poll(() => [overSse.ended, overWs.closeCode]).toEqual(['error', 1001]);
    expect(overWs.completed).toBe(false);
  });
});
