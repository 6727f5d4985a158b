import type { DeploymentSummary } from '@aws-sdk/client-appconfig';
import type { GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ALL_APPLICATIONS, type ApplicationAccess, onlyApplications } from '../../src/access.js';
import type { AppConfigApi } from '../../src/appconfig/api.js';
import type { GatewayContext } from '../../src/context.js';
import { ErrorCode, gatewayError } from '../../src/errors.js';
import { createLoaders } from '../../src/loaders/index.js';
import { ReadFreshness } from '../../src/loaders/read-freshness.js';
import {
  environmentParent,
  loadApplication,
  loadConfigurationProfile,
  loadDeployment,
  loadDeploymentConnection,
  loadDeploymentStrategy,
  loadEnvironment,
  loadLatestDeployment,
  loadTags,
  validDeploymentKey,
  validEnvironmentKey,
} from '../../src/resolvers/entities.js';

/** Every max-age different, so a field hinted with the wrong one shows. */
const MAX_AGE = { final: 3600, active: 7 };
const NO_CACHE = { final: 0, active: 0, list: 0, resource: 0, notFound: 0, staleIfError: 0 };

type Method = keyof AppConfigApi;

/**
 * An AppConfigApi over `deployments` deployments of every environment (numbered from the newest
 * down, in pages as AppConfig serves them: at most `maxResults` a page, the next by `n<index>`),
 * which records its calls. Deployment 1 is COMPLETE (final), every other one DEPLOYING.
 */
function fakeApi({ deployments = 3 } = {}) {
  const calls: Array<[Method, unknown]> = [];
  const record =
    <K, V>(method: Method, answer: (key: K) => V) =>
    (key: K): Promise<V> => {
      calls.push([method, key]);
      return new Promise((resolve) => resolve(answer(key)));
    };
  const unexpected = (method: Method) => record(method, () => ({ items: [] }));
  const api: AppConfigApi = {
    getDeployment: record('getDeployment', (key) => ({
      ApplicationId: key.applicationId,
      EnvironmentId: key.environmentId,
      DeploymentNumber: key.deploymentNumber,
      State: key.deploymentNumber === 1 ? 'COMPLETE' : 'DEPLOYING',
    })),
    listDeployments: record('listDeployments', (request) => {
      const start = request.nextToken === undefined ? 0 : Number(request.nextToken.slice(1));
      const numbers = Array.from({ length: deployments }, (_, i) => deployments - i).slice(start, start + request.maxResults);
      const next = start + request.maxResults;
      return {
        items: numbers.map((DeploymentNumber): DeploymentSummary => ({ DeploymentNumber, State: 'COMPLETE' })),
        ...(next < deployments ? { nextToken: `n${next}` } : {}),
      };
    }),
    getApplication: record('getApplication', (id) => ({ Id: id, Name: `application ${id}` })),
    listApplications: unexpected('listApplications'),
    getEnvironment: record('getEnvironment', (key) => ({ ApplicationId: key.applicationId, Id: key.id })),
    listEnvironments: unexpected('listEnvironments'),
    getDeploymentStrategy: record('getDeploymentStrategy', (id) => ({ Id: id })),
    listDeploymentStrategies: unexpected('listDeploymentStrategies'),
    getConfigurationProfile: record('getConfigurationProfile', (key) => ({ ApplicationId: key.applicationId, Id: key.id })),
    listConfigurationProfiles: unexpected('listConfigurationProfiles'),
    listHostedConfigurationVersions: unexpected('listHostedConfigurationVersions'),
    getExtension: record('getExtension', (key) => ({ Id: key.id })),
    listTagsForResource: record('listTagsForResource', () => ({ zone: 'b', owner: 'team', Env: 'prod' })),
  };
  return { api, calls };
}

/** A request's context over `api`, and the field info it resolves with, recording the cache hints set. */
function request(api: AppConfigApi, access: ApplicationAccess = ALL_APPLICATIONS, maxPages = 5) {
  const freshness = new ReadFreshness();
  const context = {
    loaders: createLoaders({ api, ttl: NO_CACHE, freshness }),
    httpMaxAge: MAX_AGE,
    listLimits: { maxPages },
    freshness,
    access,
  } as unknown as GatewayContext;
  const hints: unknown[] = [];
  const info = {
    path: { prev: undefined, key: 'field', typename: 'Query' },
    cacheControl: { cacheHint: { restrict: () => undefined }, setCacheHint: (hint: unknown) => void hints.push(hint) },
  } as unknown as GraphQLResolveInfo;
  return { context, info, hints };
}

/** What a refused argument looks like: its message and extensions, nothing else. */
const refusal = (argumentName: string, message: string) => ({ message, extensions: { code: 'BAD_USER_INPUT', argumentName } });
const seen = (error: unknown) => ({ message: (error as Error).message, extensions: (error as { extensions: unknown }).extensions });

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return seen(error);
  }
  throw new Error('expected a failure');
}

const forbidden = (applicationId: string) => ({
  message: `Your token does not allow reading application "${applicationId}".`,
  extensions: { code: 'FORBIDDEN', applicationId },
});

describe('entity keys', () => {
  it('accepts a deployment key within bounds, as it is', () => {
    const key = { applicationId: 'a'.repeat(64), environmentId: 'e', deploymentNumber: Number.MAX_SAFE_INTEGER };
    expect(validDeploymentKey(key)).toStrictEqual(key);
    expect(validDeploymentKey({ applicationId: 'a', environmentId: 'e', deploymentNumber: 1 })).toStrictEqual({
      applicationId: 'a',
      environmentId: 'e',
      deploymentNumber: 1,
    });
  });

  it.each([
    [
      { applicationId: '', environmentId: 'e', deploymentNumber: 1 },
      refusal('applicationId', 'Argument "applicationId" must be 1 to 64 characters long; got "".'),
    ],
    [{ applicationId: 'a', environmentId: '..', deploymentNumber: 1 }, refusal('environmentId', 'Argument "environmentId" must not be "." or ".."; got "..".')],
    [
      { applicationId: 'a', environmentId: 'e', deploymentNumber: 0 },
      refusal('deploymentNumber', `Argument "deploymentNumber" must be an integer from 1 to ${Number.MAX_SAFE_INTEGER}; got 0.`),
    ],
    [
      { applicationId: 'a', environmentId: 'e', deploymentNumber: Number.MAX_SAFE_INTEGER + 2 },
      refusal('deploymentNumber', `Argument "deploymentNumber" must be an integer from 1 to ${Number.MAX_SAFE_INTEGER}; got ${Number.MAX_SAFE_INTEGER + 2}.`),
    ],
  ])('refuses the deployment key %j, naming the argument', (key, expected) => {
    expect(() => validDeploymentKey(key)).toThrow(expect.objectContaining(expected) as Error);
  });

  it('checks both ids of an environment key', () => {
    expect(validEnvironmentKey({ applicationId: 'a', environmentId: 'e' })).toStrictEqual({ applicationId: 'a', environmentId: 'e' });
    expect(() => validEnvironmentKey({ applicationId: '.', environmentId: 'e' })).toThrow('Argument "applicationId" must not be');
    expect(() => validEnvironmentKey({ applicationId: 'a', environmentId: 'x'.repeat(65) })).toThrow('Argument "environmentId" must be 1 to 64');
  });

  it('builds an environment from a list item, which must have an Id', () => {
    expect(environmentParent('a', { Id: 'e', Name: 'prod' })).toStrictEqual({ applicationId: 'a', id: 'e', data: { Id: 'e', Name: 'prod' } });
    expect(() => environmentParent('a', { Name: 'prod' })).toThrow(
      expect.objectContaining({ message: 'AppConfig returned a ListEnvironments item without Id.', extensions: { code: 'UPSTREAM_ERROR' } }) as Error,
    );
  });
});

describe('loadDeployment', () => {
  it('loads a final deployment and hints the final max-age', async () => {
    const { api, calls } = fakeApi();
    const { context, info, hints } = request(api);
    const key = { applicationId: 'a', environmentId: 'e', deploymentNumber: 1 };
    expect(await loadDeployment(key, context, info)).toStrictEqual({
      key,
      detail: { ApplicationId: 'a', EnvironmentId: 'e', DeploymentNumber: 1, State: 'COMPLETE' },
    });
    expect(hints).toStrictEqual([{ maxAge: MAX_AGE.final, scope: 'PUBLIC' }]);
    expect(calls).toStrictEqual([['getDeployment', key]]);
  });

  it('hints a moving deployment with the active max-age', async () => {
    const { context, info, hints } = request(fakeApi().api);
    await loadDeployment({ applicationId: 'a', environmentId: 'e', deploymentNumber: 2 }, context, info);
    expect(hints).toStrictEqual([{ maxAge: MAX_AGE.active, scope: 'PUBLIC' }]);
  });

  it('refuses a bad key or an application the caller may not read, before any call', async () => {
    const { api, calls } = fakeApi();
    const { context, info, hints } = request(api, onlyApplications(['a']));
    expect(await failure(() => loadDeployment({ applicationId: 'b', environmentId: 'e', deploymentNumber: 1 }, context, info))).toStrictEqual(forbidden('b'));
    expect(await failure(() => loadDeployment({ applicationId: 'a', environmentId: 'e', deploymentNumber: -1 }, context, info))).toMatchObject({
      extensions: { argumentName: 'deploymentNumber' },
    });
    expect(calls).toStrictEqual([]);
    expect(hints).toStrictEqual([]);
  });
});

describe('loadDeploymentConnection', () => {
  const environment = { applicationId: 'a', environmentId: 'e' };

  it("reaches `first` partway into AppConfig's second page of 50, and resumes from its cursor", async () => {
    const { api, calls } = fakeApi({ deployments: 120 });
    const { context, info, hints } = request(api);
    const first = await loadDeploymentConnection(environment, { first: 60 }, context, info);
    expect(first.edges.map((edge) => edge.node.key.deploymentNumber)).toStrictEqual(Array.from({ length: 60 }, (_, i) => 120 - i));
    expect(first.edges[59]?.node).toStrictEqual({
      key: { applicationId: 'a', environmentId: 'e', deploymentNumber: 61 },
      summary: { DeploymentNumber: 61, State: 'COMPLETE' },
    });
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(calls).toStrictEqual([
      ['listDeployments', { applicationId: 'a', environmentId: 'e', maxResults: 50 }],
      ['listDeployments', { applicationId: 'a', environmentId: 'e', maxResults: 50, nextToken: 'n50' }],
    ]);
    expect(hints).toStrictEqual([{ maxAge: MAX_AGE.active, scope: 'PUBLIC' }]);

    const rest = await loadDeploymentConnection(environment, { first: 100, after: first.pageInfo.endCursor }, request(api).context, info);
    expect(rest.edges.map((edge) => edge.node.key.deploymentNumber)).toStrictEqual(Array.from({ length: 60 }, (_, i) => 60 - i));
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('reads no more than the pages allowed, naming the list', async () => {
    const { context, info } = request(fakeApi({ deployments: 120 }).api, ALL_APPLICATIONS, 1);
    await expect(loadDeploymentConnection(environment, { first: 60 }, context, info)).rejects.toThrow(
      'This field would read more than 1 pages of AppConfig ListDeployments (APPCONFIG_MAX_LIST_PAGES)',
    );
  });

  it('fails when a listed deployment has no number', async () => {
    const { api } = fakeApi();
    const { context, info } = request({ ...api, listDeployments: () => Promise.resolve({ items: [{ State: 'COMPLETE' }] }) });
    await expect(loadDeploymentConnection(environment, { first: 1 }, context, info)).rejects.toThrow(
      'AppConfig returned a ListDeployments item without DeploymentNumber.',
    );
  });

  it('refuses a bad environment key or a forbidden application, before any call', async () => {
    const { api, calls } = fakeApi();
    const { context, info } = request(api, onlyApplications(['a']));
    expect(await failure(() => loadDeploymentConnection({ applicationId: 'b', environmentId: 'e' }, { first: 1 }, context, info))).toStrictEqual(
      forbidden('b'),
    );
    expect(await failure(() => loadDeploymentConnection({ applicationId: 'a', environmentId: '' }, { first: 1 }, context, info))).toMatchObject({
      extensions: { argumentName: 'environmentId' },
    });
    expect(calls).toStrictEqual([]);
  });
});

describe('loadLatestDeployment', () => {
  it("reads one item of the environment's first page, and hints the active max-age however final it is", async () => {
    const { api, calls } = fakeApi({ deployments: 3 });
    const { context, info, hints } = request(api);
    expect(await loadLatestDeployment({ applicationId: 'a', environmentId: 'e' }, context, info)).toStrictEqual({
      key: { applicationId: 'a', environmentId: 'e', deploymentNumber: 3 },
      summary: { DeploymentNumber: 3, State: 'COMPLETE' },
    });
    expect(calls).toStrictEqual([['listDeployments', { applicationId: 'a', environmentId: 'e', maxResults: 1 }]]);
    expect(hints).toStrictEqual([{ maxAge: MAX_AGE.active, scope: 'PUBLIC' }]);
  });

  it('is null for an environment without deployments', async () => {
    const { context, info } = request(fakeApi({ deployments: 0 }).api);
    expect(await loadLatestDeployment({ applicationId: 'a', environmentId: 'e' }, context, info)).toBeNull();
  });

  it('refuses a forbidden application before any call', async () => {
    const { api, calls } = fakeApi();
    const { context, info } = request(api, onlyApplications([]));
    expect(await failure(() => loadLatestDeployment({ applicationId: 'a', environmentId: 'e' }, context, info))).toStrictEqual(forbidden('a'));
    expect(calls).toStrictEqual([]);
  });
});

describe('loading the navigation types', () => {
  it('loads an application by a checked id, hinting the active max-age', async () => {
    const { api, calls } = fakeApi();
    const { context, info, hints } = request(api);
    expect(await loadApplication('a', context, info)).toStrictEqual({ id: 'a', data: { Id: 'a', Name: 'application a' } });
    expect(hints).toStrictEqual([{ maxAge: MAX_AGE.active, scope: 'PUBLIC' }]);
    expect(await failure(() => loadApplication('', context, info))).toStrictEqual(refusal('id', 'Argument "id" must be 1 to 64 characters long; got "".'));
    expect(calls).toStrictEqual([['getApplication', 'a']]);
  });

  it('loads an environment by checked ids, hinting the active max-age', async () => {
    const { api, calls } = fakeApi();
    const { context, info, hints } = request(api);
    expect(await loadEnvironment({ applicationId: 'a', id: 'e' }, context, info)).toStrictEqual({
      applicationId: 'a',
      id: 'e',
      data: { ApplicationId: 'a', Id: 'e' },
    });
    expect(hints).toStrictEqual([{ maxAge: MAX_AGE.active, scope: 'PUBLIC' }]);
    expect(await failure(() => loadEnvironment({ applicationId: 'a', id: '.' }, context, info))).toMatchObject({ extensions: { argumentName: 'id' } });
    expect(await failure(() => loadEnvironment({ applicationId: '', id: 'e' }, context, info))).toMatchObject({
      extensions: { argumentName: 'applicationId' },
    });
    expect(calls).toStrictEqual([['getEnvironment', { applicationId: 'a', id: 'e' }]]);
  });

  it('loads a deployment strategy for any caller: strategies belong to the account', async () => {
    const { api, calls } = fakeApi();
    const { context, info, hints } = request(api, onlyApplications([]));
    expect(await loadDeploymentStrategy('s', context, info)).toStrictEqual({ id: 's', data: { Id: 's' } });
    expect(hints).toStrictEqual([{ maxAge: MAX_AGE.active, scope: 'PUBLIC' }]);
    expect(await failure(() => loadDeploymentStrategy('..', context, info))).toMatchObject({ extensions: { argumentName: 'id' } });
    expect(calls).toStrictEqual([['getDeploymentStrategy', 's']]);
  });

  it('loads a configuration profile, whose id may be 128 characters, hinting the active max-age', async () => {
    const { api, calls } = fakeApi();
    const { context, info, hints } = request(api);
    const id = 'p'.repeat(128);
    expect(await loadConfigurationProfile({ applicationId: 'a', id }, context, info)).toStrictEqual({
      applicationId: 'a',
      id,
      detail: { ApplicationId: 'a', Id: id },
    });
    expect(hints).toStrictEqual([{ maxAge: MAX_AGE.active, scope: 'PUBLIC' }]);
    expect(await failure(() => loadConfigurationProfile({ applicationId: 'a', id: `${id}p` }, context, info))).toMatchObject({
      message: expect.stringContaining('must be 1 to 128 characters long') as unknown,
      extensions: { argumentName: 'id' },
    });
    expect(await failure(() => loadConfigurationProfile({ applicationId: 'a'.repeat(65), id: 'p' }, context, info))).toMatchObject({
      message: expect.stringContaining('must be 1 to 64 characters long') as unknown,
      extensions: { argumentName: 'applicationId' },
    });
    expect(calls).toStrictEqual([['getConfigurationProfile', { applicationId: 'a', id }]]);
  });

  it("lists a resource's tags sorted by key, hinting the active max-age", async () => {
    const { api, calls } = fakeApi();
    const { context, info, hints } = request(api);
    expect(await loadTags({ applicationId: 'a', environmentId: 'e' }, context, info)).toStrictEqual([
      { key: 'Env', value: 'prod' },
      { key: 'owner', value: 'team' },
      { key: 'zone', value: 'b' },
    ]);
    expect(hints).toStrictEqual([{ maxAge: MAX_AGE.active, scope: 'PUBLIC' }]);
    expect(calls).toStrictEqual([['listTagsForResource', { applicationId: 'a', environmentId: 'e' }]]);
  });

  it.each([
    ['an application', (context: GatewayContext, info: GraphQLResolveInfo) => loadApplication('b', context, info)],
    ['an environment', (context: GatewayContext, info: GraphQLResolveInfo) => loadEnvironment({ applicationId: 'b', id: 'e' }, context, info)],
    ['a profile', (context: GatewayContext, info: GraphQLResolveInfo) => loadConfigurationProfile({ applicationId: 'b', id: 'p' }, context, info)],
    ['tags', (context: GatewayContext, info: GraphQLResolveInfo) => loadTags({ applicationId: 'b' }, context, info)],
  ])('refuses %s of an application the caller may not read, before any call', async (_what, load) => {
    const { api, calls } = fakeApi();
    const { context, info } = request(api, onlyApplications(['a']));
    expect(await failure(() => load(context, info))).toStrictEqual(forbidden('b'));
    expect(calls).toStrictEqual([]);
  });

  it('passes a failed load on as it is', async () => {
    const { api } = fakeApi();
    const gone = gatewayError(ErrorCode.NOT_FOUND, 'no such application');
    const { context, info, hints } = request({ ...api, getApplication: () => Promise.reject(gone) });
    await expect(loadApplication('a', context, info)).rejects.toBe(gone);
    expect(hints).toStrictEqual([]);
  });
});
