import type { DeploymentEvent as AwsDeploymentEvent } from '@aws-sdk/client-appconfig';
import type { DeploymentEventResolvers } from '../generated/resolvers-types.js';
import { awsMember } from './aws-value.js';

const member = <K extends keyof AwsDeploymentEvent>(key: K) => awsMember<AwsDeploymentEvent, K>(key);

export const DeploymentEvent: DeploymentEventResolvers = {
  eventType: member('EventType'),
  triggeredBy: member('TriggeredBy'),
  description: member('Description'),
  actionInvocations: (event) => event.ActionInvocations ?? [],
  occurredAt: member('OccurredAt'),
};
