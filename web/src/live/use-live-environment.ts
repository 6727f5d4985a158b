import { graphql } from '../graphql/generated';
import type { DeploymentState } from '../graphql/generated/graphql';
import { isMoving } from '../model/deployment-state';
import type { LiveStatus } from './live-status';
import { IDLE_POLL_MS, MOVING_POLL_MS } from './polling';
import { usePolling } from './use-polling';

const LiveEnvironmentQuery = graphql(`
  query LiveEnvironment($applicationId: String!, $environmentId: String!) {
    environment(applicationId: $applicationId, id: $environmentId) {
      applicationId
      id
      state
      latestDeployment {
        ...DeploymentSummaryFields
      }
    }
  }
`);

/** An environment as a view already shows it: enough to know what to follow. */
export interface FollowedEnvironment {
  readonly applicationId: string;
  readonly id: string;
  readonly latestDeployment?: { readonly state?: DeploymentState | null } | null;
}

/**
 * Keeps an environment's newest deployment current in Apollo's cache, a newly started one included,
 * so every view showing it updates by itself: closely while it moves, rarely otherwise. Does nothing
 * until the view has the environment.
 */
export function useLiveEnvironment(environment: FollowedEnvironment | null | undefined): LiveStatus {
  const following = isMoving(environment?.latestDeployment?.state);
  const error = usePolling(
    LiveEnvironmentQuery,
    { applicationId: environment?.applicationId ?? '', environmentId: environment?.id ?? '' },
    environment ? (following ? MOVING_POLL_MS : IDLE_POLL_MS) : undefined,
  );
  return { following, error };
}
