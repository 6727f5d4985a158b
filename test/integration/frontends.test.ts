import { createHash } from 'node:crypto';
import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { describe, expect, it } from 'vitest';
import { variedSeed } from '../fixtures/deployments.js';
import { useGatewayOverEmulator } from '../support/harness.js';

/** Deployments 1–7 are BAKING, VALIDATING, DEPLOYING, COMPLETE, ROLLING_BACK, ROLLED_BACK, REVERTED. */
const t = useGatewayOverEmulator(variedSeed('app1234', 'env1234', 7));

const byNumber = (n: number, alias = `d${n}`) =>
  `${alias}: deployment(applicationId: "app1234", environmentId: "env1234", deploymentNumber: ${n}) { state eventLog { eventType actionInvocations { actionName } } }`;

async function cacheControlOf(query: string): Promise<string | null> {
  const response = await fetch(t.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  await response.json();
  return response.headers.get('cache-control');
}

/** An Apollo Client over the gateway; `requests` records what it sent, to check APQ's hash-first GETs. */
function apolloClient(options: { persisted?: boolean; requests?: Array<{ method: string; url: string; body: string }> } = {}) {
  const http = new HttpLink({
    uri: t.gateway.url.href,
    fetch: (input: string | URL | Request, init?: RequestInit) => {
      options.requests?.push({
        method: init?.method ?? 'GET',
        url: input instanceof Request ? input.url : input.toString(),
        body: typeof init?.body === 'string' ? init.body : '',
      });
      return fetch(input, init);
    },
  });
  const sha256 = (query: string) => createHash('sha256').update(query).digest('hex');
  return new ApolloClient({
    link: options.persisted ? new PersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(http) : http,
    cache: new InMemoryCache(),
  });
}

describe('HTTP caching of deployment data', () => {
  it.each([
    [4, 'COMPLETE', 'max-age=86400, public'],
    [6, 'ROLLED_BACK', 'max-age=86400, public'],
    [7, 'REVERTED', 'max-age=86400, public'],
    [1, 'BAKING', 'max-age=5, public'],
    [3, 'DEPLOYING', 'max-age=5, public'],
    [5, 'ROLLING_BACK', 'max-age=5, public'],
  ])('gives deployment %d (%s) Cache-Control "%s", nested objects included', async (n, _state, header) => {
    expect(await cacheControlOf(`{ ${byNumber(n)} }`)).toBe(header);
  });

  it('takes the shortest max-age of the whole operation', async () => {
    expect(await cacheControlOf(`{ ${byNumber(4)} ${byNumber(3)} }`)).toBe('max-age=5, public');
  });

  it('caches a list only as long as an active deployment', async () => {
    expect(
      await cacheControlOf(
        '{ deployments(applicationId: "app1234", environmentId: "env1234", first: 3) { edges { node { state eventLog { eventType } } } pageInfo { endCursor } } }',
      ),
    ).toBe('max-age=5, public');
  });

  it('does not let a response with errors be cached', async () => {
    expect(await cacheControlOf(`{ ${byNumber(4)} ${byNumber(99)} }`)).toBe('no-store');
  });
});

describe('Automatic persisted queries', () => {
  it('serves a registered query by its hash alone over GET, cacheably', async () => {
    const query = '{ deployment(applicationId: "app1234", environmentId: "env1234", deploymentNumber: 4) { state } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const url = new URL(t.gateway.url);
    url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash } }));
    const headers = { 'apollo-require-preflight': 'true' };

    const unknown = await (await fetch(url, { headers })).json();
    expect(unknown).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });

    url.searchParams.set('query', query);
    expect(await (await fetch(url, { headers })).json()).toEqual({ data: { deployment: { state: 'COMPLETE' } } });

    url.searchParams.delete('query');
    const byHash = await fetch(url, { headers });
    expect(await byHash.json()).toEqual({ data: { deployment: { state: 'COMPLETE' } } });
    expect(byHash.headers.get('cache-control')).toBe('max-age=86400, public');
  });
});

describe('@apollo/client in Node', () => {
  it('runs a query', async () => {
    const { data } = await apolloClient().query({ query: gql(`{ ${byNumber(4, 'deployment')} }`) });
    expect(data).toMatchObject({ deployment: { __typename: 'Deployment', state: 'COMPLETE' } });
  });

  it('runs a query through APQ: the hash alone over GET, the full query only the first time', async () => {
    const query = gql`
      query Persisted {
        deployment(applicationId: "app1234", environmentId: "env1234", deploymentNumber: 6) {
          state
        }
      }
    `;
    const first: Array<{ method: string; url: string; body: string }> = [];
    const { data } = await apolloClient({ persisted: true, requests: first }).query({ query });
    expect(data).toMatchObject({ deployment: { state: 'ROLLED_BACK' } });
    expect(first.map((request) => request.method)).toEqual(['GET', 'POST']);
    expect(first[0]?.url).toContain('persistedQuery');
    expect(first[0]?.url).not.toContain('query=');

    const second: Array<{ method: string; url: string; body: string }> = [];
    const again = await apolloClient({ persisted: true, requests: second }).query({ query });
    expect(again.data).toMatchObject({ deployment: { state: 'ROLLED_BACK' } });
    expect(second.map((request) => request.method)).toEqual(['GET']);
    expect(t.upstream.callsTo('GetDeployment')).toBe(2);
  });

  it('receives an error with its code', async () => {
    const error: unknown = await apolloClient()
      .query({ query: gql(`{ ${byNumber(404, 'deployment')} }`) })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    expect((error as CombinedGraphQLErrors).errors[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it('receives a partial result: the failing alias is null, the rest answers', async () => {
    const { data, error } = await apolloClient().query({ query: gql(`{ ${byNumber(4, 'found')} ${byNumber(404, 'missing')} }`), errorPolicy: 'all' });
    expect(data).toMatchObject({ found: { state: 'COMPLETE' }, missing: null });
    expect((error as CombinedGraphQLErrors).errors.map((e) => [e.path, e.extensions?.['code']])).toEqual([[['missing'], 'NOT_FOUND']]);
  });
});
