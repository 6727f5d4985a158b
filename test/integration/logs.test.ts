import { describe, expect, it } from 'vitest';
import type { TestGateway } from '../support/gateway.js';
import { useEmulatorWithGatewaysPerTest } from '../support/harness.js';
import { capturingLogger, type LogLine } from '../support/log-capture.js';

const t = useEmulatorWithGatewaysPerTest();

async function gatewayLogging(env: Record<string, string> = {}): Promise<{ gateway: TestGateway; lines: LogLine[] }> {
  const { logger, lines } = capturingLogger();
  const gateway = await t.gatewayWith({ logger, env });
  return { gateway, lines };
}

const accessLines = (lines: readonly LogLine[]) => lines.filter((line) => line['msgType'] === 'access');
/** pino's numeric levels. */
const INFO = 30;
const DEBUG = 20;

describe('the access line', () => {
  it('says, once per request, the operation, status, duration, AppConfig calls, cache hits and request id', async () => {
    const { gateway, lines } = await gatewayLogging({ CACHE_BACKEND: 'memory', CACHE_RESPONSES: 'false' });
    const query =
      'query Two { a: deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 1) { state } b: deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 2) { state } }';
    const post = (requestId?: string) =>
      fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) },
        body: JSON.stringify({ query }),
      });
    const first = await post('router-7f3a');
    const second = await post();
    expect(first.headers.get('x-request-id')).toBe('router-7f3a');
    const generated = second.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await Promise.all([first.text(), second.text()]);

    await expect.poll(() => accessLines(lines).length).toBe(2);
    const [one, two] = accessLines(lines);
    expect(one).toMatchObject({
      level: INFO,
      requestId: 'router-7f3a',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'Two',
      operationType: 'query',
      outcome: 'success',
      appConfigCalls: 2,
      cacheHits: 0,
    });
    expect(two).toMatchObject({ requestId: generated, appConfigCalls: 0, cacheHits: 2 });
    expect(typeof one?.['durationMs']).toBe('number');
    expect(one?.msg).toMatch(/^POST \/graphql 200 [\d.]+ ms Two success calls=2 hits=0$/);
  });

  it('never holds variable values, query strings, cookies or tokens', async () => {
    const { gateway, lines } = await gatewayLogging();
    const secret = 'do-not-log-this-value';
    await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}-token`, cookie: `session=${secret}` },
      body: JSON.stringify({ query: 'query ById($id: String!) { application(id: $id) { name } }', variables: { id: secret } }),
    }).then((response) => response.text());
    const url = new URL(gateway.url);
    url.searchParams.set('query', `{ application(id: "${secret}") { name } }`);
    await fetch(url, { headers: { 'apollo-require-preflight': 'true' } }).then((response) => response.text());

    await expect.poll(() => accessLines(lines).length).toBe(2);
    expect(accessLines(lines)[1]).toMatchObject({ method: 'GET', path: '/graphql', outcome: 'partial' });
    expect(JSON.stringify(accessLines(lines))).not.toContain(secret);
  });

  it('replaces an x-request-id that is not a plain token', async () => {
    const { gateway } = await gatewayLogging();
    for (const unusable of ['has spaces', 'x'.repeat(129), 'line\tbreak']) {
      const response = await fetch(new URL('/healthz', gateway.url), { headers: { 'x-request-id': unusable } });
      expect(response.headers.get('x-request-id')).not.toBe(unusable);
    }
  });

  it('writes probes and scrapes at debug level, so that they do not drown the rest', async () => {
    const { gateway, lines } = await gatewayLogging();
    for (const path of ['/healthz', '/readyz', '/metrics', '/nowhere']) await fetch(new URL(path, gateway.url)).then((response) => response.text());
    await expect.poll(() => accessLines(lines).length).toBe(4);
    expect(accessLines(lines).map((line) => [line['path'], line.level])).toEqual([
      ['/healthz', DEBUG],
      ['/readyz', DEBUG],
      ['/metrics', DEBUG],
      ['/nowhere', INFO],
    ]);
  });
});
