import type { Deployment, DeploymentSummary } from '@aws-sdk/client-appconfig';

/** What identifies a deployment: AppConfig's GetDeployment URI labels, and the federation key. */
export interface DeploymentKey {
  readonly applicationId: string;
  readonly environmentId: string;
  readonly deploymentNumber: number;
}

/**
 * The parent value of a `Deployment` in the graph. A deployment reached through `deployment(...)` or
 * an entity reference carries AppConfig's full `Deployment`; one reached through `deployments(...)`
 * carries only the `DeploymentSummary` of its list page, and fields the summary lacks load the detail
 * through the per-request deployment loader.
 */
export type DeploymentParent =
  { readonly key: DeploymentKey; readonly detail: Deployment } | { readonly key: DeploymentKey; readonly summary: DeploymentSummary };

/** DataLoader cache key: JSON keeps ids that contain any character unambiguous. */
export function deploymentCacheKey(key: DeploymentKey): string {
  return JSON.stringify([key.applicationId, key.environmentId, key.deploymentNumber]);
}
