import { randomBytes } from 'node:crypto';
import type {
  AccountSettings,
  Application,
  ConfigurationProfile,
  Deployment,
  DeploymentStrategy,
  Environment,
  Extension,
  ExtensionAssociation,
  HostedConfigurationVersion,
} from '@aws-sdk/client-appconfig';
import { arnOf, parseArn, type ResourceRef } from './arn.js';
import { notFound } from './errors.js';
import type { GrowthPlan, Progress, Stop } from './simulation.js';
import { Table } from './table.js';
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
export type ExtensionRecord = Wire<Extension> & { Id: string; Name: string; VersionNumber: number; Arn: string };
export type AssociationRecord = Wire<ExtensionAssociation> & {
  Id: string;
  ExtensionArn: string;
  ResourceArn: string;
  Arn: string;
  ExtensionVersionNumber: number;
};
export type AccountSettingsRecord = Wire<AccountSettings>;

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
} & ({ readonly kind: 'recorded'; readonly progress: Progress } | { readonly kind: 'simulated'; readonly plan: GrowthPlan; readonly startedAt: number });

/** AppConfig's predefined strategies (User Guide, "Predefined deployment strategies"); they cannot be changed or deleted. */
export const PREDEFINED_STRATEGIES: readonly StrategyRecord[] = [
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

/** AppConfig's defaults: deletion protection off, an active period of 60 minutes. */
const DEFAULT_ACCOUNT_SETTINGS: AccountSettingsRecord = { DeletionProtection: { Enabled: false, ProtectionPeriodInMinutes: 60 } };

/**
 * Everything the emulator knows. Lookups answer the ResourceNotFoundException AppConfig would; the
 * rules of what may be changed or deleted live with the operations.
 */
export class EmulatorState {
  readonly applications = new Table<ApplicationRecord>();
  /** By scoped(applicationId, environmentId). */
  readonly environments = new Table<EnvironmentRecord>();
  readonly strategies = new Table<StrategyRecord>();
  /** By scoped(applicationId, profileId). */
  readonly profiles = new Table<ProfileRecord>();
  /** By scoped(applicationId, profileId), oldest first. */
  readonly hostedVersions = new Map<string, HostedVersionRecord[]>();
  /** By scoped(applicationId, environmentId), oldest first. */
  readonly deployments = new Map<string, DeploymentRecord[]>();
  /** By extension Id: every version, oldest first (versions share the Id, and differ in VersionNumber and Arn). */
  readonly extensions = new Table<ExtensionRecord[]>();
  readonly associations = new Table<AssociationRecord>();
  /** By resource ARN. */
  readonly tags = new Map<string, Record<string, string>>();
  /** When configuration was last read (GetConfiguration) from an environment or profile key: deletion protection's "active". */
  readonly lastRead = new Map<string, number>();
  accountSettings: AccountSettingsRecord = DEFAULT_ACCOUNT_SETTINGS;

  constructor() {
    for (const strategy of PREDEFINED_STRATEGIES) this.strategies.put(strategy.Id, strategy);
  }

  application(id: string): ApplicationRecord {
    return found(this.applications.get(id), 'Application', `Application ${id} not found`);
  }

  environment(applicationId: string, id: string): EnvironmentRecord {
    this.application(applicationId);
    return found(this.environments.get(scoped(applicationId, id)), 'Environment', `Environment ${id} not found in application ${applicationId}`);
  }

  environmentsOf(applicationId: string): EnvironmentRecord[] {
    this.application(applicationId);
    return this.environments.values().filter((record) => record.ApplicationId === applicationId);
  }

  strategy(id: string): StrategyRecord {
    return found(this.strategies.get(id), 'DeploymentStrategy', `Deployment strategy ${id} not found`);
  }

  profile(applicationId: string, id: string): ProfileRecord {
    this.application(applicationId);
    return found(this.profiles.get(scoped(applicationId, id)), 'ConfigurationProfile', `Configuration profile ${id} not found in application ${applicationId}`);
  }

  profilesOf(applicationId: string): ProfileRecord[] {
    this.application(applicationId);
    return this.profiles.values().filter((record) => record.ApplicationId === applicationId);
  }

  /** The hosted versions of a profile, oldest first; the profile must exist. */
  versionsOf(applicationId: string, profileId: string): HostedVersionRecord[] {
    this.profile(applicationId, profileId);
    return this.hostedVersions.get(scoped(applicationId, profileId)) ?? [];
  }

  hostedVersion(applicationId: string, profileId: string, versionNumber: number): HostedVersionRecord {
    const version = this.versionsOf(applicationId, profileId).find((candidate) => candidate.VersionNumber === versionNumber);
    return found(version, 'HostedConfigurationVersion', `Hosted configuration version ${versionNumber} not found for configuration profile ${profileId}`);
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

  /** Every deployment of the account, for the rules that ask which ones use a resource. */
  allDeployments(): DeploymentRecord[] {
    return [...this.deployments.values()].flat();
  }

  /**
   * An extension version by name, Id or ARN (whose last segment may name the version), the latest
   * version unless `versionNumber` asks for another.
   */
  extension(identifier: string, versionNumber?: number): ExtensionRecord {
    const ref = parseArn(identifier);
    const byArn = ref?.kind === 'extension' ? ref : undefined;
    const versions =
      this.extensions.get(byArn?.extensionId ?? identifier) ??
      this.extensions.values().find((candidates) => candidates[0]?.Name === (byArn?.extensionId ?? identifier));
    const wanted = versionNumber ?? byArn?.versionNumber;
    const version = wanted === undefined ? versions?.at(-1) : versions?.find((candidate) => candidate.VersionNumber === wanted);
    return found(version, 'Extension', `Extension ${identifier}${wanted === undefined ? '' : ` version ${wanted}`} not found`);
  }

  association(id: string): AssociationRecord {
    return found(this.associations.get(id), 'ExtensionAssociation', `Extension association ${id} not found`);
  }

  /** Whether the resource an ARN names exists here (tags can be kept only on those). */
  exists(ref: ResourceRef): boolean {
    switch (ref.kind) {
      case 'application':
        return this.applications.has(ref.applicationId);
      case 'environment':
        return this.environments.has(scoped(ref.applicationId, ref.environmentId));
      case 'configurationprofile':
        return this.profiles.has(scoped(ref.applicationId, ref.profileId));
      case 'deployment':
        return (this.deployments.get(scoped(ref.applicationId, ref.environmentId)) ?? []).some(
          (record) => record.identity.DeploymentNumber === ref.deploymentNumber,
        );
      case 'deploymentstrategy':
        return this.strategies.has(ref.strategyId);
      case 'extension': {
        const versions = this.extensions.get(ref.extensionId) ?? [];
        return ref.versionNumber === undefined ? versions.length > 0 : versions.some((version) => version.VersionNumber === ref.versionNumber);
      }
      case 'extensionassociation':
        return this.associations.has(ref.associationId);
    }
  }

  /** The tags of the resource `arn` names; it must exist. */
  tagsOf(arn: string): Record<string, string> {
    const ref = parseArn(arn);
    if (!ref || !this.exists(ref)) throw notFound('Resource', `Resource ${arn} not found`);
    return this.tags.get(arn) ?? {};
  }

  addApplication(record: ApplicationRecord, now = 0): void {
    this.applications.put(record.Id, record, now);
  }

  addEnvironment(record: EnvironmentRecord, now = 0): void {
    this.environments.put(scoped(record.ApplicationId, record.Id), record, now);
  }

  addStrategy(record: StrategyRecord, now = 0): void {
    this.strategies.put(record.Id, record, now);
  }

  addProfile(record: ProfileRecord, now = 0): void {
    this.profiles.put(scoped(record.ApplicationId, record.Id), record, now);
  }

  addHostedVersion(record: HostedVersionRecord): void {
    const key = scoped(record.ApplicationId, record.ConfigurationProfileId);
    this.hostedVersions.set(key, [...(this.hostedVersions.get(key) ?? []), record]);
  }

  removeHostedVersion(record: HostedVersionRecord): void {
    const key = scoped(record.ApplicationId, record.ConfigurationProfileId);
    this.hostedVersions.set(
      key,
      (this.hostedVersions.get(key) ?? []).filter((candidate) => candidate !== record),
    );
  }

  addDeployment(record: DeploymentRecord): void {
    this.deploymentsOf(record.identity.ApplicationId, record.identity.EnvironmentId).push(record);
  }

  /** Adds an extension version, or replaces the version of the same number. */
  putExtension(record: ExtensionRecord, now = 0): void {
    const versions = (this.extensions.get(record.Id) ?? []).filter((version) => version.VersionNumber !== record.VersionNumber);
    this.extensions.put(
      record.Id,
      [...versions, record].sort((a, b) => a.VersionNumber - b.VersionNumber),
      now,
    );
  }

  putAssociation(record: AssociationRecord, now = 0): void {
    this.associations.put(record.Id, record, now);
  }

  /**
   * Removes a resource with what cannot outlive it: its deployments or versions, its tags, and the
   * extension associations that name it. Whether it may be removed is the operations' rule.
   */
  remove(ref: ResourceRef): void {
    switch (ref.kind) {
      case 'application':
        this.applications.delete(ref.applicationId);
        break;
      case 'environment': {
        const key = scoped(ref.applicationId, ref.environmentId);
        for (const record of this.deployments.get(key) ?? []) {
          this.tags.delete(
            arnOf({
              kind: 'deployment',
              applicationId: ref.applicationId,
              environmentId: ref.environmentId,
              deploymentNumber: record.identity.DeploymentNumber,
            }),
          );
        }
        this.deployments.delete(key);
        this.environments.delete(key);
        this.lastRead.delete(key);
        break;
      }
      case 'configurationprofile': {
        const key = scoped(ref.applicationId, ref.profileId);
        this.hostedVersions.delete(key);
        this.profiles.delete(key);
        this.lastRead.delete(key);
        break;
      }
      case 'deployment':
        break;
      case 'deploymentstrategy':
        this.strategies.delete(ref.strategyId);
        break;
      case 'extension': {
        const remaining =
          ref.versionNumber === undefined ? [] : (this.extensions.get(ref.extensionId) ?? []).filter((version) => version.VersionNumber !== ref.versionNumber);
        if (remaining.length === 0) this.extensions.delete(ref.extensionId);
        else this.extensions.put(ref.extensionId, remaining);
        break;
      }
      case 'extensionassociation':
        this.associations.delete(ref.associationId);
        break;
    }
    const arn = arnOf(ref);
    this.tags.delete(arn);
    for (const association of this.associations.values())
      if (association.ResourceArn === arn) this.remove({ kind: 'extensionassociation', associationId: association.Id });
  }

  /** A fresh id in AppConfig's format: 7 characters of [a-z0-9], unused so far. */
  newId(): string {
    const used = (id: string) =>
      this.applications.has(id) ||
      this.strategies.has(id) ||
      this.extensions.has(id) ||
      this.associations.has(id) ||
      [...this.environments.values(), ...this.profiles.values()].some((record) => record.Id === id);
    for (;;) {
      const id = [...randomBytes(7)].map((byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
      if (!used(id)) return id;
    }
  }
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The key of a resource that lives inside another (an environment in its application). */
export function scoped(parentId: string, id: string): string {
  return JSON.stringify([parentId, id]);
}

function found<T>(value: T | undefined, resourceName: string, message: string): T {
  if (value === undefined) throw notFound(resourceName, message);
  return value;
}
