import { AppConfigClient, GetDeploymentCommand, GetEnvironmentCommand, ListApplicationsCommand, ListEnvironmentsCommand } from '@aws-sdk/client-appconfig';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_PATH } from '../../src/emulator/faults/control.js';
import { parseFaultRules } from '../../src/emulator/faults/rules.js';
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
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error & { code?: string; $metadata?: { httpStatusCode?: number } },
  );

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
    await expect(
      fetch(`${emulator.endpoint}/applications/chk2svc/environments/prod7ea/deployments/1`, { signal: AbortSignal.timeout(300) }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
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

describe("AWS's quotas, enforced by `throttle above=N/s`", () => {
  /** The quota's own clock, held still so that "within one second" does not depend on the machine's speed. */
  let now = 0;
  let quota: TestEmulator;
  let otherCaller: AppConfigClient;
  beforeAll(async () => {
    quota = await startTestEmulator(undefined, { now: () => now, faults: parseFaultRules('throttle above=100/s op=Get*; throttle above=10/s op=List*') });
    otherCaller = new AppConfigClient({
      endpoint: quota.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'other', secretAccessKey: 'other' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    otherCaller.destroy();
    await quota.close();
  });

  /** How each call ended: "ok", or the error's name and status. */
  const outcomes = (calls: ReadonlyArray<Promise<unknown>>) =>
    Promise.all(
      calls.map((call) =>
        call.then(
          () => 'ok',
          (error: Error & { $metadata?: { httpStatusCode?: number } }) => `${error.name} ${error.$metadata?.httpStatusCode}`,
        ),
      ),
    );
  const tally = (results: string[]) => Object.fromEntries([...new Set(results)].map((result) => [result, results.filter((other) => other === result).length]));

  it('lets 10 List calls a second through from all callers together, throttles the rest with 429, and lets more through a second later', async () => {
    const lists = Array.from({ length: 14 }, (_, i) => {
      const caller = i % 2 === 0 ? quota.client : otherCaller;
      return i % 3 === 0 ? caller.send(new ListEnvironmentsCommand({ ApplicationId: 'chk2svc' })) : caller.send(new ListApplicationsCommand({}));
    });
    expect(tally(await outcomes(lists))).toEqual({ ok: 10, 'ThrottlingException 429': 4 });
    // Get calls have a quota of their own.
    expect(await outcomes([quota.client.send(new GetEnvironmentCommand({ ApplicationId: 'chk2svc', EnvironmentId: 'prod7ea' }))])).toEqual(['ok']);

    now += 1000;
    expect(tally(await outcomes(Array.from({ length: 11 }, () => otherCaller.send(new ListApplicationsCommand({})))))).toEqual({
      ok: 10,
      'ThrottlingException 429': 1,
    });
  });

  it('lets 100 Get calls a second through, whichever Get operation they are', async () => {
    now += 1000;
    const gets = Array.from({ length: 103 }, (_, i) =>
      i % 2 === 0
        ? quota.client.send(new GetDeploymentCommand(deployment))
        : otherCaller.send(new GetEnvironmentCommand({ ApplicationId: 'chk2svc', EnvironmentId: 'prod7ea' })),
    );
    expect(tally(await outcomes(gets))).toEqual({ ok: 100, 'ThrottlingException 429': 3 });
  });
});

describe('answer=: any answer AppConfig could send', () => {
  it('answers the status, error type and body given, which the SDK reads as it would from AWS', async () => {
    emulator.setFaults(
      parseFaultRules(
        `answer=403 type=AccessDeniedException body=${encodeURIComponent('{"Message":"User: x is not authorized to perform: appconfig:GetDeployment"}')} op=GetDeployment`,
      ),
    );
    expect(await failure(emulator.client.send(new GetDeploymentCommand(deployment)))).toMatchObject({
      name: 'AccessDeniedException',
      message: 'User: x is not authorized to perform: appconfig:GetDeployment',
      $metadata: { httpStatusCode: 403 },
    });

    emulator.setFaults([{ fault: { kind: 'answer', status: 200, body: JSON.stringify({ ...deployment, State: 'PAUSED', PercentageComplete: 40 }) } }]);
    // SDKs pass an enum value they do not know through as a string.
    expect(await emulator.client.send(new GetDeploymentCommand(deployment))).toMatchObject({ State: 'PAUSED', PercentageComplete: 40 });
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
    await control({
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ fault: { kind: 'throttle' }, operations: ['ListApplications'] }]),
    });
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
