import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

let emulator: TestEmulator;
let gateway: TestGateway;

beforeAll(async () => {
  emulator = await startTestEmulator();
  // With the default AppConfig budget, as npm start has it: the example must fit it.
  gateway = await startGateway({
    endpoint: emulator.endpoint,
    env: { APPCONFIG_GET_RATE: '50', APPCONFIG_LIST_RATE: '5', APPCONFIG_QUEUE_TIMEOUT_MS: '2000' },
  });
});
afterAll(async () => {
  await gateway.stop();
  await emulator.close();
});

/** The navigation example of the README, against the emulator's sample data as `npm start` serves it. */
const README_EXAMPLE = `query {
  applications(first: 20) { edges { node {
    id name description
    environments { id name state monitors { alarmArn alarmRoleArn }
      latestDeployment { deploymentNumber state percentageComplete } } } } }
  environment(applicationId: "chk2svc", id: "prod7ea") {
    deployments(first: 5) { edges { node { deploymentNumber state configurationName } } } }
  deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) {
    application { name } environment { name state }
    deploymentStrategy { name growthType growthFactor deploymentDurationInMinutes finalBakeTimeInMinutes replicateTo }
    configurationProfile { name type }
  }
}`;

interface Example {
  applications: {
    edges: Array<{
      node: {
        id: string;
        environments: Array<{
          id: string;
          state: string;
          latestDeployment: { deploymentNumber: number; state: string } | null;
        }>;
      };
    }>;
  };
  environment: { deployments: { edges: unknown[] } };
  deployment: unknown;
}

describe("the README's navigation example on the sample data", () => {
  it('answers without errors, consistently with the sample deployments', async () => {
    const { body } = await gateway.query(README_EXAMPLE);
    expect(body.errors).toBeUndefined();
    const example = body.data as unknown as Example;

    expect(example.applications.edges.map((edge) => edge.node.id)).toEqual(['339ohji', 'chk2svc', 'srch7ui']);
    const environments = Object.fromEntries(
      example.applications.edges.flatMap((edge) => edge.node.environments).map((environment) => [environment.id, environment]),
    );
    expect(environments['prod7ea']).toMatchObject({ state: 'DEPLOYING', latestDeployment: { deploymentNumber: 3, state: 'DEPLOYING' } });
    expect(example.environment.deployments.edges).toHaveLength(3);
    expect(environments['stg4kq1']).toMatchObject({ state: 'DEPLOYING', latestDeployment: { deploymentNumber: 3, state: 'BAKING' } });
    expect(environments['prod8hh']).toMatchObject({ state: 'ROLLING_BACK' });
    expect(environments['54j1r29']).toMatchObject({ state: 'READY_FOR_DEPLOYMENT', latestDeployment: { deploymentNumber: 1, state: 'COMPLETE' } });
    // Within the default budget of 5 List calls a second: none refused.
    expect(emulator.calls.filter((operation) => operation.startsWith('List'))).toHaveLength(10);

    expect(example.deployment).toEqual({
      application: { name: 'Example-Application' },
      environment: { name: 'Example-Environment', state: 'READY_FOR_DEPLOYMENT' },
      deploymentStrategy: {
        name: 'Example-Deployment-Strategy',
        growthType: 'LINEAR',
        growthFactor: 25,
        deploymentDurationInMinutes: 15,
        finalBakeTimeInMinutes: 0,
        replicateTo: 'NONE',
      },
      configurationProfile: { name: 'Example-Configuration-Profile', type: 'AWS.Freeform' },
    });
  });
});
