import type { GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../../src/context.js';
import { ReadFreshness } from '../../src/loaders/read-freshness.js';
import type { DeploymentParent } from '../../src/model/deployment.js';
import { Deployment } from '../../src/resolvers/Deployment.js';

type Field = (parent: DeploymentParent, args: object, context: GatewayContext, info: GraphQLResolveInfo) => Promise<unknown>;
const field = (name: keyof typeof Deployment) => Deployment[name] as unknown as Field;

const key = { applicationId: 'a', environmentId: 'e', deploymentNumber: 1 };
const info = { path: { prev: undefined, key: 'field', typename: 'Deployment' } } as unknown as GraphQLResolveInfo;

/** A context whose only loader is the deployment's, answering `detail`: any other load fails the test. */
function contextLoading(detail: object) {
  const loads: unknown[] = [];
  const deployment = { load: (loaded: unknown) => (loads.push(loaded), Promise.resolve(detail)) };
  const context = { loaders: { deployment }, freshness: new ReadFreshness() } as unknown as GatewayContext;
  return { context, loads };
}

describe('Deployment fields that need AppConfig’s detail', () => {
  it('answers an empty event log and no applied extensions when the detail has none', async () => {
    const { context, loads } = contextLoading({});
    expect(await field('eventLog')({ key, summary: {} }, {}, context, info)).toStrictEqual([]);
    expect(await field('appliedExtensions')({ key, summary: {} }, {}, context, info)).toStrictEqual([]);
    expect(loads).toStrictEqual([key, key]);
  });

  it('answers a null strategy without loading one when the deployment names none', async () => {
    const { context } = contextLoading({});
    expect(await field('deploymentStrategy')({ key, detail: {} }, {}, context, info)).toBeNull();
    expect(await field('deploymentStrategy')({ key, summary: {} }, {}, context, info)).toBeNull();
  });

  it('answers a null profile without loading one when the deployment names none', async () => {
    const { context } = contextLoading({});
    expect(await field('configurationProfile')({ key, detail: {} }, {}, context, info)).toBeNull();
    expect(await field('configurationProfile')({ key, summary: {} }, {}, context, info)).toBeNull();
  });
});
