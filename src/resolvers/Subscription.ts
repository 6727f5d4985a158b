import type { SubscriptionResolvers } from '../generated/resolvers-types.js';
import type { DeploymentParent } from '../model/deployment.js';
import { validDeploymentKey, validEnvironmentKey } from './entities.js';

const itself = (payload: DeploymentParent | null) => payload;

/** Each event a feed emits is answered like a query of that deployment, in a context of its own. */
export const Subscription: SubscriptionResolvers = {
  deploymentChanged: {
    subscribe: (_root, args, context) => context.live.deployment(validDeploymentKey(args)),
    resolve: itself,
  },
  latestDeploymentChanged: {
    subscribe: (_root, args, context) => context.live.latest(validEnvironmentKey(args)),
    resolve: itself,
  },
};
