import { Link } from 'react-router';
import { deploymentPath } from '../app/paths';
import { graphql } from '../graphql/generated';
import type { DeploymentSummaryFieldsFragment } from '../graphql/generated/graphql';
import { DeploymentTimes } from './DeploymentTimes';
import { ProgressBar } from './ProgressBar';
import { StateBadge } from './StateBadge';
import { StrategySummary } from './StrategySummary';

// Only fields ListDeployments returns, so a list of these costs one AppConfig call per page.
graphql(`
  fragment DeploymentSummaryFields on Deployment {
    applicationId
    environmentId
    deploymentNumber
    state
    percentageComplete
    growthType
    growthFactor
    deploymentDurationInMinutes
    finalBakeTimeInMinutes
    startedAt
    completedAt
    configurationName
    configurationVersion
    versionLabel
  }
`);

interface DeploymentSummaryProps {
  readonly deployment: DeploymentSummaryFieldsFragment;
  /** Names the environment in the progress bar's label, where a page shows several. */
  readonly environmentName: string;
}

/** A deployment at a glance: state, progress, strategy, times, and a link to its whole story. */
export function DeploymentSummary({ deployment, environmentName }: DeploymentSummaryProps) {
  const { applicationId, environmentId, deploymentNumber, state } = deployment;
  return (
    <div className="summary" data-deployment={deploymentNumber}>
      <div className="summary__head">
        <Link className="summary__title" to={deploymentPath(applicationId, environmentId, deploymentNumber)}>
          Deployment #{deploymentNumber}
        </Link>
        <StateBadge state={state} />
      </div>
      <ProgressBar percentage={deployment.percentageComplete} state={state} label={`Deployment ${deploymentNumber} to ${environmentName}`} />
      <p className="summary__configuration">
        {deployment.configurationName ?? 'Configuration'} version {deployment.configurationVersion ?? '—'}
        {deployment.versionLabel ? ` (${deployment.versionLabel})` : ''}
      </p>
      <StrategySummary strategy={deployment} />
      <DeploymentTimes startedAt={deployment.startedAt} completedAt={deployment.completedAt} />
    </div>
  );
}
