import DataLoader from 'dataloader';
import type { AppConfigApi, DeploymentPage, DeploymentPageRequest } from '../appconfig/api.js';
import { settleEach } from './settle-each.js';

export type DeploymentPageLoader = DataLoader<DeploymentPageRequest, DeploymentPage, string>;

/** Loads ListDeployments pages for one request; the same page asked for twice costs one call. */
export function createDeploymentPageLoader(api: AppConfigApi): DeploymentPageLoader {
  return new DataLoader((requests) => settleEach(requests, (request) => api.listDeployments(request)), {
    cacheKeyFn: (request) =>
      JSON.stringify([request.applicationId, request.environmentId, request.maxResults, request.nextToken ?? null]),
  });
}
