import type { SeedFile } from '../src/emulator/seed.js';

/**
 * The AppConfig data every system is measured against, as an emulator seed: one environment with 60
 * recorded deployments, each with a two-event log (one event with an extension action invocation) and an
 * applied extension with parameters, in every state in turn (deployment 4 is COMPLETE, so a cache may keep
 * it; 1–3 are still moving, so it may not keep them long).
 */
export const APP = 'benchap';
export const ENV = 'benchen';
export const DEPLOYMENT_COUNT = 60;

const STATES = ['BAKING', 'VALIDATING', 'DEPLOYING', 'COMPLETE', 'ROLLING_BACK', 'ROLLED_BACK', 'REVERTED'] as const;
const EXTENSION = 'benchex';
const ASSOCIATION = 'benchas';
const ARN = 'arn:aws:appconfig:us-east-1:123456789012';
const ACTION = { Name: 'notify', Uri: 'arn:aws:lambda:us-east-1:123456789012:function:notify', RoleArn: 'arn:aws:iam::123456789012:role/appconfig-ext' };

export function benchSeed(): SeedFile {
  return recordedSeed([ENV], DEPLOYMENT_COUNT);
}

/** Environment ids of the fleet benchmark: `benchNN`, as many as asked. */
export const environmentIds = (count: number): string[] => Array.from({ length: count }, (_, i) => `bench${String(i).padStart(2, '0')}`);

/** `deploymentsEach` recorded deployments (as in benchSeed) in each of `environments`. */
export function recordedSeed(environments: readonly string[], deploymentsEach: number): SeedFile {
  return {
    Applications: [{ Id: APP, Name: 'bench-service' }],
    Environments: environments.map((Id) => ({ ApplicationId: APP, Id, Name: Id === ENV ? 'production' : Id })),
    Extensions: [{ Id: EXTENSION, Name: 'deploy-notifier', Actions: { ON_DEPLOYMENT_COMPLETE: [ACTION] } }],
    ExtensionAssociations: [{ Id: ASSOCIATION, ExtensionArn: `${ARN}:extension/${EXTENSION}/1`, ResourceArn: `${ARN}:application/${APP}` }],
    Deployments: environments.flatMap((environment) => Array.from({ length: deploymentsEach }, (_, i) => recordedDeployment(environment, i))),
  };
}

function recordedDeployment(environment: string, i: number) {
  const started = Date.UTC(2026, 0, 1 + i, 12, 0, 0);
  const at = (minutes: number) => new Date(started + minutes * 60_000).toISOString();
  return {
    ApplicationId: APP,
    EnvironmentId: environment,
    DeploymentNumber: i + 1,
    DeploymentStrategyId: 'AppConfig.Linear50PercentEvery30Seconds',
    ConfigurationProfileId: 'benchpr',
    ConfigurationName: 'feature-flags',
    ConfigurationLocationUri: 'hosted',
    ConfigurationVersion: String(i + 1),
    Description: `Release ${i + 1}`,
    DeploymentDurationInMinutes: 1,
    GrowthType: 'LINEAR',
    GrowthFactor: 50,
    FinalBakeTimeInMinutes: 0,
    State: STATES[i % STATES.length],
    PercentageComplete: 100,
    StartedAt: at(0),
    CompletedAt: at(1),
    VersionLabel: `v${i + 1}.0`,
    EventLog: [
      {
        EventType: 'DEPLOYMENT_COMPLETED',
        TriggeredBy: 'APPCONFIG',
        Description: 'Deployment completed',
        OccurredAt: at(1),
        ActionInvocations: [
          {
            ExtensionIdentifier: `${ARN}:extension/${EXTENSION}/1`,
            ActionName: ACTION.Name,
            Uri: ACTION.Uri,
            RoleArn: ACTION.RoleArn,
            InvocationId: `inv${i}`,
          },
        ],
      },
      { EventType: 'DEPLOYMENT_STARTED', TriggeredBy: 'USER', Description: 'Deployment started', OccurredAt: at(0) },
    ],
    AppliedExtensions: [
      { ExtensionId: EXTENSION, ExtensionAssociationId: ASSOCIATION, VersionNumber: 1, Parameters: { topic: 'deploys', channel: '#releases' } },
    ],
  };
}

/**
 * The strategy of the live benchmark's deployments: 1% more every simulated minute, 100 steps, then
 * complete (no bake). With a time scale of 60 000 ÷ `stepMs` a step comes every `stepMs` of real time.
 */
export const MOVING_STRATEGY = {
  Id: 'benchst',
  Name: 'one-percent-a-minute',
  DeploymentDurationInMinutes: 101,
  GrowthType: 'LINEAR',
  GrowthFactor: 1,
  FinalBakeTimeInMinutes: 0,
} as const;

/** One simulated deployment per environment, each started as the seed loads, moving along MOVING_STRATEGY. */
export function movingSeed(environments: readonly string[]): SeedFile {
  return {
    Applications: [{ Id: APP, Name: 'bench-service' }],
    Environments: environments.map((Id) => ({ ApplicationId: APP, Id, Name: Id })),
    DeploymentStrategies: [MOVING_STRATEGY],
    // Not hosted: the emulator does not read the store, so any version may be deployed.
    ConfigurationProfiles: [{ ApplicationId: APP, Id: 'benchpr', Name: 'feature-flags', LocationUri: 'ssm-parameter://bench-flags', Type: 'AWS.Freeform' }],
    Deployments: environments.map((environment) => ({
      ApplicationId: APP,
      EnvironmentId: environment,
      DeploymentStrategyId: MOVING_STRATEGY.Id,
      ConfigurationProfileId: 'benchpr',
      ConfigurationVersion: '1',
      StartedMinutesAgo: 0,
    })),
  };
}
