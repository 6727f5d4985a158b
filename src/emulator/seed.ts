import { readFileSync } from 'node:fs';
import type { DeploymentEventType, DeploymentState, TriggeredBy } from '@aws-sdk/client-appconfig';
import { arnOf, type ResourceRef } from './arn.js';
import type { ContentValidation } from './content-validation.js';
import { type StartDeploymentInput, startDeployment, stopDeployment } from './deployments.js';
import { isRecord, type ServiceModel, validateShape } from './model.js';
import type { ProgressEvent } from './simulation.js';
import {
  type ApplicationRecord,
  type AssociationRecord,
  type DeploymentIdentity,
  EmulatorState,
  type EnvironmentRecord,
  type ExtensionRecord,
  type ProfileRecord,
  type StrategyRecord,
} from './state.js';

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

  const each = (section: Section, outputShape: string, required: readonly string[], add: (entry: Record<string, unknown>) => ResourceRef | undefined) => {
    const entries = seed[section] ?? [];
    if (!Array.isArray(entries)) return problems.push(`${section}: must be a list`);
    entries.forEach((entry, index) => {
      const where = `${section}[${index}]${isRecord(entry) && typeof entry['Id'] === 'string' ? ` (${entry['Id']})` : ''}`;
      if (!isRecord(entry)) return problems.push(`${where}: must be an object`);
      const missing = required.filter((member) => entry[member] === undefined);
      const modelled = Object.fromEntries(Object.entries(entry).filter(([member]) => !SEED_MEMBERS.includes(member)));
      const invalid = [...validateShape(model, outputShape, modelled, ''), ...(entry['Tags'] === undefined ? [] : validateShape(model, 'TagMap', entry['Tags'], 'tags'))];
      if (missing.length > 0 || invalid.length > 0) {
        return problems.push(...missing.map((member) => `${where}: ${member} is required`), ...invalid.map((problem) => `${where}: ${problem}`));
      }
      try {
        const ref = add(entry);
        if (ref && isRecord(entry['Tags'])) state.tags.set(arnOf(ref), entry['Tags'] as Record<string, string>);
      } catch (error) {
        problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  };

  each('Applications', 'Application', ['Id', 'Name'], (entry) => {
    const { Tags: _tags, ...record } = entry;
    state.addApplication(record as ApplicationRecord);
    return { kind: 'application', applicationId: entry['Id'] as string };
  });
  each('Environments', 'Environment', ['ApplicationId', 'Id', 'Name'], (entry) => {
    if (entry['State'] !== undefined) throw new Error("State is not seeded: it follows the environment's latest deployment");
    const { Tags: _tags, ...record } = entry as unknown as EnvironmentRecord & { Tags?: unknown };
    state.application(record.ApplicationId);
    state.addEnvironment(record);
    return { kind: 'environment', applicationId: record.ApplicationId, environmentId: record.Id };
  });
  each('DeploymentStrategies', 'DeploymentStrategy', ['Id', 'Name', 'DeploymentDurationInMinutes', 'GrowthFactor'], (entry) => {
    const { Tags: _tags, ...record } = entry;
    state.addStrategy({ GrowthType: 'LINEAR', FinalBakeTimeInMinutes: 0, ReplicateTo: 'NONE', ...record } as StrategyRecord);
    return { kind: 'deploymentstrategy', strategyId: entry['Id'] as string };
  });
  each('ConfigurationProfiles', 'ConfigurationProfile', ['ApplicationId', 'Id', 'Name', 'LocationUri'], (entry) => {
    const { Tags: _tags, ...record } = entry as unknown as ProfileRecord & { Tags?: unknown };
    state.application(record.ApplicationId);
    for (const validator of record.Validators ?? []) {
      const defect = validation.validatorDefect(validator);
      if (defect) throw new Error(defect);
    }
    state.addProfile({ Type: 'AWS.Freeform', ...record });
    return { kind: 'configurationprofile', applicationId: record.ApplicationId, profileId: record.Id };
  });
  each('HostedConfigurationVersions', 'HostedConfigurationVersion', ['ApplicationId', 'ConfigurationProfileId', 'Content', 'ContentType'], (entry) => {
    const applicationId = entry['ApplicationId'] as string;
    const profile = state.profile(applicationId, entry['ConfigurationProfileId'] as string);
    const versions = state.versionsOf(applicationId, profile.Id);
    const number = (entry['VersionNumber'] as number | undefined) ?? (versions.at(-1)?.VersionNumber ?? 0) + 1;
    if (versions.some((version) => version.VersionNumber >= number)) throw new Error(`VersionNumber ${number} must be greater than the profile's earlier versions`);
    // Content stands as recorded, like a recorded deployment: validators and formats apply to requests.
    const content = Buffer.from(entry['Content'] as string);
    state.addHostedVersion({ ...(entry as Omit<typeof entry, 'Content'>), VersionNumber: number, ContentType: entry['ContentType'] as string, ApplicationId: applicationId, ConfigurationProfileId: profile.Id, Content: content });
    return undefined;
  });
  each('Extensions', 'Extension', ['Id', 'Name', 'Actions'], (entry) => {
    const { Tags: _tags, ...given } = entry as unknown as ExtensionRecord & { Tags?: unknown };
    const versionNumber = given.VersionNumber ?? (state.extensions.get(given.Id)?.at(-1)?.VersionNumber ?? 0) + 1;
    state.putExtension({ ...given, VersionNumber: versionNumber, Arn: given.Arn ?? arnOf({ kind: 'extension', extensionId: given.Id, versionNumber }) });
    return { kind: 'extension', extensionId: given.Id, versionNumber };
  });
  each('ExtensionAssociations', 'ExtensionAssociation', ['Id', 'ExtensionArn', 'ResourceArn'], (entry) => {
    const { Tags: _tags, ...given } = entry as unknown as AssociationRecord & { Tags?: unknown };
    const extension = state.extension(given.ExtensionArn, given.ExtensionVersionNumber);
    state.tagsOf(given.ResourceArn);
    state.putAssociation({
      ...given,
      ExtensionArn: extension.Arn,
      ExtensionVersionNumber: extension.VersionNumber,
      Arn: given.Arn ?? arnOf({ kind: 'extensionassociation', associationId: given.Id }),
    });
    return { kind: 'extensionassociation', associationId: given.Id };
  });
  each('Deployments', 'Deployment', ['ApplicationId', 'EnvironmentId'], (entry) => {
    if (entry['State'] === undefined) addSimulated(state, validation, entry, now);
    else addRecorded(state, entry);
    return undefined;
  });

  if (problems.length > 0) throw new SeedError(source, problems);
  return state;
}

function addRecorded(state: EmulatorState, entry: Record<string, unknown>): void {
  const { State, EventLog, PercentageComplete, CompletedAt, ...identity } = entry as DeploymentIdentity & {
    State: DeploymentState;
    EventLog?: Array<{ EventType: DeploymentEventType; TriggeredBy: TriggeredBy; Description?: string; OccurredAt: string; ActionInvocations?: [] }>;
    PercentageComplete?: number;
    CompletedAt?: string;
  };
  if (identity.DeploymentNumber === undefined) throw new Error('DeploymentNumber is required for a recorded deployment (one with State)');
  const existing = state.deploymentsOf(identity.ApplicationId, identity.EnvironmentId);
  const latest = existing.at(-1)?.identity.DeploymentNumber ?? 0;
  if (identity.DeploymentNumber <= latest) throw new Error(`DeploymentNumber ${identity.DeploymentNumber} must be greater than ${latest}, the environment's previous deployment`);
  for (const applied of identity.AppliedExtensions ?? []) {
    if (applied.ExtensionId !== undefined) state.extension(applied.ExtensionId, applied.VersionNumber);
    if (applied.ExtensionAssociationId !== undefined) state.association(applied.ExtensionAssociationId);
  }
  const events = (EventLog ?? []).map(
    (event): ProgressEvent => ({
      at: Date.parse(event.OccurredAt),
      type: event.EventType,
      triggeredBy: event.TriggeredBy,
      description: event.Description ?? '',
      ...(event.ActionInvocations ? { actionInvocations: event.ActionInvocations } : {}),
    }),
  );
  state.addDeployment({
    kind: 'recorded',
    identity,
    progress: {
      state: State,
      percentageComplete: PercentageComplete ?? 100,
      // AppConfig lists events newest first; progress keeps them oldest first.
      events: events.sort((a, b) => a.at - b.at),
      ...(CompletedAt === undefined ? {} : { completedAt: Date.parse(CompletedAt) }),
    },
  });
}

function addSimulated(state: EmulatorState, validation: ContentValidation, entry: Record<string, unknown>, now: number): void {
  const startedMinutesAgo = entry['StartedMinutesAgo'];
  const stoppedMinutesAgo = entry['StoppedMinutesAgo'];
  if (typeof startedMinutesAgo !== 'number' || startedMinutesAgo < 0) throw new Error('a deployment without State needs StartedMinutesAgo (a number ≥ 0) to be simulated');
  if (stoppedMinutesAgo !== undefined && (typeof stoppedMinutesAgo !== 'number' || stoppedMinutesAgo > startedMinutesAgo)) {
    throw new Error('StoppedMinutesAgo must be a number no greater than StartedMinutesAgo');
  }
  const missing = ['DeploymentStrategyId', 'ConfigurationProfileId', 'ConfigurationVersion'].filter((member) => typeof entry[member] !== 'string');
  if (missing.length > 0) throw new Error(`a simulated deployment needs ${missing.join(', ')}`);
  const { StartedMinutesAgo: _started, StoppedMinutesAgo: _stopped, ...request } = entry;
  const record = startDeployment(state, validation, request as unknown as StartDeploymentInput, now - startedMinutesAgo * MINUTE);
  if (typeof stoppedMinutesAgo === 'number') stopDeployment(record, true, now - stoppedMinutesAgo * MINUTE);
}
