import type { QueryResolvers } from '../generated/resolvers-types.js';
import { loadDeploymentConnection } from '../pagination/deployment-connection.js';
import { requireId, requireIntInRange } from '../validation.js';
import { loadDeployment } from './Deployment.js';

export const Query: QueryResolvers = {
  deployment: (_root, args, context) => loadDeployment(args, context),

  deployments: (_root, args, { loaders }) =>
    loadDeploymentConnection(loaders.deploymentPage, {
      applicationId: requireId('applicationId', args.applicationId),
      environmentId: requireId('environmentId', args.environmentId),
      first: requireIntInRange('first', args.first, 1, 100),
      after: args.after,
    }),
};
