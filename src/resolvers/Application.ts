import { requiredMember } from '../errors.js';
import type { ApplicationResolvers } from '../generated/resolvers-types.js';
import type { ApplicationParent } from '../model/parents.js';
import { pageRequest } from '../pagination/connection.js';
import { awsMembers } from './aws-value.js';
import { environmentParent, loadApplication, loadTags } from './entities.js';
import { listAll } from './lists.js';
import { read } from './read.js';

const member = awsMembers((parent: ApplicationParent) => parent.data);

export const Application: ApplicationResolvers = {
  __resolveReference: (reference, context, info) => loadApplication(reference.id, context, info),
  id: (parent) => parent.id,
  name: member('Name'),
  description: member('Description'),
  tags: (parent, _args, context, info) => loadTags({ applicationId: parent.id }, context, info),

  environments: async (parent, _args, context, info) => {
    const loadPage = (nextToken: string | undefined) => read(context, info, 'environmentPage', { applicationId: parent.id, ...pageRequest(nextToken) });
    const environments = await listAll(loadPage, 'ListEnvironments', context, info);
    return environments.map((environment) => environmentParent(parent.id, environment));
  },

  configurationProfiles: async (parent, _args, context, info) => {
    const loadPage = (nextToken: string | undefined) =>
      read(context, info, 'configurationProfilePage', { applicationId: parent.id, ...pageRequest(nextToken) });
    const summaries = await listAll(loadPage, 'ListConfigurationProfiles', context, info);
    return summaries.map((summary) => ({ applicationId: parent.id, id: requiredMember(summary.Id, 'a ListConfigurationProfiles item', 'Id'), summary }));
  },
};
