import { useSubscription } from '@apollo/client/react';
import { graphql } from '../graphql/generated';
import type { DeploymentState } from '../graphql/generated/graphql';
import { isMoving } from '../model/deployment-state';
import type { LiveStatus } from './live-status';
import { useResubscribeAfterError } from './use-resubscribe';

// What changes while a deployment moves: its progress and its event log.
graphql(`
  fragment LiveDeploymentFields on Deployment {
    ...DeploymentSummaryFields
    ...DeploymentTimelineFields
  }
`);

// Each deployment it sends lands in Apollo's cache under the deployment's key, where every view reads it.
const DeploymentChangedSubscription = graphql(`
  subscription DeploymentChanged($applicationId: String!, $environmentId: String!, $deploymentNumber: Int!) {
    deploymentChanged(applicationId: $applicationId, environmentId: $environmentId, deploymentNumber: $deploymentNumber) {
      ...LiveDeploymentFields
    }
  }
`);

/** A deployment as a view already shows it: its key and where it stands. */
export interface FollowedDeployment {
  readonly applicationId: string;
  readonly environmentId: string;
  readonly deploymentNumber: number;
  readonly state?: DeploymentState | null;
}

/**
 * Keeps one deployment current in Apollo's cache while it moves, and leaves it once it reaches a
 * final state (COMPLETE, ROLLED_BACK, REVERTED). Does nothing until the view has the deployment.
 */
export function useLiveDeployment(deployment: FollowedDeployment | null | undefined): LiveStatus {
  const following = isMoving(deployment?.state);
  const subscription = useSubscription(DeploymentChangedSubscription, {
    variables: {
      applicationId: deployment?.applicationId ?? '',
      environmentId: deployment?.environmentId ?? '',
      deploymentNumber: deployment?.deploymentNumber ?? 0,
    },
    skip: !following,
  });
  useResubscribeAfterError(subscription);
  return { following, error: following ? subscription.error : undefined };
}
