import { Link } from 'react-router';
import { environmentPath } from '../../app/paths';
import { DeploymentSummary } from '../../components/DeploymentSummary';
import { LiveNotice } from '../../components/LiveNotice';
import { graphql } from '../../graphql/generated';
import type { EnvironmentCardFieldsFragment } from '../../graphql/generated/graphql';
import { useLiveEnvironment } from '../../live';

graphql(`
  fragment EnvironmentCardFields on Environment {
    applicationId
    id
    name
    state
    latestDeployment {
      ...DeploymentSummaryFields
    }
  }
`);

/** One environment of the overview with its newest deployment, kept live. */
export function EnvironmentCard({ environment }: { readonly environment: EnvironmentCardFieldsFragment }) {
  const { applicationId, id, latestDeployment } = environment;
  const name = environment.name ?? id;
  const live = useLiveEnvironment(environment);
  return (
    <article className="card" data-environment={id} aria-labelledby={`environment-${applicationId}-${id}`}>
      <h3 className="card__title" id={`environment-${applicationId}-${id}`}>
        <Link to={environmentPath(applicationId, id)}>{name}</Link>
      </h3>
      <p className="card__meta">
        <code>{id}</code> · {environment.state ?? 'state unknown'}
      </p>
      {latestDeployment ? <DeploymentSummary deployment={latestDeployment} environmentName={name} /> : <p className="card__empty">No deployments yet.</p>}
      <LiveNotice status={live} subject="this environment" />
    </article>
  );
}
