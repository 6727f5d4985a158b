import type { Environment as AwsEnvironment } from '@aws-sdk/client-appconfig';
import type { GraphQLResolveInfo } from 'graphql';
import type { ApplicationScopedKey } from '../appconfig/api.js';
import type { GatewayContext } from '../context.js';
import { requiredMember } from '../errors.js';
import type { EnvironmentResolvers } from '../generated/resolvers-types.js';
import type { EnvironmentParent } from '../model/parents.js';
import { requireId } from '../validation.js';
import { loadApplication } from './Application.js';
import { awsMembers } from './aws-value.js';
import { hintMaxAge } from './cache-hints.js';
import { loadDeploymentConnection, loadLatestDeployment } from './Deployment.js';

/** An environment's state follows its deployments, so environment data is cached only briefly. */
export async function loadEnvironment(key: ApplicationScopedKey, context: GatewayContext, info: GraphQLResolveInfo): Promise<EnvironmentParent> {
  const validKey = { applicationId: requireId('applicationId', key.applicationId), id: requireId('id', key.id) };
  const data = await context.loaders.environment.load(validKey);
  hintMaxAge(info, context.httpMaxAge.active, context.loaders.validUntil(data));
  return { ...validKey, data };
}

export function environmentParent(applicationId: string, environment: AwsEnvironment): EnvironmentParent {
  return { applicationId, id: requiredMember(environment.Id, 'a ListEnvironments item', 'Id'), data: environment };
}

const member = awsMembers((parent: EnvironmentParent) => parent.data);

export const Environment: EnvironmentResolvers = {
  __resolveReference: (reference, context, info) => loadEnvironment(reference, context, info),
  applicationId: (parent) => parent.applicationId,
  id: (parent) => parent.id,
  name: member('Name'),
  description: member('Description'),
  state: member('State'),
  monitors: (parent) => parent.data.Monitors ?? [],
  application: (parent, _args, context, info) => loadApplication(parent.applicationId, context, info),
  deployments: (parent, args, context, info) =>
    loadDeploymentConnection({ applicationId: parent.applicationId, environmentId: parent.id }, args, context, info),
  latestDeployment: (parent, _args, context, info) => loadLatestDeployment({ applicationId: parent.applicationId, environmentId: parent.id }, context, info),
};
