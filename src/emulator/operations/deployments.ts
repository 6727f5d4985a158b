import { deploymentSummary, deploymentView, startDeployment, startedView, stopDeployment } from '../deployments.js';
import type { OperationContext, OperationHandlers } from './types.js';

type DeploymentOperations = Pick<OperationHandlers, 'StartDeployment' | 'StopDeployment' | 'GetDeployment' | 'ListDeployments'>;

export function deploymentOperations({ model, state, clock, paginator, validation }: OperationContext): DeploymentOperations {
  return {
    StartDeployment: (input) => startedView(startDeployment(state, validation, input, clock.now())),
    StopDeployment(input) {
      const record = state.deployment(input.ApplicationId, input.EnvironmentId, input.DeploymentNumber);
      stopDeployment(record, input.AllowRevert === true, clock.now());
      return deploymentView(record, clock.now());
    },
    GetDeployment: (input) => deploymentView(state.deployment(input.ApplicationId, input.EnvironmentId, input.DeploymentNumber), clock.now()),
    /** Newest first, as AppConfig lists them; a deployment started between pages does not shift later pages. */
    ListDeployments(input) {
      const now = clock.now();
      const newestFirst = [...state.deploymentsOf(input.ApplicationId, input.EnvironmentId)]
        .reverse()
        .map((record) => ({ position: -record.identity.DeploymentNumber, item: deploymentSummary(model, record, now) }));
      return paginator.page('ListDeployments', input, newestFirst);
    },
  };
}
