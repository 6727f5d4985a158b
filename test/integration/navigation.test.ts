import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { navigationSeed } from '../fixtures/navigation-seed.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

let emulator: TestEmulator;
let gateway: TestGateway;

beforeAll(async () => {
  emulator = await startTestEmulator(navigationSeed());
  gateway = await startGateway({ endpoint: emulator.endpoint });
});
afterAll(async () => {
  await gateway.stop();
  await emulator.close();
});
beforeEach(() => {
  emulator.calls.length = 0;
});

async function data(query: string, variables?: Record<string, unknown>) {
  const { body } = await gateway.query(query, variables);
  expect(body.errors).toBeUndefined();
  return body.data as Record<string, unknown>;
}

describe('navigating AppConfig', () => {
  it('pages applications across AppConfig pages, each exactly once', async () => {
    const ids: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 5; guard += 1) {
      const result = (await data(
        'query($after: String) { applications(first: 25, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } } }',
        { after },
      )) as {
        applications: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
      };
      ids.push(...result.applications.edges.map((edge) => edge.node.id));
      after = result.applications.pageInfo.endCursor;
      if (!result.applications.pageInfo.hasNextPage) break;
    }
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => `app${String(i).padStart(4, '0')}`));
  });

  it('answers each root field', async () => {
    expect(
      await data(`{
        application(id: "app0000") { id name }
        environment(applicationId: "app0000", id: "env0000") { applicationId id name state monitors { alarmArn alarmRoleArn } }
        deploymentStrategy(id: "str0000") { id name growthType growthFactor deploymentDurationInMinutes finalBakeTimeInMinutes replicateTo }
        predefined: deploymentStrategy(id: "AppConfig.AllAtOnce") { deploymentDurationInMinutes finalBakeTimeInMinutes }
        configurationProfile(applicationId: "app0000", id: "prf0000") { id name description type locationUri validators { type } }
        deploymentStrategies(first: 10) { edges { node { id } } }
      }`),
    ).toEqual({
      application: { id: 'app0000', name: 'application 0' },
      environment: {
        applicationId: 'app0000',
        id: 'env0000',
        name: 'production',
        state: 'READY_FOR_DEPLOYMENT',
        monitors: [{ alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors', alarmRoleArn: null }],
      },
      deploymentStrategy: {
        id: 'str0000',
        name: 'steady',
        growthType: 'LINEAR',
        growthFactor: 20,
        deploymentDurationInMinutes: 10,
        finalBakeTimeInMinutes: 5,
        replicateTo: 'NONE',
      },
      predefined: { deploymentDurationInMinutes: 0, finalBakeTimeInMinutes: 10 },
      configurationProfile: {
        id: 'prf0000',
        name: 'flags',
        description: 'feature flags',
        type: 'AWS.AppConfig.FeatureFlags',
        locationUri: 'hosted',
        validators: [{ type: 'LAMBDA' }],
      },
      deploymentStrategies: {
        edges: [
          'AppConfig.Linear50PercentEvery30Seconds',
          'AppConfig.Linear20PercentEvery6Minutes',
          'AppConfig.Canary10Percent20Minutes',
          'AppConfig.AllAtOnce',
          'str0000',
        ].map((id) => ({ node: { id } })),
      },
    });
  });

  it('follows every link', async () => {
    const result = await data(`{
      deployment(applicationId: "app0000", environmentId: "env0000", deploymentNumber: 7) {
        application { name } environment { name } deploymentStrategy { name } configurationProfile { name }
      }
      environment(applicationId: "app0000", id: "env0000") {
        application { id }
        latestDeployment { deploymentNumber state }
        deployments(first: 2) { edges { node { deploymentNumber } } }
      }
      application(id: "app0000") { environments { id name } configurationProfiles { id name type validators { type } } }
      configurationProfile(applicationId: "app0000", id: "prf0000") {
        application { id }
        hostedConfigurationVersions(first: 2) { edges { node { versionNumber versionLabel contentType } } pageInfo { hasNextPage } }
      }
    }`);
    expect(result).toEqual({
      deployment: {
        application: { name: 'application 0' },
        environment: { name: 'production' },
        deploymentStrategy: { name: 'steady' },
        configurationProfile: { name: 'flags' },
      },
      environment: {
        application: { id: 'app0000' },
        latestDeployment: { deploymentNumber: 55, state: 'COMPLETE' },
        deployments: { edges: [{ node: { deploymentNumber: 55 } }, { node: { deploymentNumber: 54 } }] },
      },
      application: {
        environments: [
          { id: 'env0000', name: 'production' },
          { id: 'env0001', name: 'staging' },
        ],
        configurationProfiles: [{ id: 'prf0000', name: 'flags', type: 'AWS.AppConfig.FeatureFlags', validators: [{ type: 'LAMBDA' }] }],
      },
      configurationProfile: {
        application: { id: 'app0000' },
        hostedConfigurationVersions: {
          edges: [
            { node: { versionNumber: 3, versionLabel: 'v3', contentType: 'application/json' } },
            { node: { versionNumber: 2, versionLabel: 'v2', contentType: 'application/json' } },
          ],
          pageInfo: { hasNextPage: true },
        },
      },
    });
    expect(emulator.callsTo('ListDeployments')).toBe(2);
  });

  it('fetches the environment, application, strategy and profile of 50 deployments once each', async () => {
    const result = await data(`{
      environment(applicationId: "app0000", id: "env0000") {
        deployments(first: 50) { edges { node { deploymentNumber environment { name } application { name } deploymentStrategy { name } configurationProfile { name } } } }
      }
    }`);
    const edges = (result['environment'] as { deployments: { edges: unknown[] } }).deployments.edges;
    expect(edges).toHaveLength(50);
    expect(emulator.callsTo('GetEnvironment')).toBe(1);
    expect(emulator.callsTo('GetApplication')).toBe(1);
    expect(emulator.callsTo('GetDeploymentStrategy')).toBe(1);
    expect(emulator.callsTo('GetConfigurationProfile')).toBe(1);
    expect(emulator.callsTo('ListDeployments')).toBe(1);
    // The strategy id is only in GetDeployment's answer: one per listed deployment.
    expect(emulator.callsTo('GetDeployment')).toBe(50);
  });

  it('does not fetch again by id what a list already returned', async () => {
    await data(`{
      applications(first: 50) { edges { node { name environments { name application { name } deployments(first: 1) { edges { node { environment { state } } } } } } } }
      deploymentStrategies(first: 10) { edges { node { id } } }
    }`);
    expect(emulator.callsTo('GetApplication')).toBe(0);
    expect(emulator.callsTo('GetEnvironment')).toBe(0);
    expect(emulator.callsTo('ListApplications')).toBe(1);

    emulator.calls.length = 0;
    await data('{ applications(first: 1) { edges { node { id } } } again: applications(first: 1) { edges { node { name } } } }');
    expect(emulator.callsTo('ListApplications')).toBe(1);
  });

  it.each([
    ['application', '{ result: application(id: "nope123") { name } }'],
    ['environment', '{ result: environment(applicationId: "app0000", id: "nope123") { name } }'],
    ['deploymentStrategy', '{ result: deploymentStrategy(id: "nope123") { name } }'],
    ['configurationProfile', '{ result: configurationProfile(applicationId: "app0000", id: "nope123") { name } }'],
  ])('answers %s that does not exist with null and NOT_FOUND', async (_kind, query) => {
    const { body } = await gateway.query(query);
    expect(body.data).toEqual({ result: null });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('resolves every entity kind through _entities', async () => {
    const representations = [
      { __typename: 'Application', id: 'app0001' },
      { __typename: 'Environment', applicationId: 'app0000', id: 'env0001' },
      { __typename: 'DeploymentStrategy', id: 'AppConfig.Canary10Percent20Minutes' },
      { __typename: 'ConfigurationProfile', applicationId: 'app0000', id: 'prf0000' },
      { __typename: 'Application', id: 'missing' },
    ];
    const { body } = await gateway.query(
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Application { name } ... on Environment { name } ... on DeploymentStrategy { growthType } ... on ConfigurationProfile { locationUri }
      } }`,
      { r: representations },
    );
    expect(body.data).toEqual({
      _entities: [{ name: 'application 1' }, { name: 'staging' }, { growthType: 'EXPONENTIAL' }, { locationUri: 'hosted' }, null],
    });
    expect(body.errors?.map((error) => [error.path, error.extensions?.['code']])).toEqual([[['_entities', 4], 'NOT_FOUND']]);
  });
});

describe('AppConfig list quota', () => {
  it('answers a clear error instead of reading more list pages than APPCONFIG_MAX_LIST_PAGES', async () => {
    const capped = await startGateway({ endpoint: emulator.endpoint, env: { APPCONFIG_MAX_LIST_PAGES: '1' } });
    try {
      const { body } = await capped.query('{ applications(first: 100) { edges { node { id } } } }');
      expect(body.data).toEqual({ applications: null });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxListPages: 1 });
      expect(body.errors?.[0]?.message).toContain('APPCONFIG_MAX_LIST_PAGES');
      expect(emulator.callsTo('ListApplications')).toBe(1);
    } finally {
      await capped.stop();
    }
  });
});
