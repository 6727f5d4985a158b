import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import { requiredMember } from '../errors.js';
import type { ApplicationResolvers } from '../generated/resolvers-types.js';
import type { ApplicationParent } from '../model/parents.js';
import { APPCONFIG_PAGE_SIZE, loadAll } from '../pagination/connection.js';
import { requireId } from '../validation.js';
import { awsValue } from './aws-value.js';
import { hintMaxAge, trackValidity } from './cache-hints.js';
import { environmentParent } from './Environment.js';

/** Validates the id and loads the application through the request's loader (list pages prime it). */
export async function loadApplication(id: string, context: GatewayContext, info: GraphQLResolveInfo): Promise<ApplicationParent> {
  const validId = requireId('id', id);
  const data = await context.loaders.application.load(validId);
  hintMaxAge(info, context.httpMaxAge.active, context.loaders.validUntil(data));
  return { id: validId, data };
}

export const Application: ApplicationResolvers = {
  __resolveReference: (reference, context, info) => loadApplication(reference.id, context, info),
  id: (parent) => parent.id,
  name: (parent, _args, _context, info) => awsValue(parent.data.Name, info),
  description: (parent, _args, _context, info) => awsValue(parent.data.Description, info),

  environments: async (parent, _args, context, info) => {
    const pages = trackValidity(
      (nextToken) => context.loaders.environmentPage.load({ applicationId: parent.id, maxResults: APPCONFIG_PAGE_SIZE, ...(nextToken === undefined ? {} : { nextToken }) }),
      context.loaders,
    );
    const environments = await loadAll(pages.loadPage, context.listLimits, 'ListEnvironments');
    hintMaxAge(info, context.httpMaxAge.active, pages.validUntil());
    return environments.map((environment) => environmentParent(parent.id, environment));
  },

  configurationProfiles: async (parent, _args, context, info) => {
    const pages = trackValidity(
      (nextToken) =>
        context.loaders.configurationProfilePage.load({ applicationId: parent.id, maxResults: APPCONFIG_PAGE_SIZE, ...(nextToken === undefined ? {} : { nextToken }) }),
      context.loaders,
    );
    const summaries = await loadAll(pages.loadPage, context.listLimits, 'ListConfigurationProfiles');
    hintMaxAge(info, context.httpMaxAge.active, pages.validUntil());
    return summaries.map((summary) => ({ applicationId: parent.id, id: requiredMember(summary.Id, 'a ListConfigurationProfiles item', 'Id'), summary }));
  },
};
