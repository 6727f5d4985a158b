import type { ActionInvocation as AwsActionInvocation } from '@aws-sdk/client-appconfig';
import type { ActionInvocationResolvers } from '../generated/resolvers-types.js';
import { awsMembers } from './aws-value.js';

const member = awsMembers((invocation: AwsActionInvocation) => invocation);

export const ActionInvocation: ActionInvocationResolvers = {
  extensionIdentifier: member('ExtensionIdentifier'),
  actionName: member('ActionName'),
  uri: member('Uri'),
  roleArn: member('RoleArn'),
  errorMessage: member('ErrorMessage'),
  errorCode: member('ErrorCode'),
  invocationId: member('InvocationId'),
};
