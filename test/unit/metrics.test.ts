import { describe, expect, it } from 'vitest';
import { boundedOperationNames, createMetrics } from '../../src/telemetry/metrics.js';
import { parseMetrics, total } from '../support/metrics.js';

/** Distinct label sets per metric of the gateway's own (Node's process metrics aside). */
async function seriesPerMetric(text: string): Promise<Map<string, number>> {
  const series = new Map<string, Set<string>>();
  for (const sample of parseMetrics(text)) {
    if (!sample.name.startsWith('appconfig_graph_')) continue;
    const { le: _bucket, ...labels } = sample.labels;
    const metric = sample.name.replace(/_(bucket|sum|count)$/, '');
    if (!series.has(metric)) series.set(metric, new Set());
    series.get(metric)!.add(JSON.stringify(labels));
  }
  return Promise.resolve(new Map([...series].map(([metric, labelSets]) => [metric, labelSets.size])));
}

describe('operation name labels', () => {
  it('keeps the first names seen, then counts every new one as __other; unnamed operations are __anonymous', () => {
    const label = boundedOperationNames(2);
    expect([label('A'), label('B'), label('C'), label('A'), label(undefined), label('')]).toEqual(['A', 'B', '__other', 'A', '__anonymous', '__anonymous']);
  });

  it('counts a name longer than 64 characters as __other, without using up a place', () => {
    const label = boundedOperationNames(1);
    expect(label('x'.repeat(65))).toBe('__other');
    expect(label('Short')).toBe('Short');
  });
});

describe('metric cardinality', () => {
  it('stays bounded however many operation names, statuses and codes clients and AppConfig produce', async () => {
    const metrics = createMetrics({ maxOperationNames: 10, cacheBackend: 'memory' });
    for (let i = 0; i < 1000; i += 1) {
      // 500 names, each once a success and once partial.
      metrics.graphqlRequest({ operation: `Operation${Math.floor(i / 2)}`, resolved: true, outcome: i % 2 ? 'success' : 'partial', seconds: 0.01 });
      metrics.graphqlErrors([`MADE_UP_${i}`, 'NOT_FOUND']);
      metrics.upstream.onCall({ operation: 'GetDeployment', outcome: 'error', httpStatus: i, attempts: 2, durationMs: 5 });
    }
    const series = await seriesPerMetric(await metrics.registry.metrics());
    // 10 names and __other, by two outcomes.
    expect(series.get('appconfig_graph_graphql_request_duration_seconds')).toBe(22);
    // Unknown codes count as INTERNAL_SERVER_ERROR.
    expect(series.get('appconfig_graph_graphql_errors_total')).toBe(2);
    // Statuses 100–599 and `none` for everything else: at most 501 whatever arrives.
    expect(series.get('appconfig_graph_appconfig_calls_total')).toBeLessThanOrEqual(501);
  });

  it('labels requests whose operation never resolved __unresolved, whatever name they sent', async () => {
    const metrics = createMetrics({ maxOperationNames: 10, cacheBackend: 'memory' });
    metrics.graphqlRequest({ operation: 'Invented', resolved: false, outcome: 'rejected', seconds: 0.001 });
    const samples = parseMetrics(await metrics.registry.metrics());
    expect(total(samples, 'appconfig_graph_graphql_request_duration_seconds_count', { operation: '__unresolved', outcome: 'rejected' })).toBe(1);
    expect(total(samples, 'appconfig_graph_graphql_request_duration_seconds_count', { operation: 'Invented' })).toBe(0);
  });
});

describe('metrics read at each scrape', () => {
  it('follows the admission and Redis counts kept elsewhere, as gauges and monotonic counters', async () => {
    const admission = { inFlight: 3, queued: 7, timedOut: 2 };
    const redis = { backend: 'redis' as const, errors: 4, failing: true, reachable: true };
    const metrics = createMetrics({ maxOperationNames: 10, cacheBackend: 'redis' }, { admission: () => admission, cache: () => redis });
    let samples = parseMetrics(await metrics.registry.metrics());
    expect(total(samples, 'appconfig_graph_appconfig_calls_in_flight')).toBe(3);
    expect(total(samples, 'appconfig_graph_appconfig_calls_queued')).toBe(7);
    expect(total(samples, 'appconfig_graph_appconfig_queue_timeouts_total')).toBe(2);
    expect(total(samples, 'appconfig_graph_redis_errors_total')).toBe(4);
    expect(total(samples, 'appconfig_graph_redis_up')).toBe(0);

    Object.assign(admission, { inFlight: 0, queued: 0, timedOut: 5 });
    Object.assign(redis, { errors: 9, failing: false });
    samples = parseMetrics(await metrics.registry.metrics());
    expect(total(samples, 'appconfig_graph_appconfig_calls_in_flight')).toBe(0);
    expect(total(samples, 'appconfig_graph_appconfig_queue_timeouts_total')).toBe(5);
    expect(total(samples, 'appconfig_graph_redis_errors_total')).toBe(9);
    expect(total(samples, 'appconfig_graph_redis_up')).toBe(1);
  });

  it('counts budget admissions and live subscriptions through the observers the budget and live updates will call', async () => {
    const metrics = createMetrics({ maxOperationNames: 10, cacheBackend: 'none' });
    metrics.upstream.onAdmission({ operation: 'GetDeployment', outcome: 'delayed', waitedMs: 120 });
    metrics.upstream.onAdmission({ operation: 'ListDeployments', outcome: 'refused', waitedMs: 0 });
    const ended = metrics.live.subscriptionStarted('websocket');
    metrics.live.subscriptionStarted('sse');
    ended();
    ended();
    const samples = parseMetrics(await metrics.registry.metrics());
    expect(total(samples, 'appconfig_graph_budget_admissions_total', { outcome: 'delayed' })).toBe(1);
    expect(total(samples, 'appconfig_graph_budget_admissions_total', { outcome: 'refused' })).toBe(1);
    expect(total(samples, 'appconfig_graph_budget_wait_seconds_sum')).toBeCloseTo(0.12);
    expect(total(samples, 'appconfig_graph_subscriptions_active', { transport: 'websocket' })).toBe(0);
    expect(total(samples, 'appconfig_graph_subscriptions_active', { transport: 'sse' })).toBe(1);
  });
});
