import { ApolloClient, ApolloLink, gql, InMemoryCache } from '@apollo/client';
import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { subscriptionUrl } from '../src/graphql/live-connection';
import { StaleAnswers, staleFieldsOf } from '../src/graphql/stale-answers';

describe('subscriptionUrl', () => {
  it("derives the WebSocket address from the page's own origin: ws: beside http:, wss: beside https:", () => {
    expect(subscriptionUrl({ protocol: 'http:', host: '127.0.0.1:4000' }, '/graphql')).toBe('ws://127.0.0.1:4000/graphql');
    expect(subscriptionUrl({ protocol: 'https:', host: 'deployments.example.com' }, '/graphql')).toBe('wss://deployments.example.com/graphql');
  });
});

const staleField = { path: ['environment', 'deployments'], resource: 'deploymentPage:["chk2svc","prod7ea"]', ageSeconds: 600, reason: 'UPSTREAM_ERROR' };

describe('staleFieldsOf', () => {
  it("reads a response's extensions.stale, leaving out what does not read as a stale field", () => {
    expect(staleFieldsOf({ stale: [staleField, { path: 'environment' }, null] })).toEqual([staleField]);
    expect(staleFieldsOf({ stale: [{ ...staleField, path: null }] })).toEqual([{ ...staleField, path: null }]);
    expect(staleFieldsOf(undefined)).toEqual([]);
    expect(staleFieldsOf({ stale: 'yes' })).toEqual([]);
  });
});

// Outside web/src, so not among the typed documents: a plain one does here.
const EnvironmentStateQuery = gql`
  query EnvironmentStateForTest($applicationId: String!, $environmentId: String!) {
    environment(applicationId: $applicationId, id: $environmentId) {
      applicationId
      id
      state
    }
  }
`;

describe('StaleAnswers', () => {
  /** A client whose link answers each query with `extensions`, as the gateway would. */
  const clientAnswering = (answers: StaleAnswers, extensions: () => Record<string, unknown> | undefined) =>
    new ApolloClient({
      cache: new InMemoryCache(),
      link: ApolloLink.from([
        answers.link,
        new ApolloLink(() =>
          of({ data: { environment: { __typename: 'Environment', applicationId: 'chk2svc', id: 'prod7ea', state: 'DEPLOYING' } }, extensions: extensions() }),
        ),
      ]),
    });

  it("notes each answer's stale fields by operation and variables, and clears them with a fresh answer", async () => {
    const answers = new StaleAnswers();
    let extensions: Record<string, unknown> | undefined = { stale: [staleField] };
    let changes = 0;
    answers.onChange(() => (changes += 1));
    const client = clientAnswering(answers, () => extensions);
    const variables = { applicationId: 'chk2svc', environmentId: 'prod7ea' };

    await client.query({ query: EnvironmentStateQuery, variables, fetchPolicy: 'network-only' });
    // The variables' order does not matter; their values do.
    expect(answers.get('EnvironmentStateForTest', { environmentId: 'prod7ea', applicationId: 'chk2svc' })).toEqual([staleField]);
    expect(answers.get('EnvironmentStateForTest', { ...variables, environmentId: 'stg4kq1' })).toBeUndefined();
    expect(changes).toBe(1);

    extensions = undefined;
    await client.query({ query: EnvironmentStateQuery, variables, fetchPolicy: 'network-only' });
    expect(answers.get('EnvironmentStateForTest', variables)).toBeUndefined();
    expect(changes).toBe(2);
  });
});
