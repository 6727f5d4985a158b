import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import { requiredMember } from '../errors.js';
import type { ApplicationResolvers } from '../generated/resolvers-types.js';
import type { ApplicationParent } from '../model/parents.js';
import { pageRequest } from '../pagination/connection.js';
import { requireId } from '../validation.js';
import { awsMembers } from './aws-value.js';
import { hintMaxAge } from './cache-hints.js';
import { environmentParent } from './Environment.js';
import { listAll } from './lists.js';

/** Validates the id and loads the application through the request's loader (list pages prime it). */
export async function loadApplication(id: string, context: GatewayContext, info: GraphQLResolveInfo): Promise<ApplicationParent> {
  const validId = requireId('id', id);
  const data = await context.loaders.application.load(validId);
  hintMaxAge(info, context.httpMaxAge.active, context.loaders.validUntil(data));
  return { id: validId, data };
}

const member = awsMembers((parent: ApplicationParent) => parent.data);

export const Application: ApplicationResolvers = {
  __resolveReference: (reference, context, info) => loadApplication(reference.id, context, info),
  id: (parent) => parent.id,
  name: member('Name'),
  description: member('Description'),

  environments: async (parent, _args, context, info) => {
    const loadPage = (nextToken: string | undefined) => context.loaders.environmentPage.load({ applicationId: parent.id, ...pageRequest(nextToken) });
    const environments = await listAll(loadPage, 'ListEnvironments', context, info);
    return environments.map((environment) => environmentParent(parent.id, environment));
  },

  configurationProfiles: async (parent, _args, context, info) => {
    const loadPage = (nextToken: string | undefined) => context.loaders.configurationProfilePage.load({ applicationId: parent.id, ...pageRequest(nextToken) });
    const summaries = await listAll(loadPage, 'ListConfigurationProfiles', context, info);
    return summaries.map((summary) => ({ applicationId: parent.id, id: requiredMember(summary.Id, 'a ListConfigurationProfiles item', 'Id'), summary }));
  },
};
