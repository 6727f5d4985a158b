import { useSubscription } from '@apollo/client/react';
import { graphql } from '../graphql/generated';
import type { DeploymentState } from '../graphql/generated/graphql';
import { isMoving } from '../model/deployment-state';
import type { LiveStatus } from './live-status';
import { useResubscribeAfterError } from './use-resubscribe';

const LatestDeploymentChangedSubscription = graphql(`
  subscription LatestDeploymentChanged($applicationId: String!, $environmentId: String!) {
    latestDeploymentChanged(applicationId: $applicationId, environmentId: $environmentId) {
      ...DeploymentSummaryFields
    }
  }
`);

// Where the views read an environment's newest deployment; each one the subscription sends goes there.
const EnvironmentLatestDeploymentFragment = graphql(`
  fragment EnvironmentLatestDeployment on Environment {
    applicationId
    id
    latestDeployment {
      ...DeploymentSummaryFields
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
 * so every view showing it updates by itself. Does nothing until the view has the environment.
 */
export function useLiveEnvironment(environment: FollowedEnvironment | null | undefined): LiveStatus {
  const applicationId = environment?.applicationId ?? '';
  const id = environment?.id ?? '';
  const subscription = useSubscription(LatestDeploymentChangedSubscription, {
    variables: { applicationId, environmentId: id },
    skip: !environment,
    onData: ({ client, data }) => {
      if (data.data === undefined) return;
      client.cache.writeFragment({
        id: client.cache.identify({ __typename: 'Environment', applicationId, id }),
        fragment: EnvironmentLatestDeploymentFragment,
        fragmentName: 'EnvironmentLatestDeployment',
        data: { applicationId, id, latestDeployment: data.data.latestDeploymentChanged },
      });
    },
  });
  useResubscribeAfterError(subscription);
  return { following: isMoving(environment?.latestDeployment?.state), error: subscription.error };
}
