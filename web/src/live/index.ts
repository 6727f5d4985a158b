/**
 * The live feed: the one place that decides how views stay current. Views call these hooks and read
 * Apollo's cache; they never poll or subscribe themselves.
 *
 * Today both hooks poll (use-polling.ts: client.query on a timer). When the gateway serves the
 * `deploymentChanged` and `latestDeploymentChanged` subscriptions, back the same two hooks with
 * useSubscription over a graphql-ws link (split from the HTTP link in ../graphql/client.ts):
 * `deploymentChanged { ...LiveDeploymentFields }` normalises into the deployment's own cache entry,
 * and `latestDeploymentChanged` also points the environment's `latestDeployment` at what it emits
 * (cache.modify in onData). No view changes.
 */
export type { LiveStatus } from './live-status';
export { useLiveDeployment } from './use-live-deployment';
export { useLiveEnvironment } from './use-live-environment';
