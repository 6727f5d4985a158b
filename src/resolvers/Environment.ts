import type { EnvironmentResolvers } from '../generated/resolvers-types.js';
import type { EnvironmentParent } from '../model/parents.js';
import { awsMembers } from './aws-value.js';
import { loadApplication, loadDeploymentConnection, loadEnvironment, loadLatestDeployment, loadTags } from './entities.js';

const member = awsMembers((parent: EnvironmentParent) => parent.data);

export const Environment: EnvironmentResolvers = {
  __resolveReference: (reference, context, info) => loadEnvironment(reference, context, info),
  applicationId: (parent) => parent.applicationId,
  id: (parent) => parent.id,
  name: member('Name'),
  description: member('Description'),
  state: member('State'),
  monitors: (parent) => parent.data.Monitors ?? [],
  tags: (parent, _args, context, info) => loadTags({ applicationId: parent.applicationId, environmentId: parent.id }, context, info),
  application: (parent, _args, context, info) => loadApplication(parent.applicationId, context, info),
  deployments: (parent, args, context, info) =>
    loadDeploymentConnection({ applicationId: parent.applicationId, environmentId: parent.id }, args, context, info),
  latestDeployment: (parent, _args, context, info) => loadLatestDeployment({ applicationId: parent.applicationId, environmentId: parent.id }, context, info),
};
