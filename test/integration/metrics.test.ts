import { describe, expect, it } from 'vitest';
import { eventually } from '../support/emulator.js';
import type { TestGateway } from '../support/gateway.js';
import { useEmulatorWithGatewaysPerTest } from '../support/harness.js';
import { scrape, total } from '../support/metrics.js';

const t = useEmulatorWithGatewaysPerTest();

const gatewayWith = (env: Record<string, string> = {}): Promise<TestGateway> => t.gatewayWith({ env });

const count = 'appconfig_graph_graphql_request_duration_seconds_count';
const calls = 'appconfig_graph_appconfig_calls_total';

describe('GET /metrics', () => {
  it('counts requests by operation and outcome, AppConfig calls by operation, outcome and status, cache lookups by kind and backend, batch sizes', async () => {
    const gateway = await gatewayWith({ CACHE_BACKEND: 'memory' });
    const listed =
      'query Listed { deployments(applicationId: "chk2svc", environmentId: "prod7ea", first: 3) { edges { node { deploymentNumber eventLog { eventType } } } } }';
    const mixed =
      'query Mixed { found: deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 1) { state } missing: deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 99) { state } }';
    expect((await gateway.query(listed)).body.errors).toBeUndefined();
    // The same document again: answered whole from the response cache.
    expect((await gateway.query(listed)).body.errors).toBeUndefined();
    expect((await gateway.query(mixed)).body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');

    const samples = await scrape(gateway.url);
    expect(total(samples, count, { operation: 'Listed', outcome: 'success' })).toBe(2);
    expect(total(samples, count, { operation: 'Mixed', outcome: 'partial' })).toBe(1);
    expect(total(samples, 'appconfig_graph_graphql_errors_total', { code: 'NOT_FOUND' })).toBe(1);
    // What the emulator saw, call for call.
    expect(t.upstream.callsTo('ListDeployments')).toBe(1);
    expect(total(samples, calls, { operation: 'ListDeployments', outcome: 'ok', status: '200' })).toBe(1);
    // Deployment 1 of the list was in the loader already when Mixed asked for it again: from the cache.
    expect(t.upstream.callsTo('GetDeployment')).toBe(4);
    expect(total(samples, calls, { operation: 'GetDeployment', outcome: 'ok', status: '200' })).toBe(3);
    expect(total(samples, calls, { operation: 'GetDeployment', outcome: 'not_found', status: '404' })).toBe(1);
    expect(total(samples, 'appconfig_graph_appconfig_call_duration_seconds_count', { operation: 'GetDeployment' })).toBe(4);
    expect(total(samples, 'appconfig_graph_cache_lookups_total', { kind: 'response', backend: 'memory', result: 'hit' })).toBe(1);
    expect(total(samples, 'appconfig_graph_cache_lookups_total', { kind: 'deployment', backend: 'memory', result: 'miss' })).toBe(4);
    expect(total(samples, 'appconfig_graph_cache_lookups_total', { kind: 'deployment', backend: 'memory', result: 'hit' })).toBe(1);
    // The list's three details in one batch, then Mixed's two.
    expect(total(samples, 'appconfig_graph_loader_batch_size_count', { loader: 'deployment' })).toBe(2);
    expect(total(samples, 'appconfig_graph_loader_batch_size_sum', { loader: 'deployment' })).toBe(5);
    // Node's own.
    expect(samples.some((sample) => sample.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(samples.some((sample) => sample.name === 'nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('counts throttled attempts and retries, whether or not a retry then succeeds', async () => {
    const gateway = await gatewayWith();
    t.upstream.setFaults([{ fault: { kind: 'throttle' }, operations: ['GetDeployment'], times: 2 }]);
    const { body } = await gateway.query('{ deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 1) { state } }');
    expect(body.errors).toBeUndefined();
    expect(t.upstream.callsTo('GetDeployment')).toBe(3);
    const samples = await scrape(gateway.url);
    expect(total(samples, 'appconfig_graph_appconfig_throttled_attempts_total', { operation: 'GetDeployment' })).toBe(2);
    expect(total(samples, 'appconfig_graph_appconfig_retries_total', { operation: 'GetDeployment' })).toBe(2);
    expect(total(samples, calls, { operation: 'GetDeployment', outcome: 'ok', status: '200' })).toBe(1);
  });

  it('shows calls in flight while AppConfig is slow', async () => {
    const gateway = await gatewayWith();
    t.upstream.setFaults([{ fault: { kind: 'latency', minMs: 1000, maxMs: 1000 }, operations: ['GetDeployment'] }]);
    const answer = gateway.query('{ deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 1) { state } }');
    await eventually(async () => total(await scrape(gateway.url), 'appconfig_graph_appconfig_calls_in_flight') === 1, 5000, 'a call in flight');
    expect((await answer).body.errors).toBeUndefined();
    expect(total(await scrape(gateway.url), 'appconfig_graph_appconfig_calls_in_flight')).toBe(0);
  });

  it('labels at most METRICS_MAX_OPERATION_NAMES operation names, and requests that never resolved an operation __unresolved', async () => {
    const gateway = await gatewayWith({ METRICS_MAX_OPERATION_NAMES: '5' });
    for (let i = 0; i < 30; i += 1) await gateway.query(`query Generated${i} { __typename }`);
    await gateway.query('{ __typename }');
    await gateway.query('query Broken { deployment(');
    const samples = (await scrape(gateway.url)).filter((sample) => sample.name === count);
    expect(new Set(samples.map((sample) => sample.labels['operation']))).toEqual(
      new Set(['Generated0', 'Generated1', 'Generated2', 'Generated3', 'Generated4', '__other', '__anonymous', '__unresolved']),
    );
    expect(total(samples, count, { operation: '__other' })).toBe(25);
    expect(total(samples, count, { operation: '__unresolved', outcome: 'rejected' })).toBe(1);
  });

  it('answers only GET and HEAD, and requires METRICS_TOKEN when one is set', async () => {
    const token = 'c2NyYXBlLXRva2VuLWZvci10ZXN0cw==';
    const gateway = await gatewayWith({ METRICS_TOKEN: token });
    const url = new URL('/metrics', gateway.url);
    const refused = await fetch(url);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect((await fetch(url, { headers: { authorization: 'Bearer bm90LXRoZS10b2tlbi1hdC1hbGw=' } })).status).toBe(401);
    const allowed = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect((await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const posted = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET, HEAD');
  });
});
