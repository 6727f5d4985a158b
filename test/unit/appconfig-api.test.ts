import {
  AppConfigClient,
  AppConfigServiceException,
  BadRequestException,
  GetDeploymentCommand,
  InternalServerException,
  ListDeploymentsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-appconfig';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { UpstreamAdmission } from '../../src/appconfig/admission.js';
import { type AppConfigApi, createAppConfigService } from '../../src/appconfig/api.js';
import { BudgetGate } from '../../src/appconfig/budget-gate.js';
import { CallBudget } from '../../src/appconfig/call-budget.js';
import type { BudgetAdmission, UpstreamObserver } from '../../src/appconfig/observer.js';
import { PENALTY_MS, RateBudget, type Reservation, type ReservationStore } from '../../src/appconfig/rate-budget.js';
import { MemoryReservationStore } from '../../src/appconfig/reservation-stores.js';
import { accountOf, arnOf } from '../../src/appconfig/resource-arns.js';
import { translateAppConfigError } from '../../src/appconfig/translate-error.js';
import { systemClock } from '../../src/clock.js';

const metadata = (httpStatusCode: number) => ({ httpStatusCode, requestId: 'req-1', attempts: 3, totalRetryDelay: 0 });
const appConfig = mockClient(AppConfigClient);
afterEach(() => appConfig.reset());
// The mock stubs every AppConfigClient's send: give it back for whatever runs next in this worker.
afterAll(() => appConfig.restore());

/** The API as one request sees it, over the mocked client. */
const apiFor = (budget = new CallBudget(100)) =>
  createAppConfigService({
    client: new AppConfigClient({ region: 'us-east-1' }),
    admission: new UpstreamAdmission({ maxConcurrency: 2, queueTimeoutMs: 1000 }),
    budget: new RateBudget({ rates: { get: 1000, list: 1000 }, store: new MemoryReservationStore(systemClock), key: 'test' }),
    gate: new BudgetGate(),
    queueTimeoutMs: 1000,
    arnOf: (resource) => Promise.resolve(arnOf(resource, 'us-east-1', '123456789012')),
  }).forScope({ lane: 'test', budget });

describe('AppConfig API edge', () => {
  it('sends GetDeployment with the key as its URI members and strips $metadata from the answer', async () => {
    appConfig.on(GetDeploymentCommand).resolves({ $metadata: metadata(200), State: 'COMPLETE', DeploymentNumber: 3 });
    const api = apiFor();

    const deployment = await api.getDeployment({ applicationId: 'app', environmentId: 'env', deploymentNumber: 3 });

    expect(deployment).toEqual({ State: 'COMPLETE', DeploymentNumber: 3 });
    expect(appConfig.commandCalls(GetDeploymentCommand).map((call) => call.args[0].input)).toEqual([
      { ApplicationId: 'app', EnvironmentId: 'env', DeploymentNumber: 3 },
    ]);
  });

  it('sends ListDeployments with the page request and maps an absent list to empty', async () => {
    appConfig.on(ListDeploymentsCommand).resolves({ $metadata: metadata(200) });
    const api = apiFor();

    const page = await api.listDeployments({ applicationId: 'app', environmentId: 'env', maxResults: 50, nextToken: 't' });

    expect(page).toEqual({ items: [] });
    expect(appConfig.commandCalls(ListDeploymentsCommand)[0]?.args[0].input).toEqual({
      ApplicationId: 'app',
      EnvironmentId: 'env',
      MaxResults: 50,
      NextToken: 't',
    });
  });

  it('translates SDK exceptions where the call is made', async () => {
    appConfig.on(GetDeploymentCommand).rejects(new ResourceNotFoundException({ message: 'gone', $metadata: metadata(404), ResourceName: 'Deployment' }));
    const api = apiFor();

    await expect(api.getDeployment({ applicationId: 'a', environmentId: 'e', deploymentNumber: 1 })).rejects.toMatchObject({
      message: 'gone',
      extensions: { code: 'NOT_FOUND', upstream: { operation: 'GetDeployment', errorName: 'ResourceNotFoundException', httpStatus: 404, requestId: 'req-1' } },
    });
  });
});

describe('AppConfig API edge: what each call is named, and how it takes its turns', () => {
  it.each([
    ['GetApplication', (api: AppConfigApi) => api.getApplication('a')],
    ['GetEnvironment', (api: AppConfigApi) => api.getEnvironment({ applicationId: 'a', id: 'e' })],
    ['GetDeploymentStrategy', (api: AppConfigApi) => api.getDeploymentStrategy('s')],
    ['GetConfigurationProfile', (api: AppConfigApi) => api.getConfigurationProfile({ applicationId: 'a', id: 'p' })],
    ['GetExtension', (api: AppConfigApi) => api.getExtension({ id: 'x' })],
    ['ListTagsForResource', (api: AppConfigApi) => api.listTagsForResource({ applicationId: 'a' })],
  ])('names %s in its errors', async (operation, call) => {
    appConfig.onAnyCommand().rejects(new InternalServerException({ message: 'oops', $metadata: metadata(500) }));
    await expect(call(apiFor())).rejects.toThrow(`AppConfig ${operation} failed: InternalServerException (HTTP 500).`);
  });

  /**
   * The service over a client that, like the SDK's HTTP handler, awaits the budget gate before each
   * attempt and then answers `answer()`; its budget's store is `store`, and `observer` hears it all.
   */
  function gatedService(store: ReservationStore, answer: () => Promise<object> = () => Promise.resolve({ $metadata: {} })) {
    const gate = new BudgetGate();
    const client = { send: async () => (await gate.beforeAttempt(), answer()) } as unknown as AppConfigClient;
    const admissions: BudgetAdmission[] = [];
    const observer: UpstreamObserver = { onCall: () => undefined, onAttempt: () => undefined, onAdmission: (admission) => void admissions.push(admission) };
    const deps = {
      client,
      admission: new UpstreamAdmission({ maxConcurrency: 1, queueTimeoutMs: 1000 }),
      budget: new RateBudget({ rates: { get: 10, list: 1 }, store, key: 'test' }),
      gate,
      queueTimeoutMs: 1000,
      arnOf: () => Promise.resolve('arn'),
    };
    return { service: createAppConfigService({ ...deps, observer }), unobserved: createAppConfigService(deps), admissions };
  }

  /** A reservation store that answers `reservation` and records what it was asked. */
  function fixedStore(reservation: Reservation) {
    const asked: string[] = [];
    const store: ReservationStore = {
      reserve: (key) => (asked.push(`reserve ${key}`), Promise.resolve(reservation)),
      penalize: (key, forMs) => (asked.push(`penalize ${key} ${forMs}`), Promise.resolve()),
    };
    return { store, asked };
  }

  it('takes a turn of its quota before each call, and tells the observer how it went', async () => {
    const { store, asked } = fixedStore({ granted: true, waitMs: 0 });
    const { service, unobserved, admissions } = gatedService(store);
    await service.forScope({ lane: 'a', budget: new CallBudget(10) }).getApplication('a');
    await service.forScope({ lane: 'a', budget: new CallBudget(10) }).listApplications({ maxResults: 50 });
    await unobserved.forScope({ lane: 'a', budget: new CallBudget(10) }).getApplication('a');
    expect(asked).toEqual(['reserve test:get', 'reserve test:list', 'reserve test:get']);
    expect(admissions).toEqual([
      { operation: 'GetApplication', outcome: 'admitted', waitedMs: 0 },
      { operation: 'ListApplications', outcome: 'admitted', waitedMs: 0 },
    ]);
  });

  it('refuses a call the budget has no turn for, telling the observer, with or without one', async () => {
    const { store } = fixedStore({ granted: false, retryAfterMs: 2500 });
    const { service, unobserved, admissions } = gatedService(store);
    for (const api of [service, unobserved]) {
      await expect(api.forScope({ lane: 'a', budget: new CallBudget(10) }).getApplication('a')).rejects.toMatchObject({
        message: "The gateway's AppConfig budget is spent for now (APPCONFIG_GET_RATE): GetApplication was not made; try again in 3 s.",
        extensions: { code: 'UPSTREAM_THROTTLED', retryAfterSeconds: 3 },
      });
    }
    expect(admissions).toEqual([{ operation: 'GetApplication', outcome: 'refused', waitedMs: 0 }]);
  });

  it('tells the observer of no refusal when the request ends while the call waits for its turn', async () => {
    const { store } = fixedStore({ granted: true, waitMs: 10_000 });
    const { service, admissions } = gatedService(store);
    const controller = new AbortController();
    const call = service.forScope({ lane: 'a', budget: new CallBudget(10), signal: controller.signal }).getApplication('a');
    controller.abort();
    await expect(call).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_ERROR' } });
    expect(admissions).toEqual([]);
  });

  it('halves the budget of the quota AppConfig throttled, and only when it throttled', async () => {
    const throttled = new AppConfigServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: metadata(429), message: 'slow down' });
    const { store, asked } = fixedStore({ granted: true, waitMs: 0 });
    await expect(
      gatedService(store, () => Promise.reject(throttled))
        .unobserved.forScope({ lane: 'a', budget: new CallBudget(10) })
        .listApplications({ maxResults: 50 }),
    ).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_THROTTLED' },
    });
    const failed = new InternalServerException({ message: 'oops', $metadata: metadata(500) });
    await expect(
      gatedService(store, () => Promise.reject(failed))
        .unobserved.forScope({ lane: 'a', budget: new CallBudget(10) })
        .getApplication('a'),
    ).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_ERROR' },
    });
    expect(asked).toEqual(['reserve test:list', `penalize test:list ${PENALTY_MS}`, 'reserve test:get']);
  });

  it("stops waiting for a connection slot when the request's signal aborts", async () => {
    let release!: () => void;
    const held = new Promise<object>((resolve) => (release = () => resolve({ $metadata: {} })));
    const { store } = fixedStore({ granted: true, waitMs: 0 });
    let first = true;
    const { unobserved } = gatedService(store, () => (first ? ((first = false), held) : Promise.resolve({ $metadata: {} })));
    const running = unobserved.forScope({ lane: 'a', budget: new CallBudget(10) }).getApplication('a');
    const controller = new AbortController();
    const waiting = unobserved.forScope({ lane: 'b', budget: new CallBudget(10), signal: controller.signal }).getApplication('b');
    controller.abort();
    await expect(waiting).rejects.toThrow("AppConfig GetApplication did not answer before the request's time ran out (REQUEST_TIMEOUT_MS).");
    release();
    await running;
  });
});

describe('translateAppConfigError', () => {
  const serviceError = (name: string, status: number) =>
    new AppConfigServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: metadata(status), message: `${name} happened` });

  it.each([
    ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'missing', $metadata: metadata(404) }), 'NOT_FOUND'],
    ['BadRequestException', new BadRequestException({ message: 'bad', $metadata: metadata(400) }), 'BAD_USER_INPUT'],
    ['ThrottlingException (429)', serviceError('ThrottlingException', 429), 'UPSTREAM_THROTTLED'],
    ['TooManyRequestsException', serviceError('TooManyRequestsException', 400), 'UPSTREAM_THROTTLED'],
    ['AccessDeniedException', serviceError('AccessDeniedException', 403), 'UPSTREAM_FORBIDDEN'],
    ['UnrecognizedClientException', serviceError('UnrecognizedClientException', 400), 'UPSTREAM_FORBIDDEN'],
    ['ExpiredTokenException', serviceError('ExpiredTokenException', 400), 'UPSTREAM_FORBIDDEN'],
    ['a bare 403', serviceError('Unknown', 403), 'UPSTREAM_FORBIDDEN'],
    [
      'missing credentials',
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      'UPSTREAM_FORBIDDEN',
    ],
    ['InternalServerException', new InternalServerException({ message: 'oops', $metadata: metadata(500) }), 'UPSTREAM_ERROR'],
    ['a 503', serviceError('ServiceUnavailable', 503), 'UPSTREAM_ERROR'],
    ['a timeout', Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }), 'UPSTREAM_ERROR'],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:443'), { code: 'ECONNREFUSED' }), 'UPSTREAM_ERROR'],
    ['a non-Error value', 'weird', 'UPSTREAM_ERROR'],
  ])('maps %s to %s', (_case, error, code) => {
    const translated = translateAppConfigError('GetDeployment', error);
    expect(translated.extensions['code']).toBe(code);
    expect(translated.extensions['upstream']).toMatchObject({ operation: 'GetDeployment' });
    expect(translated.cause).toBe(error);
  });

  it('carries the Reason and Details of a BadRequestException', () => {
    const details = { InvalidConfiguration: [{ Constraint: 'c', Location: 'l', Reason: 'r', Type: 't', Value: 'v' }] };
    const translated = translateAppConfigError(
      'GetDeployment',
      new BadRequestException({ message: 'Invalid', $metadata: metadata(400), Reason: 'InvalidConfiguration', Details: details }),
    );
    expect(translated.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'InvalidConfiguration', details });
  });

  it('tells what to set when there are no credentials, and never echoes secrets or addresses', () => {
    const noCredentials = translateAppConfigError('GetDeployment', Object.assign(new Error('secret-ish detail'), { name: 'CredentialsProviderError' }));
    expect(noCredentials.message).toContain('AWS_ACCESS_KEY_ID');
    expect(noCredentials.message).not.toContain('secret-ish');
    const refused = translateAppConfigError('GetDeployment', Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:443'), { code: 'ECONNREFUSED' }));
    expect(refused.message).not.toContain('10.1.2.3');
  });
});

describe('resource ARNs, for tags', () => {
  it.each([
    [{ applicationId: 'app' }, 'us-east-1', 'arn:aws:appconfig:us-east-1:111122223333:application/app'],
    [{ applicationId: 'app', environmentId: 'env' }, 'cn-north-1', 'arn:aws-cn:appconfig:cn-north-1:111122223333:application/app/environment/env'],
    [
      { applicationId: 'app', configurationProfileId: 'prf' },
      'us-gov-west-1',
      'arn:aws-us-gov:appconfig:us-gov-west-1:111122223333:application/app/configurationprofile/prf',
    ],
  ])('%o in %s', (resource, region, arn) => {
    expect(arnOf(resource, region, '111122223333')).toBe(arn);
  });

  it('asks STS for the account once, when none is configured, and says what to set when it cannot', async () => {
    const sts = mockClient(STSClient);
    try {
      sts.on(GetCallerIdentityCommand).resolvesOnce({ Account: '444455556666' });
      const account = accountOf(undefined, 'us-east-1');
      expect(await account()).toBe('444455556666');
      expect(await account()).toBe('444455556666');
      expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
      expect(await accountOf('777788889999', 'us-east-1')()).toBe('777788889999');

      sts.on(GetCallerIdentityCommand).rejects(new Error('no credentials'));
      await expect(accountOf(undefined, 'us-east-1')()).rejects.toMatchObject({
        extensions: { code: 'UPSTREAM_ERROR' },
        message: expect.stringContaining('APPCONFIG_ACCOUNT_ID') as string,
      });
    } finally {
      sts.restore();
    }
  });
});
