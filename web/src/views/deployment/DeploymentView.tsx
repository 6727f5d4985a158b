import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { environmentPath } from '../../app/paths';
import { AppliedExtensions } from '../../components/AppliedExtensions';
import { DeploymentTimes } from '../../components/DeploymentTimes';
import { EventTimeline } from '../../components/EventTimeline';
import { LiveNotice } from '../../components/LiveNotice';
import { PageHeading } from '../../components/PageHeading';
import { ProblemNotice } from '../../components/ProblemNotice';
import { ProgressBar } from '../../components/ProgressBar';
import { StaleNotice } from '../../components/StaleNotice';
import { StateBadge } from '../../components/StateBadge';
import { StrategySummary } from '../../components/StrategySummary';
import { useStaleFields } from '../../graphql/gateway-context';
import { graphql } from '../../graphql/generated';
import { useLiveDeployment } from '../../live';
import { isNotFoundAt } from '../../model/problems';
import { NotFoundView } from '../NotFoundView';
import { ConfigurationFacts } from './ConfigurationFacts';

const DeploymentQuery = graphql(`
  query DeploymentPage($applicationId: String!, $environmentId: String!, $deploymentNumber: Int!) {
    deployment(applicationId: $applicationId, environmentId: $environmentId, deploymentNumber: $deploymentNumber) {
      ...LiveDeploymentFields
      ...AppliedExtensionsFields
      ...ConfigurationFactsFields
      description
      application {
        id
        name
      }
      environment {
        applicationId
        id
        name
      }
      deploymentStrategy {
        id
        name
        description
      }
    }
  }
`);

/** A deployment's whole story: strategy, progress, events with their extension actions, extensions, configuration. */
export function DeploymentView() {
  const { applicationId = '', environmentId = '', deploymentNumber: numberParam = '' } = useParams();
  const deploymentNumber = /^[1-9]\d{0,8}$/.test(numberParam) ? Number(numberParam) : undefined;
  const variables = { applicationId, environmentId, deploymentNumber: deploymentNumber ?? 0 };
  const { data, error, loading } = useQuery(DeploymentQuery, { variables, skip: deploymentNumber === undefined, errorPolicy: 'all' });
  const stale = useStaleFields(DeploymentQuery, variables);
  const deployment = data?.deployment;
  const live = useLiveDeployment(deployment);

  const subject = `Deployment #${numberParam} of ${applicationId}/${environmentId}`;
  if (deploymentNumber === undefined || isNotFoundAt(error, 'deployment')) return <NotFoundView what={subject} />;
  const environmentName = deployment?.environment?.name ?? environmentId;
  const applicationName = deployment?.application?.name ?? applicationId;

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <ol>
          <li>
            <Link to="/">Every environment</Link>
          </li>
          <li>{applicationName}</li>
          <li>
            <Link to={environmentPath(applicationId, environmentId)}>{environmentName}</Link>
          </li>
          <li aria-current="page">#{deploymentNumber}</li>
        </ol>
      </nav>
      <PageHeading title={`Deployment #${deploymentNumber} to ${environmentName}`}>
        Deployment #{deploymentNumber}{' '}
        <span className="heading__context">
          to {environmentName} of {applicationName}
        </span>
      </PageHeading>
      <ProblemNotice error={error} during="Loading this deployment" />
      <StaleNotice fields={stale} />
      {loading && !data ? <p role="status">Loading the deployment…</p> : null}
      {deployment ? (
        <>
          <section className="panel" aria-labelledby="progress-heading">
            <h2 id="progress-heading" className="panel__title">
              Progress <StateBadge state={deployment.state} />
            </h2>
            <ProgressBar percentage={deployment.percentageComplete} state={deployment.state} label={`Deployment ${deploymentNumber} to ${environmentName}`} />
            <LiveNotice status={live} subject="this deployment" />
            <DeploymentTimes startedAt={deployment.startedAt} completedAt={deployment.completedAt} />
            {deployment.description ? <p className="panel__description">{deployment.description}</p> : null}
          </section>
          <section className="panel" aria-labelledby="strategy-heading">
            <h2 id="strategy-heading" className="panel__title">
              Strategy
            </h2>
            <p>
              {deployment.deploymentStrategy?.name ?? 'Deployment strategy'}{' '}
              <code className="wrap-anywhere">{deployment.deploymentStrategy?.id ?? deployment.deploymentStrategyId}</code>
              {deployment.deploymentStrategy?.description ? ` — ${deployment.deploymentStrategy.description}` : ''}
            </p>
            <StrategySummary strategy={deployment} />
          </section>
          <section className="panel" aria-labelledby="configuration-heading">
            <h2 id="configuration-heading" className="panel__title">
              Configuration
            </h2>
            <ConfigurationFacts deployment={deployment} />
          </section>
          <section className="panel" aria-labelledby="events-heading">
            <h2 id="events-heading" className="panel__title">
              Events, newest first
            </h2>
            <EventTimeline events={deployment.eventLog} />
          </section>
          <section className="panel" aria-labelledby="extensions-heading">
            <h2 id="extensions-heading" className="panel__title">
              Applied extensions
            </h2>
            <AppliedExtensions extensions={deployment.appliedExtensions} />
          </section>
        </>
      ) : null}
    </>
  );
}
