import { describe, expect, it } from 'vitest';
import { mergeSeeds, variedSeed } from '../fixtures/deployments.js';
import { useGatewayOverEmulator } from '../support/harness.js';

/** 120 deployments in env1234, and an environment `empty` with none. */
const t = useGatewayOverEmulator(
  mergeSeeds(variedSeed('app1234', 'env1234', 120), { Environments: [{ ApplicationId: 'app1234', Id: 'empty', Name: 'empty' }] }),
);

interface Page {
  edges: Array<{ cursor: string; node: { deploymentNumber: number } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

async function page(first: number, after?: string | null, nodeSelection = 'deploymentNumber'): Promise<Page> {
  const { body } = await t.gateway.query(
    `query($first: Int!, $after: String) {
      deployments(applicationId: "app1234", environmentId: "env1234", first: $first, after: $after) {
        edges { cursor node { ${nodeSelection} } } pageInfo { hasNextPage endCursor }
      }
    }`,
    { first, after },
  );
  expect(body.errors).toBeUndefined();
  return (body.data as { deployments: Page }).deployments;
}

const numbersOf = (result: Page) => result.edges.map((edge) => edge.node.deploymentNumber);
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);

describe('deployments(...)', () => {
  it('lists the newest deployments first with one ListDeployments call and no GetDeployment', async () => {
    const result = await page(10, null, 'deploymentNumber state percentageComplete configurationName startedAt versionLabel');

    expect(numbersOf(result)).toEqual(range(120, 111));
    expect(result.pageInfo).toEqual({ hasNextPage: true, endCursor: result.edges[9]?.cursor });
    expect(t.upstream.requestsTo('ListDeployments').map((request) => request.query.get('max_results'))).toEqual(['50']);
    expect(t.upstream.callsTo('GetDeployment')).toBe(0);
  });

  it('walks every deployment exactly once across AppConfig page boundaries', async () => {
    const seen: number[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const result: Page = await page(33, after);
      seen.push(...numbersOf(result));
      after = result.pageInfo.endCursor;
      if (!result.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(range(120, 1));
  });

  it('fills a page of 100 from three AppConfig pages', async () => {
    const first = await page(30);
    t.upstream.resetCounters();

    const result = await page(100, first.pageInfo.endCursor);

    expect(numbersOf(result)).toEqual(range(90, 1));
    expect(result.pageInfo.hasNextPage).toBe(false);
    // The page the cursor points into again, then the two after it by AppConfig's own (opaque) tokens.
    const tokens = t.upstream.requestsTo('ListDeployments').map((request) => request.query.get('next_token'));
    expect(tokens).toEqual([null, expect.any(String), expect.any(String)]);
    expect(new Set(tokens).size).toBe(3);
  });

  it('loads detail-only fields through the deployment loader: one GetDeployment per listed deployment', async () => {
    const result = await page(10, null, 'deploymentNumber state eventLog { eventType } deploymentStrategyId');

    expect(result.edges).toHaveLength(10);
    expect(t.upstream.callsTo('ListDeployments')).toBe(1);
    expect(t.upstream.requestedDeployments().sort((a, b) => b - a)).toEqual(range(120, 111));
  });

  it('returns an empty page for an environment without deployments', async () => {
    const { body } = await t.gateway.query(`{ deployments(applicationId: "app1234", environmentId: "empty", first: 5) {
      edges { cursor } pageInfo { hasNextPage endCursor } } }`);
    expect(body).toEqual({ data: { deployments: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } });
  });
});
