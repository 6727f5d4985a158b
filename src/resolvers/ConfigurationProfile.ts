import type { ConfigurationProfile as AwsConfigurationProfile, ConfigurationProfileSummary } from '@aws-sdk/client-appconfig';
import type { ConfigurationProfileResolvers } from '../generated/resolvers-types.js';
import type { ConfigurationProfileParent } from '../model/parents.js';
import { pageRequest } from '../pagination/connection.js';
import { loadApplication, loadConfigurationProfile, loadTags } from './entities.js';
import { listConnection } from './lists.js';
import { read } from './read.js';
import { summaryOrDetailMembers } from './summary-or-detail.js';

const { listed, detailed } = summaryOrDetailMembers<ConfigurationProfileParent, ConfigurationProfileSummary, AwsConfigurationProfile>((parent, context, info) =>
  read(context, info, 'configurationProfile', { applicationId: parent.applicationId, id: parent.id }),
);

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
  tags: (parent, _args, context, info) => loadTags({ applicationId: parent.applicationId, configurationProfileId: parent.id }, context, info),
  hostedConfigurationVersions: (parent, args, context, info) =>
    listConnection(
      (nextToken) =>
        read(context, info, 'hostedVersionPage', { applicationId: parent.applicationId, configurationProfileId: parent.id, ...pageRequest(nextToken) }),
      args,
      (summary) => summary,
      'ListHostedConfigurationVersions',
      context,
      info,
    ),
};
