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
  type Extension,
  GetExtensionCommand,
  type HostedConfigurationVersionSummary,
  ListApplicationsCommand,
  ListConfigurationProfilesCommand,
  ListDeploymentsCommand,
  ListDeploymentStrategiesCommand,
  ListEnvironmentsCommand,
  ListHostedConfigurationVersionsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-appconfig';
import { isThrottlingError } from '@smithy/core/retry';
import type { DeploymentKey } from '../model/deployment.js';
import type { ApplicationScopedKey, ExtensionKey, Page, PageRequest, TaggedResource } from '../model/keys.js';
import type { UpstreamAdmission } from './admission.js';
import type { BudgetGate } from './budget-gate.js';
import type { CallBudget } from './call-budget.js';
import { observedSend, type UpstreamObserver } from './observer.js';
import { quotaClassOf, type RateBudget, RateBudgetExceededError } from './rate-budget.js';
import { translateAppConfigError } from './translate-error.js';

export type DeploymentPageRequest = PageRequest & { readonly applicationId: string; readonly environmentId: string };
export type ApplicationPageRequest = PageRequest & { readonly applicationId: string };
export type ProfilePageRequest = PageRequest & { readonly applicationId: string; readonly configurationProfileId: string };
export type DeploymentPage = Page<DeploymentSummary>;

/**
 * AppConfig as one scope (a GraphQL request) sees it. Every call spends the scope's budget, waits
 * for a slot of the process-wide admission in the scope's lane, and ends when the scope's signal
 * aborts; every failure leaves as a GraphQL error with a public code (see translateAppConfigError).
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
  getExtension(key: ExtensionKey): Promise<Extension>;
  /** The resource's tags, keys to values. */
  listTagsForResource(resource: TaggedResource): Promise<Readonly<Record<string, string>>>;
}

/** What the calls of one GraphQL request share. */
export interface CallScope {
  /** The admission lane: calls queue fairly against other lanes (requests), in order within one. */
  readonly lane: string;
  readonly budget: CallBudget;
  /** Ends the scope's waiting and in-flight calls: the request passed its deadline or its client left. */
  readonly signal?: AbortSignal;
}

/** The gateway's only door to AppConfig: one per process, seen through a scope per request. */
export interface AppConfigService {
  forScope(scope: CallScope): AppConfigApi;
}

export interface AppConfigServiceDeps {
  readonly client: AppConfigClient;
  /** Shared by every request of the process, so APPCONFIG_MAX_CONCURRENCY bounds the whole gateway. */
  readonly admission: UpstreamAdmission;
  /** The rate budget every attempt takes its turn from (shared by the fleet with Redis). */
  readonly budget: RateBudget;
  /** Where `client`'s attempts take their turns: the client was built with its beforeAttempt. */
  readonly gate: BudgetGate;
  /** Longest an attempt waits for its turn (APPCONFIG_QUEUE_TIMEOUT_MS). */
  readonly queueTimeoutMs: number;
  /** The ARN of a tagged resource, which AppConfig's outputs do not carry (resource-arns.ts). */
  readonly arnOf: (resource: TaggedResource) => Promise<string>;
  /** Told how each call ended (metrics, readiness); none when absent. */
  readonly observer?: UpstreamObserver;
}

interface ListOutput<T> {
  readonly Items?: T[];
  readonly NextToken?: string;
}

type Send<T> = (options: { abortSignal?: AbortSignal }) => Promise<T>;

export function createAppConfigService(deps: AppConfigServiceDeps): AppConfigService {
  return { forScope: (scope) => scopedApi(deps, scope) };
}

function scopedApi({ client, admission, budget, gate, queueTimeoutMs, arnOf, observer }: AppConfigServiceDeps, scope: CallScope): AppConfigApi {
  /**
   * One AppConfig call: it spends the request's call budget, waits for a connection slot (fairly
   * among requests), then each of its attempts waits for its turn in the fleet's rate budget.
   */
  async function call<T extends object>(operation: string, send: Send<T & { $metadata?: unknown }>): Promise<Omit<T, '$metadata'>> {
    scope.budget.spend(operation);
    const signal = scope.signal;
    const quota = quotaClassOf(operation) ?? 'get';
    const takeTurn = async () => {
      try {
        const waitedMs = await budget.admit(quota, queueTimeoutMs, signal);
        observer?.onAdmission({ operation, outcome: waitedMs > 0 ? 'delayed' : 'admitted', waitedMs });
      } catch (error) {
        if (error instanceof RateBudgetExceededError) observer?.onAdmission({ operation, outcome: 'refused', waitedMs: 0 });
        throw error;
      }
    };
    try {
      const { $metadata: _metadata, ...output } = await admission.run({ lane: scope.lane, ...(signal ? { signal } : {}) }, () =>
        gate.run(takeTurn, () => observedSend(observer, operation, send)(signal ? { abortSignal: signal } : {})),
      );
      return output;
    } catch (error) {
      // AppConfig throttled the gateway even within its budget: the account is busier than the budget assumes.
      if (isThrottlingError(error as Parameters<typeof isThrottlingError>[0])) void budget.penalize(quota);
      throw translateAppConfigError(operation, error, signal);
    }
  }

  async function list<T>(operation: string, send: Send<ListOutput<T>>): Promise<Page<T>> {
    const output = await call(operation, send);
    return { items: output.Items ?? [], ...(output.NextToken ? { nextToken: output.NextToken } : {}) };
  }

  const paging = (request: PageRequest) => ({ MaxResults: request.maxResults, NextToken: request.nextToken });

  return {
    getDeployment: (key) =>
      call('GetDeployment', (options) =>
        client.send(
          new GetDeploymentCommand({ ApplicationId: key.applicationId, EnvironmentId: key.environmentId, DeploymentNumber: key.deploymentNumber }),
          options,
        ),
      ),
    listDeployments: (request) =>
      list('ListDeployments', (options) =>
        client.send(new ListDeploymentsCommand({ ApplicationId: request.applicationId, EnvironmentId: request.environmentId, ...paging(request) }), options),
      ),
    getApplication: (id) => call('GetApplication', (options) => client.send(new GetApplicationCommand({ ApplicationId: id }), options)),
    listApplications: (request) => list('ListApplications', (options) => client.send(new ListApplicationsCommand(paging(request)), options)),
    getEnvironment: (key) =>
      call('GetEnvironment', (options) => client.send(new GetEnvironmentCommand({ ApplicationId: key.applicationId, EnvironmentId: key.id }), options)),
    listEnvironments: (request) =>
      list('ListEnvironments', (options) => client.send(new ListEnvironmentsCommand({ ApplicationId: request.applicationId, ...paging(request) }), options)),
    getDeploymentStrategy: (id) =>
      call('GetDeploymentStrategy', (options) => client.send(new GetDeploymentStrategyCommand({ DeploymentStrategyId: id }), options)),
    listDeploymentStrategies: (request) =>
      list('ListDeploymentStrategies', (options) => client.send(new ListDeploymentStrategiesCommand(paging(request)), options)),
    getConfigurationProfile: (key) =>
      call('GetConfigurationProfile', (options) =>
        client.send(new GetConfigurationProfileCommand({ ApplicationId: key.applicationId, ConfigurationProfileId: key.id }), options),
      ),
    listConfigurationProfiles: (request) =>
      list('ListConfigurationProfiles', (options) =>
        client.send(new ListConfigurationProfilesCommand({ ApplicationId: request.applicationId, ...paging(request) }), options),
      ),
    listHostedConfigurationVersions: (request) =>
      list('ListHostedConfigurationVersions', (options) =>
        client.send(
          new ListHostedConfigurationVersionsCommand({
            ApplicationId: request.applicationId,
            ConfigurationProfileId: request.configurationProfileId,
            ...paging(request),
          }),
          options,
        ),
      ),
    getExtension: (key) =>
      call('GetExtension', (options) => client.send(new GetExtensionCommand({ ExtensionIdentifier: key.id, VersionNumber: key.versionNumber }), options)),
    listTagsForResource: async (resource) => {
      const arn = await arnOf(resource);
      const output = await call('ListTagsForResource', (options) => client.send(new ListTagsForResourceCommand({ ResourceArn: arn }), options));
      return output.Tags ?? {};
    },
  };
}
