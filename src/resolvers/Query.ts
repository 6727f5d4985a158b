import { requiredMember } from '../errors.js';
import type { QueryResolvers } from '../generated/resolvers-types.js';
import { APPCONFIG_PAGE_SIZE, loadConnection } from '../pagination/connection.js';
import { loadApplication } from './Application.js';
import { hintMaxAge, trackValidity } from './cache-hints.js';
import { loadConfigurationProfile } from './ConfigurationProfile.js';
import { loadDeployment, loadDeploymentConnection } from './Deployment.js';
import { loadDeploymentStrategy } from './DeploymentStrategy.js';
import { loadEnvironment } from './Environment.js';

const page = (nextToken: string | undefined) => ({ maxResults: APPCONFIG_PAGE_SIZE, ...(nextToken === undefined ? {} : { nextToken }) });

export const Query: QueryResolvers = {
  deployment: (_root, args, context, info) => loadDeployment(args, context, info),
  deployments: (_root, args, context, info) => loadDeploymentConnection(args, args, context, info),

  application: (_root, args, context, info) => loadApplication(args.id, context, info),
  applications: async (_root, args, context, info) => {
    const pages = trackValidity((nextToken) => context.loaders.applicationPage.load(page(nextToken)), context.loaders);
    const connection = await loadConnection(
      pages.loadPage,
      args,
      (application) => ({ id: requiredMember(application.Id, 'a ListApplications item', 'Id'), data: application }),
      context.listLimits,
      'ListApplications',
    );
    hintMaxAge(info, context.httpMaxAge.active, pages.validUntil());
    return connection;
  },
  environment: (_root, args, context, info) => loadEnvironment(args, context, info),
  deploymentStrategy: (_root, args, context, info) => loadDeploymentStrategy(args.id, context, info),
  deploymentStrategies: async (_root, args, context, info) => {
    const pages = trackValidity((nextToken) => context.loaders.deploymentStrategyPage.load(page(nextToken)), context.loaders);
    const connection = await loadConnection(
      pages.loadPage,
      args,
      (strategy) => ({ id: requiredMember(strategy.Id, 'a ListDeploymentStrategies item', 'Id'), data: strategy }),
      context.listLimits,
      'ListDeploymentStrategies',
    );
    hintMaxAge(info, context.httpMaxAge.active, pages.validUntil());
    return connection;
  },
  configurationProfile: (_root, args, context, info) => loadConfigurationProfile(args, context, info),
};
