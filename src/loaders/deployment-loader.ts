import type { Deployment } from '@aws-sdk/client-appconfig';
import DataLoader from 'dataloader';
import type { AppConfigApi } from '../appconfig/api.js';
import { type DeploymentKey, deploymentCacheKey } from '../model/deployment.js';
import { settleEach } from './settle-each.js';

export type DeploymentLoader = DataLoader<DeploymentKey, Deployment, string>;

/**
 * Loads deployments by key for one request. AppConfig has no batch-get, so a batch fans out one
 * GetDeployment per distinct key (the API's limit caps how many run at once).
 */
export function createDeploymentLoader(api: AppConfigApi): DeploymentLoader {
  return new DataLoader((keys) => settleEach(keys, (key) => api.getDeployment(key)), {
    cacheKeyFn: deploymentCacheKey,
  });
}
