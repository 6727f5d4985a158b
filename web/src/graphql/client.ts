import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { isSubscriptionOperation } from '@apollo/client/utilities';
import { createLiveConnection, type LiveConnection, subscriptionUrl } from './live-connection';
import { StaleAnswers } from './stale-answers';

/** The page's way to the gateway: Apollo Client, and what it tells beside the data. */
export interface GatewayClient {
  readonly apollo: ApolloClient;
  /** Whether live updates are getting through. */
  readonly live: LiveConnection;
  /** Which answers held data the gateway served from its cache because AppConfig failed. */
  readonly staleAnswers: StaleAnswers;
}

/**
 * One Apollo Client for the page. Queries go over HTTP; subscriptions over one WebSocket on the same
 * path and origin (live-connection.ts says why a WebSocket). Entities are normalised by the keys the
 * gateway declares with `@key`, so a deployment a subscription sends updates every view showing it.
 */
export function createGatewayClient(page: Pick<Location, 'protocol' | 'host'>, graphqlPath: string): GatewayClient {
  const live = createLiveConnection(subscriptionUrl(page, graphqlPath));
  const staleAnswers = new StaleAnswers();
  const apollo = new ApolloClient({
    link: ApolloLink.split(
      (operation) => isSubscriptionOperation(operation.query),
      ApolloLink.from([live.tracking, new GraphQLWsLink(live.client)]),
      ApolloLink.from([staleAnswers.link, new HttpLink({ uri: graphqlPath })]),
    ),
    cache: new InMemoryCache({
      typePolicies: {
        Deployment: { keyFields: ['applicationId', 'environmentId', 'deploymentNumber'] },
        Environment: { keyFields: ['applicationId', 'id'] },
        ConfigurationProfile: { keyFields: ['applicationId', 'id'] },
      },
    }),
  });
  return { apollo, live, staleAnswers };
}
