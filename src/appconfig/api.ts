import {
  type AppConfigClient,
  type Application,
  type ConfigurationProfile,
  type ConfigurationProfileSummary,
  type Deployment,
  type DeploymentStrategy,
  type DeploymentSummary,
  type Environment,
  GetApplicationCommand,
  GetConfigurationProfileCommand,
  GetDeploymentCommand,
  GetDeploymentStrategyCommand,
  GetEnvironmentCommand,
  type HostedConfigurationVersionSummary,
  ListApplicationsCommand,
  ListConfigurationProfilesCommand,
  ListDeploymentsCommand,
  ListDeploymentStrategiesCommand,
  ListEnvironmentsCommand,
  ListHostedConfigurationVersionsCommand,
} from '@aws-sdk/client-appconfig';
import type { LimitFunction } from 'p-limit';
import type { DeploymentKey } from '../model/deployment.js';
import { translateAppConfigError } from './translate-error.js';

/** One page of an AppConfig list; `nextToken` undefined asks for, or marks, the first/last page. */
export interface PageRequest {
  /** 1–50, AppConfig's page size bound. */
  readonly maxResults: number;
  readonly nextToken?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

/** A resource inside an application: an environment or a configuration profile. */
export interface ApplicationScopedKey {
  readonly applicationId: string;
  readonly id: string;
}

export type DeploymentPageRequest = PageRequest & { readonly applicationId: string; readonly environmentId: string };
export type ApplicationPageRequest = PageRequest & { readonly applicationId: string };
export type ProfilePageRequest = PageRequest & { readonly applicationId: string; readonly configurationProfileId: string };
export type DeploymentPage = Page<DeploymentSummary>;

/**
 * The gateway's only door to AppConfig. Every call waits for a slot of the process-wide limit, and
 * every failure leaves as a GraphQL error with a public code (see translateAppConfigError).
 */
export interface AppConfigApi {
  getDeployment(key: DeploymentKey): Promise<Deployment>;
  listDeployments(request: DeploymentPageRequest): Promise<DeploymentPage>;
  getApplication(id: string): Promise<Application>;
  listApplications(request: PageRequest): Promise<Page<Application>>;
  getEnvironment(key: ApplicationScopedKey): Promise<Environment>;
  listEnvironments(request: ApplicationPageRequest): Promise<Page<Environment>>;
  getDeploymentStrategy(id: string): Promise<DeploymentStrategy>;
  listDeploymentStrategies(request: PageRequest): Promise<Page<DeploymentStrategy>>;
  getConfigurationProfile(key: ApplicationScopedKey): Promise<ConfigurationProfile>;
  listConfigurationProfiles(request: ApplicationPageRequest): Promise<Page<ConfigurationProfileSummary>>;
  listHostedConfigurationVersions(request: ProfilePageRequest): Promise<Page<HostedConfigurationVersionSummary>>;
}

export interface AppConfigApiDeps {
  readonly client: AppConfigClient;
  /** Shared by every request of the process, so APPCONFIG_MAX_CONCURRENCY bounds the whole gateway. */
  readonly limit: LimitFunction;
}

interface ListOutput<T> {
  readonly Items?: T[];
  readonly NextToken?: string;
}

export function createAppConfigApi({ client, limit }: AppConfigApiDeps): AppConfigApi {
  async function call<T extends object>(operation: string, send: () => Promise<T & { $metadata?: unknown }>): Promise<Omit<T, '$metadata'>> {
    try {
      const { $metadata: _metadata, ...output } = await limit(send);
      return output;
    } catch (error) {
      throw translateAppConfigError(operation, error);
    }
  }

  async function list<T>(operation: string, send: () => Promise<ListOutput<T>>): Promise<Page<T>> {
    const output = await call(operation, send);
    return { items: output.Items ?? [], ...(output.NextToken ? { nextToken: output.NextToken } : {}) };
  }

  const paging = (request: PageRequest) => ({ MaxResults: request.maxResults, NextToken: request.nextToken });

  return {
    getDeployment: (key) =>
      call('GetDeployment', () =>
        client.send(new GetDeploymentCommand({ ApplicationId: key.applicationId, EnvironmentId: key.environmentId, DeploymentNumber: key.deploymentNumber })),
      ),
    listDeployments: (request) =>
      list('ListDeployments', () =>
        client.send(new ListDeploymentsCommand({ ApplicationId: request.applicationId, EnvironmentId: request.environmentId, ...paging(request) })),
      ),
    getApplication: (id) => call('GetApplication', () => client.send(new GetApplicationCommand({ ApplicationId: id }))),
    listApplications: (request) => list('ListApplications', () => client.send(new ListApplicationsCommand(paging(request)))),
    getEnvironment: (key) =>
      call('GetEnvironment', () => client.send(new GetEnvironmentCommand({ ApplicationId: key.applicationId, EnvironmentId: key.id }))),
    listEnvironments: (request) =>
      list('ListEnvironments', () => client.send(new ListEnvironmentsCommand({ ApplicationId: request.applicationId, ...paging(request) }))),
    getDeploymentStrategy: (id) =>
      call('GetDeploymentStrategy', () => client.send(new GetDeploymentStrategyCommand({ DeploymentStrategyId: id }))),
    listDeploymentStrategies: (request) =>
      list('ListDeploymentStrategies', () => client.send(new ListDeploymentStrategiesCommand(paging(request)))),
    getConfigurationProfile: (key) =>
      call('GetConfigurationProfile', () =>
        client.send(new GetConfigurationProfileCommand({ ApplicationId: key.applicationId, ConfigurationProfileId: key.id })),
      ),
    listConfigurationProfiles: (request) =>
      list('ListConfigurationProfiles', () =>
        client.send(new ListConfigurationProfilesCommand({ ApplicationId: request.applicationId, ...paging(request) })),
      ),
    listHostedConfigurationVersions: (request) =>
      list('ListHostedConfigurationVersions', () =>
        client.send(
          new ListHostedConfigurationVersionsCommand({
            ApplicationId: request.applicationId,
            ConfigurationProfileId: request.configurationProfileId,
            ...paging(request),
          }),
        ),
      ),
  };
}
