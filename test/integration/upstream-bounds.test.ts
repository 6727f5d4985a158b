import { describe, expect, it } from 'vitest';
import { readSeedFile, SAMPLE_SEED_FILE } from '../../src/emulator/seed.js';
import { mergeSeeds, variedSeed } from '../fixtures/deployments.js';
import { latencyRule } from '../support/emulator.js';
import { useEmulatorWithGatewaysPerTest } from '../support/harness.js';

const t = useEmulatorWithGatewaysPerTest(mergeSeeds(readSeedFile(SAMPLE_SEED_FILE), variedSeed('app1234', 'env1234', 12)));

const DOCUMENTED = '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state } }';
const aliases = (numbers: number[]) =>
  `{ ${numbers.map((n) => `d${n}: deployment(applicationId: "app1234", environmentId: "env1234", deploymentNumber: ${n}) { deploymentNumber }`).join(' ')} }`;

describe('bounds on a slow or broken AppConfig', () => {
  it('ends an attempt whose body stalls after the headers, and retries it within the attempt count', async () => {
    t.upstream.setFaults([{ fault: { kind: 'stall' } }]);
    const gateway = await t.gatewayWith({ maxAttempts: 2, timeoutMs: 300 });

    const { body } = await gateway.query(DOCUMENTED);

    expect(body.data).toEqual({ deployment: null });
    expect(body.errors?.[0]?.message).toBe('AppConfig GetDeployment failed: timed out.');
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { operation: 'GetDeployment', errorName: 'TimeoutError' } });
    expect(t.upstream.callsTo('GetDeployment')).toBe(2);
  });

  it('frees the upstream slots held by stalled bodies, so other calls still get through', async () => {
    // Ten stalled calls against two slots: without a bound on the body they would hold both slots for good.
    // (Two attempts: on a loaded machine the call that does answer may miss one short bound.)
    t.upstream.setFaults([{ fault: { kind: 'stall' }, operations: ['GetDeployment'], ids: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] }]);
    const gateway = await t.gatewayWith({ maxAttempts: 2, timeoutMs: 300, maxConcurrency: 2 });

    const { body } = await gateway.query(aliases([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));

    expect(body.data?.['d11']).toEqual({ deploymentNumber: 11 });
    expect(body.errors).toHaveLength(10);
    expect(t.upstream.maxInFlight).toBe(2);
  });

  it('reports a reset connection as a broken connection, not as a timeout', async () => {
    t.upstream.setFaults([{ fault: { kind: 'reset' } }]);
    const gateway = await t.gatewayWith({ maxAttempts: 2 });

    const { body } = await gateway.query(DOCUMENTED);

    expect(body.errors?.[0]?.message).toBe('AppConfig GetDeployment failed: the connection to AppConfig broke (ECONNRESET).');
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR' });
    // A reset is transient: the SDK retried it.
    expect(t.upstream.callsTo('GetDeployment')).toBe(2);
  });

  it("abandons a request's calls at REQUEST_TIMEOUT_MS, however long each attempt may take", async () => {
    t.upstream.setFaults([{ fault: { kind: 'hang' } }]);
    const gateway = await t.gatewayWith({ maxAttempts: 3, timeoutMs: 60_000, env: { REQUEST_TIMEOUT_MS: '400', SHUTDOWN_GRACE_MS: '2400' } });

    const { body } = await gateway.query(DOCUMENTED);

    expect(body.errors?.[0]?.message).toBe("AppConfig GetDeployment did not answer before the request's time ran out (REQUEST_TIMEOUT_MS).");
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR' });
    expect(t.upstream.callsTo('GetDeployment')).toBe(1);
  });

  it('answers UPSTREAM_THROTTLED, with no call made, when no slot frees up within APPCONFIG_QUEUE_TIMEOUT_MS', async () => {
    t.upstream.setFaults([latencyRule(1500)]);
    const gateway = await t.gatewayWith({ maxConcurrency: 1, env: { APPCONFIG_QUEUE_TIMEOUT_MS: '100' } });

    const slow = gateway.query(aliases([1]));
    await expect.poll(() => t.upstream.inFlight).toBe(1);
    const { body } = await gateway.query(aliases([2]));

    expect(body.data).toEqual({ d2: null });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_THROTTLED', retryAfterSeconds: 1 });
    expect(body.errors?.[0]?.message).toMatch(/APPCONFIG_MAX_CONCURRENCY.*was not made/);
    expect((await slow).body.data).toEqual({ d1: { deploymentNumber: 1 } });
    expect(t.upstream.requestedDeployments()).toEqual([1]);
  });

  it('serves requests fairly: one call of a new request goes before the rest of a wide fan-out', async () => {
    // Only the fan-out's first call is slow: long enough for the single request to queue behind it on a loaded machine.
    t.upstream.setFaults([{ ...latencyRule(1000), times: 1 }]);
    const gateway = await t.gatewayWith({ maxConcurrency: 1 });

    const wide = gateway.query(aliases([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    await expect.poll(() => t.upstream.inFlight).toBe(1);
    const single = await gateway.query(aliases([11]));

    expect(single.body.data).toEqual({ d11: { deploymentNumber: 11 } });
    // The single call waited for the one in flight only, not for the nine queued before it.
    expect(t.upstream.requestedDeployments().indexOf(11)).toBe(1);
    expect((await wide).body.errors).toBeUndefined();
  });
});
