import type { AppliedExtension as AwsAppliedExtension } from '@aws-sdk/client-appconfig';
import type { AppliedExtensionResolvers } from '../generated/resolvers-types.js';
import { awsMembers } from './aws-value.js';
import { read } from './read.js';
import { byName } from './sorting.js';

const member = awsMembers((extension: AwsAppliedExtension) => extension);

export const AppliedExtension: AppliedExtensionResolvers = {
  extensionId: member('ExtensionId'),
  extensionAssociationId: member('ExtensionAssociationId'),
  versionNumber: member('VersionNumber'),
  // AWS's string map becomes a list, sorted by name so responses are stable.
  parameters: (extension) =>
    Object.entries(extension.Parameters ?? {})
      .sort(byName)
      .map(([name, value]) => ({ name, value })),
  extension: (applied, _args, context, info) =>
    applied.ExtensionId === undefined ? null : read(context, info, 'extension', { id: applied.ExtensionId, versionNumber: applied.VersionNumber }),
};
