import { graphql } from '../graphql/generated';
import type { DeploymentState } from '../graphql/generated/graphql';
import { isMoving } from '../model/deployment-state';
import type { LiveStatus } from './live-status';
import { MOVING_POLL_MS } from './polling';
import { usePolling } from './use-polling';

// What changes while a deployment moves: its progress and its event log.
graphql(`
  fragment LiveDeploymentFields on Deployment {
    ...DeploymentSummaryFields
    ...DeploymentTimelineFields
  }
`);

const LiveDeploymentQuery = graphql(`
  query LiveDeployment($applicationId: String!, $environmentId: String!, $deploymentNumber: Int!) {
    deployment(applicationId: $applicationId, environmentId: $environmentId, deploymentNumber: $deploymentNumber) {
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
 * Keeps one deployment current in Apollo's cache while it moves, and stops once it reaches a final
 * state (COMPLETE, ROLLED_BACK, REVERTED). Does nothing until the view has the deployment.
 */
export function useLiveDeployment(deployment: FollowedDeployment | null | undefined): LiveStatus {
  const following = isMoving(deployment?.state);
  const error = usePolling(
    LiveDeploymentQuery,
    {
      applicationId: deployment?.applicationId ?? '',
      environmentId: deployment?.environmentId ?? '',
      deploymentNumber: deployment?.deploymentNumber ?? 0,
    },
    following ? MOVING_POLL_MS : undefined,
  );
  return { following, error };
}
