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
import type {
  AppConfigApi,
  ApplicationPageRequest,
  ApplicationScopedKey,
  DeploymentPageRequest,
  Page,
  PageRequest,
  ProfilePageRequest,
} from '../appconfig/api.js';
import { type DeploymentKey, deploymentCacheKey } from '../model/deployment.js';
import { settleEach } from './settle-each.js';

/**
 * The loaders of one request. Build a fresh set per request: their caches must not outlive it.
 * AppConfig has no batch-get, so each batch fans out one call per distinct key (the API's limit
 * caps how many run at once); each key resolves or fails on its own.
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

/** DataLoader cache keys as JSON, which keeps ids holding any character apart. */
const jsonKey = (value: object): string => JSON.stringify(value, Object.keys(value).sort());
const scopedKey = (key: ApplicationScopedKey): string => JSON.stringify([key.applicationId, key.id]);
const identity = (key: string): string => key;

function loader<K, V>(fetch: (key: K) => Promise<V>, cacheKeyFn: (key: K) => string): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>((keys) => settleEach(keys, fetch), { cacheKeyFn });
}

/** A list loader whose items are full resources: it primes `target`, so listed items are not fetched again. */
function primingPageLoader<R extends object, T, K>(
  fetch: (request: R) => Promise<Page<T>>,
  target: DataLoader<K, T, string>,
  keyOf: (item: T, request: R) => K | undefined,
): DataLoader<R, Page<T>, string> {
  return loader<R, Page<T>>(async (request) => {
    const page = await fetch(request);
    for (const item of page.items) {
      const key = keyOf(item, request);
      if (key !== undefined) target.prime(key, item);
    }
    return page;
  }, jsonKey);
}

export function createLoaders(api: AppConfigApi): Loaders {
  const application = loader((id: string) => api.getApplication(id), identity);
  const environment = loader((key: ApplicationScopedKey) => api.getEnvironment(key), scopedKey);
  const deploymentStrategy = loader((id: string) => api.getDeploymentStrategy(id), identity);
  return {
    deployment: loader((key: DeploymentKey) => api.getDeployment(key), deploymentCacheKey),
    deploymentPage: loader((request: DeploymentPageRequest) => api.listDeployments(request), jsonKey),
    application,
    applicationPage: primingPageLoader((request: PageRequest) => api.listApplications(request), application, (item) => item.Id),
    environment,
    environmentPage: primingPageLoader(
      (request: ApplicationPageRequest) => api.listEnvironments(request),
      environment,
      (item, request) => (item.Id === undefined ? undefined : { applicationId: request.applicationId, id: item.Id }),
    ),
    deploymentStrategy,
    deploymentStrategyPage: primingPageLoader((request: PageRequest) => api.listDeploymentStrategies(request), deploymentStrategy, (item) => item.Id),
    configurationProfile: loader((key: ApplicationScopedKey) => api.getConfigurationProfile(key), scopedKey),
    // Profile list items are summaries, not profiles: they answer what they hold and prime nothing.
    configurationProfilePage: loader((request: ApplicationPageRequest) => api.listConfigurationProfiles(request), jsonKey),
    hostedVersionPage: loader((request: ProfilePageRequest) => api.listHostedConfigurationVersions(request), jsonKey),
  };
}
