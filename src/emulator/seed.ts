import { readFileSync } from 'node:fs';
import type { Deployment, DeploymentState } from '@aws-sdk/client-appconfig';
import { arnOf, type ResourceRef } from './arn.js';
import type { ContentValidation } from './content-validation.js';
import { startDeployment, stopDeployment } from './deployments.js';
import { isRecord, type ServiceModel, validateShape } from './model.js';
import type { ProgressEvent } from './simulation.js';
import {
  type ApplicationRecord,
  type AssociationRecord,
  EmulatorState,
  type EnvironmentRecord,
  type ExtensionRecord,
  type HostedVersionRecord,
  type ProfileRecord,
  type StrategyRecord,
} from './state.js';
import type { Wire } from './wire.js';

/**
 * The seed file: AppConfig resources in AWS's own member names, so the output of `aws appconfig
 * get-…` commands can be pasted in. Deployments with a `State` are recorded and stand as given; those
 * without one are simulated from `StartedMinutesAgo` (and stopped `StoppedMinutesAgo`, if given).
 * Any resource that can carry tags may have `Tags`, as its Create… request would.
 */
export interface SeedFile {
  readonly Applications?: unknown[];
  readonly Environments?: unknown[];
  readonly DeploymentStrategies?: unknown[];
  readonly ConfigurationProfiles?: unknown[];
  readonly HostedConfigurationVersions?: unknown[];
  readonly Extensions?: unknown[];
  readonly ExtensionAssociations?: unknown[];
  readonly Deployments?: unknown[];
}

export const SAMPLE_SEED_FILE = new URL('./sample-data.json', import.meta.url);

export class SeedError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid emulator seed ${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'SeedError';
  }
}

type Section = keyof SeedFile;
/** In the order they are loaded: what an entry refers to is loaded before it. */
const SECTIONS = [
  'Applications',
  'Environments',
  'DeploymentStrategies',
  'ConfigurationProfiles',
  'HostedConfigurationVersions',
  'Extensions',
  'ExtensionAssociations',
  'Deployments',
] as const satisfies readonly Section[];
/** Members a seed entry may have beyond its output shape's. */
const SEED_MEMBERS = ['StartedMinutesAgo', 'StoppedMinutesAgo', 'Tags'];
interface SeedMembers {
  readonly StartedMinutesAgo?: unknown;
  readonly StoppedMinutesAgo?: unknown;
  readonly Tags?: Readonly<Record<string, string>>;
}
const MINUTE = 60_000;

export function readSeedFile(path: string | URL): SeedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SeedError(String(path), [`cannot be read: ${(error as Error).message}`]);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed)) throw new SeedError(String(path), ['must be a JSON object with sections such as "Applications" and "Deployments"']);
    const unknown = Object.keys(parsed).filter((key) => !(SECTIONS as readonly string[]).includes(key));
    if (unknown.length > 0) throw new SeedError(String(path), [`unknown sections ${unknown.join(', ')}; expected some of ${SECTIONS.join(', ')}`]);
    return parsed;
  } catch (error) {
    if (error instanceof SeedError) throw error;
    throw new SeedError(String(path), [`is not valid JSON: ${(error as Error).message}`]);
  }
}

/**
 * Builds emulator state from a seed, checking every entry against AppConfig's model and every
 * reference between entries. All problems are reported together, each naming its entry.
 */
export function seedState(model: ServiceModel, validation: ContentValidation, seed: SeedFile, now: number, source = 'seed'): EmulatorState {
  const state = new EmulatorState();
  const problems: string[] = [];

  /**
   * Loads one section. `add` receives an entry's modelled members (typed as the record they make: they
   * were checked against the output shape the SDK's types come from, and `required` is present) and
   * the seed's own members beside them; it names the resource its Tags belong to.
   */
  const each = <Entry>(
    section: Section,
    outputShape: string,
    required: readonly string[],
    add: (entry: Entry, extras: SeedMembers) => ResourceRef | undefined,
  ) => {
    const entries = seed[section] ?? [];
    if (!Array.isArray(entries)) return problems.push(`${section}: must be a list`);
    entries.forEach((entry, index) => {
      const where = `${section}[${index}]${isRecord(entry) && typeof entry['Id'] === 'string' ? ` (${entry['Id']})` : ''}`;
      if (!isRecord(entry)) return problems.push(`${where}: must be an object`);
      const missing = required.filter((member) => entry[member] === undefined);
      const modelled = Object.fromEntries(Object.entries(entry).filter(([member]) => !SEED_MEMBERS.includes(member)));
      const invalid = [
        ...validateShape(model, outputShape, modelled, ''),
        ...(entry['Tags'] === undefined ? [] : validateShape(model, 'TagMap', entry['Tags'], 'tags')),
      ];
      if (missing.length > 0 || invalid.length > 0) {
        return problems.push(...missing.map((member) => `${where}: ${member} is required`), ...invalid.map((problem) => `${where}: ${problem}`));
      }
      try {
        const extras = entry as SeedMembers;
        const ref = add(modelled as Entry, extras);
        if (ref && extras.Tags) state.tags.set(arnOf(ref), { ...extras.Tags });
      } catch (error) {
        problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  };

  each<ApplicationRecord>('Applications', 'Application', ['Id', 'Name'], (application) => {
    state.addApplication(application);
    return { kind: 'application', applicationId: application.Id };
  });
  each<EnvironmentRecord & { State?: unknown }>('Environments', 'Environment', ['ApplicationId', 'Id', 'Name'], (environment) => {
    if (environment.State !== undefined) throw new Error("State is not seeded: it follows the environment's latest deployment");
    state.application(environment.ApplicationId);
    state.addEnvironment(environment);
    return { kind: 'environment', applicationId: environment.ApplicationId, environmentId: environment.Id };
  });
  each<StrategyRecord>('DeploymentStrategies', 'DeploymentStrategy', ['Id', 'Name', 'DeploymentDurationInMinutes', 'GrowthFactor'], (strategy) => {
    state.addStrategy({
      ...strategy,
      GrowthType: strategy.GrowthType ?? 'LINEAR',
      FinalBakeTimeInMinutes: strategy.FinalBakeTimeInMinutes ?? 0,
      ReplicateTo: strategy.ReplicateTo ?? 'NONE',
    });
    return { kind: 'deploymentstrategy', strategyId: strategy.Id };
  });
  each<ProfileRecord>('ConfigurationProfiles', 'ConfigurationProfile', ['ApplicationId', 'Id', 'Name', 'LocationUri'], (profile) => {
    state.application(profile.ApplicationId);
    for (const validator of profile.Validators ?? []) {
      const defect = validation.validatorDefect(validator);
      if (defect) throw new Error(defect);
    }
    state.addProfile({ ...profile, Type: profile.Type ?? 'AWS.Freeform' });
    return { kind: 'configurationprofile', applicationId: profile.ApplicationId, profileId: profile.Id };
  });
  each<Omit<HostedVersionRecord, 'Content' | 'VersionNumber'> & { Content: string; VersionNumber?: number }>(
    'HostedConfigurationVersions',
    'HostedConfigurationVersion',
    ['ApplicationId', 'ConfigurationProfileId', 'Content', 'ContentType'],
    (version) => {
      const profile = state.profile(version.ApplicationId, version.ConfigurationProfileId);
      const versions = state.versionsOf(version.ApplicationId, profile.Id);
      const number = version.VersionNumber ?? (versions.at(-1)?.VersionNumber ?? 0) + 1;
      if (versions.some((earlier) => earlier.VersionNumber >= number))
        throw new Error(`VersionNumber ${number} must be greater than the profile's earlier versions`);
      // Content stands as recorded, like a recorded deployment: validators and formats apply to requests.
      state.addHostedVersion({ ...version, VersionNumber: number, Content: Buffer.from(version.Content) });
      return undefined;
    },
  );
  each<Omit<ExtensionRecord, 'VersionNumber' | 'Arn'> & { VersionNumber?: number; Arn?: string }>(
    'Extensions',
    'Extension',
    ['Id', 'Name', 'Actions'],
    (extension) => {
      const versionNumber = extension.VersionNumber ?? (state.extensions.get(extension.Id)?.at(-1)?.VersionNumber ?? 0) + 1;
      state.putExtension({
        ...extension,
        VersionNumber: versionNumber,
        Arn: extension.Arn ?? arnOf({ kind: 'extension', extensionId: extension.Id, versionNumber }),
      });
      return { kind: 'extension', extensionId: extension.Id, versionNumber };
    },
  );
  each<Omit<AssociationRecord, 'Arn' | 'ExtensionVersionNumber'> & { Arn?: string; ExtensionVersionNumber?: number }>(
    'ExtensionAssociations',
    'ExtensionAssociation',
    ['Id', 'ExtensionArn', 'ResourceArn'],
    (association) => {
      const extension = state.extension(association.ExtensionArn, association.ExtensionVersionNumber);
      state.tagsOf(association.ResourceArn);
      state.putAssociation({
        ...association,
        ExtensionArn: extension.Arn,
        ExtensionVersionNumber: extension.VersionNumber,
        Arn: association.Arn ?? arnOf({ kind: 'extensionassociation', associationId: association.Id }),
      });
      return { kind: 'extensionassociation', associationId: association.Id };
    },
  );
  each<SeededDeployment>('Deployments', 'Deployment', ['ApplicationId', 'EnvironmentId'], (deployment, extras) => {
    if (deployment.State === undefined) addSimulated(state, validation, deployment, extras, now);
    else addRecorded(state, { ...deployment, State: deployment.State });
    return undefined;
  });

  if (problems.length > 0) throw new SeedError(source, problems);
  return state;
}

/** A deployment entry: any GetDeployment output, with the ids it needs. */
type SeededDeployment = Wire<Deployment> & { ApplicationId: string; EnvironmentId: string };

function addRecorded(state: EmulatorState, entry: SeededDeployment & { State: DeploymentState }): void {
  const { State, EventLog, PercentageComplete, CompletedAt, ...identity } = entry;
  if (identity.DeploymentNumber === undefined) throw new Error('DeploymentNumber is required for a recorded deployment (one with State)');
  const existing = state.deploymentsOf(identity.ApplicationId, identity.EnvironmentId);
  const latest = existing.at(-1)?.identity.DeploymentNumber ?? 0;
  if (identity.DeploymentNumber <= latest)
    throw new Error(`DeploymentNumber ${identity.DeploymentNumber} must be greater than ${latest}, the environment's previous deployment`);
  for (const applied of identity.AppliedExtensions ?? []) {
    if (applied.ExtensionId !== undefined) state.extension(applied.ExtensionId, applied.VersionNumber);
    if (applied.ExtensionAssociationId !== undefined) state.association(applied.ExtensionAssociationId);
  }
  const events = (EventLog ?? []).map((event): ProgressEvent => ({
    at: Date.parse(event.OccurredAt ?? ''),
    type: event.EventType ?? 'DEPLOYMENT_STARTED',
    triggeredBy: event.TriggeredBy ?? 'USER',
    description: event.Description ?? '',
    ...(event.ActionInvocations ? { actionInvocations: event.ActionInvocations } : {}),
  }));
  state.addDeployment({
    kind: 'recorded',
    identity: { ...identity, DeploymentNumber: identity.DeploymentNumber },
    progress: {
      state: State,
      percentageComplete: PercentageComplete ?? 100,
      // AppConfig lists events newest first; progress keeps them oldest first.
      events: events.sort((a, b) => a.at - b.at),
      ...(CompletedAt === undefined ? {} : { completedAt: Date.parse(CompletedAt) }),
    },
  });
}

function addSimulated(state: EmulatorState, validation: ContentValidation, entry: SeededDeployment, extras: SeedMembers, now: number): void {
  const { StartedMinutesAgo: startedMinutesAgo, StoppedMinutesAgo: stoppedMinutesAgo } = extras;
  if (typeof startedMinutesAgo !== 'number' || startedMinutesAgo < 0)
    throw new Error('a deployment without State needs StartedMinutesAgo (a number ≥ 0) to be simulated');
  if (stoppedMinutesAgo !== undefined && (typeof stoppedMinutesAgo !== 'number' || stoppedMinutesAgo > startedMinutesAgo)) {
    throw new Error('StoppedMinutesAgo must be a number no greater than StartedMinutesAgo');
  }
  const { DeploymentStrategyId, ConfigurationProfileId, ConfigurationVersion } = entry;
  if (DeploymentStrategyId === undefined || ConfigurationProfileId === undefined || ConfigurationVersion === undefined) {
    throw new Error('a simulated deployment needs DeploymentStrategyId, ConfigurationProfileId and ConfigurationVersion');
  }
  const request = { ...entry, DeploymentStrategyId, ConfigurationProfileId, ConfigurationVersion, ...(extras.Tags ? { Tags: extras.Tags } : {}) };
  const record = startDeployment(state, validation, request, now - startedMinutesAgo * MINUTE);
  if (typeof stoppedMinutesAgo === 'number') stopDeployment(record, true, now - stoppedMinutesAgo * MINUTE);
}
