import type { AppliedExtension as AwsAppliedExtension } from '@aws-sdk/client-appconfig';
import type { AppliedExtensionResolvers } from '../generated/resolvers-types.js';
import { awsMembers } from './aws-value.js';

const member = awsMembers((extension: AwsAppliedExtension) => extension);

export const AppliedExtension: AppliedExtensionResolvers = {
  extensionId: member('ExtensionId'),
  extensionAssociationId: member('ExtensionAssociationId'),
  versionNumber: member('VersionNumber'),
  // AWS's string map becomes a list, sorted by name so responses are stable.
  parameters: (extension) =>
    Object.entries(extension.Parameters ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => ({ name, value })),
};
