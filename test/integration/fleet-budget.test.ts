import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { WINDOW_MS } from '../../src/appconfig/rate-budget.js';
import type { SeedFile } from '../../src/emulator/seed.js';
import { TestClock } from '../support/clock.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGatewayOptions } from '../support/gateway.js';
import { scrape, total } from '../support/metrics.js';

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.resetCounters();
  emulator.setFaults([]);
});

async function gatewayWith(options: Omit<TestGatewayOptions, 'endpoint'>) {
  const gateway = await startGateway({ endpoint: emulator.endpoint, ...options });
  onTestFinished(() => gateway.stop());
  return gateway;
}

const MOVING = '{ deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 3) { state percentageComplete } }';
const FINAL = '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state } }';
const LIST = '{ deployments(applicationId: "chk2svc", environmentId: "prod7ea", first: 3) { edges { node { deploymentNumber state } } } }';

describe('the fleet budget (APPCONFIG_GET_RATE, APPCONFIG_LIST_RATE)', () => {
  it('answers UPSTREAM_THROTTLED with retryAfterSeconds, making no call, once a call cannot get a turn in time', async () => {
    const gateway = await gatewayWith({ env: { APPCONFIG_GET_RATE: '1', APPCONFIG_QUEUE_TIMEOUT_MS: '200' } });

    const { body } = await gateway.query(
      '{ a: deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state } b: deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 1) { state } }',
    );

    expect(Object.values(body.data ?? {}).filter((value) => value !== null)).toHaveLength(1);
    expect(body.errors).toHaveLength(1);
    // The next turn is a budget window away, rounded up to whole seconds as Retry-After counts.
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_THROTTLED', retryAfterSeconds: Math.ceil(WINDOW_MS / 1000) });
    expect(body.errors?.[0]?.message).toContain('APPCONFIG_GET_RATE');
    expect(emulator.callsTo('GetDeployment')).toBe(1);
    const samples = await scrape(gateway.url);
    expect(total(samples, 'appconfig_graph_budget_admissions_total', { outcome: 'admitted' })).toBe(1);
    expect(total(samples, 'appconfig_graph_budget_admissions_total', { outcome: 'refused' })).toBe(1);
  });

  it('paces a burst instead of refusing it when the calls can wait their turn', async () => {
    const gateway = await gatewayWith({ env: { APPCONFIG_LIST_RATE: '2', APPCONFIG_QUEUE_TIMEOUT_MS: '5000' } });
    const pages = ['stg4kq1', 'prod7ea', '54j1r29'].map(
      (environment) =>
        `e${environment}: deployments(applicationId: "${environment === '54j1r29' ? '339ohji' : 'chk2svc'}", environmentId: "${environment}", first: 1) { edges { node { state } } }`,
    );

    const { body } = await gateway.query(`{ ${pages.join(' ')} }`);

    expect(body.errors).toBeUndefined();
    const starts = emulator.requestsTo('ListDeployments').map((request) => request.receivedAt);
    expect(starts).toHaveLength(3);
    // Two in the first second, the third a second after the first.
    expect(starts[2]! - starts[0]!).toBeGreaterThanOrEqual(950);
    expect(total(await scrape(gateway.url), 'appconfig_graph_budget_admissions_total', { outcome: 'delayed' })).toBe(1);
  });
});

describe('stale-if-error (CACHE_STALE_IF_ERROR_SECONDS)', () => {
  const cached = (clock: TestClock, env: Record<string, string> = {}) =>
    gatewayWith({ clock, env: { CACHE_BACKEND: 'memory', APPCONFIG_MAX_ATTEMPTS: '1', ...env } });

  it('answers an expired moving deployment when AppConfig fails, flagged with its path, age and reason, and no-store', async () => {
    const clock = new TestClock();
    const gateway = await cached(clock);
    const fresh = await gateway.query(MOVING);
    expect(fresh.body.errors).toBeUndefined();
    clock.advanceSeconds(6);
    emulator.setFaults([{ fault: { kind: 'error', status: 503 }, operations: ['GetDeployment'] }]);

    const stale = await gateway.query(MOVING);

    expect(stale.body.data).toEqual(fresh.body.data);
    expect(stale.body.errors).toBeUndefined();
    expect(stale.body.extensions).toEqual({
      stale: [{ path: ['deployment'], resource: 'deployment:["chk2svc","prod7ea",3]', ageSeconds: 6, reason: 'UPSTREAM_ERROR' }],
    });
    expect(stale.headers.get('cache-control')).toBe('no-store');
    expect(emulator.callsTo('GetDeployment')).toBe(2);

    // A stale answer is never kept as a whole response: once AppConfig is back, it answers afresh.
    emulator.setFaults([]);
    const again = await gateway.query(MOVING);
    expect(again.body.extensions).toBeUndefined();
    expect(emulator.callsTo('GetDeployment')).toBe(3);
  });

  it('answers a list stale when the fleet budget has no turn left, naming the list', async () => {
    const clock = new TestClock();
    const gateway = await cached(clock, { APPCONFIG_LIST_RATE: '1', APPCONFIG_QUEUE_TIMEOUT_MS: '0', CACHE_RESPONSES: 'false' });
    await gateway.query(LIST);
    clock.advanceSeconds(10);

    const { body, headers } = await gateway.query(LIST);

    expect(body.errors).toBeUndefined();
    expect(body.extensions?.['stale']).toEqual([expect.objectContaining({ path: ['deployments'], ageSeconds: 10, reason: 'UPSTREAM_THROTTLED' })]);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(total(await scrape(gateway.url), 'appconfig_graph_cache_lookups_total', { kind: 'deploymentPage', result: 'stale' })).toBe(1);
  });

  it('never flags a final deployment: from the cache, or expired while AppConfig fails', async () => {
    const clock = new TestClock();
    const gateway = await cached(clock, { CACHE_RESPONSES: 'false' });
    await gateway.query(FINAL);
    emulator.setFaults([{ fault: { kind: 'error', status: 500 } }]);

    const hit = await gateway.query(FINAL);
    expect(hit.body).toEqual({ data: { deployment: { state: 'COMPLETE' } } });
    clock.advanceSeconds(86_401);
    const expired = await gateway.query(FINAL);
    expect(expired.body).toEqual({ data: { deployment: { state: 'COMPLETE' } } });
    expect(expired.headers.get('cache-control')).toMatch(/^max-age=\d+, public$/);
  });

  it('does not stand in past CACHE_STALE_IF_ERROR_SECONDS, nor for a NOT_FOUND', async () => {
    const clock = new TestClock();
    const gateway = await cached(clock, { CACHE_STALE_IF_ERROR_SECONDS: '60', CACHE_RESPONSES: 'false' });
    await gateway.query(MOVING);
    clock.advanceSeconds(66);
    emulator.setFaults([{ fault: { kind: 'error', status: 503 }, operations: ['GetDeployment'] }]);

    const { body } = await gateway.query(MOVING);
    expect(body.data).toEqual({ deployment: null });
    expect(body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_ERROR');
    expect(body.extensions).toBeUndefined();
  });
});

describe('fairness under a storm', () => {
  /** One environment with 200 deployments: one request for all of their event logs makes 200 calls. */
  const stormSeed: SeedFile = {
    Applications: [{ Id: 'storm01', Name: 'storm' }],
    Environments: [{ ApplicationId: 'storm01', Id: 'env0001', Name: 'busy' }],
    Deployments: Array.from({ length: 200 }, (_, i) => ({
      ApplicationId: 'storm01',
      EnvironmentId: 'env0001',
      DeploymentNumber: i + 1,
      State: 'COMPLETE',
      PercentageComplete: 100,
    })),
  };

  it('answers a one-deployment request while another request is still working through 200 calls', async () => {
    const storm = await startTestEmulator(stormSeed);
    onTestFinished(() => storm.close());
    const gateway = await startGateway({
      endpoint: storm.endpoint,
      env: { APPCONFIG_GET_RATE: '40', APPCONFIG_QUEUE_TIMEOUT_MS: '10000', APPCONFIG_MAX_CALLS_PER_REQUEST: '300' },
    });
    onTestFinished(() => gateway.stop());
    const entities = Array.from({ length: 200 }, (_, i) => ({
      __typename: 'Deployment',
      applicationId: 'storm01',
      environmentId: 'env0001',
      deploymentNumber: i + 1,
    }));

    let wideDone = false;
    const wide = gateway.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on Deployment { state } } }', { r: entities }).then((answer) => {
      wideDone = true;
      return answer;
    });
    await expect.poll(() => storm.callsTo('GetDeployment')).toBeGreaterThan(20);
    const single = await gateway.query('{ deployment(applicationId: "storm01", environmentId: "env0001", deploymentNumber: 7) { deploymentNumber } }');

    expect(single.body).toEqual({ data: { deployment: { deploymentNumber: 7 } } });
    expect(wideDone).toBe(false);
    expect((await wide).body.errors).toBeUndefined();
  }, 30_000);
});
