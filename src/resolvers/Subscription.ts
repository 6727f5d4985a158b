import { requireReadable } from '../access.js';
import type { SubscriptionResolvers } from '../generated/resolvers-types.js';
import type { DeploymentParent } from '../model/deployment.js';
import { validDeploymentKey, validEnvironmentKey } from './entities.js';

const itself = (payload: DeploymentParent | null) => payload;

/** Each event a feed emits is answered like a query of that deployment, in a context of its own. */
export const Subscription: SubscriptionResolvers = {
  deploymentChanged: {
    subscribe: (_root, args, context) => {
      const key = validDeploymentKey(args);
      requireReadable(context.access, key.applicationId);
      return context.live.deployment(key);
    },
    resolve: itself,
  },
  latestDeploymentChanged: {
    subscribe: (_root, args, context) => {
      const environment = validEnvironmentKey(args);
      requireReadable(context.access, environment.applicationId);
      return context.live.latest(environment);
    },
    resolve: itself,
  },
};
