import { readFileSync } from 'node:fs';
import type { DeploymentEventType, DeploymentState, TriggeredBy } from '@aws-sdk/client-appconfig';
import { stopDeployment, startDeployment } from './deployments.js';
import { isRecord, type ServiceModel, validateShape } from './model.js';
import type { ProgressEvent } from './simulation.js';
import {
  type ApplicationRecord,
  type DeploymentIdentity,
  EmulatorState,
  type EnvironmentRecord,
  type ProfileRecord,
  type StrategyRecord,
} from './state.js';

/**
 * The seed file: AppConfig resources in AWS's own member names, so the output of `aws appconfig
 * get-…` commands can be pasted in. Deployments with a `State` are recorded and stand as given; those
 * without one are simulated from `StartedMinutesAgo` (and stopped `StoppedMinutesAgo`, if given).
 */
export interface SeedFile {
  readonly Applications?: unknown[];
  readonly Environments?: unknown[];
  readonly DeploymentStrategies?: unknown[];
  readonly ConfigurationProfiles?: unknown[];
  readonly HostedConfigurationVersions?: unknown[];
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

const SECTIONS = ['Applications', 'Environments', 'DeploymentStrategies', 'ConfigurationProfiles', 'HostedConfigurationVersions', 'Deployments'] as const;
const SIMULATION_MEMBERS = ['StartedMinutesAgo', 'StoppedMinutesAgo'];
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
export function seedState(model: ServiceModel, seed: SeedFile, now: number, source = 'seed'): EmulatorState {
  const state = new EmulatorState();
  const problems: string[] = [];

  const each = (section: (typeof SECTIONS)[number], outputShape: string, required: readonly string[], add: (entry: Record<string, unknown>) => void) => {
    const entries = seed[section] ?? [];
    if (!Array.isArray(entries)) return problems.push(`${section}: must be a list`);
    entries.forEach((entry, index) => {
      const where = `${section}[${index}]${isRecord(entry) && typeof entry['Id'] === 'string' ? ` (${entry['Id']})` : ''}`;
      if (!isRecord(entry)) return problems.push(`${where}: must be an object`);
      const missing = required.filter((member) => entry[member] === undefined);
      const modelled = Object.fromEntries(Object.entries(entry).filter(([member]) => !SIMULATION_MEMBERS.includes(member)));
      const invalid = validateShape(model, outputShape, modelled, '');
      if (missing.length > 0 || invalid.length > 0) {
        return problems.push(...missing.map((member) => `${where}: ${member} is required`), ...invalid.map((problem) => `${where}: ${problem}`));
      }
      try {
        add(entry);
      } catch (error) {
        problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  };

  each('Applications', 'Application', ['Id', 'Name'], (entry) => state.addApplication(entry as ApplicationRecord));
  each('Environments', 'Environment', ['ApplicationId', 'Id', 'Name'], (entry) => {
    if (entry['State'] !== undefined) throw new Error('State is not seeded: it follows the environment\'s latest deployment');
    state.application(entry['ApplicationId'] as string);
    state.addEnvironment({ Monitors: [], ...entry } as unknown as EnvironmentRecord);
  });
  each('DeploymentStrategies', 'DeploymentStrategy', ['Id', 'Name', 'DeploymentDurationInMinutes', 'GrowthFactor'], (entry) =>
    state.addStrategy({ GrowthType: 'LINEAR', FinalBakeTimeInMinutes: 0, ReplicateTo: 'NONE', ...entry } as StrategyRecord),
  );
  each('ConfigurationProfiles', 'ConfigurationProfile', ['ApplicationId', 'Id', 'Name', 'LocationUri'], (entry) => {
    state.application(entry['ApplicationId'] as string);
    state.addProfile({ Type: 'AWS.Freeform', Validators: [], ...entry } as unknown as ProfileRecord);
  });
  each('HostedConfigurationVersions', 'HostedConfigurationVersion', ['ApplicationId', 'ConfigurationProfileId', 'Content', 'ContentType'], (entry) => {
    const versions = state.versionsOf(entry['ApplicationId'] as string, entry['ConfigurationProfileId'] as string);
    const number = (entry['VersionNumber'] as number | undefined) ?? (versions.at(-1)?.VersionNumber ?? 0) + 1;
    if (versions.some((version) => version.VersionNumber >= number)) throw new Error(`VersionNumber ${number} must be greater than the profile's earlier versions`);
    state.addHostedVersion({
      ...(entry as Omit<typeof entry, 'Content'>),
      VersionNumber: number,
      ContentType: entry['ContentType'] as string,
      ApplicationId: entry['ApplicationId'] as string,
      ConfigurationProfileId: entry['ConfigurationProfileId'] as string,
      Content: Buffer.from(entry['Content'] as string),
    });
  });
  each('Deployments', 'Deployment', ['ApplicationId', 'EnvironmentId'], (entry) =>
    entry['State'] === undefined ? addSimulated(state, entry, now) : addRecorded(state, entry),
  );

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
    identity: { AppliedExtensions: [], ...identity },
    progress: {
      state: State,
      percentageComplete: PercentageComplete ?? 100,
      // AppConfig lists events newest first; progress keeps them oldest first.
      events: events.sort((a, b) => a.at - b.at),
      ...(CompletedAt === undefined ? {} : { completedAt: Date.parse(CompletedAt) }),
    },
  });
}

function addSimulated(state: EmulatorState, entry: Record<string, unknown>, now: number): void {
  const startedMinutesAgo = entry['StartedMinutesAgo'];
  const stoppedMinutesAgo = entry['StoppedMinutesAgo'];
  if (typeof startedMinutesAgo !== 'number' || startedMinutesAgo < 0) throw new Error('a deployment without State needs StartedMinutesAgo (a number ≥ 0) to be simulated');
  if (stoppedMinutesAgo !== undefined && (typeof stoppedMinutesAgo !== 'number' || stoppedMinutesAgo > startedMinutesAgo)) {
    throw new Error('StoppedMinutesAgo must be a number no greater than StartedMinutesAgo');
  }
  const { StartedMinutesAgo: _started, StoppedMinutesAgo: _stopped, ...request } = entry;
  const record = startDeployment(state, request as unknown as Parameters<typeof startDeployment>[1], now - startedMinutesAgo * MINUTE);
  if (typeof stoppedMinutesAgo === 'number') stopDeployment(record, true, now - stoppedMinutesAgo * MINUTE);
}
