import type {
  Application,
  ConfigurationProfile,
  ConfigurationProfileSummary,
  Deployment,
  DeploymentStrategy,
  DeploymentSummary,
  Environment,
  Extension,
  HostedConfigurationVersionSummary,
} from '@aws-sdk/client-appconfig';
import DataLoader from 'dataloader';
import type { AppConfigApi, ApplicationPageRequest, DeploymentPageRequest, ProfilePageRequest } from '../appconfig/api.js';
import type { CacheLookupObserver } from '../cache/observer.js';
import type { SharedCache } from '../cache/shared-cache.js';
import type { CacheTtls } from '../config.js';
import { isFinalState } from '../model/deployment-states.js';
import { type DeploymentKey, deploymentCacheKey } from '../model/deployment.js';
import type { ApplicationScopedKey, ExtensionKey, Page, PageRequest, TaggedResource } from '../model/keys.js';
import type { ReadFreshness } from './read-freshness.js';
import { settleEach } from './settle-each.js';

/**
 * The loaders of one request. Build a fresh set per request: their caches must not outlive it.
 * AppConfig has no batch-get, so each batch fans out one call per distinct key (the API's admission
 * caps how many run at once); each key resolves or fails on its own. Every loader reads through the
 * shared cache when there is one, and reports what it read to the request's ReadFreshness.
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
  readonly extension: DataLoader<ExtensionKey, Extension, string>;
  readonly tags: DataLoader<TaggedResource, Readonly<Record<string, string>>, string>;
}

export interface LoaderDeps {
  /** AppConfig as this request sees it: its budget, deadline and admission lane. */
  readonly api: AppConfigApi;
  /** The process's cross-request cache; without it every load goes to AppConfig. */
  readonly cache?: SharedCache;
  readonly ttl: CacheTtls;
  /** Told the expiry of everything read through the cache, and which reads answered stale. */
  readonly freshness: ReadFreshness;
  /** Ask AppConfig even when the cache holds a valid value, and store the answer (a watcher's poll). */
  readonly refresh?: boolean;
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

/** Each loader's key as a string: its DataLoader cache key, and its key in the shared cache. */
const KEY_OF = {
  deployment: deploymentCacheKey,
  deploymentPage: (request: DeploymentPageRequest) => jsonKey(request),
  application: identity,
  applicationPage: (request: PageRequest) => jsonKey(request),
  environment: scopedKey,
  environmentPage: (request: ApplicationPageRequest) => jsonKey(request),
  deploymentStrategy: identity,
  deploymentStrategyPage: (request: PageRequest) => jsonKey(request),
  configurationProfile: scopedKey,
  configurationProfilePage: (request: ApplicationPageRequest) => jsonKey(request),
  hostedVersionPage: (request: ProfilePageRequest) => jsonKey(request),
  extension: (key: ExtensionKey) => JSON.stringify([key.id, key.versionNumber ?? null]),
  tags: (resource: TaggedResource) => jsonKey(resource),
} as const satisfies Record<keyof Loaders, (key: never) => string>;

type LoaderName = keyof Loaders;
type KeyOf<N extends LoaderName> = Parameters<(typeof KEY_OF)[N]>[0];

/** Names one read of a loader, as ReadFreshness knows it: resolvers claim reads by it. */
export function readKey<N extends LoaderName>(name: N, key: KeyOf<N>): string {
  return `${name}:${(KEY_OF[name] as (key: KeyOf<N>) => string)(key)}`;
}

export const createLoaders: LoaderFactory = ({ api, cache, ttl, freshness, refresh = false, observer }) => {
  /**
   * A loader named `kind` (its namespace in the shared cache, and its name in traces). `loaded` sees
   * every value it answers, however obtained: from AppConfig, from the cache, or from another
   * request's fetch it joined.
   */
  function loader<N extends LoaderName, V extends object>(
    kind: N,
    fetch: (key: KeyOf<N>) => Promise<V>,
    ttlOf: (value: V) => number,
    loaded: (key: KeyOf<N>, value: V) => void = () => undefined,
    isFinal?: (value: V) => boolean,
  ) {
    type K = KeyOf<N>;
    const cacheKeyFn = KEY_OF[kind] as (key: K) => string;
    const batch = async (keys: readonly K[]): Promise<Array<V | Error>> => {
      observer?.batch(kind, keys.length);
      if (cache === undefined) return settleEach(keys, fetch);
      const results = await cache.readThrough(keys, {
        kind,
        keyOf: cacheKeyFn,
        fetch,
        ttlOf,
        notFoundTtl: ttl.notFound,
        refresh,
        ...(isFinal ? { isFinal } : {}),
        ...(observer ? { observe: observer.cacheLookup } : {}),
      });
      return results.map((result, i) => {
        if (result instanceof Error) return result;
        freshness.observe(result.validUntil);
        if (result.stale) freshness.noteStale(readKey(kind, keys[i]!), result.stale);
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
  function primingPageLoader<N extends LoaderName & `${string}Page`, T extends object, K>(
    kind: N,
    fetch: (request: KeyOf<N>) => Promise<Page<T>>,
    target: DataLoader<K, T, string>,
    keyOf: (item: T, request: KeyOf<N>) => K | undefined,
  ) {
    return loader(
      kind,
      fetch,
      () => ttl.list,
      (request, page) => {
        for (const item of page.items) {
          const key = keyOf(item, request);
          if (key !== undefined) target.prime(key, item);
        }
      },
    );
  }

  const application = loader(
    'application',
    (id: string) => api.getApplication(id),
    () => ttl.resource,
  );
  // An environment's State follows its deployments: it is as short-lived as an active deployment.
  const environment = loader(
    'environment',
    (key: ApplicationScopedKey) => api.getEnvironment(key),
    () => ttl.active,
  );
  const deploymentStrategy = loader(
    'deploymentStrategy',
    (id: string) => api.getDeploymentStrategy(id),
    () => ttl.resource,
  );
  const isFinal = (deployment: Deployment) => isFinalState(deployment.State);
  return {
    deployment: loader(
      'deployment',
      (key: DeploymentKey) => api.getDeployment(key),
      (deployment) => (isFinal(deployment) ? ttl.final : ttl.active),
      undefined,
      isFinal,
    ),
    deploymentPage: loader(
      'deploymentPage',
      (request: DeploymentPageRequest) => api.listDeployments(request),
      () => ttl.list,
    ),
    application,
    applicationPage: primingPageLoader(
      'applicationPage',
      (request: PageRequest) => api.listApplications(request),
      application,
      (item) => item.Id,
    ),
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
    configurationProfile: loader(
      'configurationProfile',
      (key: ApplicationScopedKey) => api.getConfigurationProfile(key),
      () => ttl.resource,
    ),
    // Profile list items are summaries, not profiles: they answer what they hold and prime nothing.
    configurationProfilePage: loader(
      'configurationProfilePage',
      (request: ApplicationPageRequest) => api.listConfigurationProfiles(request),
      () => ttl.list,
    ),
    hostedVersionPage: loader(
      'hostedVersionPage',
      (request: ProfilePageRequest) => api.listHostedConfigurationVersions(request),
      () => ttl.list,
    ),
    extension: loader(
      'extension',
      (key: ExtensionKey) => api.getExtension(key),
      () => ttl.resource,
    ),
    tags: loader(
      'tags',
      (resource: TaggedResource) => api.listTagsForResource(resource),
      () => ttl.resource,
    ),
  };
};
