import type { ActionInvocation as AwsActionInvocation } from '@aws-sdk/client-appconfig';
import type { ActionInvocationResolvers } from '../generated/resolvers-types.js';
import { awsMember } from './aws-value.js';

const member = <K extends keyof AwsActionInvocation>(key: K) => awsMember<AwsActionInvocation, K>(key);

export const ActionInvocation: ActionInvocationResolvers = {
  extensionIdentifier: member('ExtensionIdentifier'),
  actionName: member('ActionName'),
  uri: member('Uri'),
  roleArn: member('RoleArn'),
  errorMessage: member('ErrorMessage'),
  errorCode: member('ErrorCode'),
  invocationId: member('InvocationId'),
};
