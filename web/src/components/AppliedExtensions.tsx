import { graphql } from '../graphql/generated';
import type { AppliedExtensionsFieldsFragment } from '../graphql/generated/graphql';

graphql(`
  fragment AppliedExtensionsFields on Deployment {
    appliedExtensions {
      extensionId
      extensionAssociationId
      versionNumber
      parameters {
        name
        value
      }
    }
  }
`);

/** The extensions AppConfig applied to the deployment, with the parameters each was given. */
export function AppliedExtensions({ extensions }: { readonly extensions: AppliedExtensionsFieldsFragment['appliedExtensions'] }) {
  // Null when they could not be read: the page's notice says why.
  if (extensions === null) return <p>The applied extensions could not be read.</p>;
  if (extensions.length === 0) return <p>No extensions were applied.</p>;
  return (
    <ul className="extensions">
      {extensions.map((extension) => (
        <li key={`${extension.extensionAssociationId ?? ''}-${extension.extensionId ?? ''}`} className="extension">
          <p className="extension__head">
            <strong>{extension.extensionId ?? 'Extension'}</strong>
            {extension.versionNumber != null ? ` version ${extension.versionNumber}` : ''}
            {extension.extensionAssociationId ? ` · association ${extension.extensionAssociationId}` : ''}
          </p>
          {extension.parameters?.length ? (
            <table className="parameters">
              <caption className="visually-hidden">Parameters of {extension.extensionId}</caption>
              <thead>
                <tr>
                  <th scope="col">Parameter</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                {extension.parameters.map((parameter) => (
                  <tr key={parameter.name}>
                    <th scope="row">{parameter.name}</th>
                    <td className="wrap-anywhere">{parameter.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>No parameters.</p>
          )}
        </li>
      ))}
    </ul>
  );
}
