import { GetDeploymentCommand, ListApplicationsCommand } from '@aws-sdk/client-appconfig';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_PATH } from '../../src/emulator/faults/control.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterEach(() => {
  emulator.setFaults([]);
  emulator.resetCounters();
});
afterAll(() => emulator.close());

const deployment = { ApplicationId: 'chk2svc', EnvironmentId: 'prod7ea', DeploymentNumber: 1 };
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error & { code?: string; $metadata?: { httpStatusCode?: number } });

describe('faults, as an AppConfig client sees them', () => {
  it('throttles as AWS does: 429 ThrottlingException "Rate exceeded"', async () => {
    emulator.setFaults([{ fault: { kind: 'throttle' }, operations: ['GetDeployment'] }]);
    const error = await failure(emulator.client.send(new GetDeploymentCommand(deployment)));
    expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
    expect(await emulator.client.send(new ListApplicationsCommand({}))).toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });

  it.each([
    [500, 'InternalServerException'],
    [503, 'ServiceUnavailableException'],
  ] as const)('answers %d %s', async (status, name) => {
    emulator.setFaults([{ fault: { kind: 'error', status } }]);
    expect(await failure(emulator.client.send(new GetDeploymentCommand(deployment)))).toMatchObject({ name, $metadata: { httpStatusCode: status } });
  });

  it('resets the connection', async () => {
    emulator.setFaults([{ fault: { kind: 'reset' }, ids: ['prod7ea'] }]);
    expect((await failure(emulator.client.send(new GetDeploymentCommand(deployment))))?.code).toBe('ECONNRESET');
  });

  it('stalls a body: status and headers come, the body never does', async () => {
    emulator.setFaults([{ fault: { kind: 'stall' }, operations: ['GetDeployment'] }]);
    const response = await fetch(`${emulator.endpoint}/applications/chk2svc/environments/prod7ea/deployments/1`, { signal: AbortSignal.timeout(500) });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/json']);
    await expect(response.arrayBuffer()).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('answers nothing at all, or a body that is not JSON', async () => {
    emulator.setFaults([{ fault: { kind: 'hang' }, operations: ['GetDeployment'] }]);
    await expect(fetch(`${emulator.endpoint}/applications/chk2svc/environments/prod7ea/deployments/1`, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ name: 'TimeoutError' });
    emulator.setFaults([{ fault: { kind: 'malformed' } }]);
    const response = await fetch(`${emulator.endpoint}/applications`);
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toBeInstanceOf(SyntaxError);
  });

  it('delays answers by a latency drawn from the range', async () => {
    emulator.setFaults([{ fault: { kind: 'latency', minMs: 150, maxMs: 200 } }]);
    const started = performance.now();
    await emulator.client.send(new GetDeploymentCommand(deployment));
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('hits only the chosen ids, and only `times` requests', async () => {
    emulator.setFaults([{ fault: { kind: 'throttle' }, ids: ['srch7ui'], times: 1 }]);
    await emulator.client.send(new GetDeploymentCommand(deployment));
    const other = { ApplicationId: 'srch7ui', EnvironmentId: 'beta3zz', DeploymentNumber: 1 };
    expect(await failure(emulator.client.send(new GetDeploymentCommand(other)))).toMatchObject({ name: 'ThrottlingException' });
    expect(await emulator.client.send(new GetDeploymentCommand(other))).toMatchObject({ State: 'COMPLETE' });
    expect(emulator.requestsTo('GetDeployment').map((request) => request.labels['ApplicationId'])).toEqual(['chk2svc', 'srch7ui', 'srch7ui']);
    expect(emulator.requestsTo('GetDeployment')[0]?.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=test-access-key\//);
  });
});

describe('the control endpoint', () => {
  const control = (init?: RequestInit) => fetch(emulator.endpoint + CONTROL_PATH, init);

  it('replaces the rules with the EMULATOR_FAULTS grammar or JSON, shows them, and clears them', async () => {
    expect(await (await control({ method: 'PUT', body: 'throttle op=ListApplications rate=0.5; latency=10-20' })).json()).toEqual({
      rules: [
        { fault: { kind: 'throttle' }, operations: ['ListApplications'], rate: 0.5 },
        { fault: { kind: 'latency', minMs: 10, maxMs: 20 }, rate: 1 },
      ],
    });
    await control({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ fault: { kind: 'throttle' }, operations: ['ListApplications'] }]) });
    expect(await (await control()).json()).toEqual({ rules: [{ fault: { kind: 'throttle' }, operations: ['ListApplications'], rate: 1 }] });
    expect((await fetch(`${emulator.endpoint}/applications`)).status).toBe(429);

    expect(await (await control({ method: 'DELETE' })).json()).toEqual({ rules: [] });
    expect((await fetch(`${emulator.endpoint}/applications`)).status).toBe(200);
  });

  it('refuses invalid rules with every problem, and keeps the rules it had', async () => {
    emulator.setFaults([{ fault: { kind: 'reset' }, operations: ['DeleteApplication'] }]);
    const refused = await control({ method: 'PUT', body: 'throttle rate=7; boom' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { problems: string[] }).problems).toHaveLength(2);
    const json = await control({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: '[{"fault":{"kind":"error","status":418}}]' });
    expect(json.status).toBe(400);
    expect(emulator.faults()).toEqual([{ fault: { kind: 'reset' }, operations: ['DeleteApplication'], rate: 1 }]);
  });
});

describe('faults, as the gateway reports them', () => {
  let gateway: TestGateway;
  const QUERY = '{ deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 1) { state } }';
  afterEach(() => gateway.stop());

  async function codeFor(rules: Parameters<TestEmulator['setFaults']>[0]): Promise<unknown> {
    emulator.setFaults(rules);
    const { body } = await gateway.query(QUERY);
    return body.errors?.[0]?.extensions?.['code'] ?? body.data;
  }

  it.each([
    ['throttling', 'UPSTREAM_THROTTLED', [{ fault: { kind: 'throttle' } }]],
    ['a 500', 'UPSTREAM_ERROR', [{ fault: { kind: 'error', status: 500 } }]],
    ['a 503', 'UPSTREAM_ERROR', [{ fault: { kind: 'error', status: 503 } }]],
    ['a reset connection', 'UPSTREAM_ERROR', [{ fault: { kind: 'reset' } }]],
    ['no answer at all', 'UPSTREAM_ERROR', [{ fault: { kind: 'hang' } }]],
    ['a body that is not JSON', 'UPSTREAM_ERROR', [{ fault: { kind: 'malformed' } }]],
  ] as const)('answers %s with %s', async (_fault, code, rules) => {
    gateway = await startGateway({ endpoint: emulator.endpoint, maxAttempts: 1, timeoutMs: 300 });
    expect(await codeFor(rules)).toBe(code);
  });

  it('recovers through its retries from a fault that passes', async () => {
    gateway = await startGateway({ endpoint: emulator.endpoint, maxAttempts: 3 });
    expect(await codeFor([{ fault: { kind: 'throttle' }, times: 1 }])).toEqual({ deployment: { state: 'COMPLETE' } });
    expect(emulator.callsTo('GetDeployment')).toBe(2);
  });
});
