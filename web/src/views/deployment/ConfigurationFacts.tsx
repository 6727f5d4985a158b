import { graphql } from '../../graphql/generated';
import type { ConfigurationFactsFieldsFragment } from '../../graphql/generated/graphql';

graphql(`
  fragment ConfigurationFactsFields on Deployment {
    deploymentStrategyId
    configurationProfileId
    configurationName
    configurationVersion
    versionLabel
    configurationLocationUri
    kmsKeyIdentifier
    configurationProfile {
      applicationId
      id
      name
      type
      locationUri
    }
  }
`);

/** Which configuration was deployed: its profile, version and where it is stored. */
export function ConfigurationFacts({ deployment }: { readonly deployment: ConfigurationFactsFieldsFragment }) {
  const profile = deployment.configurationProfile;
  return (
    <dl className="facts">
      <div>
        <dt>Profile</dt>
        <dd>
          {profile?.name ?? deployment.configurationName ?? '—'} <code>{profile?.id ?? deployment.configurationProfileId}</code>
          {profile?.type ? ` · ${profile.type}` : ''}
        </dd>
      </div>
      <div>
        <dt>Version</dt>
        <dd>
          {deployment.configurationVersion ?? '—'}
          {deployment.versionLabel ? ` (${deployment.versionLabel})` : ''}
        </dd>
      </div>
      <div>
        <dt>Location</dt>
        <dd className="wrap-anywhere">{deployment.configurationLocationUri ?? profile?.locationUri ?? '—'}</dd>
      </div>
      {deployment.kmsKeyIdentifier ? (
        <div>
          <dt>KMS key</dt>
          <dd className="wrap-anywhere">{deployment.kmsKeyIdentifier}</dd>
        </div>
      ) : null}
    </dl>
  );
}
