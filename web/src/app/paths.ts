/** Every view's URL, relative to the router's basename (the gateway's DASHBOARD_PATH). */

export const overviewPath = (after?: string): string => (after ? `/?after=${encodeURIComponent(after)}` : '/');

export const environmentPath = (applicationId: string, environmentId: string, after?: string): string =>
  `/applications/${encodeURIComponent(applicationId)}/environments/${encodeURIComponent(environmentId)}` + (after ? `?after=${encodeURIComponent(after)}` : '');

export const deploymentPath = (applicationId: string, environmentId: string, deploymentNumber: number): string =>
  `${environmentPath(applicationId, environmentId)}/deployments/${deploymentNumber}`;
