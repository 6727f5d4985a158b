import {
  type AppConfigClient,
  type Deployment,
  type DeploymentSummary,
  GetDeploymentCommand,
  ListDeploymentsCommand,
} from '@aws-sdk/client-appconfig';
import type { LimitFunction } from 'p-limit';
import type { DeploymentKey } from '../model/deployment.js';
import { translateAppConfigError } from './translate-error.js';

/** One page request of ListDeployments; `nextToken` undefined means the first page. */
export interface DeploymentPageRequest {
  readonly applicationId: string;
  readonly environmentId: string;
  /** 1–50, AppConfig's page size bound. */
  readonly maxResults: number;
  readonly nextToken?: string;
}

export interface DeploymentPage {
  readonly items: readonly DeploymentSummary[];
  readonly nextToken?: string;
}

/**
 * The gateway's only door to AppConfig. Every call waits for a slot of the process-wide limit, and
 * every failure leaves as a GraphQL error with a public code (see translateAppConfigError).
 */
export interface AppConfigApi {
  getDeployment(key: DeploymentKey): Promise<Deployment>;
  listDeployments(request: DeploymentPageRequest): Promise<DeploymentPage>;
}

export interface AppConfigApiDeps {
  readonly client: AppConfigClient;
  /** Shared by every request of the process, so APPCONFIG_MAX_CONCURRENCY bounds the whole gateway. */
  readonly limit: LimitFunction;
}

export function createAppConfigApi({ client, limit }: AppConfigApiDeps): AppConfigApi {
  async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await limit(send);
    } catch (error) {
      throw translateAppConfigError(operation, error);
    }
  }

  return {
    async getDeployment(key) {
      const { $metadata: _metadata, ...deployment } = await call('GetDeployment', () =>
        client.send(
          new GetDeploymentCommand({
            ApplicationId: key.applicationId,
            EnvironmentId: key.environmentId,
            DeploymentNumber: key.deploymentNumber,
          }),
        ),
      );
      return deployment;
    },

    async listDeployments(request) {
      const output = await call('ListDeployments', () =>
        client.send(
          new ListDeploymentsCommand({
            ApplicationId: request.applicationId,
            EnvironmentId: request.environmentId,
            MaxResults: request.maxResults,
            NextToken: request.nextToken,
          }),
        ),
      );
      return { items: output.Items ?? [], ...(output.NextToken ? { nextToken: output.NextToken } : {}) };
    },
  };
}
