import type { ConfigurationProfile as AwsConfigurationProfile, ConfigurationProfileSummary } from '@aws-sdk/client-appconfig';
import type { GraphQLResolveInfo } from 'graphql';
import type { ApplicationScopedKey } from '../appconfig/api.js';
import type { GatewayContext } from '../context.js';
import type { ConfigurationProfileResolvers } from '../generated/resolvers-types.js';
import type { ConfigurationProfileParent } from '../model/parents.js';
import { APPCONFIG_PAGE_SIZE, loadConnection } from '../pagination/connection.js';
import { invalidArgument, requireId } from '../validation.js';
import { loadApplication } from './Application.js';
import { awsValue } from './aws-value.js';
import { hintMaxAge, trackValidity } from './cache-hints.js';

/** Profile ids may be up to 128 characters (the model's `LongName`), unlike other ids. */
function requireProfileId(id: string): string {
  if (id.length < 1 || id.length > 128) throw invalidArgument('id', 'must be 1 to 128 characters long', id);
  return id;
}

export async function loadConfigurationProfile(key: ApplicationScopedKey, context: GatewayContext, info: GraphQLResolveInfo): Promise<ConfigurationProfileParent> {
  const validKey = { applicationId: requireId('applicationId', key.applicationId), id: requireProfileId(key.id) };
  const detail = await context.loaders.configurationProfile.load(validKey);
  hintMaxAge(info, context.httpMaxAge.active, context.loaders.validUntil(detail));
  return { ...validKey, detail };
}

function detailOf(parent: ConfigurationProfileParent, { loaders }: GatewayContext): Promise<AwsConfigurationProfile> {
  return 'detail' in parent ? Promise.resolve(parent.detail) : loaders.configurationProfile.load({ applicationId: parent.applicationId, id: parent.id });
}

/** A member ListConfigurationProfiles also returns: answered from the list when that is all we have. */
function listed<K extends keyof ConfigurationProfileSummary & keyof AwsConfigurationProfile>(key: K) {
  return (parent: ConfigurationProfileParent, _args: unknown, _context: GatewayContext, info: GraphQLResolveInfo) =>
    awsValue('detail' in parent ? parent.detail[key] : parent.summary[key], info);
}

/** A member only GetConfigurationProfile returns. */
function detailed<K extends keyof AwsConfigurationProfile>(key: K) {
  return async (parent: ConfigurationProfileParent, _args: unknown, context: GatewayContext, info: GraphQLResolveInfo) =>
    awsValue((await detailOf(parent, context))[key], info);
}

export const ConfigurationProfile: ConfigurationProfileResolvers = {
  __resolveReference: (reference, context, info) => loadConfigurationProfile(reference, context, info),
  applicationId: (parent) => parent.applicationId,
  id: (parent) => parent.id,
  name: listed('Name'),
  description: detailed('Description'),
  locationUri: listed('LocationUri'),
  retrievalRoleArn: detailed('RetrievalRoleArn'),
  // Only validator types leave the gateway: their content is sensitive in AppConfig's model.
  validators: (parent) =>
    'detail' in parent
      ? (parent.detail.Validators ?? []).map((validator) => ({ Type: validator.Type }))
      : (parent.summary.ValidatorTypes ?? []).map((type) => ({ Type: type })),
  type: listed('Type'),
  kmsKeyArn: detailed('KmsKeyArn'),
  kmsKeyIdentifier: detailed('KmsKeyIdentifier'),
  application: (parent, _args, context, info) => loadApplication(parent.applicationId, context, info),
  hostedConfigurationVersions: async (parent, args, context, info) => {
    const pages = trackValidity(
      (nextToken) =>
        context.loaders.hostedVersionPage.load({
          applicationId: parent.applicationId,
          configurationProfileId: parent.id,
          maxResults: APPCONFIG_PAGE_SIZE,
          ...(nextToken === undefined ? {} : { nextToken }),
        }),
      context.loaders,
    );
    const connection = await loadConnection(pages.loadPage, args, (summary) => summary, context.listLimits, 'ListHostedConfigurationVersions');
    hintMaxAge(info, context.httpMaxAge.active, pages.validUntil());
    return connection;
  },
};
