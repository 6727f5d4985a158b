import { describe, expect, it, onTestFinished } from 'vitest';
import type { FaultRuleInput } from '../../src/emulator/faults/rules.js';
import { readSeedFile, SAMPLE_SEED_FILE } from '../../src/emulator/seed.js';
import { mergeSeeds, variedSeed } from '../fixtures/deployments.js';
import { latencyRule, startTestEmulator } from '../support/emulator.js';
import { startGateway } from '../support/gateway.js';
import { useEmulatorWithGatewaysPerTest } from '../support/harness.js';

const t = useEmulatorWithGatewaysPerTest(mergeSeeds(readSeedFile(SAMPLE_SEED_FILE), variedSeed('app1234', 'env1234', 24)));
const gatewayWith = t.gatewayWith;

const query = (numbers: number[]) =>
  `{ ${numbers.map((n) => `d${n}: deployment(applicationId: "app1234", environmentId: "env1234", deploymentNumber: ${n}) { deploymentNumber state }`).join('\n')} }`;
const DOCUMENTED = `{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state } }`;

/** GetDeployment of deployment `n` answers `status`, with x-amzn-ErrorType `errorType` and `body`, as AppConfig would. */
const deploymentAnswers = (n: number, status: number, errorType: string, body: object): FaultRuleInput => ({
  fault: { kind: 'answer', status, errorType, body: JSON.stringify(body) },
  operations: ['GetDeployment'],
  ids: [String(n)],
});

describe('upstream failures', () => {
  it('fails each alias on its own with the code of its own failure', async () => {
    t.upstream.setFaults([
      deploymentAnswers(2, 404, 'ResourceNotFoundException', { Message: 'Deployment 2 not found', ResourceName: '2' }),
      deploymentAnswers(3, 400, 'BadRequestException', {
        Message: 'Invalid configuration',
        Reason: 'InvalidConfiguration',
        Details: { InvalidConfiguration: [{ Constraint: 'maxLength', Location: '/a', Reason: 'too long', Type: 'Syntactic', Value: 'x' }] },
      }),
      { fault: { kind: 'throttle' }, operations: ['GetDeployment'], ids: ['4'] },
      // Not in AppConfig's model, but every AWS service answers it for credentials without the permission.
      deploymentAnswers(5, 403, 'AccessDeniedException', { Message: 'User is not authorized' }),
      deploymentAnswers(6, 500, 'InternalServerException', { Message: 'boom at 10.0.0.1' }),
      { fault: { kind: 'malformed' }, operations: ['GetDeployment'], ids: ['7'] },
    ]);
    const gateway = await gatewayWith({ maxAttempts: 2 });

    const { status, body } = await gateway.query(query([1, 2, 3, 4, 5, 6, 7]));

    expect(status).toBe(200);
    expect(body.data).toEqual({ d1: { deploymentNumber: 1, state: 'BAKING' }, d2: null, d3: null, d4: null, d5: null, d6: null, d7: null });
    const errors = body.errors ?? [];
    const byAlias = Object.fromEntries(errors.map((error): [string, (typeof errors)[number]] => [String(error.path?.[0]), error]));
    expect(byAlias['d2']?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      upstream: { operation: 'GetDeployment', errorName: 'ResourceNotFoundException', httpStatus: 404 },
    });
    expect(byAlias['d2']?.message).toBe('Deployment 2 not found');
    expect(byAlias['d3']?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'InvalidConfiguration',
      details: { InvalidConfiguration: [expect.objectContaining({ Constraint: 'maxLength' })] },
    });
    expect(byAlias['d4']?.extensions).toMatchObject({
      code: 'UPSTREAM_THROTTLED',
      upstream: { errorName: 'ThrottlingException', httpStatus: 429, attempts: 2 },
    });
    expect(byAlias['d5']?.extensions).toMatchObject({ code: 'UPSTREAM_FORBIDDEN', upstream: { errorName: 'AccessDeniedException', httpStatus: 403 } });
    expect(byAlias['d6']?.extensions).toMatchObject({
      code: 'UPSTREAM_ERROR',
      upstream: { errorName: 'InternalServerException', httpStatus: 500, attempts: 2 },
    });
    expect(byAlias['d6']?.message).not.toContain('10.0.0.1');
    expect(byAlias['d7']?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { operation: 'GetDeployment', httpStatus: 200 } });
    // Client errors are not retried.
    const callsFor = (n: number) => t.upstream.requestedDeployments().filter((requested) => requested === n).length;
    expect([callsFor(2), callsFor(3)]).toEqual([1, 1]);
  });

  it('retries throttled calls and answers once AppConfig lets the call through', async () => {
    t.upstream.setFaults([{ fault: { kind: 'throttle' }, times: 2 }]);
    const gateway = await gatewayWith({ maxAttempts: 3 });

    const { body } = await gateway.query(DOCUMENTED);

    expect(body).toEqual({ data: { deployment: { state: 'COMPLETE' } } });
    expect(t.upstream.callsTo('GetDeployment')).toBe(3);
  });

  it('bounds a hanging AppConfig by the per-attempt timeout and the attempt count', async () => {
    t.upstream.setFaults([{ fault: { kind: 'hang' } }]);
    const gateway = await gatewayWith({ maxAttempts: 2, timeoutMs: 250 });

    const { body } = await gateway.query(DOCUMENTED);

    expect(body.data).toEqual({ deployment: null });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { operation: 'GetDeployment', errorName: 'TimeoutError' } });
    expect(body.errors?.[0]?.message).toBe('AppConfig GetDeployment failed: timed out.');
    expect(t.upstream.callsTo('GetDeployment')).toBe(2);
  });

  it('answers UPSTREAM_ERROR when AppConfig cannot be reached at all', async () => {
    const closed = await startTestEmulator();
    const endpoint = closed.endpoint;
    await closed.close();
    const gateway = await startGateway({ endpoint, maxAttempts: 1 });
    onTestFinished(() => gateway.stop());

    const { body } = await gateway.query(DOCUMENTED);

    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR' });
    expect(body.errors?.[0]?.message).toBe('AppConfig GetDeployment failed: could not reach AppConfig (ECONNREFUSED).');
  });

  it('never has more calls in flight than APPCONFIG_MAX_CONCURRENCY', async () => {
    t.upstream.setFaults([latencyRule(40)]);
    const gateway = await gatewayWith({ maxConcurrency: 4 });

    const { body } = await gateway.query(query(Array.from({ length: 24 }, (_, i) => i + 1)));

    expect(body.errors).toBeUndefined();
    expect(t.upstream.callsTo('GetDeployment')).toBe(24);
    expect(t.upstream.maxInFlight).toBe(4);
  });

  it('hides stack traces and internal messages from clients in production', async () => {
    t.upstream.setFaults([{ fault: { kind: 'error', status: 500 } }]);
    const gateway = await gatewayWith({ production: true, maxAttempts: 1 });

    const { body } = await gateway.query(DOCUMENTED);

    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR' });
    expect(body.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
