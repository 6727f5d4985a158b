import { useQuery } from '@apollo/client/react';
import { Link, useParams, useSearchParams } from 'react-router';
import { environmentPath } from '../../app/paths';
import { DeploymentSummary } from '../../components/DeploymentSummary';
import { LiveNotice } from '../../components/LiveNotice';
import { PageHeading } from '../../components/PageHeading';
import { Pager } from '../../components/Pager';
import { ProblemNotice } from '../../components/ProblemNotice';
import { StaleNotice } from '../../components/StaleNotice';
import { useStaleFields } from '../../graphql/gateway-context';
import { graphql } from '../../graphql/generated';
import { useLiveEnvironment } from '../../live';
import { isNotFoundAt } from '../../model/problems';
import { NotFoundView } from '../NotFoundView';

/** Deployments per page: AppConfig lists up to 50 per call, and ten fit a screen. */
const PAGE_SIZE = 10;

const EnvironmentQuery = graphql(`
  query EnvironmentPage($applicationId: String!, $environmentId: String!, $first: Int!, $after: String) {
    environment(applicationId: $applicationId, id: $environmentId) {
      applicationId
      id
      name
      description
      state
      monitors {
        alarmArn
      }
      application {
        id
        name
      }
      latestDeployment {
        ...DeploymentSummaryFields
      }
      deployments(first: $first, after: $after) {
        edges {
          node {
            ...DeploymentSummaryFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** One environment's deployments, newest first, a page at a time. */
export function EnvironmentView() {
  const { applicationId = '', environmentId = '' } = useParams();
  const [searchParams] = useSearchParams();
  const after = searchParams.get('after') ?? undefined;
  const variables = { applicationId, environmentId, first: PAGE_SIZE, after };
  const { data, error, loading } = useQuery(EnvironmentQuery, { variables, errorPolicy: 'all' });
  const stale = useStaleFields(EnvironmentQuery, variables);
  const environment = data?.environment;
  const live = useLiveEnvironment(environment);

  // The live feed follows the newest deployment; one started since the first page was read leads it.
  const listed = environment?.deployments?.edges.map((edge) => edge.node) ?? [];
  const latest = environment?.latestDeployment;
  const deployments = after === undefined && latest && latest.deploymentNumber > (listed[0]?.deploymentNumber ?? 0) ? [latest, ...listed] : listed;

  if (isNotFoundAt(error, 'environment')) return <NotFoundView what={`Environment ${environmentId} of application ${applicationId}`} />;
  const name = environment?.name ?? environmentId;
  const applicationName = environment?.application?.name ?? applicationId;
  const pageInfo = environment?.deployments?.pageInfo;

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <ol>
          <li>
            <Link to="/">Every environment</Link>
          </li>
          <li>{applicationName}</li>
          <li aria-current="page">{name}</li>
        </ol>
      </nav>
      <PageHeading title={`${name} · ${applicationName}`}>
        {name} <span className="heading__context">of {applicationName}</span>
      </PageHeading>
      <ProblemNotice error={error} during="Loading this environment" />
      <StaleNotice fields={stale} />
      {loading && !data ? <p role="status">Loading deployments…</p> : null}
      {environment ? (
        <>
          <dl className="facts facts--inline">
            <div>
              <dt>Environment</dt>
              <dd>
                <code>{environment.id}</code>
              </dd>
            </div>
            <div>
              <dt>State</dt>
              <dd>{environment.state ?? 'unknown'}</dd>
            </div>
            <div>
              <dt>Alarms watched</dt>
              <dd>{environment.monitors?.length ?? 'unknown'}</dd>
            </div>
          </dl>
          {environment.description ? <p>{environment.description}</p> : null}
          <LiveNotice status={live} subject="the newest deployment" />
          <h2>Deployments, newest first</h2>
          {deployments.length === 0 ? (
            <p>{after ? 'No older deployments.' : 'No deployments yet.'}</p>
          ) : (
            <ol className="deployments">
              {deployments.map((deployment) => (
                <li key={deployment.deploymentNumber} className="card">
                  <DeploymentSummary deployment={deployment} environmentName={name} />
                </li>
              ))}
            </ol>
          )}
          <Pager
            label="Pages of deployments"
            firstPath={after ? environmentPath(applicationId, environmentId) : undefined}
            firstText="Newest deployments"
            nextPath={pageInfo?.hasNextPage && pageInfo.endCursor ? environmentPath(applicationId, environmentId, pageInfo.endCursor) : undefined}
            nextText="Older deployments"
          />
        </>
      ) : null}
    </>
  );
}
