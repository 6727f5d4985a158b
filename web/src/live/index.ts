/**
 * The live feed: the one place that decides how views stay current. Views call these hooks and read
 * Apollo's cache; they never subscribe themselves.
 *
 * Both hooks follow the gateway's subscriptions over one WebSocket (../graphql/live-connection.ts):
 * `deploymentChanged` sends a moving deployment as it changes, and normalises into the deployment's own
 * cache entry; `latestDeploymentChanged` sends an environment's newest deployment, which also becomes
 * the environment's `latestDeployment`, so a deployment started since the page loaded shows up.
 */
export type { LiveStatus } from './live-status';
export { useLiveDeployment } from './use-live-deployment';
export { useLiveEnvironment } from './use-live-environment';
