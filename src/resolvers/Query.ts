import { requiredMember } from '../errors.js';
import type { QueryResolvers } from '../generated/resolvers-types.js';
import { pageRequest } from '../pagination/connection.js';
import { loadApplication, loadConfigurationProfile, loadDeployment, loadDeploymentConnection, loadDeploymentStrategy, loadEnvironment } from './entities.js';
import { listConnection } from './lists.js';
import { read } from './read.js';

export const Query: QueryResolvers = {
  deployment: (_root, args, context, info) => loadDeployment(args, context, info),
  deployments: (_root, args, context, info) => loadDeploymentConnection(args, args, context, info),

  application: (_root, args, context, info) => loadApplication(args.id, context, info),
  // Only the applications the caller may read: a page may hold fewer than `first`; its cursors still continue the list.
  applications: async (_root, args, context, info) => {
    const connection = await listConnection(
      (nextToken) => read(context, info, 'applicationPage', pageRequest(nextToken)),
      args,
      (application) => ({ id: requiredMember(application.Id, 'a ListApplications item', 'Id'), data: application }),
      'ListApplications',
      context,
      info,
    );
    return { ...connection, edges: connection.edges.filter((edge) => context.access.mayRead(edge.node.id)) };
  },
  environment: (_root, args, context, info) => loadEnvironment(args, context, info),
  deploymentStrategy: (_root, args, context, info) => loadDeploymentStrategy(args.id, context, info),
  deploymentStrategies: (_root, args, context, info) =>
    listConnection(
      (nextToken) => read(context, info, 'deploymentStrategyPage', pageRequest(nextToken)),
      args,
      (strategy) => ({ id: requiredMember(strategy.Id, 'a ListDeploymentStrategies item', 'Id'), data: strategy }),
      'ListDeploymentStrategies',
      context,
      info,
    ),
  configurationProfile: (_root, args, context, info) => loadConfigurationProfile(args, context, info),
};
