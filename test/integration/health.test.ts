import { describe, expect, it } from 'vitest';
import { READINESS_FRESH_MS } from '../../src/telemetry/index.js';
import { TestClock } from '../support/clock.js';
import type { TestGateway } from '../support/gateway.js';
import { useEmulatorWithGatewaysPerTest } from '../support/harness.js';

const t = useEmulatorWithGatewaysPerTest();

const gatewayWith = t.gatewayWith;

const get = (gateway: TestGateway, path: string, init: RequestInit = {}) => fetch(new URL(path, gateway.url), init);
const probes = () => t.upstream.callsTo('GetDeploymentStrategy');

describe('GET /healthz', () => {
  it('answers 200 while the process serves, uncached, saying nothing more', async () => {
    const gateway = await gatewayWith();
    const response = await get(gateway, '/healthz');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ok' });
    // Liveness never asks AppConfig: a failing dependency must not get the process restarted.
    expect(t.upstream.calls).toEqual([]);
  });

  it.each(['/healthz', '/readyz'])('%s answers HEAD, and refuses other methods with 405 and Allow', async (path) => {
    const gateway = await gatewayWith();
    const head = await get(gateway, path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get(gateway, path, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('GET /readyz', () => {
  it('is ready without a probe when AppConfig answered a call lately', async () => {
    const gateway = await gatewayWith();
    expect(
      (await gateway.query('{ deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 1) { state } }')).body.errors,
    ).toBeUndefined();
    const response = await get(gateway, '/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
    expect(probes()).toBe(0);
  });

  it('probes AppConfig with one cheap Get when it has not answered lately, and not again while that answer is fresh', async () => {
    const clock = new TestClock();
    const gateway = await gatewayWith({ clock });
    expect((await get(gateway, '/readyz')).status).toBe(200);
    expect((await get(gateway, '/readyz')).status).toBe(200);
    expect(probes()).toBe(1);
    expect(t.upstream.requestsTo('GetDeploymentStrategy')[0]?.labels).toEqual({ DeploymentStrategyId: 'AppConfig.AllAtOnce' });
    clock.advanceSeconds(READINESS_FRESH_MS / 1000);
    expect((await get(gateway, '/readyz')).status).toBe(200);
    expect(probes()).toBe(2);
  });

  it('shares one probe among concurrent checks', async () => {
    const gateway = await gatewayWith();
    t.upstream.setFaults([{ fault: { kind: 'latency', minMs: 300, maxMs: 300 }, operations: ['GetDeploymentStrategy'] }]);
    const answers = await Promise.all(Array.from({ length: 5 }, () => get(gateway, '/readyz')));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(probes()).toBe(1);
  });

  it('is unready (503, no detail) while AppConfig fails, and ready again once it answers', async () => {
    const gateway = await gatewayWith({ maxAttempts: 1 });
    t.upstream.setFaults([{ fault: { kind: 'error', status: 503 } }]);
    const unready = await get(gateway, '/readyz');
    expect(unready.status).toBe(503);
    expect(await unready.json()).toEqual({ status: 'unready' });
    t.upstream.setFaults([]);
    expect((await get(gateway, '/readyz')).status).toBe(200);
  });

  it('is unready when a call failed after the last answer, until a probe succeeds', async () => {
    const gateway = await gatewayWith({ maxAttempts: 1 });
    await gateway.query('{ deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 1) { state } }');
    t.upstream.setFaults([{ fault: { kind: 'reset' } }]);
    await gateway.query('{ deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 2) { state } }');
    expect((await get(gateway, '/readyz')).status).toBe(503);
    t.upstream.setFaults([]);
    expect((await get(gateway, '/readyz')).status).toBe(200);
  });

  it('treats throttling as reachable: a throttled replica is no worse than its peers', async () => {
    const gateway = await gatewayWith({ maxAttempts: 1 });
    t.upstream.setFaults([{ fault: { kind: 'throttle' } }]);
    expect((await get(gateway, '/readyz')).status).toBe(200);
  });
});
