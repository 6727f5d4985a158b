import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { DeploymentStrategyResolvers } from '../generated/resolvers-types.js';
import type { DeploymentStrategyParent } from '../model/parents.js';
import { requireId } from '../validation.js';
import { awsMembers } from './aws-value.js';
import { hintMaxAge } from './cache-hints.js';

export async function loadDeploymentStrategy(id: string, context: GatewayContext, info: GraphQLResolveInfo): Promise<DeploymentStrategyParent> {
  const validId = requireId('id', id);
  const data = await context.loaders.deploymentStrategy.load(validId);
  hintMaxAge(info, context.httpMaxAge.active, context.loaders.validUntil(data));
  return { id: validId, data };
}

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
