import type {
  Application,
  ConfigurationProfile,
  ConfigurationProfileSummary,
  Deployment,
  DeploymentStrategy,
  DeploymentSummary,
  Environment,
  HostedConfigurationVersionSummary,
} from '@aws-sdk/client-appconfig';
import DataLoader from 'dataloader';
import type { AppConfigApi, ApplicationPageRequest, DeploymentPageRequest, ProfilePageRequest } from '../appconfig/api.js';
import type { CacheLookupObserver } from '../cache/observer.js';
import type { SharedCache } from '../cache/shared-cache.js';
import type { CacheTtls } from '../config.js';
import { isFinalState } from '../model/deployment-states.js';
import { type DeploymentKey, deploymentCacheKey } from '../model/deployment.js';
import type { ApplicationScopedKey, Page, PageRequest } from '../model/keys.js';
import type { ReadExpiry } from './read-expiry.js';
import { settleEach } from './settle-each.js';

/**
 * The loaders of one request. Build a fresh set per request: their caches must not outlive it.
 * AppConfig has no batch-get, so each batch fans out one call per distinct key (the API's admission
 * caps how many run at once); each key resolves or fails on its own. Every loader reads through the
 * shared cache when there is one, and reports what it read to the request's ReadExpiry.
 */
export interface Loaders {
  readonly deployment: DataLoader<DeploymentKey, Deployment, string>;
  readonly deploymentPage: DataLoader<DeploymentPageRequest, Page<DeploymentSummary>, string>;
  readonly application: DataLoader<string, Application, string>;
  readonly applicationPage: DataLoader<PageRequest, Page<Application>, string>;
  readonly environment: DataLoader<ApplicationScopedKey, Environment, string>;
  readonly environmentPage: DataLoader<ApplicationPageRequest, Page<Environment>, string>;
  readonly deploymentStrategy: DataLoader<string, DeploymentStrategy, string>;
  readonly deploymentStrategyPage: DataLoader<PageRequest, Page<DeploymentStrategy>, string>;
  readonly configurationProfile: DataLoader<ApplicationScopedKey, ConfigurationProfile, string>;
  readonly configurationProfilePage: DataLoader<ApplicationPageRequest, Page<ConfigurationProfileSummary>, string>;
  readonly hostedVersionPage: DataLoader<ProfilePageRequest, Page<HostedConfigurationVersionSummary>, string>;
}

export interface LoaderDeps {
  /** AppConfig as this request sees it: its budget, deadline and admission lane. */
  readonly api: AppConfigApi;
  /** The process's cross-request cache; without it every load goes to AppConfig. */
  readonly cache?: SharedCache;
  readonly ttl: CacheTtls;
  /** Told the expiry of everything read through the cache. */
  readonly readExpiry: ReadExpiry;
  /** Told of every batch and cache lookup, for metrics, traces and the request's access line. */
  readonly observer?: LoaderObserver;
}

/** What the loaders of a request report as they work. Implementations must be cheap and must not throw. */
export interface LoaderObserver {
  /** The loader named `loader` dispatched a batch of `size` distinct keys. */
  batch(loader: string, size: number): void;
  /** Each lookup in the shared cache: one per batch. */
  readonly cacheLookup: CacheLookupObserver;
}

export type LoaderFactory = (deps: LoaderDeps) => Loaders;

/** DataLoader cache keys as JSON, which keeps ids holding any character apart. */
const jsonKey = (value: object): string => JSON.stringify(value, Object.keys(value).sort());
const scopedKey = (key: ApplicationScopedKey): string => JSON.stringify([key.applicationId, key.id]);
const identity = (key: string): string => key;

export const createLoaders: LoaderFactory = ({ api, cache, ttl, readExpiry, observer }) => {
  /**
   * A loader named `kind` (its namespace in the shared cache, and its name in traces). `loaded` sees
   * every value it answers, however obtained: from AppConfig, from the cache, or from another
   * request's fetch it joined.
   */
  function loader<K, V extends object>(
    kind: string,
    fetch: (key: K) => Promise<V>,
    cacheKeyFn: (key: K) => string,
    ttlOf: (value: V) => number,
    loaded: (key: K, value: V) => void = () => undefined,
  ) {
    const batch = async (keys: readonly K[]): Promise<Array<V | Error>> => {
      observer?.batch(kind, keys.length);
      if (cache === undefined) return settleEach(keys, fetch);
      const results = await cache.readThrough(keys, { kind, keyOf: cacheKeyFn, fetch, ttlOf, notFoundTtl: ttl.notFound, ...(observer ? { observe: observer.cacheLookup } : {}) });
      return results.map((result) => {
        if (result instanceof Error) return result;
        readExpiry.observe(result.validUntil);
        return result.value;
      });
    };
    return new DataLoader<K, V, string>(
      async (keys) => {
        const results = await batch(keys);
        results.forEach((result, i) => {
          if (!(result instanceof Error)) loaded(keys[i]!, result);
        });
        return results;
      },
      { cacheKeyFn, name: kind },
    );
  }

  /** A list loader whose items are whole resources: every page it answers primes `target`, so listed items are not fetched again. */
  function primingPageLoader<R extends object, T extends object, K>(
    kind: string,
    fetch: (request: R) => Promise<Page<T>>,
    target: DataLoader<K, T, string>,
    keyOf: (item: T, request: R) => K | undefined,
  ) {
    return loader<R, Page<T>>(kind, fetch, jsonKey, () => ttl.list, (request, page) => {
      for (const item of page.items) {
        const key = keyOf(item, request);
        if (key !== undefined) target.prime(key, item);
      }
    });
  }

  const application = loader('application', (id: string) => api.getApplication(id), identity, () => ttl.resource);
  // An environment's State follows its deployments: it is as short-lived as an active deployment.
  const environment = loader('environment', (key: ApplicationScopedKey) => api.getEnvironment(key), scopedKey, () => ttl.active);
  const deploymentStrategy = loader('deploymentStrategy', (id: string) => api.getDeploymentStrategy(id), identity, () => ttl.resource);
  return {
    deployment: loader('deployment', (key: DeploymentKey) => api.getDeployment(key), deploymentCacheKey, (deployment) =>
      isFinalState(deployment.State) ? ttl.final : ttl.active,
    ),
    deploymentPage: loader('deploymentPage', (request: DeploymentPageRequest) => api.listDeployments(request), jsonKey, () => ttl.list),
    application,
    applicationPage: primingPageLoader('applicationPage', (request: PageRequest) => api.listApplications(request), application, (item) => item.Id),
    environment,
    environmentPage: primingPageLoader(
      'environmentPage',
      (request: ApplicationPageRequest) => api.listEnvironments(request),
      environment,
      (item, request) => (item.Id === undefined ? undefined : { applicationId: request.applicationId, id: item.Id }),
    ),
    deploymentStrategy,
    deploymentStrategyPage: primingPageLoader(
      'deploymentStrategyPage',
      (request: PageRequest) => api.listDeploymentStrategies(request),
      deploymentStrategy,
      (item) => item.Id,
    ),
    configurationProfile: loader('configurationProfile', (key: ApplicationScopedKey) => api.getConfigurationProfile(key), scopedKey, () => ttl.resource),
    // Profile list items are summaries, not profiles: they answer what they hold and prime nothing.
    configurationProfilePage: loader('configurationProfilePage', (request: ApplicationPageRequest) => api.listConfigurationProfiles(request), jsonKey, () => ttl.list),
    hostedVersionPage: loader('hostedVersionPage', (request: ProfilePageRequest) => api.listHostedConfigurationVersions(request), jsonKey, () => ttl.list),
  };
};
