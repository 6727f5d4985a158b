import type { DeploymentStrategyResolvers } from '../generated/resolvers-types.js';
import type { DeploymentStrategyParent } from '../model/parents.js';
import { awsMembers } from './aws-value.js';
import { loadDeploymentStrategy } from './entities.js';

const member = awsMembers((parent: DeploymentStrategyParent) => parent.data);

export const DeploymentStrategy: DeploymentStrategyResolvers = {
  __resolveReference: (reference, context, info) => loadDeploymentStrategy(reference.id, context, info),
  id: (parent) => parent.id,
  name: member('Name'),
  description: member('Description'),
  deploymentDurationInMinutes: member('DeploymentDurationInMinutes'),
  growthType: member('GrowthType'),
  growthFactor: member('GrowthFactor'),
  finalBakeTimeInMinutes: member('FinalBakeTimeInMinutes'),
  replicateTo: member('ReplicateTo'),
};
