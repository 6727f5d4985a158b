import type { AppConfigApi } from '../appconfig/api.js';
import { createDeploymentLoader, type DeploymentLoader } from './deployment-loader.js';
import { createDeploymentPageLoader, type DeploymentPageLoader } from './deployment-page-loader.js';

/** The loaders of one request. Build a fresh set per request: their caches must not outlive it. */
export interface Loaders {
  readonly deployment: DeploymentLoader;
  readonly deploymentPage: DeploymentPageLoader;
}

export function createLoaders(api: AppConfigApi): Loaders {
  return {
    deployment: createDeploymentLoader(api),
    deploymentPage: createDeploymentPageLoader(api),
  };
}
