import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';

/**
 * One Apollo Client for the page. Entities are normalised by the keys the gateway declares with
 * `@key`, so a deployment fetched by any view or by the live feed updates every view showing it.
 * Views ask with errorPolicy 'all' (a failing field nulls only itself, so they show the rest beside
 * the error); the live feed asks with 'none', so a failed update never overwrites good data.
 */
export function createApolloClient(graphqlUrl: string): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: graphqlUrl }),
    cache: new InMemoryCache({
      typePolicies: {
        Deployment: { keyFields: ['applicationId', 'environmentId', 'deploymentNumber'] },
        Environment: { keyFields: ['applicationId', 'id'] },
        ConfigurationProfile: { keyFields: ['applicationId', 'id'] },
      },
    }),
  });
}
