import { describe, expect, it } from 'vitest';
import type { AppConfigApi } from '../../src/appconfig/api.js';
import { MemoryEntryStore } from '../../src/cache/entry-store.js';
import type { CacheLookupResult } from '../../src/cache/observer.js';
import { SharedCache } from '../../src/cache/shared-cache.js';
import type { CacheTtls } from '../../src/config.js';
import { ErrorCode, gatewayError } from '../../src/errors.js';
import { createLoaders, type LoaderDeps, type LoaderObserver, readKey } from '../../src/loaders/index.js';
import { ReadFreshness } from '../../src/loaders/read-freshness.js';
import { TestClock } from '../support/clock.js';

/** Every TTL different, so a loader that takes another kind's TTL (or none) shows. */
const TTL: CacheTtls = { final: 1000, active: 20, list: 30, resource: 40, notFound: 50, staleIfError: 600 };

type Method = keyof AppConfigApi;

/**
 * An AppConfigApi that answers every call with a value built from its key, and records the calls;
 * `failWith` makes chosen calls fail. Deployment 3 is DEPLOYING, every other one COMPLETE (final).
 */
function fakeApi(failWith: (method: Method, key: unknown) => Error | undefined = () => undefined) {
  const calls: Array<[Method, unknown]> = [];
  const answer =
    <K, V>(method: Method, value: (key: K) => V) =>
    (key: K): Promise<V> => {
      calls.push([method, key]);
      const failure = failWith(method, key);
      return failure ? Promise.reject(failure) : Promise.resolve(value(key));
    };
  const api: AppConfigApi = {
    getDeployment: answer('getDeployment', (key) => ({ ...key, State: key.deploymentNumber === 3 ? 'DEPLOYING' : 'COMPLETE' })),
    listDeployments: answer('listDeployments', (request) => ({ items: [{ DeploymentNumber: 1, Description: JSON.stringify(request) }] })),
    getApplication: answer('getApplication', (id) => ({ Id: id, Name: `application ${id}` })),
    listApplications: answer('listApplications', () => ({ items: [{ Id: 'listed', Name: 'from the list' }] })),
    getEnvironment: answer('getEnvironment', (key) => ({ ApplicationId: key.applicationId, Id: key.id, Name: `environment ${key.id}` })),
    listEnvironments: answer('listEnvironments', (request) => ({
      items: [
        { ApplicationId: request.applicationId, Id: 'listed', Name: 'from the list' },
        { ApplicationId: request.applicationId, Name: 'without an id' },
      ],
    })),
    getDeploymentStrategy: answer('getDeploymentStrategy', (id) => ({ Id: id, Name: `strategy ${id}` })),
    listDeploymentStrategies: answer('listDeploymentStrategies', () => ({ items: [{ Id: 'listed', Name: 'from the list' }] })),
    getConfigurationProfile: answer('getConfigurationProfile', (key) => ({ ApplicationId: key.applicationId, Id: key.id, Name: `profile ${key.id}` })),
    listConfigurationProfiles: answer('listConfigurationProfiles', () => ({ items: [{ Id: 'listed', Name: 'from the list' }] })),
    listHostedConfigurationVersions: answer('listHostedConfigurationVersions', () => ({ items: [{ VersionNumber: 1 }] })),
    getExtension: answer('getExtension', (key) => ({ Id: key.id, VersionNumber: key.versionNumber ?? 9 })),
    listTagsForResource: answer('listTagsForResource', (resource) => ({ of: JSON.stringify(resource) })),
  };
  return { api, calls, callsTo: (method: Method) => calls.filter(([called]) => called === method).map(([, key]) => key) };
}

/** Loaders over `api` reading through one shared cache on `clock`, each request with its own freshness. */
function cachedRequests(api: AppConfigApi, clock = new TestClock()) {
  const cache = new SharedCache(new MemoryEntryStore({ maxEntries: 100 }, clock), clock, TTL.staleIfError);
  const request = (extra: Partial<LoaderDeps> = {}) => {
    const freshness = new ReadFreshness();
    return { freshness, loaders: createLoaders({ api, cache, ttl: TTL, freshness, ...extra }) };
  };
  return { cache, clock, request };
}

const uncached = (api: AppConfigApi) => createLoaders({ api, ttl: TTL, freshness: new ReadFreshness() });

describe('loader keys', () => {
  it('keeps the environments of one application apart, and the same environment id in two applications', async () => {
    const { api, callsTo } = fakeApi();
    const loaders = uncached(api);
    const keys = [
      { applicationId: 'a', id: 'e1' },
      { applicationId: 'a', id: 'e2' },
      { applicationId: 'b', id: 'e1' },
    ];
    const environments = await Promise.all(keys.map((key) => loaders.environment.load(key)));
    expect(environments.map((environment) => [environment.ApplicationId, environment.Id])).toEqual([
      ['a', 'e1'],
      ['a', 'e2'],
      ['b', 'e1'],
    ]);
    expect(callsTo('getEnvironment')).toEqual(keys);
  });

  it('keeps the configuration profiles of one application apart, and the same profile id in two applications', async () => {
    const { api, callsTo } = fakeApi();
    const loaders = uncached(api);
    const keys = [
      { applicationId: 'a', id: 'p1' },
      { applicationId: 'a', id: 'p2' },
      { applicationId: 'b', id: 'p1' },
    ];
    const profiles = await Promise.all(keys.map((key) => loaders.configurationProfile.load(key)));
    expect(profiles.map((profile) => [profile.ApplicationId, profile.Id])).toEqual([
      ['a', 'p1'],
      ['a', 'p2'],
      ['b', 'p1'],
    ]);
    expect(callsTo('getConfigurationProfile')).toEqual(keys);
  });

  it('keeps scoped keys apart in the shared cache too: a second request reads each from it', async () => {
    const { api, callsTo } = fakeApi();
    const { request } = cachedRequests(api);
    const keys = [
      { applicationId: 'a', id: 'e1' },
      { applicationId: 'a', id: 'e2' },
    ];
    await Promise.all(keys.map((key) => request().loaders.environment.load(key)));
    const { loaders } = request();
    const [first, second] = await Promise.all(keys.map((key) => loaders.environment.load(key)));
    expect([first?.Id, second?.Id]).toEqual(['e1', 'e2']);
    expect(callsTo('getEnvironment')).toEqual(keys);
  });

  it('reads one page request however its members are ordered', async () => {
    const { api, callsTo } = fakeApi();
    const loaders = uncached(api);
    await Promise.all([
      loaders.environmentPage.load({ applicationId: 'a', maxResults: 50, nextToken: 't' }),
      loaders.environmentPage.load({ nextToken: 't', maxResults: 50, applicationId: 'a' }),
      loaders.environmentPage.load({ applicationId: 'a', maxResults: 50 }),
    ]);
    expect(callsTo('listEnvironments')).toEqual([
      { applicationId: 'a', maxResults: 50, nextToken: 't' },
      { applicationId: 'a', maxResults: 50 },
    ]);
  });

  it("keeps an extension's versions apart, and reads its default version once", async () => {
    const { api, callsTo } = fakeApi();
    const loaders = uncached(api);
    const versions = await Promise.all([
      loaders.extension.load({ id: 'x', versionNumber: 1 }),
      loaders.extension.load({ id: 'x', versionNumber: 2 }),
      loaders.extension.load({ id: 'x' }),
      loaders.extension.load({ id: 'x', versionNumber: undefined }),
    ]);
    expect(versions.map((extension) => extension.VersionNumber)).toEqual([1, 2, 9, 9]);
    expect(callsTo('getExtension')).toEqual([{ id: 'x', versionNumber: 1 }, { id: 'x', versionNumber: 2 }, { id: 'x' }]);
  });

  it('names a read by its loader and its key', () => {
    expect(readKey('deployment', { applicationId: 'a', environmentId: 'e', deploymentNumber: 3 })).toBe('deployment:["a","e",3]');
    expect(readKey('environment', { applicationId: 'a', id: 'e' })).toBe('environment:["a","e"]');
    expect(readKey('configurationProfile', { applicationId: 'a', id: 'p' })).toBe('configurationProfile:["a","p"]');
    expect(readKey('application', 'a')).toBe('application:a');
    expect(readKey('extension', { id: 'x' })).toBe('extension:["x",null]');
    expect(readKey('extension', { id: 'x', versionNumber: 2 })).toBe('extension:["x",2]');
    expect(readKey('deploymentPage', { maxResults: 50, environmentId: 'e', applicationId: 'a' })).toBe(
      'deploymentPage:{"applicationId":"a","environmentId":"e","maxResults":50}',
    );
    expect(readKey('tags', { applicationId: 'a', configurationProfileId: 'p' })).toBe('tags:{"applicationId":"a","configurationProfileId":"p"}');
  });
});

describe('loaders over the shared cache', () => {
  const deployment = (deploymentNumber: number) => ({ applicationId: 'a', environmentId: 'e', deploymentNumber });

  /** Each loader, one read of it, and the TTL (of TTL) its answer must be kept for. */
  const READS = [
    ['a final deployment', 'final', (loaders) => loaders.deployment.load(deployment(1))],
    ['a moving deployment', 'active', (loaders) => loaders.deployment.load(deployment(3))],
    ['a deployment page', 'list', (loaders) => loaders.deploymentPage.load({ applicationId: 'a', environmentId: 'e', maxResults: 50 })],
    ['an application', 'resource', (loaders) => loaders.application.load('a')],
    ['an application page', 'list', (loaders) => loaders.applicationPage.load({ maxResults: 50 })],
    ['an environment (its state follows its deployments)', 'active', (loaders) => loaders.environment.load({ applicationId: 'a', id: 'e' })],
    ['an environment page', 'list', (loaders) => loaders.environmentPage.load({ applicationId: 'a', maxResults: 50 })],
    ['a deployment strategy', 'resource', (loaders) => loaders.deploymentStrategy.load('s')],
    ['a deployment strategy page', 'list', (loaders) => loaders.deploymentStrategyPage.load({ maxResults: 50 })],
    ['a configuration profile', 'resource', (loaders) => loaders.configurationProfile.load({ applicationId: 'a', id: 'p' })],
    ['a configuration profile page', 'list', (loaders) => loaders.configurationProfilePage.load({ applicationId: 'a', maxResults: 50 })],
    ['a hosted version page', 'list', (loaders) => loaders.hostedVersionPage.load({ applicationId: 'a', configurationProfileId: 'p', maxResults: 50 })],
    ['an extension', 'resource', (loaders) => loaders.extension.load({ id: 'x' })],
    ['tags', 'resource', (loaders) => loaders.tags.load({ applicationId: 'a' })],
  ] as const satisfies ReadonlyArray<readonly [string, keyof CacheTtls, (loaders: ReturnType<typeof createLoaders>) => Promise<unknown>]>;

  it.each(READS)('keeps %s for the %s TTL, and a second request reads it from the cache', async (_read, ttl, load) => {
    const { api, calls } = fakeApi();
    const { request, clock } = cachedRequests(api);
    const first = request();
    const value = await load(first.loaders);
    expect(first.freshness.earliest).toBe(clock.now() + TTL[ttl] * 1000);

    clock.advanceSeconds(TTL[ttl] - 1);
    const second = request();
    expect(await load(second.loaders)).toEqual(value);
    expect(second.freshness.earliest).toBe(first.freshness.earliest);
    expect(calls).toHaveLength(1);

    clock.advanceSeconds(1);
    await load(request().loaders);
    expect(calls).toHaveLength(2);
  });

  it('rejects a load whose AppConfig call failed, with that failure', async () => {
    const failure = gatewayError(ErrorCode.UPSTREAM_ERROR, 'AppConfig GetEnvironment failed: boom.');
    const { api } = fakeApi((method) => (method === 'getEnvironment' ? failure : undefined));
    const { request } = cachedRequests(api);
    const { loaders, freshness } = request();
    await expect(loaders.environment.load({ applicationId: 'a', id: 'e' })).rejects.toBe(failure);
    expect(freshness.earliest).toBeUndefined();
  });

  it('fails only the page that failed, and primes nothing from it', async () => {
    const failure = gatewayError(ErrorCode.UPSTREAM_ERROR, 'AppConfig ListEnvironments failed: boom.');
    const { api } = fakeApi((method, key) => (method === 'listEnvironments' && (key as { applicationId: string }).applicationId === 'b' ? failure : undefined));
    const { loaders } = cachedRequests(api).request();
    const [ok, failed] = await Promise.allSettled([
      loaders.environmentPage.load({ applicationId: 'a', maxResults: 50 }),
      loaders.environmentPage.load({ applicationId: 'b', maxResults: 50 }),
    ]);
    expect(ok).toMatchObject({ status: 'fulfilled', value: { items: [{ Id: 'listed' }, { Name: 'without an id' }] } });
    expect(failed).toEqual({ status: 'rejected', reason: failure });
  });

  it('asks AppConfig again on refresh, and stores its answer for the next request', async () => {
    const { api, callsTo } = fakeApi();
    const { request, clock } = cachedRequests(api);
    await request().loaders.application.load('a');
    clock.advanceSeconds(5);
    const refreshed = request({ refresh: true });
    await refreshed.loaders.application.load('a');
    expect(refreshed.freshness.earliest).toBe(clock.now() + TTL.resource * 1000);
    const next = request();
    await next.loaders.application.load('a');
    expect(callsTo('getApplication')).toEqual(['a', 'a']);
    expect(next.freshness.earliest).toBe(refreshed.freshness.earliest);
  });

  it('answers an expired value when AppConfig fails, and names the read it stood in for', async () => {
    let failing = false;
    const { api } = fakeApi(() => (failing ? gatewayError(ErrorCode.UPSTREAM_THROTTLED, 'throttled') : undefined));
    const { request, clock } = cachedRequests(api);
    const fresh = await request().loaders.deployment.load(deployment(3));
    clock.advanceSeconds(TTL.active + 7);
    failing = true;
    const { loaders, freshness } = request();
    expect(await loaders.deployment.load(deployment(3))).toEqual(fresh);
    expect(freshness.anyStale).toBe(true);
    expect(freshness.earliest).toBeUndefined();
    expect(freshness.staleFields()).toStrictEqual([
      { path: null, resource: 'deployment:["a","e",3]', ageSeconds: TTL.active + 7, reason: 'UPSTREAM_THROTTLED' },
    ]);
  });

  it('answers an expired final deployment when AppConfig fails as the truth it still is, not stale', async () => {
    let failing = false;
    const { api } = fakeApi(() => (failing ? gatewayError(ErrorCode.UPSTREAM_ERROR, 'boom') : undefined));
    const { request, clock } = cachedRequests(api);
    const fresh = await request().loaders.deployment.load(deployment(1));
    clock.advanceSeconds(TTL.final + 1);
    failing = true;
    const { loaders, freshness } = request();
    expect(await loaders.deployment.load(deployment(1))).toEqual(fresh);
    expect(freshness.anyStale).toBe(false);
  });

  it('tells the observer of each batch, under its loader name, and of each cache lookup', async () => {
    const { api } = fakeApi();
    const batches: Array<[string, number]> = [];
    const lookups: Array<[string, number, CacheLookupResult]> = [];
    const observer: LoaderObserver = {
      batch: (loader, size) => void batches.push([loader, size]),
      cacheLookup: (kind, keys) => (result) => void lookups.push([kind, keys, result]),
    };
    const { request } = cachedRequests(api);
    const { loaders } = request({ observer });
    await Promise.all([loaders.application.load('a'), loaders.application.load('b'), loaders.deploymentStrategy.load('s')]);
    await loaders.application.load('a');
    await request({ observer }).loaders.application.load('a');
    expect(batches).toEqual([
      ['application', 2],
      ['deploymentStrategy', 1],
      ['application', 1],
    ]);
    expect(lookups).toEqual([
      ['application', 2, { hits: 0, misses: 2, joined: 0, stale: 0 }],
      ['deploymentStrategy', 1, { hits: 0, misses: 1, joined: 0, stale: 0 }],
      ['application', 1, { hits: 1, misses: 0, joined: 0, stale: 0 }],
    ]);
  });

  it('keeps the kinds apart in the shared cache: an application and a strategy of one id are two reads', async () => {
    const { api, calls } = fakeApi();
    const { request } = cachedRequests(api);
    await request().loaders.application.load('same');
    const { loaders } = request();
    expect(await loaders.deploymentStrategy.load('same')).toEqual({ Id: 'same', Name: 'strategy same' });
    expect(calls).toEqual([
      ['getApplication', 'same'],
      ['getDeploymentStrategy', 'same'],
    ]);
  });
});

describe('list loaders prime the loaders of their items', () => {
  it.each([
    ['applications', (loaders) => loaders.applicationPage.load({ maxResults: 50 }), (loaders) => loaders.application.load('listed'), 'getApplication'],
    [
      'deployment strategies',
      (loaders) => loaders.deploymentStrategyPage.load({ maxResults: 50 }),
      (loaders) => loaders.deploymentStrategy.load('listed'),
      'getDeploymentStrategy',
    ],
    [
      'environments, by their application',
      (loaders) => loaders.environmentPage.load({ applicationId: 'a', maxResults: 50 }),
      (loaders) => loaders.environment.load({ applicationId: 'a', id: 'listed' }),
      'getEnvironment',
    ],
  ] as const satisfies ReadonlyArray<
    readonly [string, (loaders: ReturnType<typeof createLoaders>) => Promise<unknown>, (loaders: ReturnType<typeof createLoaders>) => Promise<unknown>, Method]
  >)('%s: a listed item is not fetched again', async (_list, list, get, method) => {
    const { api, callsTo } = fakeApi();
    const loaders = uncached(api);
    await list(loaders);
    expect(await get(loaders)).toMatchObject({ Id: 'listed', Name: 'from the list' });
    expect(callsTo(method)).toEqual([]);
  });

  it('primes an environment under its own application only', async () => {
    const { api, callsTo } = fakeApi();
    const loaders = uncached(api);
    await loaders.environmentPage.load({ applicationId: 'a', maxResults: 50 });
    await loaders.environment.load({ applicationId: 'b', id: 'listed' });
    expect(callsTo('getEnvironment')).toEqual([{ applicationId: 'b', id: 'listed' }]);
  });

  it('primes nothing from a listed environment without an Id', async () => {
    const { api, callsTo } = fakeApi();
    const loaders = uncached(api);
    await loaders.environmentPage.load({ applicationId: 'a', maxResults: 50 });
    await loaders.environment.load({ applicationId: 'a', id: undefined as unknown as string });
    expect(callsTo('getEnvironment')).toEqual([{ applicationId: 'a', id: undefined }]);
  });

  it('does not prime from profile summaries: a profile is fetched whole', async () => {
    const { api, callsTo } = fakeApi();
    const loaders = uncached(api);
    await loaders.configurationProfilePage.load({ applicationId: 'a', maxResults: 50 });
    expect(await loaders.configurationProfile.load({ applicationId: 'a', id: 'listed' })).toEqual({ ApplicationId: 'a', Id: 'listed', Name: 'profile listed' });
    expect(callsTo('getConfigurationProfile')).toEqual([{ applicationId: 'a', id: 'listed' }]);
  });
});

describe('loaders without a shared cache', () => {
  it('call AppConfig for every request, report no expiry, and fail each key on its own', async () => {
    const failure = gatewayError(ErrorCode.NOT_FOUND, 'no such application');
    const { api, callsTo } = fakeApi((method, key) => (key === 'missing' ? failure : undefined));
    const freshness = new ReadFreshness();
    const loaders = createLoaders({ api, ttl: TTL, freshness });
    const [found, missing] = await Promise.allSettled([loaders.application.load('a'), loaders.application.load('missing')]);
    expect(found).toEqual({ status: 'fulfilled', value: { Id: 'a', Name: 'application a' } });
    expect(missing).toEqual({ status: 'rejected', reason: failure });
    await uncached(api).application.load('a');
    expect(callsTo('getApplication')).toEqual(['a', 'missing', 'a']);
    expect(freshness.earliest).toBeUndefined();
  });

  it('turn a thrown non-Error into an Error', async () => {
    const api = fakeApi().api;
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what the loader must cope with
    const loaders = uncached({ ...api, getApplication: () => Promise.reject<never>('a string') });
    await expect(loaders.application.load('a')).rejects.toEqual(new Error('a string'));
  });
});
