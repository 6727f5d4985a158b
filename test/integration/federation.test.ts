import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTypeDefs } from '../../src/schema.js';
import { variedSeed } from '../fixtures/deployments.js';
import { releasesTypeDefs, startReleasesSubgraph } from '../fixtures/releases-subgraph.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

let upstream: TestEmulator;
let subgraph: TestGateway;
let releases: Awaited<ReturnType<typeof startReleasesSubgraph>>;
let router: ApolloServer;
let routerUrl: string;

beforeAll(async () => {
  upstream = await startTestEmulator(variedSeed('app1234', 'env1234', 7));
  subgraph = await startGateway({ endpoint: upstream.endpoint });
  releases = await startReleasesSubgraph();

  // Composition as rover does it; its errors, each with composition's explanation, fail the test.
  const composition = composeServices([
    { name: 'appconfig', typeDefs: loadTypeDefs(), url: subgraph.url.href },
    { name: 'releases', typeDefs: releasesTypeDefs, url: releases.url },
  ]);
  if (composition.errors) throw new Error(`Composition failed:\n${composition.errors.map((error) => error.toString()).join('\n')}`);

  router = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: composition.supergraphSdl }) });
  ({ url: routerUrl } = await startStandaloneServer(router, { listen: { port: 0, host: '127.0.0.1' } }));
});
afterAll(async () => {
  await router.stop();
  await releases.stop();
  await subgraph.stop();
  await upstream.close();
});
beforeEach(() => {
  upstream.setFaults([]);
  upstream.resetCounters();
});

async function routerQuery(query: string) {
  const response = await fetch(routerUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: unknown; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> };
}

describe('appconfig-graph in a supergraph', () => {
  it('resolves deployments referenced by another subgraph with one GetDeployment per distinct deployment, in one entities batch', async () => {
    const body = await routerQuery('{ releases { version deployment { deploymentNumber state releaseNotes eventLog { eventType } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      releases: [
        {
          version: '1.0.0',
          deployment: expect.objectContaining({ deploymentNumber: 4, state: 'COMPLETE', releaseNotes: 'Notes for deployment 4' }) as unknown,
        },
        { version: '1.0.1', deployment: expect.objectContaining({ deploymentNumber: 4, state: 'COMPLETE' }) as unknown },
        { version: '1.1.0', deployment: expect.objectContaining({ deploymentNumber: 6, state: 'ROLLED_BACK' }) as unknown },
        { version: '1.1.1', deployment: expect.objectContaining({ deploymentNumber: 6, state: 'ROLLED_BACK' }) as unknown },
        {
          version: '2.0.0',
          deployment: expect.objectContaining({ deploymentNumber: 7, state: 'REVERTED', releaseNotes: 'Notes for deployment 7' }) as unknown,
        },
      ],
    });
    expect(upstream.requestedDeployments().sort((a, b) => a - b)).toEqual([4, 6, 7]);
  });

  it("extends this subgraph's deployments with the other subgraph's field", async () => {
    const body = await routerQuery('{ deployment(applicationId: "app1234", environmentId: "env1234", deploymentNumber: 3) { state releaseNotes } }');
    expect(body).toEqual({ data: { deployment: { state: 'DEPLOYING', releaseNotes: 'Notes for deployment 3' } } });
    expect(upstream.callsTo('GetDeployment')).toBe(1);
  });

  it('nulls only the missing deployment of a page of references, with NOT_FOUND', async () => {
    // As if deployment 6 had been deleted since the other subgraph recorded it.
    upstream.setFaults([
      {
        fault: { kind: 'answer', status: 404, errorType: 'ResourceNotFoundException', body: '{"Message":"Deployment 6 not found"}' },
        operations: ['GetDeployment'],
        ids: ['6'],
      },
    ]);
    const body = await routerQuery('{ releases { version deployment { state } } }');
    const states = (body.data as { releases: Array<{ deployment: { state: string | null } | null }> }).releases.map(
      (release) => release.deployment?.state ?? null,
    );
    expect(states).toEqual(['COMPLETE', 'COMPLETE', null, null, 'REVERTED']);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});
