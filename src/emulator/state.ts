import { randomBytes } from 'node:crypto';
import type {
  Application,
  ConfigurationProfile,
  Deployment,
  DeploymentStrategy,
  Environment,
  HostedConfigurationVersion,
} from '@aws-sdk/client-appconfig';
import { notFound } from './errors.js';
import type { GrowthPlan, Progress, Stop } from './simulation.js';
import type { Wire } from './wire.js';

export type ApplicationRecord = Wire<Application> & { Id: string; Name: string };
/** State is not stored: it follows the environment's latest deployment. */
export type EnvironmentRecord = Omit<Wire<Environment>, 'State'> & { ApplicationId: string; Id: string; Name: string };
export type StrategyRecord = Wire<DeploymentStrategy> & { Id: string; Name: string } & Required<
    Pick<Wire<DeploymentStrategy>, 'DeploymentDurationInMinutes' | 'GrowthType' | 'GrowthFactor' | 'FinalBakeTimeInMinutes'>
  >;
export type ProfileRecord = Wire<ConfigurationProfile> & { ApplicationId: string; Id: string; Name: string; LocationUri: string };
export type HostedVersionRecord = Wire<HostedConfigurationVersion> & {
  ApplicationId: string;
  ConfigurationProfileId: string;
  VersionNumber: number;
  Content: Buffer;
  ContentType: string;
};

/** The members of a deployment that never change once it has started. */
export type DeploymentIdentity = Omit<Wire<Deployment>, 'State' | 'EventLog' | 'PercentageComplete' | 'CompletedAt'> & {
  ApplicationId: string;
  EnvironmentId: string;
  DeploymentNumber: number;
};

/**
 * How a deployment's progress is known: `recorded` deployments (seeded from real AppConfig output)
 * stand as recorded; `simulated` ones progress with the clock from their start along their plan.
 * Either may have been stopped since.
 */
export type DeploymentRecord = {
  readonly identity: DeploymentIdentity;
  stop?: Stop;
} & (
  | { readonly kind: 'recorded'; readonly progress: Progress }
  | { readonly kind: 'simulated'; readonly plan: GrowthPlan; readonly startedAt: number }
);

/** AppConfig's predefined strategies (User Guide, "Predefined deployment strategies"). */
const PREDEFINED_STRATEGIES: readonly StrategyRecord[] = [
  {
    Id: 'AppConfig.Linear50PercentEvery30Seconds',
    Name: 'AppConfig.Linear50PercentEvery30Seconds',
    Description: 'Test/Demo: 50% of targets every 30 seconds, with a 1 minute bake time.',
    DeploymentDurationInMinutes: 1,
    GrowthType: 'LINEAR',
    GrowthFactor: 50,
    FinalBakeTimeInMinutes: 1,
    ReplicateTo: 'NONE',
  },
  {
    Id: 'AppConfig.Linear20PercentEvery6Minutes',
    Name: 'AppConfig.Linear20PercentEvery6Minutes',
    Description: 'AWS Recommended: 20% of targets every 6 minutes for 30 minutes, with a 30 minute bake time.',
    DeploymentDurationInMinutes: 30,
    GrowthType: 'LINEAR',
    GrowthFactor: 20,
    FinalBakeTimeInMinutes: 30,
    ReplicateTo: 'NONE',
  },
  {
    Id: 'AppConfig.Canary10Percent20Minutes',
    Name: 'AppConfig.Canary10Percent20Minutes',
    Description: 'AWS Recommended: exponential growth from 10% over 20 minutes, with a 10 minute bake time.',
    DeploymentDurationInMinutes: 20,
    GrowthType: 'EXPONENTIAL',
    GrowthFactor: 10,
    FinalBakeTimeInMinutes: 10,
    ReplicateTo: 'NONE',
  },
  {
    Id: 'AppConfig.AllAtOnce',
    Name: 'AppConfig.AllAtOnce',
    Description: 'Quick: all targets at once, with a 10 minute bake time.',
    DeploymentDurationInMinutes: 0,
    GrowthType: 'LINEAR',
    GrowthFactor: 100,
    FinalBakeTimeInMinutes: 10,
    ReplicateTo: 'NONE',
  },
];

/** Everything the emulator knows, in insertion order (which is listing order). */
export class EmulatorState {
  readonly applications = new Map<string, ApplicationRecord>();
  readonly environments = new Map<string, EnvironmentRecord>();
  readonly strategies = new Map<string, StrategyRecord>(PREDEFINED_STRATEGIES.map((strategy) => [strategy.Id, strategy]));
  readonly profiles = new Map<string, ProfileRecord>();
  readonly hostedVersions = new Map<string, HostedVersionRecord[]>();
  readonly deployments = new Map<string, DeploymentRecord[]>();

  application(id: string): ApplicationRecord {
    return found(this.applications.get(id), 'Application', `Application ${id} not found`);
  }

  environment(applicationId: string, id: string): EnvironmentRecord {
    this.application(applicationId);
    return found(this.environments.get(scoped(applicationId, id)), 'Environment', `Environment ${id} not found in application ${applicationId}`);
  }

  strategy(id: string): StrategyRecord {
    return found(this.strategies.get(id), 'DeploymentStrategy', `Deployment strategy ${id} not found`);
  }

  profile(applicationId: string, id: string): ProfileRecord {
    this.application(applicationId);
    return found(this.profiles.get(scoped(applicationId, id)), 'ConfigurationProfile', `Configuration profile ${id} not found in application ${applicationId}`);
  }

  /** The hosted versions of a profile, oldest first; the profile must exist. */
  versionsOf(applicationId: string, profileId: string): HostedVersionRecord[] {
    this.profile(applicationId, profileId);
    return this.hostedVersions.get(scoped(applicationId, profileId)) ?? [];
  }

  /** The deployments of an environment, oldest first; the environment must exist. */
  deploymentsOf(applicationId: string, environmentId: string): DeploymentRecord[] {
    this.environment(applicationId, environmentId);
    const key = scoped(applicationId, environmentId);
    let list = this.deployments.get(key);
    if (!list) this.deployments.set(key, (list = []));
    return list;
  }

  deployment(applicationId: string, environmentId: string, deploymentNumber: number): DeploymentRecord {
    const record = this.deploymentsOf(applicationId, environmentId).find((candidate) => candidate.identity.DeploymentNumber === deploymentNumber);
    return found(record, 'Deployment', `Deployment ${deploymentNumber} not found in environment ${environmentId}`);
  }

  addApplication(record: ApplicationRecord): void {
    this.applications.set(record.Id, record);
  }

  addEnvironment(record: EnvironmentRecord): void {
    this.environments.set(scoped(record.ApplicationId, record.Id), record);
  }

  addStrategy(record: StrategyRecord): void {
    this.strategies.set(record.Id, record);
  }

  addProfile(record: ProfileRecord): void {
    this.profiles.set(scoped(record.ApplicationId, record.Id), record);
  }

  addHostedVersion(record: HostedVersionRecord): void {
    const key = scoped(record.ApplicationId, record.ConfigurationProfileId);
    this.hostedVersions.set(key, [...(this.hostedVersions.get(key) ?? []), record]);
  }

  addDeployment(record: DeploymentRecord): void {
    this.deploymentsOf(record.identity.ApplicationId, record.identity.EnvironmentId).push(record);
  }

  /** A fresh id in AppConfig's format: 7 characters of [a-z0-9], unused so far. */
  newId(): string {
    for (;;) {
      const id = [...randomBytes(7)].map((byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
      if (!this.applications.has(id) && !this.strategies.has(id) && ![...this.environments.values(), ...this.profiles.values()].some((r) => r.Id === id)) return id;
    }
  }
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function scoped(parentId: string, id: string): string {
  return JSON.stringify([parentId, id]);
}

function found<T>(value: T | undefined, resourceName: string, message: string): T {
  if (value === undefined) throw notFound(resourceName, message);
  return value;
}
