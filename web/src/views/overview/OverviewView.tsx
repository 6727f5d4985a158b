import { useQuery } from '@apollo/client/react';
import { useSearchParams } from 'react-router';
import { overviewPath } from '../../app/paths';
import { PageHeading } from '../../components/PageHeading';
import { Pager } from '../../components/Pager';
import { ProblemNotice } from '../../components/ProblemNotice';
import { StaleNotice } from '../../components/StaleNotice';
import { useStaleFields } from '../../graphql/gateway-context';
import { graphql } from '../../graphql/generated';
import { EnvironmentCard } from './EnvironmentCard';

const OverviewQuery = graphql(`
  query Overview($after: String) {
    applications(first: 50, after: $after) {
      edges {
        node {
          id
          name
          description
          environments {
            ...EnvironmentCardFields
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** Every application's environments, each with its latest deployment: the state of everything at a glance. */
export function OverviewView() {
  const [searchParams] = useSearchParams();
  const after = searchParams.get('after') ?? undefined;
  const { data, error, loading } = useQuery(OverviewQuery, { variables: { after }, errorPolicy: 'all' });
  const stale = useStaleFields(OverviewQuery, { after });
  const applications = data?.applications?.edges.map((edge) => edge.node) ?? [];
  const pageInfo = data?.applications?.pageInfo;

  return (
    <>
      <PageHeading title="Every environment" />
      <ProblemNotice error={error} during="Loading the applications" />
      <StaleNotice fields={stale} />
      {loading && !data ? <p role="status">Loading applications…</p> : null}
      {data?.applications && applications.length === 0 ? <p>AppConfig lists no applications for this account and region.</p> : null}
      {applications.map((application) => (
        <section key={application.id} className="application" aria-labelledby={`application-${application.id}`}>
          <h2 id={`application-${application.id}`}>
            {application.name ?? application.id} <code className="application__id">{application.id}</code>
          </h2>
          {application.description ? <p className="application__description">{application.description}</p> : null}
          {/* Null when the list could not be read: the notice above says why. */}
          {application.environments === null ? (
            <p>The environments could not be read.</p>
          ) : application.environments.length === 0 ? (
            <p>No environments.</p>
          ) : (
            <div className="cards">
              {application.environments.map((environment) => (
                <EnvironmentCard key={environment.id} environment={environment} />
              ))}
            </div>
          )}
        </section>
      ))}
      <Pager
        label="Pages of applications"
        firstPath={after ? overviewPath() : undefined}
        firstText="First applications"
        nextPath={pageInfo?.hasNextPage && pageInfo.endCursor ? overviewPath(pageInfo.endCursor) : undefined}
        nextText="More applications"
      />
    </>
  );
}
