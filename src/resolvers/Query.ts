import type { QueryResolvers } from '../generated/resolvers-types.js';
import { loadDeploymentConnection } from '../pagination/deployment-connection.js';
import { requireId, requireIntInRange } from '../validation.js';
import { hintMaxAge } from './cache-hints.js';
import { loadDeployment } from './Deployment.js';

export const Query: QueryResolvers = {
  deployment: (_root, args, context, info) => loadDeployment(args, context, info),

  // A list grows whenever a deployment starts, so it is never cached longer than an active deployment.
  deployments: (_root, args, { loaders, httpMaxAge }, info) => {
    const connection = loadDeploymentConnection(loaders.deploymentPage, {
      applicationId: requireId('applicationId', args.applicationId),
      environmentId: requireId('environmentId', args.environmentId),
      first: requireIntInRange('first', args.first, 1, 100),
      after: args.after,
    });
    hintMaxAge(info, httpMaxAge.active);
    return connection;
  },
};
