import type { ActionPoint, Extension as AwsExtension } from '@aws-sdk/client-appconfig';
import { requiredMember } from '../errors.js';
import type { ExtensionActionResolvers, ExtensionParameterDefinitionResolvers, ExtensionResolvers } from '../generated/resolvers-types.js';
import type { ExtensionActionParent, ExtensionParameterParent } from '../model/parents.js';
import { awsMembers, awsValue } from './aws-value.js';
import { byName } from './sorting.js';

const member = awsMembers((extension: AwsExtension) => extension);

export const Extension: ExtensionResolvers = {
  id: (extension) => requiredMember(extension.Id, 'an Extension', 'Id'),
  name: member('Name'),
  versionNumber: member('VersionNumber'),
  arn: member('Arn'),
  description: member('Description'),
  // AWS's map of action points to their actions becomes one list, in the map's order.
  actions: (extension) =>
    Object.entries(extension.Actions ?? {}).flatMap(([actionPoint, actions]) => actions.map((action) => ({ actionPoint: actionPoint as ActionPoint, action }))),
  parameters: (extension) =>
    Object.entries(extension.Parameters ?? {})
      .sort(byName)
      .map(([name, parameter]) => ({ name, parameter })),
};

const action = awsMembers((parent: ExtensionActionParent) => parent.action);

export const ExtensionAction: ExtensionActionResolvers = {
  actionPoint: (parent, _args, _context, info) => awsValue(parent.actionPoint, info),
  name: action('Name'),
  description: action('Description'),
  uri: action('Uri'),
  roleArn: action('RoleArn'),
};

const parameter = awsMembers((parent: ExtensionParameterParent) => parent.parameter);

export const ExtensionParameterDefinition: ExtensionParameterDefinitionResolvers = {
  name: (parent) => parent.name,
  description: parameter('Description'),
  required: parameter('Required'),
  dynamic: parameter('Dynamic'),
};
