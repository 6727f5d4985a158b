import type { DeploymentEvent as AwsDeploymentEvent } from '@aws-sdk/client-appconfig';
import type { DeploymentEventResolvers } from '../generated/resolvers-types.js';
import { awsMembers } from './aws-value.js';

const member = awsMembers((event: AwsDeploymentEvent) => event);

export const DeploymentEvent: DeploymentEventResolvers = {
  eventType: member('EventType'),
  triggeredBy: member('TriggeredBy'),
  description: member('Description'),
  actionInvocations: (event) => event.ActionInvocations ?? [],
  occurredAt: member('OccurredAt'),
};
